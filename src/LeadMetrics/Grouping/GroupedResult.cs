using System.Collections.Immutable;

namespace LeadMetrics.Grouping;

/// <summary>The results of every group of a grouping, ordered by dimension id then period.</summary>
/// <typeparam name="TResult">The KPI result type.</typeparam>
public sealed class GroupedResult<TResult>
{
    internal GroupedResult(LeadGrouping grouping, ImmutableArray<GroupResult<TResult>> groups)
    {
        Grouping = grouping;
        Groups = groups;
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The groups, ordered by dimension id then period. Groups without leads are absent.</summary>
    public ImmutableArray<GroupResult<TResult>> Groups { get; }

    /// <summary>Finds a group's result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="result">The result, when the group exists.</param>
    /// <returns>True when the group has leads.</returns>
    public bool TryGet(GroupKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TResult result) =>
        GroupLookup.TryGet(Groups, key, out result);
}
