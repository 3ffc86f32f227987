using System.Net;
using System.Text;
using LeadMetrics.Data;
using Spectre.Console;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// The statistics parts of the console and HTML reports (issue 16 item 2, issue 18): the trend's cohort maturity and
/// spend-based acquisition cost, immature periods marked, and rates with their intervals.
/// </summary>
internal static class StatisticsSections
{
    /// <summary>The maturity word of a period: "mature", "IMMATURE" or "unknown".</summary>
    public static string MaturityWord(MaturityKpis? m) => m?.Mature switch
    {
        true => "mature",
        false => "IMMATURE",
        _ => Format.NotAvailable,
    };

    /// <summary>The sentence under the trend: what maturity means and which periods are immature.</summary>
    public static string Explanation(ReportModel report)
    {
        var immature = report.Trend.Where(t => t.Kpis.Maturity?.Mature == false).Select(t => t.Key[0].Value).ToList();
        var typical = report.Trend.Select(t => t.Kpis.Maturity?.TypicalCloseSeconds).FirstOrDefault(s => s is not null);
        var basis = $"A {report.TrendPeriod} is a cohort (its leads by creation); its conversion, win rate and acquisition cost are so far, as of {report.AsOf ?? Format.NotAvailable}. "
            + $"It is mature when none of its leads is open or its youngest lead is at least the typical time to close old ({Format.Duration(typical)}, the p90 of time to conversion). "
            + $"Intervals: {RateIntervals.Level(report.Confidence)} Wilson. Spend CAC: acquisition spend in the {report.TrendPeriod} / customers won in it.";
        return immature.Count == 0
            ? basis
            : basis + $" Immature (still moving, not a drop): {string.Join(", ", immature)}.";
    }

    public static void WriteConsoleTrend(ReportModel report, IAnsiConsole console, Func<string?, string> text)
    {
        if (report.Trend.Count == 0)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Trend by {text(report.TrendPeriod)}: maturity ({RateIntervals.Level(report.Confidence)} intervals)[/]");
        t.AddColumn(text(report.TrendPeriod));
        foreach (var column in new[] { "leads", "open", "youngest", "maturity", "conversion", "CAC", "spend CAC" })
        {
            t.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var g in report.Trend)
        {
            var immature = g.Kpis.Maturity?.Mature == false;
            t.AddRow([.. TrendCells(report, g, text).Select(c => immature ? $"[yellow]{Markup.Escape(c)}[/]" : Markup.Escape(c))]);
        }

        console.Write(t);
        console.MarkupLine("[grey]" + text(Explanation(report)) + "[/]");
    }

    /// <summary>A trend period's cells, as the console and the HTML show them: period, leads, open share, youngest lead, maturity, conversion with its interval, CAC, spend CAC.</summary>
    private static string[] TrendCells(ReportModel report, GroupReport g, Func<string?, string> label)
    {
        var k = g.Kpis;
        return
        [
            label(g.Key[0].Value),
            Format.Count(k.Leads),
            Format.Rate(k.Maturity?.OpenShare),
            Format.Duration(k.Maturity?.YoungestAgeSeconds),
            MaturityWord(k.Maturity),
            RateIntervals.Text(k.ConversionRate, RateIntervals.Conversion(k, report.Confidence)),
            Format.CostRatio(k, Format.Amount(k.CustomerAcquisitionCost)),
            k.Cost is null ? Format.NotAvailable : Format.CostRatio(k, Format.Amount(k.SpendAcquisitionCost)),
        ];
    }

