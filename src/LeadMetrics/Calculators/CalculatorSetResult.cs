using System.Collections.Immutable;
using LeadMetrics.Grouping;

namespace LeadMetrics.Calculators;

/// <summary>The results of every grouping of a <see cref="CalculatorSet{TCalculator, TResult}"/>, in the order the groupings were given.</summary>
/// <typeparam name="TResult">The per-group result.</typeparam>
/// <param name="Groupings">One grouped result per grouping.</param>
/// <param name="Empty">The result of a group without leads (zero counts, undefined rates).</param>
public sealed record CalculatorSetResult<TResult>(ImmutableArray<GroupedResult<TResult>> Groupings, TResult Empty)
{
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
}
