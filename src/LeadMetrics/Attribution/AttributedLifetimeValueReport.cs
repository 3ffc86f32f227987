using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;

namespace LeadMetrics.Attribution;

/// <summary>Realized lifetime value of every channel (or campaign, or rep) under an attribution model, their total, and the revenue that was not a customer's.</summary>
public sealed class AttributedLifetimeValueReport : IEquatable<AttributedLifetimeValueReport>
{
    internal AttributedLifetimeValueReport(
        LeadGrouping grouping,
        AttributionOptions attribution,
        LifetimeValueOptions options,
        ImmutableArray<GroupResult<AttributedLifetimeValueResult>> groups,
        Money nonCustomerRevenue,
        Money unmatchedRevenue,
        int unmatchedRevenueCount)
    {
        Grouping = grouping;
        Attribution = attribution;
        Options = options;
        Groups = groups;
        Total = AttributedLifetimeValueResult.Sum(options, groups.Select(g => g.Result));
        NonCustomerRevenue = nonCustomerRevenue;
        UnmatchedRevenue = unmatchedRevenue;
        UnmatchedRevenueCount = unmatchedRevenueCount;
    }

    /// <summary>The grouping (the dimension picks what a touchpoint is credited to).</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The attribution model and its parameters.</summary>
    public AttributionOptions Attribution { get; }

    /// <summary>The lifetime-value options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>The groups with credited customers, ordered by dimension id then period.</summary>
    public ImmutableArray<GroupResult<AttributedLifetimeValueResult>> Groups { get; }

    /// <summary>Every group together: every customer whole, the same totals as the unattributed <see cref="LifetimeValueReport.Total"/>.</summary>
    public AttributedLifetimeValueResult Total { get; }

    /// <summary>Revenue of leads that were added but not won: not part of any lifetime value.</summary>
    public Money NonCustomerRevenue { get; }

    /// <summary>Revenue of leads that were never added.</summary>
    public Money UnmatchedRevenue { get; }

    /// <summary>The number of revenue events in <see cref="UnmatchedRevenue"/>.</summary>
    public int UnmatchedRevenueCount { get; }

    /// <summary>Finds a group's result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="result">The result, when the group exists.</param>
    /// <returns>True when the group has credited customers.</returns>
    public bool TryGet(GroupKey key, [MaybeNullWhen(false)] out AttributedLifetimeValueResult result) =>
        GroupLookup.TryGet(Groups, key, out result);

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(AttributedLifetimeValueReport? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Grouping.Equals(other.Grouping) &&
             Attribution.Equals(other.Attribution) &&
             Options.Equals(other.Options) &&
             ValueEquality.Sequence(Groups, other.Groups) &&
             NonCustomerRevenue == other.NonCustomerRevenue &&
             UnmatchedRevenue == other.UnmatchedRevenue &&
             UnmatchedRevenueCount == other.UnmatchedRevenueCount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AttributedLifetimeValueReport);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Grouping);
        hash.Add(Attribution);
        hash.Add(Options);
        ValueEquality.Add(ref hash, Groups);
        hash.Add(NonCustomerRevenue);
        hash.Add(UnmatchedRevenue);
        hash.Add(UnmatchedRevenueCount);
        return hash.ToHashCode();
    }

    /// <summary>The grouping, the model, the total and the revenue outside it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Grouping} ({Attribution}): {Groups.Length} groups; total {Total}; non-customer revenue {NonCustomerRevenue}; unmatched revenue {UnmatchedRevenue} ({UnmatchedRevenueCount} events)");
}
