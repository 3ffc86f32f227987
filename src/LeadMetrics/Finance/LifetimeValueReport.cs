using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LeadMetrics.Grouping;

namespace LeadMetrics.Finance;

/// <summary>
/// Realized lifetime value of every group of customers, their total, and the revenue that was not a customer's.
/// From <see cref="LifetimeValueCalculator"/>, and from <see cref="Attribution.AttributedLifetimeValueCalculator"/>
/// with the customers and revenue credited to channels (or campaigns, or reps) under its
/// <see cref="Attribution.AttributedLifetimeValueCalculator.Attribution"/> model.
/// </summary>
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

    /// <summary>The grouping (for cohorts by month won: a month bucket of <see cref="PeriodInstant.Closed"/>; under attribution the dimension picks what a touchpoint is credited to).</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>The groups of customers (under attribution: the groups with credited customers), ordered by dimension id then period.</summary>
    public ImmutableArray<GroupResult<LifetimeValueResult>> Groups { get; }

    /// <summary>Every customer together (under attribution every customer whole: the same totals as without it).</summary>
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

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(LifetimeValueReport? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Grouping.Equals(other.Grouping) &&
             Options.Equals(other.Options) &&
             ValueEquality.Sequence(Groups, other.Groups) &&
             NonCustomerRevenue == other.NonCustomerRevenue &&
             UnmatchedRevenue == other.UnmatchedRevenue &&
             UnmatchedRevenueCount == other.UnmatchedRevenueCount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LifetimeValueReport);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Grouping);
        hash.Add(Options);
        ValueEquality.Add(ref hash, Groups);
        hash.Add(NonCustomerRevenue);
        hash.Add(UnmatchedRevenue);
        hash.Add(UnmatchedRevenueCount);
        return hash.ToHashCode();
    }

    /// <summary>The grouping, the total and the revenue outside it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Grouping}: {Groups.Length} groups; total {Total}; non-customer revenue {NonCustomerRevenue}; unmatched revenue {UnmatchedRevenue} ({UnmatchedRevenueCount} events)");
}
