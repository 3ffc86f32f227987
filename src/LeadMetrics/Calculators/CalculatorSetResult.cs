using System.Collections.Immutable;

namespace LeadMetrics.Calculators;

/// <summary>The results of every grouping of a <see cref="CalculatorSet{TCalculator, TResult}"/>, in the order the groupings were given.</summary>
/// <typeparam name="TResult">The per-group result.</typeparam>
/// <param name="Groupings">One grouped result per grouping.</param>
public sealed record CalculatorSetResult<TResult>(ImmutableArray<GroupedResult<TResult>> Groupings)
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

    /// <summary>The single group of a grouping without dimension or time bucket (the totals), or default when there were no leads.</summary>
    /// <param name="grouping">The grouping, <see cref="LeadGrouping.Total"/> when null.</param>
    /// <returns>The total result, or default.</returns>
    public TResult? Total(LeadGrouping? grouping = null)
    {
        var groups = For(grouping ?? LeadGrouping.Total).Groups;
        return groups.IsEmpty ? default : groups[0].Result;
    }
}
