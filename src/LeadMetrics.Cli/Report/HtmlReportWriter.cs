using System.Net;
using System.Text;
using LeadMetrics.Data;
using LeadMetrics.Scoring;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// Writes the report as one self-contained HTML page: inline CSS, inline SVG charts (<see cref="Charts"/>), no script
/// and no external resource, so it opens offline. Sections (by id): summary, funnel, response-time,
/// time-to-conversion, sources, trend, score, groups, reps, targets, data-quality. The main column is at most 1,100 px
/// wide and nothing in it is wider at a window of 1,100 px or more: numbers never wrap, the groups table is split
/// into counts and money (the currency in the header), charts scale down, and a table too wide for a narrow window
/// scrolls inside its own box instead of the page.
/// </summary>
internal static class HtmlReportWriter
{
    public static readonly string[] SectionIds = ["summary", "funnel", "response-time", "time-to-conversion", "sources", "trend", "score", "groups", "targets", "data-quality"];

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1a202c;background:#fff}
        h1{font-size:1.6rem;margin:0 0 4px} h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
        .meta{color:#4a5568;font-size:.9rem} .note{color:#718096;font-style:italic}
        table{border-collapse:collapse;margin:8px 0;font-size:.9rem;display:block;max-width:100%;overflow-x:auto}
        th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:right} td{white-space:nowrap}
        th:first-child,td:first-child,.l{text-align:left} td:first-child,td.l{white-space:normal;overflow-wrap:anywhere;min-width:6em} th{background:#f7fafc}
        .cards{display:flex;flex-wrap:wrap;gap:12px} .card{border:1px solid #e2e8f0;border-radius:8px;padding:10px 14px;min-width:140px}
        .card .v{font-size:1.3rem;font-weight:600;white-space:nowrap} .card .k{color:#4a5568;font-size:.8rem}
        .off{color:#c53030;font-weight:600} .ok{color:#2f855a} svg{max-width:100%;height:auto}
        """;

    public static void Write(ReportModel report, TextWriter writer)
    {
        var h = new StringBuilder();
        var cur = report.Currency;
        var k = report.Total;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>LeadMetrics report</title>\n<style>").Append(Css).Append(StatisticsSections.Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>LeadMetrics report</h1>\n<p class=\"meta\">").Append(E($"inputs: {string.Join(", ", report.Inputs)} · currency {cur} · zone {report.Zone}"
            + (report.GroupBy.Count > 0 ? " · grouped by " + string.Join(", ", report.GroupBy) : string.Empty)
            + (report.Period is null ? string.Empty : " · period " + report.Period))).Append("</p>\n");

        // Summary
        h.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        foreach (var (label, value) in ReportKpiTable.HtmlSummary.SelectMany(line => line.Lines(k, report)))
        {
            Card(h, label, value);
        }

        h.Append("</div>\n");
        h.Append("</section>\n");

        // Funnel
        h.Append("<section id=\"funnel\">\n<h2>Funnel</h2>\n");
        if (k.Funnel is { Count: > 0 } funnel)
        {
            h.Append(Charts.Funnel(funnel, "funnel-chart")).Append('\n');
            h.Append("<table><tr><th>stage</th><th>reached</th><th>from previous</th></tr>\n");
            for (var i = 0; i < funnel.Count; i++)
            {
                var step = funnel[i];
                h.Append("<tr><td>").Append(E(step.Stage)).Append("</td><td>").Append(Format.Count(step.Reached)).Append("</td><td>").Append(E(RateIntervals.Text(step.ConversionFromPrevious, RateIntervals.Step(funnel, i, report.Confidence)))).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }
        else
        {
            NotAvailable(h, "The funnel");
        }

        h.Append("</section>\n");

        // Distributions
        h.Append("<section id=\"response-time\">\n<h2>Response time</h2>\n");
        if (k.ResponseTime is { } rt && rt.Count > 0 && rt.Durations.Histogram.Count > 1)
        {
            h.Append(Charts.Histogram(rt.Durations.Histogram, "Response time of answered leads", "response-chart")).Append('\n');
            h.Append("<p>").Append(E($"answered {Format.Count(rt.Count)}, unanswered {Format.Count(rt.Unanswered)}, mean {Format.Duration(rt.Durations.Mean)}, p50 {Format.Duration(rt.Durations.P50)}, p90 {Format.Duration(rt.Durations.P90)}"));
            foreach (var (target, share) in rt.WithinTargetShare)
            {
                h.Append(E($", within {Format.Target(target)}: {RateIntervals.Text(share, RateIntervals.WithinTarget(k, target, report.Confidence))}"));
            }

            h.Append("</p>\n");
        }
        else
        {
            NotAvailable(h, "The response-time distribution");
        }

        h.Append("</section>\n<section id=\"time-to-conversion\">\n<h2>Time to conversion</h2>\n");
        if (k.TimeToConversion is { } ttc && ttc.Count > 0 && ttc.Histogram.Count > 1)
        {
            h.Append(Charts.Histogram(ttc.Histogram, "Time from creation to won", "conversion-chart")).Append('\n');
            h.Append("<p>").Append(E($"won leads {Format.Count(ttc.Count)}, mean {Format.Duration(ttc.Mean)}, p50 {Format.Duration(ttc.P50)}, p90 {Format.Duration(ttc.P90)}")).Append("</p>\n");
            if (k.StageTimes is { Count: > 0 } stageTimes)
            {
                h.Append("<table><tr><th>time in stage</th><th>leads</th><th>mean</th><th>p50</th><th>p90</th></tr>\n");
                foreach (var st in stageTimes)
                {
                    h.Append("<tr><td>").Append(E(st.Stage)).Append("</td><td>").Append(Format.Count(st.Durations.Count)).Append("</td><td>").Append(E(Format.Duration(st.Durations.Mean)))
                        .Append("</td><td>").Append(E(Format.Duration(st.Durations.P50))).Append("</td><td>").Append(E(Format.Duration(st.Durations.P90))).Append("</td></tr>\n");
                }

                h.Append("</table>\n");
            }
        }
        else
        {
            NotAvailable(h, "The time-to-conversion distribution");
        }

        h.Append("</section>\n");

        // Source comparison. With --period the per-source charts of money and grade mix show the latest period (every
        // period is in the JSON); the leads chart adds the periods up.
        h.Append("<section id=\"sources\">\n<h2>Source comparison</h2>\n");
        var latest = LatestPeriod(report);
        var sources = report.Groups.Where(g => g.Key[0].Name == "source").ToList();
        var latestSources = latest is null ? sources : [.. sources.Where(g => PeriodOf(g) == latest)];
        var latestNote = latest is null ? string.Empty : $", {report.Period} {latest}";
        if (sources.Count > 0 && report.Period is null)
        {
            h.Append(Charts.Comparison([.. sources.Select(g => (g.Key[0].Value, g.Kpis.Leads, g.Kpis.Won))], "Leads and won leads by source", "sources-chart")).Append('\n');
            h.Append(StatisticsSections.ConversionChart(report, sources, g => g.Key[0].Value, $"Conversion by source, with {RateIntervals.Level(report.Confidence)} intervals", "sources-conversion-chart")).Append('\n');
        }
        else if (sources.Count > 0)
        {
            var bySource = sources.GroupBy(g => g.Key[0].Value).Select(s => (s.Key, s.Sum(g => g.Kpis.Leads), s.Sum(g => g.Kpis.Won))).ToList();
            h.Append(Charts.Comparison(bySource, "Leads and won leads by source (all periods)", "sources-chart")).Append('\n');
        }
        else
        {
            h.Append("<p class=\"note\">The report is not grouped by source; run with <code>--by source</code> for this chart.</p>\n");
        }

        if (latestSources.Count > 0 && latestSources.Any(g => g.Kpis.CustomerAcquisitionCost is not null || g.Kpis.LifetimeValue is not null))
        {
            h.Append(Charts.TwoSeries(
                [.. latestSources.Select(g => (g.Key[0].Value, (double)(g.Kpis.CustomerAcquisitionCost ?? 0), (double)(g.Kpis.LifetimeValue ?? 0)))],
                "acquisition cost per customer", $"lifetime value ({report.LifetimeValueMonths} months)", $"Acquisition cost and lifetime value per customer by source ({report.Currency}{latestNote})", "value-chart")).Append('\n');
            var noCost = latestSources.Where(g => g.Kpis.HasCostData == false).Select(g => g.Key[0].Value).ToList();
            if (noCost.Count > 0)
            {
                h.Append("<p class=\"note\">").Append(E($"No cost data (drawn at 0, not free): {string.Join(", ", noCost)}.")).Append("</p>\n");
            }
        }

        h.Append("</section>\n");

        // Trend
        h.Append("<section id=\"trend\">\n<h2>Trend by ").Append(E(report.TrendPeriod)).Append("</h2>\n");
        if (report.Trend.Count > 1)
        {
            h.Append(Charts.Trend([.. report.Trend.Select(t => (t.Key[0].Value, t.Kpis.Leads, t.Kpis.Won))], $"Leads and won leads by {report.TrendPeriod} of creation", "trend-chart")).Append('\n');
            StatisticsSections.WriteHtmlTrend(report, h);
        }
        else
        {
            h.Append("<p class=\"note\">The data covers a single ").Append(E(report.TrendPeriod)).Append("; no trend to draw.</p>\n");
        }

        SurvivalSections.WriteHtml(report, h);
        ComparisonSections.WriteHtml(report, h);

        h.Append("</section>\n");

        // Lead quality (ICP score)
        h.Append("<section id=\"score\">\n<h2>Lead quality (ICP score)</h2>\n");
        if (report.ScoringModel is null || k.Score is null)
        {
            h.Append("<p class=\"note\">No scoring model was given (<code>--scoring model.json</code>).</p>\n");
        }
        else
        {
            var scopes = new List<(string Label, ScoreKpis Score)> { ("total", k.Score) };
            scopes.AddRange(ShownGroups(report, latest).Where(g => g.Kpis.Score is not null).Select(g => (string.Join(" · ", g.Key.Select(p => p.Value)), g.Kpis.Score!)));
            h.Append("<p>").Append(E($"model {report.ScoringModel}; leads scored as of their creation.")).Append("</p>\n");
            var src = latestSources.Where(g => g.Kpis.Score is not null).ToList();
            if (src.Count > 0)
            {
                h.Append(Charts.GradeMix([.. src.Select(g => (g.Key[0].Value, g.Kpis.Score!.Grades))], $"Grade mix by source (share of leads{latestNote})", "score-chart")).Append('\n');
            }

            h.Append("<table><tr><th>scope</th><th>scored</th><th>mean</th><th>fit</th><th>engagement</th>");
            foreach (var (grade, _) in k.Score.Grades)
            {
                h.Append("<th>").Append(E(grade)).Append("</th>");
            }

            h.Append("</tr>\n");
            foreach (var (label, score) in scopes)
            {
                h.Append("<tr><td>").Append(E(label)).Append("</td><td>").Append(Format.Count(score.Count)).Append("</td><td>").Append(E(Format.Number((double?)score.Mean)))
                    .Append("</td><td>").Append(E(Format.Number((double?)score.MeanFit))).Append("</td><td>").Append(E(Format.Number((double?)score.MeanEngagement))).Append("</td>");
                foreach (var (_, count) in score.Grades)
                {
                    h.Append("<td>").Append(Format.Count(count)).Append("</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</table>\n");
        }

        h.Append("</section>\n");

        // Groups table
        h.Append("<section id=\"groups\">\n<h2>Groups</h2>\n");
        foreach (var note in report.Notes)
        {
            h.Append("<p class=\"report-note\"><b>Note:</b> ").Append(E(note)).Append("</p>\n");
        }

        if (report.Groups.Count == 0)
        {
            h.Append("<p class=\"note\">No grouping was asked for (<code>--by</code>, <code>--period</code>).</p>\n");
        }
        else
        {
            var shown = ShownGroups(report, latest);
            if (shown.Count < report.Groups.Count)
            {
                h.Append("<p class=\"note\">").Append(E($"The latest {ShownPeriods} {report.Period}s of each group ({Format.Count(shown.Count)} of {Format.Count(report.Groups.Count)} rows); every period is in the JSON report (--format json) and the trend above.")).Append("</p>\n");
            }

            // Two tables of at most nine columns each fit the 1,100 px column without wrapping a number.
            h.Append("<table id=\"groups-counts\"><tr><th>group</th><th>leads</th><th>won</th><th>lost</th><th>open</th><th>conversion</th><th>win rate</th><th>response p50</th><th>time to conversion p50</th></tr>\n");
            foreach (var g in shown)
            {
                var x = g.Kpis;
                GroupRow(h, g, [Format.Count(x.Leads), Format.Count(x.Won), Format.Count(x.Lost), Format.Count(x.Open),
                    RateIntervals.Text(x.ConversionRate, RateIntervals.Conversion(x, report.Confidence)), RateIntervals.Text(x.WinRate, RateIntervals.WinRate(x, report.Confidence)),
                    Format.Duration(x.ResponseTime?.Durations.P50), Format.Duration(x.TimeToConversion?.P50)]);
            }

            h.Append("</table>\n");
            h.Append("<table id=\"groups-money\"><tr><th>group</th><th>").Append(E($"revenue ({cur})")).Append("</th><th>").Append(E($"cost ({cur})")).Append("</th><th>")
                .Append(E($"CPL ({cur})")).Append("</th><th>").Append(E($"CAC ({cur})")).Append("</th><th>ROI</th><th>").Append(E($"LTV ({cur})")).Append("</th></tr>\n");
            foreach (var g in shown)
            {
                var x = g.Kpis;
                GroupRow(h, g, [Amount(x.Revenue), Amount(x.Cost), Format.CostRatio(x, Amount(x.CostPerLead)), Format.CostRatio(x, Amount(x.CustomerAcquisitionCost)), Format.CostRatio(x, Format.Ratio(x.Roi)), Amount(x.LifetimeValue)]);
            }

            h.Append("</table>\n");
        }

        h.Append("</section>\n");

        // Reps, fairly
        h.Append("<section id=\"reps\">\n<h2>Reps, fairly</h2>\n");
        h.Append("<p class=\"note\">Win rate beside the wins the team's win rate per ").Append(report.RepMix == "source" ? "source" : "source and grade").Append(" predicts for each rep's leads: an index above 1 wins more than the team does with such leads; the adjusted win rate is the rep's as if the rep had the team's mix.</p>\n");
        h.Append("<p class=\"note\">").Append(E($"The index's {RateIntervals.Level(report.Confidence)} interval is Byar's approximation to the exact Poisson interval of won / expected won; * marks a rep whose interval excludes 1: different from the team beyond chance.")).Append("</p>\n");
        h.Append("<table><tr><th>rep</th><th>leads</th><th>won</th><th>lost</th><th>win rate</th><th>expected won</th><th>index</th><th>adjusted win rate</th></tr>\n");
        foreach (var r in report.Reps)
        {
            h.Append("<tr><td>").Append(E(r.Rep)).Append("</td><td>").Append(E(Format.Count(r.Leads))).Append("</td><td>").Append(E(Format.Count(r.Won))).Append("</td><td>").Append(E(Format.Count(r.Lost)))
                .Append("</td><td>").Append(E(Format.Rate((double?)r.WinRate))).Append("</td><td>").Append(E(Format.Number((double?)r.ExpectedWon))).Append("</td><td>").Append(E(RateIntervals.Index(r, report.Confidence)))
                .Append("</td><td>").Append(E(Format.Rate((double?)r.AdjustedWinRate))).Append("</td></tr>\n");
        }

        h.Append("</table>\n</section>\n");

        PeakHoursWriter.WriteHtml(h, report);
        CapacityWriter.WriteHtml(h, report.Capacity);
        ScoreQualityWriter.WriteHtml(h, report.ScoreQuality);

        // Targets
        h.Append("<section id=\"targets\">\n<h2>Targets</h2>\n");
        if (report.Targets.Count == 0)
        {
            h.Append("<p class=\"note\">No targets were given (<code>--targets targets.json</code>).</p>\n");
        }
        else
        {
            var off = report.Targets.Count(t => t.Status == "off_target");
            h.Append("<p>").Append(off == 0 ? "<span class=\"ok\">Every KPI with data is on target.</span>" : $"<span class=\"off\">{off} KPI value(s) off target.</span>").Append("</p>\n");
            var targets = latest is null ? report.Targets : [.. report.Targets.Where(t => t.Scope == "total" || t.Scope.EndsWith("period=" + latest, StringComparison.Ordinal))];
            if (targets.Count < report.Targets.Count)
            {
                h.Append("<p class=\"note\">").Append(E($"The total and the latest {report.Period} ({latest}): {Format.Count(targets.Count)} of {Format.Count(report.Targets.Count)} checks; every check is in the JSON report.")).Append("</p>\n");
            }

            h.Append("<table><tr><th>scope</th><th class=\"l\">KPI</th><th>value</th><th>min</th><th>max</th><th>status</th></tr>\n");
            foreach (var t in targets)
            {
                var cls = t.Status == "off_target" ? "off" : t.Status == "ok" ? "ok" : "note";
                h.Append("<tr><td>").Append(E(t.Scope)).Append("</td><td class=\"l\" title=\"").Append(E(t.Kpi)).Append("\">").Append(E(Format.TargetLabel(t))).Append("</td><td>").Append(E(Format.TargetValue(t, t.Value))).Append("</td><td>")
                    .Append(E(Format.TargetValue(t, t.Min))).Append("</td><td>").Append(E(Format.TargetValue(t, t.Max))).Append("</td><td class=\"").Append(cls).Append("\">")
                    .Append(E(Format.TargetStatus(t))).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        h.Append("</section>\n");

        // Data quality
        var q = report.DataQuality;
        h.Append("<section id=\"data-quality\">\n<h2>Data quality</h2>\n<p>").Append(E($"rows read {Format.Count(q.RowsRead)}, accepted {Format.Count(q.RowsAccepted)}, rejected {Format.Count(q.Rejected.Values.Sum())} (on bad row: {(q.Policy == BadRowPolicy.Fail ? "fail" : "skip")})")).Append("</p>\n");
        h.Append("<table><tr><th>file</th><th class=\"l\">kind</th><th>rows read</th><th>accepted</th><th class=\"l\">rejected</th></tr>\n");
        foreach (var f in q.Files)
        {
            h.Append("<tr><td>").Append(E(f.File)).Append("</td><td class=\"l\">").Append(E(CanonicalColumns.FileName(f.Kind))).Append("</td><td>").Append(Format.Count(f.RowsRead)).Append("</td><td>").Append(Format.Count(f.RowsAccepted)).Append("</td><td class=\"l\">")
                .Append(E(f.Rejected.Count == 0 ? "0" : string.Join(", ", f.Rejected.Select(r => $"{r.Key}: {r.Value}")))).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
        if (Format.RejectedValues(q) is { } values)
        {
            h.Append("<p class=\"note rejected-values\">").Append(E(values)).Append("</p>\n");
        }

        h.Append("<p id=\"inferred-responses\">").Append(E(Format.InferredResponses(q.Responses))).Append("</p>\n");
        foreach (var line in Format.UnmatchedCostLabels(q))
        {
            h.Append("<p class=\"note unmatched-labels\">").Append(E(line)).Append("</p>\n");
        }
        foreach (var f in q.Files)
        {
            foreach (var (reason, rows) in f.Examples)
            {
                h.Append("<p><b>").Append(E(reason)).Append("</b> in ").Append(E(f.File)).Append(" (").Append(E(CanonicalColumns.FileName(f.Kind))).Append("):</p>\n<ul>\n");
                foreach (var row in rows)
                {
                    h.Append("<li>").Append(E($"line {row.Line}, column {row.Column}, value '{row.Value}': {row.Message}")).Append("</li>\n");
                }

                h.Append("</ul>\n");
            }
        }

        h.Append("</section>\n<p class=\"meta\">").Append(E(report.Generator)).Append("</p>\n</body>\n</html>\n");
        writer.Write(h.ToString());
    }

    private static void GroupRow(StringBuilder h, GroupReport group, IEnumerable<string> cells)
    {
        h.Append("<tr><td>").Append(E(string.Join(" · ", group.Key.Select(p => $"{p.Name}: {p.Value}")))).Append("</td>");
        foreach (var cell in cells)
        {
            h.Append("<td>").Append(E(cell)).Append("</td>");
        }

        h.Append("</tr>\n");
    }

    /// <summary>An amount without its currency (the column header names it), as <see cref="Format.Money"/> writes it.</summary>
    private static string Amount(decimal? m) => Format.Amount(m);

    /// <summary>How many of the latest periods the HTML groups table shows per group when the report has a period.</summary>
    private const int ShownPeriods = 3;

    /// <summary>The period label of a group, or null without one.</summary>
    private static string? PeriodOf(GroupReport g) => g.Key.FirstOrDefault(k => k.Name == "period").Value;

    /// <summary>The latest period label of the groups (labels of one bucket sort in time order), or null without --period.</summary>
    private static string? LatestPeriod(ReportModel report) =>
        report.Period is null ? null : report.Groups.Select(PeriodOf).Where(p => p is not null && p != "(none)").Max(StringComparer.Ordinal);

    /// <summary>The groups the HTML lists: all of them, or with --period the latest <see cref="ShownPeriods"/> periods of each.</summary>
    private static List<GroupReport> ShownGroups(ReportModel report, string? latest)
    {
        if (latest is null)
        {
            return [.. report.Groups];
        }

        var periods = report.Groups.Select(PeriodOf).Where(p => p is not null).Distinct().Order(StringComparer.Ordinal).TakeLast(ShownPeriods).ToHashSet();
        return [.. report.Groups.Where(g => PeriodOf(g) is { } p && periods.Contains(p))];
    }

    private static void Card(StringBuilder h, string name, string value) =>
        h.Append("<div class=\"card\"><div class=\"v\">").Append(E(value)).Append("</div><div class=\"k\">").Append(E(name)).Append("</div></div>\n");

    private static void NotAvailable(StringBuilder h, string what) =>
        h.Append("<p class=\"note\">").Append(E(what)).Append(" is not computed by this build of the LeadMetrics library, or the data has none.</p>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A table of text cells (escaped here) under a header row.</summary>
    internal static void Table(StringBuilder h, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        h.Append("<table><tr>");
        foreach (var header in headers)
        {
            h.Append("<th>").Append(E(header)).Append("</th>");
        }

        h.Append("</tr>\n");
        foreach (var row in rows)
        {
            h.Append("<tr>");
            foreach (var cell in row)
            {
                h.Append("<td>").Append(E(cell)).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n");
    }

    /// <summary>A paragraph of note text (escaped here).</summary>
    internal static void Note(StringBuilder h, string text) => h.Append("<p class=\"note\">").Append(E(text)).Append("</p>\n");
}