    public static void WriteHtmlTrend(ReportModel report, StringBuilder h)
    {
        if (report.Trend.Count == 0)
        {
            return;
        }

        h.Append(ConversionChart(report, report.Trend, g => g.Key[0].Value, $"Conversion by {report.TrendPeriod} of creation, with {RateIntervals.Level(report.Confidence)} intervals (grey: immature, still moving)", "trend-conversion-chart")).Append('\n');
        h.Append("<table id=\"trend-maturity\"><tr><th>").Append(E(report.TrendPeriod)).Append("</th><th>leads</th><th>open</th><th>youngest lead</th><th>maturity</th><th>")
            .Append(E($"conversion ({RateIntervals.Level(report.Confidence)} interval)")).Append("</th><th>").Append(E($"CAC ({report.Currency})")).Append("</th><th>")
            .Append(E($"spend CAC ({report.Currency})")).Append("</th></tr>\n");
        foreach (var g in report.Trend)
        {
            var immature = g.Kpis.Maturity?.Mature == false;
            h.Append(immature ? "<tr class=\"immature\">" : "<tr>");
            foreach (var cell in TrendCells(report, g, label => label ?? string.Empty))
            {
                h.Append("<td>").Append(E(cell)).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n<p class=\"note\">").Append(E(Explanation(report))).Append("</p>\n");
    }

    /// <summary>Conversion of each group with its interval as an error bar (immature periods grey).</summary>
    public static string ConversionChart(ReportModel report, IReadOnlyList<GroupReport> groups, Func<GroupReport, string> label, string title, string id) =>
        Charts.RateWithIntervals(
            [.. groups.Where(g => g.Kpis.ConversionRate is not null).Select(g =>
            {
                var ci = RateIntervals.Conversion(g.Kpis, report.Confidence);
                var immature = g.Kpis.Maturity?.Mature == false;
                return (label(g), g.Kpis.ConversionRate!.Value, (double?)ci?.Lower, (double?)ci?.Upper, immature,
                    $"{label(g)}: conversion {RateIntervals.Text(g.Kpis.ConversionRate, ci)}, {Format.Count(g.Kpis.Won)} of {Format.Count(g.Kpis.Leads)}{(immature ? ", immature" : string.Empty)}");
            })],
            title,
            id);

    /// <summary>The CSS of the statistics parts: immature periods and cells shaded.</summary>
    public const string Css = "tr.immature td,td.immature{background:#fefcbf}";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The console and HTML parts of conversion with open leads (Kaplan-Meier, issue 18).</summary>
internal static class SurvivalSections
{
    /// <summary>A "converted within" cell: the share with its interval, "*" when immature, the not-available mark when too young to say.</summary>
    public static string Cell(LeadMetrics.Calculators.ConvertedWithin? cell) =>
        cell is null ? Format.NotAvailable : RateIntervals.Text((double)cell.Share, cell.Interval) + (cell.IsMature ? string.Empty : "*");

    public const string Explanation =
        "Converted within 7, 30 and 90 days of creation: Kaplan-Meier, open leads censored at the as-of instant, lost leads at risk until then (never converting). "
        + "* = immature: some leads of the scope are younger than the time, so the share is estimated from the older ones; – = no lead is that old yet.";

    private static List<GroupReport> Scopes(ReportModel report) =>
        [.. report.Trend.Concat(report.Period is null ? report.Groups : []).Where(g => g.Kpis.Survival is not null)];

    public static void WriteConsole(ReportModel report, IAnsiConsole console, Func<string?, string> text)
    {
        var scopes = Scopes(report);
        if (scopes.Count == 0)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Converted within days of creation ({RateIntervals.Level(report.Confidence)} intervals)[/]");
        t.AddColumn("scope");
        foreach (var d in SurvivalKpis.WithinDays)
        {
            t.AddColumn(new TableColumn($"{d} days").RightAligned());
        }

        foreach (var g in scopes)
        {
            var label = g.Key[0].Name == "period" ? $"{report.TrendPeriod} {g.Key[0].Value}" : $"{g.Key[0].Name} {g.Key[0].Value}";
            t.AddRow([text(label), .. g.Kpis.Survival!.Within.Select(w => Markup.Escape(Cell(w.Cell)))]);
        }

        console.Write(t);
        console.MarkupLine("[grey]" + text(Explanation) + "[/]");
    }

    public static void WriteHtml(ReportModel report, StringBuilder h)
    {
        var sources = report.Period is null ? report.Groups.Where(g => g.Key[0].Name == "source" && g.Kpis.Survival is { Curve.Count: > 0 }).OrderByDescending(g => g.Kpis.Leads).ToList() : [];
        if (sources.Count > 0)
        {
            var days = SurvivalKpis.CurveDays;
            var curves = sources.Take(Charts.MaxCurves).Select(g => (g.Key[0].Value, (IReadOnlyList<(double?, string)>)[.. days.Select(d =>
            {
                var cell = g.Kpis.Survival!.Curve.FirstOrDefault(c => c.Days == d).Cell;
                return cell is null ? ((double?)null, Format.NotAvailable) : ((double?)(double)cell.Share, Cell(cell));
            })])).ToList();
            var more = sources.Count > Charts.MaxCurves ? $" (the {Charts.MaxCurves} largest of {sources.Count})" : string.Empty;
            h.Append(Charts.Survival(days, curves, $"Converted by days since creation, by source{more}", "survival-chart")).Append('\n');
        }

        var scopes = Scopes(report);
        if (scopes.Count == 0)
        {
            return;
        }

        h.Append("<table id=\"converted-within\"><tr><th>scope</th>");
        foreach (var d in SurvivalKpis.WithinDays)
        {
            h.Append("<th>").Append(d).Append(" days</th>");
        }

        h.Append("</tr>\n");
        foreach (var g in scopes)
        {
            var label = g.Key[0].Name == "period" ? $"{report.TrendPeriod} {g.Key[0].Value}" : $"{g.Key[0].Name} {g.Key[0].Value}";
            h.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td>");
            foreach (var (_, cell) in g.Kpis.Survival!.Within)
            {
                h.Append(cell is { IsMature: false } or null ? "<td class=\"immature\">" : "<td>").Append(WebUtility.HtmlEncode(Cell(cell))).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n<p class=\"note\">").Append(WebUtility.HtmlEncode(Explanation)).Append("</p>\n");
    }
}

/// <summary>The console and HTML parts of the comparisons: the differences beyond chance (issue 18).</summary>
internal static class ComparisonSections
{
    private static string Label(string kpi) => kpi == "win_rate" ? "win rate" : "conversion";

    private static string P(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

    public static string Explanation(ReportModel report) =>
        $"Each group against the rest of its dimension, each {report.TrendPeriod} against the previous one (two-proportion z-test; Fisher's exact test for small counts); "
        + $"p-values adjusted by Benjamini-Hochberg within each family; shown where the adjusted p is below {P(1 - report.Confidence)}. "
        + "A change involving an immature period is marked: its rate is still moving. Every comparison is in the JSON (comparisons).";

    private static List<RateComparison> Significant(ReportModel report) => [.. ComparisonEngine.Compare(report).Where(c => c.Significant)];

    private static string[] Cells(RateComparison c) =>
    [
        c.Scope + (c.Immature == true ? " (immature)" : string.Empty),
        c.Against,
        Label(c.Kpi),
        Format.Rate((double)c.Rate),
        Format.Rate((double)c.OtherRate),
        P(c.PValue),
        P(c.AdjustedPValue),
    ];

    private static readonly string[] Headers = ["scope", "against", "rate", "value", "other", "p", "adjusted p"];

    public static void WriteConsole(ReportModel report, IAnsiConsole console, Func<string?, string> text)
    {
        var significant = Significant(report);
        if (significant.Count == 0)
        {
            console.MarkupLine("[grey]" + text($"No difference between groups or consecutive {report.TrendPeriod}s is beyond chance (Benjamini-Hochberg, {P(1 - report.Confidence)}).") + "[/]");
            WriteDurationsConsole(report, console, text);
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title("[bold]Differences beyond chance[/]");
        t.AddColumn(Headers[0]);
        t.AddColumn(Headers[1]);
        t.AddColumn(Headers[2]);
        foreach (var h in Headers[3..])
        {
            t.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var c in significant)
        {
            t.AddRow([.. Cells(c).Select(text)]);
        }

        console.Write(t);
        console.MarkupLine("[grey]" + text(Explanation(report)) + "[/]");
        WriteDurationsConsole(report, console, text);
    }

    private static readonly string[] DurationHeaders = ["scope", "against", "duration", "p50", "other p50", "P(longer)", "p", "adjusted p"];

    private static string DurationExplanation(ReportModel report) =>
        $"Response time and time to conversion: each group against the rest of its dimension, each {report.TrendPeriod} against the previous one (Mann-Whitney U on the sketches' buckets, "
        + $"values within about 2% tied); P(longer) = the chance that a duration of the scope is longer than one of the other; Benjamini-Hochberg within each family; shown where the adjusted p is below {P(1 - report.Confidence)}. "
        + "Every comparison is in the JSON (comparisons.durations).";

    private static string[] DurationCells(DurationComparison c) =>
    [
        c.Scope + (c.Immature == true ? " (immature)" : string.Empty),
        c.Against,
        c.Kpi == "response_time_seconds" ? "response time" : "time to conversion",
        Format.Duration(c.Median),
        Format.Duration(c.OtherMedian),
        Format.Rate(c.ProbabilityLonger),
        P(c.PValue),
        P(c.AdjustedPValue),
    ];

    private static void WriteDurationsConsole(ReportModel report, IAnsiConsole console, Func<string?, string> text)
    {
        var significant = ComparisonEngine.CompareDurations(report).Where(c => c.Significant).ToList();
        if (significant.Count == 0)
        {
            console.MarkupLine("[grey]" + text($"No difference in response time or time to conversion between groups or consecutive {report.TrendPeriod}s is beyond chance (Mann-Whitney, Benjamini-Hochberg, {P(1 - report.Confidence)}).") + "[/]");
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title("[bold]Durations: differences beyond chance[/]");
        t.AddColumn(DurationHeaders[0]);
        t.AddColumn(DurationHeaders[1]);
        t.AddColumn(DurationHeaders[2]);
        foreach (var h in DurationHeaders[3..])
        {
            t.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var c in significant)
        {
            t.AddRow([.. DurationCells(c).Select(text)]);
        }

        console.Write(t);
        console.MarkupLine("[grey]" + text(DurationExplanation(report)) + "[/]");
    }

    public static void WriteHtml(ReportModel report, StringBuilder h)
    {
        SignificantHtml(h, "Differences beyond chance", "comparisons", Headers,
            Significant(report).Select(c => (c.Immature == true, Cells(c))), Explanation(report));
        SignificantHtml(h, "Durations: differences beyond chance", "duration-comparisons", DurationHeaders,
            ComparisonEngine.CompareDurations(report).Where(c => c.Significant).Select(c => (c.Immature == true, DurationCells(c))), DurationExplanation(report));
    }

    /// <summary>An HTML section of the comparisons that are significant (immature periods' rows marked), or "None.", and its explanation.</summary>
    private static void SignificantHtml(StringBuilder h, string title, string id, IEnumerable<string> headers, IEnumerable<(bool Immature, string[] Cells)> rows, string explanation)
    {
        var list = rows.ToList();
        h.Append("<h3>").Append(title).Append("</h3>\n");
        if (list.Count > 0)
        {
            h.Append("<table id=\"").Append(id).Append("\"><tr>");
            foreach (var header in headers)
            {
                h.Append("<th>").Append(header).Append("</th>");
            }

            h.Append("</tr>\n");
            foreach (var (immature, cells) in list)
            {
                h.Append(immature ? "<tr class=\"immature\">" : "<tr>");
                foreach (var cell in cells)
                {
                    h.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</table>\n");
        }
        else
        {
            h.Append("<p>None.</p>\n");
        }

        h.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode(explanation)).Append("</p>\n");
    }
}
