using LeadMetrics.Attribution;
using LeadMetrics.Capacity;
using LeadMetrics.Finance;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// Creates the money, attribution, lifetime-value and capacity calculators from a
/// <see cref="LeadCalculatorFactory"/>, so they share its currency and business time zone.
/// </summary>
public static class MoneyCalculatorFactoryExtensions
{
    /// <summary>A money calculator (CPL, CAC, ROI, ROAS, ...) in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="dimension">Source, campaign or none (costs cannot be grouped by owner or segment).</param>
    /// <param name="bucket">The time bucket of leads' creation and of costs' dates.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public static FinanceCalculator CreateFinance(this LeadCalculatorFactory factory, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new FinanceCalculator(factory.Grouping(dimension, bucket), options ?? new FinanceOptions(factory.Options.Currency));
    }

    /// <summary>A realized lifetime-value calculator in the factory's zone and currency; a time bucket splits customers by the period they were won in.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="dimension">The dimension customers are grouped by.</param>
    /// <param name="bucket">The cohort bucket of the win (month for cohorts by month won).</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public static LifetimeValueCalculator CreateLifetimeValue(this LeadCalculatorFactory factory, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new LifetimeValueCalculator(factory.Grouping(dimension, bucket, PeriodInstant.Closed), options ?? new LifetimeValueOptions(factory.Options.Currency));
    }

    /// <summary>An attribution calculator in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The time bucket of the leads' creation.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public static AttributionCalculator CreateAttribution(this LeadCalculatorFactory factory, AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new AttributionCalculator(factory.Grouping(dimension, bucket), attribution, options ?? new FinanceOptions(factory.Options.Currency));
    }

    /// <summary>A lifetime-value calculator by channel under an attribution model, in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The cohort bucket of the win.</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public static AttributedLifetimeValueCalculator CreateAttributedLifetimeValue(this LeadCalculatorFactory factory, AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new AttributedLifetimeValueCalculator(factory.Grouping(dimension, bucket, PeriodInstant.Closed), attribution, options ?? new LifetimeValueOptions(factory.Options.Currency));
    }

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
