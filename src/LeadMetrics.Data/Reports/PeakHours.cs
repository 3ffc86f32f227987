using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;

namespace LeadMetrics.Data.Reports;

/// <summary>Response time of the leads that arrived in one local hour of the day or on one weekday.</summary>
/// <param name="Label">The hour (<c>00</c> to <c>23</c>) or the ISO weekday (<c>Mon</c> to <c>Sun</c>).</param>
/// <param name="Leads">Leads created in that hour or on that day.</param>
/// <param name="Response">Their response time.</param>
internal sealed record PeakRow(string Label, long Leads, ResponseTimeKpis Response);

/// <summary>
/// Response time by the local hour and weekday in which leads arrived (issue 16, item 6: the brief's peak-hours
/// case): the library's response-time calculator under two cyclic groupings in the report's zone, run in the same pass
/// as every other KPI. Only hours and days with leads have a row.
/// </summary>
internal sealed class PeakHours
{
    private readonly CalculatorSet<ResponseTimeCalculator, ResponseTimeResult> _set;
    private readonly LeadGrouping _byHour;
    private readonly LeadGrouping _byWeekday;

    public PeakHours(KpiOptions options, NodaTime.DateTimeZone zone)
    {
        _byHour = new LeadGrouping(GroupDimension.None, TimeBucket.HourOfDay, zone);
        _byWeekday = new LeadGrouping(GroupDimension.None, TimeBucket.DayOfWeek, zone);
        _set = new CalculatorSet<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator(options.ResponseTime), [_byHour, _byWeekday]);
    }

    /// <summary>The set the report's pass adds every lead to.</summary>
    public CalculatorSet<ResponseTimeCalculator, ResponseTimeResult> Set => _set;

    /// <summary>The rows of the hours and of the weekdays, in order.</summary>
    public (IReadOnlyList<PeakRow> ByHour, IReadOnlyList<PeakRow> ByWeekday) Rows()
    {
        var snapshot = _set.Snapshot();
        List<PeakRow> Of(LeadGrouping grouping) =>
            [.. snapshot.For(grouping).Groups.OrderBy(g => g.Key.Period).Select(g => new PeakRow(g.Key.PeriodLabel, g.Result.Leads, KpiEngine.Map(g.Result)))];
        return (Of(_byHour), Of(_byWeekday));
    }

    /// <summary>Writes <c>response_time_by_hour</c> and <c>response_time_by_weekday</c>.</summary>
    public static void WriteJson(Utf8JsonWriter w, ReportModel report)
    {
        Write(w, "response_time_by_hour", "hour", report.ResponseByHour);
        Write(w, "response_time_by_weekday", "weekday", report.ResponseByWeekday);

        static void Write(Utf8JsonWriter w, string name, string key, IReadOnlyList<PeakRow> rows)
        {
            w.WriteStartArray(name);
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteString(key, row.Label);
                w.WriteNumber("leads", row.Leads);
                w.WriteNumber("answered", row.Response.Count);
                w.WriteNumber("unanswered", row.Response.Unanswered);
                JsonReportWriter.Number(w, "mean", row.Response.Durations.Mean);
                JsonReportWriter.Number(w, "p50", row.Response.Durations.P50);
                JsonReportWriter.Number(w, "p90", row.Response.Durations.P90);
                w.WriteStartObject("within_target_share");
                foreach (var (target, share) in row.Response.WithinTargetShare)
                {
                    JsonReportWriter.Number(w, target.ToString(CultureInfo.InvariantCulture), share);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

    }

    internal static IEnumerable<string> Headers(ReportModel report)
    {
        yield return string.Empty;
        yield return "leads";
        yield return "answered";
        yield return "p50";
        yield return "p90";
        foreach (var target in report.ResponseByHour.Count > 0 ? report.ResponseByHour[0].Response.WithinTargetShare : [])
        {
            yield return "within " + Format.Target(target.TargetSeconds);
        }
    }

    internal static IEnumerable<string> Cells(PeakRow row)
    {
        yield return row.Label;
        yield return Format.Count(row.Leads);
        yield return Format.Count(row.Response.Count);
        yield return Format.Duration(row.Response.Durations.P50);
        yield return Format.Duration(row.Response.Durations.P90);
        foreach (var (_, share) in row.Response.WithinTargetShare)
        {
            yield return Format.Rate(share);
        }
    }
}
