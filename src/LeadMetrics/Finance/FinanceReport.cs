using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LeadMetrics.Grouping;

namespace LeadMetrics.Finance;

/// <summary>
/// The money KPIs of every group of a grouping, their total, and the revenue that could not be
/// joined to a lead. Produced by <see cref="FinanceCalculator"/> (leads credited to their own source
/// or campaign) and by <see cref="Attribution.AttributionCalculator"/> (leads credited to touchpoints by a model).
/// </summary>
public sealed class FinanceReport
{
    internal FinanceReport(
        LeadGrouping grouping,
        FinanceOptions options,
        ImmutableArray<GroupResult<FinanceResult>> groups,
        Money unmatchedRevenue,
        int unmatchedRevenueCount)
    {
        Grouping = grouping;
        Options = options;
        Groups = groups;
        Total = FinanceResult.Sum(options, groups.Select(g => g.Result));
        UnmatchedRevenue = unmatchedRevenue;
        UnmatchedRevenueCount = unmatchedRevenueCount;
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The money options.</summary>
    public FinanceOptions Options { get; }

    /// <summary>
    /// The groups, ordered by dimension id then period. A group exists when a lead, a cost or a credit
    /// fell in it; a group with cost but no leads has a null cost per lead.
    /// </summary>
    public ImmutableArray<GroupResult<FinanceResult>> Groups { get; }

    /// <summary>Every group together: the sums added up, the ratios recomputed from the sums (not averaged).</summary>
    public FinanceResult Total { get; }

    /// <summary>Realized revenue of leads that were never added: it is in no group and not in <see cref="Total"/>.</summary>
    public Money UnmatchedRevenue { get; }

    /// <summary>The number of revenue events in <see cref="UnmatchedRevenue"/>.</summary>
    public int UnmatchedRevenueCount { get; }

    /// <summary>Finds a group's result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="result">The result, when the group exists.</param>
    /// <returns>True when the group exists.</returns>
    public bool TryGet(GroupKey key, [MaybeNullWhen(false)] out FinanceResult result) =>
        GroupLookup.TryGet(Groups, key, out result);

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(FinanceReport? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Grouping.Equals(other.Grouping) &&
             Options.Equals(other.Options) &&
             ValueEquality.Sequence(Groups, other.Groups) &&
             UnmatchedRevenue == other.UnmatchedRevenue &&
             UnmatchedRevenueCount == other.UnmatchedRevenueCount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FinanceReport);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Grouping);
        hash.Add(Options);
        ValueEquality.Add(ref hash, Groups);
        hash.Add(UnmatchedRevenue);
        hash.Add(UnmatchedRevenueCount);
        return hash.ToHashCode();
    }

    /// <summary>The grouping, the total and the unmatched revenue.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Grouping}: {Groups.Length} groups; total {Total}; unmatched revenue {UnmatchedRevenue} ({UnmatchedRevenueCount} events)");
}
