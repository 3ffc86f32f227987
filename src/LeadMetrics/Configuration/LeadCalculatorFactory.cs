using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Configuration;

/// <summary>
/// Creates calculators and groupings that share one configuration: the KPI options and the
/// business's time zone. Registered by <c>services.AddLeadMetrics(...)</c>; immutable and thread-safe
/// (the calculators it creates are not: create one per thread and merge). It creates the calculators of every KPI
/// family (lead KPIs, money, lifetime value, attribution, capacity), so it sits above them, with the options it is
/// built from. The set of every lead KPI has one way in,
/// <see cref="LeadKpiSet.Create"/>: <c>LeadKpiSet.Create(factory.Options, factory.Grouping(GroupDimension.Source))</c>.
/// </summary>
public sealed class LeadCalculatorFactory
{
    /// <summary>Creates a factory.</summary>
    /// <param name="options">The KPI options; <see cref="KpiOptions.Default"/> when null.</param>
    /// <param name="zone">The business's time zone for time buckets; UTC when null.</param>
    public LeadCalculatorFactory(KpiOptions? options = null, DateTimeZone? zone = null)
    {
        Options = options ?? KpiOptions.Default;
        Zone = zone ?? DateTimeZone.Utc;
    }

    /// <summary>The KPI options.</summary>
    public KpiOptions Options { get; }

    /// <summary>The business's time zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>A grouping in the business's time zone.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="bucket">The time bucket.</param>
    /// <param name="periodOf">Which instant decides the period.</param>
    /// <returns>The grouping.</returns>
    public LeadGrouping Grouping(GroupDimension dimension = GroupDimension.None, TimeBucket bucket = TimeBucket.None, PeriodInstant periodOf = PeriodInstant.Created) =>
        new(dimension, bucket, Zone, periodOf);

    /// <summary>A combined KPI calculator: the funnel, response time, time to conversion and sales cycle of the configured options in one pass.</summary>
    /// <returns>A new calculator.</returns>
    public LeadKpiCalculator CreateKpis() => new(Options);

    /// <summary>A money calculator (CPL, CAC, ROI, ROAS, ...) in the factory's zone and currency.</summary>
    /// <param name="dimension">Source, campaign or none (costs cannot be grouped by owner or segment).</param>
    /// <param name="bucket">The time bucket of leads' creation and of costs' dates.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public FinanceCalculator CreateFinance(GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null) =>
        new(Grouping(dimension, bucket), options ?? new FinanceOptions(Options.Currency));

    /// <summary>A realized lifetime-value calculator in the factory's zone and currency; a time bucket splits customers by the period they were won in.</summary>
    /// <param name="dimension">The dimension customers are grouped by.</param>
    /// <param name="bucket">The cohort bucket of the win (month for cohorts by month won).</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public LifetimeValueCalculator CreateLifetimeValue(GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null) =>
        new(Grouping(dimension, bucket, PeriodInstant.Closed), options ?? new LifetimeValueOptions(Options.Currency));

    /// <summary>An attribution calculator in the factory's zone and currency.</summary>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The time bucket of the leads' creation.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public AttributionCalculator CreateAttribution(AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null) =>
        new(Grouping(dimension, bucket), attribution, options ?? new FinanceOptions(Options.Currency));

    /// <summary>A lifetime-value calculator by channel under an attribution model, in the factory's zone and currency.</summary>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The cohort bucket of the win.</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public AttributedLifetimeValueCalculator CreateAttributedLifetimeValue(AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null) =>
        new(Grouping(dimension, bucket, PeriodInstant.Closed), attribution, options ?? new LifetimeValueOptions(Options.Currency));

    /// <summary>A capacity calculator whose ISO weeks are in the factory's zone.</summary>
    /// <param name="defaultWeeklyCapacity">Leads per ISO week a rep can handle.</param>
    /// <param name="repCapacities">Per-rep capacities by owner id, or null.</param>
    /// <param name="responseTarget">The response target; 1 hour when null.</param>
    /// <param name="asOf">When the data was observed, or null.</param>
    /// <returns>A new calculator.</returns>
    public CapacityCalculator CreateCapacity(int defaultWeeklyCapacity, IEnumerable<KeyValuePair<int, int>>? repCapacities = null, Duration? responseTarget = null, Instant? asOf = null) =>
        new(new CapacityOptions(defaultWeeklyCapacity, repCapacities, responseTarget, asOf, Zone));
}
