using System.Collections.Immutable;

namespace LeadMetrics.Grouping;

/// <summary>
/// The results of every group of a grouping, ordered by dimension id then period. Immutable, with value equality
/// (group by group) when <typeparamref name="TResult"/> has it.
/// </summary>
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

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(GroupedResult<TResult>? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Grouping.Equals(other.Grouping) &&
             ValueEquality.Sequence(Groups, other.Groups)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GroupedResult<TResult>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Grouping);
        ValueEquality.Add(ref hash, Groups);
        return hash.ToHashCode();
    }

    /// <summary>The grouping and its number of groups.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Grouping}: {Groups.Length} groups");
}
