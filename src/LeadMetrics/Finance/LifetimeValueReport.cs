using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using LeadMetrics.Grouping;

namespace LeadMetrics.Finance;

/// <summary>Realized lifetime value of every group of customers, their total, and the revenue that was not a customer's.</summary>
public sealed class LifetimeValueReport
{
    internal LifetimeValueReport(
        LeadGrouping grouping,
        LifetimeValueOptions options,
        ImmutableArray<GroupResult<LifetimeValueResult>> groups,
        Money nonCustomerRevenue,
        Money unmatchedRevenue,
        int unmatchedRevenueCount)
    {
        Grouping = grouping;
        Options = options;
        Groups = groups;
        Total = LifetimeValueResult.Sum(options, groups.Select(g => g.Result));
        NonCustomerRevenue = nonCustomerRevenue;
        UnmatchedRevenue = unmatchedRevenue;
        UnmatchedRevenueCount = unmatchedRevenueCount;
    }

    /// <summary>The grouping (for cohorts by month won: a month bucket of <see cref="PeriodInstant.Closed"/>).</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>The groups of customers, ordered by dimension id then period.</summary>
    public ImmutableArray<GroupResult<LifetimeValueResult>> Groups { get; }

    /// <summary>Every customer together.</summary>
    public LifetimeValueResult Total { get; }

    /// <summary>Revenue of leads that were added but not won: not part of any lifetime value.</summary>
    public Money NonCustomerRevenue { get; }

    /// <summary>Revenue of leads that were never added.</summary>
    public Money UnmatchedRevenue { get; }

    /// <summary>The number of revenue events in <see cref="UnmatchedRevenue"/>.</summary>
    public int UnmatchedRevenueCount { get; }

    /// <summary>Finds a group's result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="result">The result, when the group exists.</param>
    /// <returns>True when the group has customers.</returns>
    public bool TryGet(GroupKey key, [MaybeNullWhen(false)] out LifetimeValueResult result) =>
        GroupLookup.TryGet(Groups, key, out result);
}
