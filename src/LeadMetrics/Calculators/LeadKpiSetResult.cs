using System.Collections.Immutable;

namespace LeadMetrics.Calculators;

/// <summary>The KPIs of every grouping of a <see cref="LeadKpiSet"/>, in the order the groupings were given.</summary>
/// <param name="Groupings">One grouped result per grouping.</param>
public sealed record LeadKpiSetResult(ImmutableArray<GroupedResult<LeadKpis>> Groupings)
{
    /// <summary>The result of a grouping.</summary>
    /// <param name="grouping">A grouping the set was created with.</param>
    /// <returns>Its grouped result.</returns>
    /// <exception cref="ArgumentException">The set has no such grouping.</exception>
    public GroupedResult<LeadKpis> For(LeadGrouping grouping)
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
}
