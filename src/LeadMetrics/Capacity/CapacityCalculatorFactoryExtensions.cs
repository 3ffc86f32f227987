using LeadMetrics.Calculators;
using NodaTime;

namespace LeadMetrics.Capacity;

/// <summary>
/// Creates the capacity calculator from a <see cref="LeadCalculatorFactory"/>, so it shares its business time zone.
/// </summary>
public static class CapacityCalculatorFactoryExtensions
{
    /// <summary>A capacity calculator whose ISO weeks are in the factory's zone.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="defaultWeeklyCapacity">Leads per ISO week a rep can handle.</param>
    /// <param name="repCapacities">Per-rep capacities by owner id, or null.</param>
    /// <param name="responseTarget">The response target; 1 hour when null.</param>
    /// <param name="asOf">When the data was observed, or null.</param>
    /// <returns>A new calculator.</returns>
    public static CapacityCalculator CreateCapacity(this LeadCalculatorFactory factory, int defaultWeeklyCapacity, IEnumerable<KeyValuePair<int, int>>? repCapacities = null, Duration? responseTarget = null, Instant? asOf = null)
    {
        Preconditions.CheckNotNull(factory);
        return new CapacityCalculator(new CapacityOptions(defaultWeeklyCapacity, repCapacities, responseTarget, asOf, factory.Zone));
    }
}
