using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Runs the library's combined KPI set (<see cref="LeadKpiSet"/>) over the lead records, for several groupings in
/// one pass, and maps its snapshots to <see cref="ReportKpis"/>s. The CLI does no KPI math of its own: it only
/// converts units (durations to seconds, Money to decimal).
/// </summary>
internal sealed class KpiEngine
{
    private readonly KpiOptions _options;

    public KpiEngine(Pipeline pipeline, Currency currency, IReadOnlyList<long> responseTargets, Stage? salesCycleStart = null)
    {
        _options = new KpiOptions(
            pipeline,
            currency,
            new ResponseTimeOptions([.. responseTargets.Select(Duration.FromSeconds)], DistributionOptions.ResponseTime),
            salesCycleStart: salesCycleStart);
    }

    /// <summary>The KPI options every calculator of the report is created with.</summary>
    public KpiOptions Options => _options;

    /// <summary>The KPIs of a scope with no lead (a source with cost only).</summary>
    public ReportKpis Empty() => Map(new LeadKpiCalculator(_options).Snapshot());

    /// <summary>Computes every grouping over the records in one pass.</summary>
    public Dictionary<LeadGrouping, List<(GroupKey Key, ReportKpis Kpis)>> Compute(IReadOnlyList<LeadGrouping> groupings, LeadRecord[] records)
    {
        var set = CreateSet(groupings);
        set.AddRange(records);
        return Map(set, groupings);
    }

    /// <summary>The empty KPI set of the groupings, for a pass over the leads.</summary>
    public CalculatorSet<LeadKpiCalculator, LeadKpis> CreateSet(IReadOnlyList<LeadGrouping> groupings) => LeadKpiSet.Create(_options, groupings);

    /// <summary>The KPIs of every grouping of a set, by grouping (each grouping's groups in the set's order).</summary>
    public static Dictionary<LeadGrouping, List<(GroupKey Key, ReportKpis Kpis)>> Map(CalculatorSet<LeadKpiCalculator, LeadKpis> set, IReadOnlyList<LeadGrouping> groupings)
    {
        var snapshot = set.Snapshot();
        var result = new Dictionary<LeadGrouping, List<(GroupKey Key, ReportKpis Kpis)>>(groupings.Count);
        foreach (var grouping in groupings)
        {
            result.Add(grouping, [.. snapshot.For(grouping).Groups.Select(g => (g.Key, Map(g.Result)))]);
        }

        return result;
    }

    internal static ReportKpis Map(LeadKpis k)
    {
        var funnel = k.Funnel;
        var response = k.ResponseTime;
        return new ReportKpis
        {
            Lead = k,
            Leads = funnel.Leads,
            Won = funnel.Won,
            Lost = funnel.Lost,
            Open = funnel.Open,
            ConversionRate = (double?)funnel.ConversionRate,
            WinRate = (double?)funnel.WinRate,
            Funnel = [.. funnel.Stages.Select(s => new FunnelStep(s.Stage.Name, s.Reached, (double?)s.ConversionFromPrevious, s.LostHere, s.OpenHere))],
            ResponseTime = Map(response),
            TimeToConversion = Stats(k.TimeToConversion.Distribution),
            StageTimes = [.. k.TimeToConversion.StageVelocity.Select(v => new StageTime(v.Stage.Name, Stats(v.Distribution)))],
            SalesCycle = new SalesCycleKpis(Stats(k.SalesCycle.Won), Stats(k.SalesCycle.Lost)) { ClosedWithoutStart = k.SalesCycle.ClosedWithoutStart },
            WonValue = k.WonValue.Amount,
            AverageDealValue = k.AverageDealValue?.Amount,
            WithinTargetCounts = [.. response.WithinTarget.Select(t => ((long)t.Target.TotalSeconds, t.Count, response.Answered + response.Unanswered))],
        };
    }

    /// <summary>The report's response-time KPIs of a library result.</summary>
    internal static ResponseTimeKpis Map(ResponseTimeResult response) => new(
        response.Answered,
        response.Unanswered,
        Stats(response.Distribution),
        [.. response.WithinTarget.Select(t => ((long)t.Target.TotalSeconds, (double?)t.Share))]);

    private static DurationStats Stats(LeadMetrics.Statistics.DurationDistribution d) => new(d.Count, Seconds(d.Mean), Seconds(d.P50), Seconds(d.P90))
    {
        Histogram = [.. d.Histogram.Select(b => (BinLabel(b.From, b.To), b.Count, (double?)b.Share))],
    };

    private static double? Seconds(Duration? d) => d?.TotalSeconds;

    private static string BinLabel(Duration from, Duration? to) =>
        to is { } t ? $"{Short(from)}–{Short(t)}" : $"≥{Short(from)}";

    private static string Short(Duration d) => Format.Target((long)d.TotalSeconds);
}
