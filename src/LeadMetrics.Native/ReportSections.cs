using System.Text.Json;
using LeadMetrics.Calculators;
using LeadMetrics.Data.Reports;
using LeadMetrics.Grouping;
using LeadMetrics.Records;

namespace LeadMetrics.Native;

/// <summary>
/// The command's report sections a set computes on request (revision 4, options <c>peak_hours</c> and
/// <c>comparisons</c>), by the report's own code in LeadMetrics.Data.Reports (no copy of its math here): the
/// <see cref="PeakHours"/> calculator set (response time by local hour and weekday of arrival) and the
/// <see cref="DurationSamples"/> sketches per group and trend period that <see cref="ComparisonEngine"/> reads for the
/// Mann-Whitney comparisons. Fed batch by batch with the set's other calculators; merged with them.
/// </summary>
internal sealed class ReportSections
{
    private readonly NativeOptions _options;
    private readonly List<LeadGrouping> _groupings;

    public ReportSections(NativeOptions options, List<LeadGrouping> groupings)
    {
        _options = options;
        _groupings = groupings;
        Peak = options.PeakHours ? new PeakHours(options.Kpi, options.Zone) : null;

        // The comparisons read the groups' and the trend periods' sketches (every grouping but the total), as the command's pass.
        Durations = options.Comparisons ? DurationSamples.For(groupings.Skip(1)) : null;
    }

    /// <summary>Response time by local hour and weekday of arrival, or null without <c>peak_hours</c>.</summary>
    public PeakHours? Peak { get; }

    /// <summary>Duration sketches per grouping (the total excepted), or null without <c>comparisons</c>.</summary>
    public Dictionary<LeadGrouping, GroupedCalculator<DurationSamples, DurationSamples>>? Durations { get; }

    public ReportSections CreateEmpty() => new(_options, _groupings);

    public void Merge(ReportSections other)
    {
        Peak?.Set.Merge(other.Peak!.Set);
        foreach (var (grouping, samples) in Durations ?? [])
        {
            samples.Merge(other.Durations![grouping]);
        }
    }

    public void AddBatch(LeadColumns batch)
    {
        Peak?.Set.AddRange(batch);
        if (Durations is not null)
        {
            foreach (var samples in Durations.Values)
            {
                samples.AddRange(batch);
            }
        }
    }

    /// <summary>
    /// Writes <c>response_time_by_hour</c> and <c>response_time_by_weekday</c> (null without <c>peak_hours</c>)
    /// and <c>comparisons</c> (null without the option) with the report's writers, over a report model that holds only
    /// what they read: the groups' and trend periods' counts, maturity and duration sketches.
    /// </summary>
    /// <param name="w">The snapshot's writer.</param>
    /// <param name="groups">The groups as the snapshot lists them: key, KPIs, and their grouping (null for groups by period alone).</param>
    /// <param name="trend">The trend periods in order: key, KPIs, maturity.</param>
    /// <param name="trendGrouping">The trend's grouping, or null.</param>
    public void Write(
        Utf8JsonWriter w,
        IReadOnlyList<(IReadOnlyList<(string Name, string Value)> Key, LeadKpis Kpis, LeadGrouping? Grouping, GroupKey GroupKey)> groups,
        IReadOnlyList<(string Period, LeadKpis Kpis, MaturityKpis? Maturity, GroupKey GroupKey)> trend,
        LeadGrouping? trendGrouping)
    {
        var (byHour, byWeekday) = Peak?.Rows() ?? ([], []);
        var snapshots = Durations?.ToDictionary(d => d.Key, d => d.Value.Snapshot());
        DurationSamples? SamplesOf(LeadGrouping? grouping, GroupKey key) =>
            grouping is { } g && snapshots is not null && snapshots.TryGetValue(g, out var s) && s.TryGet(key, out var samples) ? samples : null;

        var model = new ReportModel
        {
            Currency = _options.Currency.Code,
            Zone = _options.Zone.Id,
            GroupBy = [.. _options.By.Select(b => b.Name)],
            Period = _options.Period == TimeBucket.None ? null : NativeOptions.PeriodName(_options.Period),
            Total = new ReportKpis(),
            Groups = [.. groups.Select(g => new GroupReport(g.Key, Scope(g.Kpis, null, SamplesOf(g.Grouping, g.GroupKey))))],
            TrendPeriod = NativeOptions.PeriodName(_options.TrendBucket),
            Trend = [.. trend.Select(t => new GroupReport([("period", t.Period)], Scope(t.Kpis, t.Maturity, SamplesOf(trendGrouping, t.GroupKey))))],
            DataQuality = new LeadMetrics.Data.DataQuality(LeadMetrics.Data.BadRowPolicy.Fail),
            Inputs = [],
            Generator = "LeadMetrics.Native",
            ResponseByHour = byHour,
            ResponseByWeekday = byWeekday,
        };

        if (Peak is null)
        {
            w.WriteNull("response_time_by_hour");
            w.WriteNull("response_time_by_weekday");
        }
        else
        {
            PeakHours.WriteJson(w, model);
        }

        if (_options.Comparisons)
        {
            ComparisonJson.Write(w, model);
        }
        else
        {
            w.WriteNull("comparisons");
        }
    }

    private static ReportKpis Scope(LeadKpis k, MaturityKpis? maturity, DurationSamples? durations) => new()
    {
        Leads = k.Funnel.Leads,
        Won = k.Funnel.Won,
        Lost = k.Funnel.Lost,
        Open = k.Funnel.Open,
        Maturity = maturity,
        Durations = durations,
    };
}
