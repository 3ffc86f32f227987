using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace LeadMetrics.Grouping;

/// <summary>Finding a group's result by key, shared by every grouped result and report.</summary>
internal static class GroupLookup
{
    /// <summary>The result of the group with <paramref name="key"/>, when there is one.</summary>
    internal static bool TryGet<TResult>(ImmutableArray<GroupResult<TResult>> groups, GroupKey key, [MaybeNullWhen(false)] out TResult result)
    {
        foreach (var group in groups)
        {
            if (group.Key == key)
            {
                result = group.Result;
                return true;
            }
        }

        result = default;
        return false;
    }
}
