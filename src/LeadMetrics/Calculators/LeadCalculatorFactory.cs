using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// Creates calculators and groupings that share one configuration: the KPI options and the
/// business's time zone. Registered by <c>services.AddLeadMetrics(...)</c>; immutable and thread-safe
/// (the calculators it creates are not: create one per thread and merge). The set of every lead KPI has one way in,
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

    /// <summary>A funnel calculator of the configured pipeline.</summary>
    /// <returns>A new calculator.</returns>
    public FunnelCalculator CreateFunnel() => new(Options.Pipeline);

    /// <summary>A response-time calculator with the configured options.</summary>
    /// <returns>A new calculator.</returns>
    public ResponseTimeCalculator CreateResponseTime() => new(Options.ResponseTime);

    /// <summary>A time-to-conversion calculator with the configured options.</summary>
    /// <returns>A new calculator.</returns>
    public TimeToConversionCalculator CreateTimeToConversion() => new(Options.Pipeline, Options.Distribution);

    /// <summary>A sales-cycle calculator with the configured options.</summary>
    /// <returns>A new calculator.</returns>
    public SalesCycleCalculator CreateSalesCycle() => new(Options.Pipeline, Options.SalesCycleStart, Options.Distribution);

    /// <summary>A combined KPI calculator.</summary>
    /// <returns>A new calculator.</returns>
    public LeadKpiCalculator CreateKpis() => new(Options);
}
