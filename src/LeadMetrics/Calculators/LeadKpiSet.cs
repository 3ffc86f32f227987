using LeadMetrics.Grouping;

namespace LeadMetrics.Calculators;

/// <summary>
/// Every lead KPI (<see cref="LeadKpiCalculator"/>) under several groupings in one pass: a
/// <see cref="CalculatorSet{TCalculator, TResult}"/> of the combined calculator.
/// </summary>
public static class LeadKpiSet
{
    /// <summary>Creates the set.</summary>
    /// <param name="options">The KPI options; <see cref="KpiOptions.Default"/> when null.</param>
    /// <param name="groupings">The groupings; at least one. Pass <see cref="LeadGrouping.Total"/> for the totals.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">No grouping, or the same grouping twice.</exception>
    public static CalculatorSet<LeadKpiCalculator, LeadKpis> Create(KpiOptions? options, params IReadOnlyList<LeadGrouping> groupings) =>
        new(new LeadKpiCalculator(options), groupings);
}
