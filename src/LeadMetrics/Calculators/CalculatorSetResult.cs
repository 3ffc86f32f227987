using System.Collections.Immutable;
using LeadMetrics.Grouping;

namespace LeadMetrics.Calculators;

/// <summary>The results of every grouping of a <see cref="CalculatorSet{TCalculator, TResult}"/>, in the order the groupings were given.</summary>
/// <remarks>Immutable, with value equality when <typeparamref name="TResult"/> has it.</remarks>
/// <typeparam name="TResult">The per-group result.</typeparam>
public sealed class CalculatorSetResult<TResult>
{
    internal CalculatorSetResult(ImmutableArray<GroupedResult<TResult>> groupings, TResult empty)
    {
        Groupings = groupings;
        Empty = empty;
    }

    /// <summary>One grouped result per grouping.</summary>
    public ImmutableArray<GroupedResult<TResult>> Groupings { get; }

    /// <summary>The result of a group without leads (zero counts, undefined rates).</summary>
    public TResult Empty { get; }

    /// <summary>The result of a grouping.</summary>
    /// <param name="grouping">A grouping the set was created with.</param>
    /// <returns>Its grouped result.</returns>
    /// <exception cref="ArgumentException">The set has no such grouping.</exception>
    public GroupedResult<TResult> For(LeadGrouping grouping)
    {
        foreach (var g in Groupings)
        {
            if (g.Grouping.Equals(grouping))
            {
                return g;
            }
        }

        throw new ArgumentException($"grouping '{grouping}' is not one of this result's groupings.", nameof(grouping));
    }

    /// <summary>The single group of a grouping without dimension or time bucket (the totals); <see cref="Empty"/> when there were no leads.</summary>
    /// <param name="grouping">The grouping, <see cref="LeadGrouping.Total"/> when null; it must have no dimension and no time bucket.</param>
    /// <returns>The total result.</returns>
    /// <exception cref="ArgumentException">The grouping splits by a dimension or a time bucket, or is not one of this result's groupings.</exception>
    public TResult Total(LeadGrouping? grouping = null)
    {
        grouping ??= LeadGrouping.Total;
        if (grouping.Dimension != GroupDimension.None || grouping.Bucket != TimeBucket.None)
        {
            throw new ArgumentException($"grouping '{grouping}' has several groups; Total needs a grouping without dimension and time bucket.", nameof(grouping));
        }

        var groups = For(grouping).Groups;
        return groups.IsEmpty ? Empty : groups[0].Result;
    }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(CalculatorSetResult<TResult>? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (ValueEquality.Sequence(Groupings, other.Groupings) &&
             EqualityComparer<TResult>.Default.Equals(Empty, other.Empty)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CalculatorSetResult<TResult>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        ValueEquality.Add(ref hash, Groupings);
        hash.Add(Empty);
        return hash.ToHashCode();
    }

    /// <summary>The groupings and their group counts.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Join("; ", Groupings.Select(g => $"{g.Grouping}: {g.Groups.Length} groups"));
}
