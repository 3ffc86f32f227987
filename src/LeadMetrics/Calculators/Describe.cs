using System.Globalization;
using LeadMetrics.Grouping;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Canonical, culture-invariant descriptions of configurations, compared when serialized state is merged.</summary>
internal static class Describe
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // Names are length-prefixed so that no two pipelines describe alike.
    internal static string Of(Pipeline pipeline) =>
        "pipeline(" + string.Join(",", pipeline.Stages.Select(s => $"{s.Name.Length.ToString(C)}:{s.Name}:{s.Kind}")) + ")";

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
