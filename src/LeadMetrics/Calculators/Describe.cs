using System.Globalization;
using LeadMetrics.Grouping;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Canonical, culture-invariant descriptions of configurations, compared when serialized state is merged.</summary>
internal static class Describe
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // Pipelines are immutable: each is described once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Pipeline, string> Pipelines = [];

    // Names are length-prefixed so that no two pipelines describe alike.
    internal static string Of(Pipeline pipeline) => Pipelines.GetValue(pipeline, static p =>
        "pipeline(" + string.Join(",", p.Stages.Select(s => $"{s.Name.Length.ToString(C)}:{s.Name}:{s.Kind}")) + ")");

    /// <summary>Whether two pipelines are equal by value: the same stages, names and kinds in the same order.</summary>
    internal static bool Same(Pipeline a, Pipeline b) => ReferenceEquals(a, b) || Of(a) == Of(b);

    /// <summary>Whether two stages (each of its own pipeline, or null) are equal by value: the same index in equal pipelines.</summary>
    internal static bool Same(Stage? a, Stage? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Index == b.Index && Same(a.Pipeline, b.Pipeline));

    /// <summary>The lead KPI options: currency, pipeline, response time, distributions and the sales-cycle start.</summary>
    internal static string Of(KpiOptions options) =>
        $"currency={options.Currency.Code};{Of(options.Pipeline)};{Of(options.ResponseTime)};{Of(options.Distribution)};start={(options.SalesCycleStart?.Index ?? -1).ToString(C)}";

    internal static string Of(DistributionOptions options) =>
        $"distribution(alpha={options.RelativeAccuracy.ToString("R", C)};q={string.Join(",", options.Quantiles.Select(q => q.ToString("R", C)))};edges={string.Join(",", options.HistogramEdges.Select(e => e.BclCompatibleTicks.ToString(C)))})";

    internal static string Of(WorkingCalendar? calendar) => calendar is null
        ? "elapsed"
        : $"calendar({calendar.Zone.Id};{string.Join(",", calendar.Hours.Select(h => $"{h.Day}:{h.Start.ToString("HH:mm:ss.fffffff", C)}-{h.End.ToString("HH:mm:ss.fffffff", C)}"))};holidays={string.Join(",", calendar.Holidays.Select(d => d.ToString("uuuu-MM-dd", C)))})";

    internal static string Of(ResponseTimeOptions options) =>
        $"response(targets={string.Join(",", options.Targets.Select(t => t.BclCompatibleTicks.ToString(C)))};{Of(options.Distribution)};{Of(options.BusinessHours)})";

    internal static string Of(LeadGrouping grouping) =>
        $"grouping({grouping.Dimension};{grouping.Bucket};{grouping.Zone.Id};{grouping.PeriodOf})";
}
