using LeadMetrics.Data;
using Spectre.Console;

namespace LeadMetrics.Cli.Report;

/// <summary>Writes the report as Spectre.Console tables: totals, funnel, each grouping, targets and data quality.</summary>
internal static class TableReportWriter
{
    public static void Write(ReportModel report, IAnsiConsole console)
    {
        var cur = report.Currency;
        if (console.Profile.Capabilities.Ansi)
        {
            console.Write(new Rule("[bold]LeadMetrics report[/]").LeftJustified());
        }
        else
        {
            // Redirected output has no terminal width to span: a title line, not a rule as wide as the virtual console.
            console.WriteLine("LeadMetrics report");
        }

        console.MarkupLine($"[grey]inputs:[/] {Text(string.Join(", ", report.Inputs))}");
        console.MarkupLine($"[grey]currency:[/] {cur}   [grey]zone:[/] {Text(report.Zone)}   [grey]grouped by:[/] {Text(report.GroupBy.Count == 0 ? "(total only)" : string.Join(", ", report.GroupBy))}{(report.Period is null ? string.Empty : "   [grey]period:[/] " + report.Period)}");
        console.WriteLine();

        var total = new Table().Border(TableBorder.Rounded).Title("[bold]Total[/]");
        total.AddColumn("KPI");
        total.AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in Rows(report.Total, report))
        {
            total.AddRow(Text(name), Text(value));
        }

        console.Write(total);

        if (report.Total.Funnel is { } funnel)
        {
            var t = new Table().Border(TableBorder.Rounded).Title("[bold]Funnel[/]");
            t.AddColumn("stage");
            t.AddColumn(new TableColumn("reached").RightAligned());
            t.AddColumn(new TableColumn("from previous").RightAligned());
            for (var i = 0; i < funnel.Count; i++)
            {
                var step = funnel[i];
                t.AddRow(Text(step.Stage), Format.Count(step.Reached), Text(RateIntervals.Text(step.ConversionFromPrevious, RateIntervals.Step(funnel, i, report.Confidence))));
            }

            console.Write(t);
        }

        StatisticsSections.WriteConsoleTrend(report, console, Text);
        SurvivalSections.WriteConsole(report, console, Text);
        ComparisonSections.WriteConsole(report, console, Text);

        foreach (var dimension in report.Groups.GroupBy(g => g.Dimension ?? "period"))
        {
            // Two tables per grouping, counts and rates then money, so that each fits a 100-column terminal
            // without splitting a number across lines; JSON and HTML have every column (average deal value among them).
            WriteGroupTable(console, report, dimension.Key, $"By {dimension.Key}", [.. dimension], CountHeaders(report), k => CountCells(k, report));
            WriteGroupTable(console, report, dimension.Key, $"By {dimension.Key}: money ({cur})", [.. dimension], MoneyHeaders, k => MoneyCells(k));
        }

        if (report.Reps.Count > 0)
        {
            var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Reps, fairly: win rate adjusted for lead mix by {(report.RepMix == "source" ? "source" : "source and grade")}[/]");
            t.AddColumn("rep");
            foreach (var column in new[] { "leads", "won", "lost", "win rate", "expected won", "index", "adjusted win rate" })
            {
                t.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var r in report.Reps.OrderByDescending(r => r.Leads).ThenBy(r => r.Rep, StringComparer.Ordinal))
            {
                t.AddRow(Text(r.Rep), Format.Count(r.Leads), Format.Count(r.Won), Format.Count(r.Lost), Format.Rate((double?)r.WinRate), Format.Number((double?)r.ExpectedWon), Text(RateIntervals.Index(r, report.Confidence)), Format.Rate((double?)r.AdjustedWinRate));
            }

            console.Write(t);
            console.MarkupLine($"[grey]index = won / expected won, with its {RateIntervals.Level(report.Confidence)} interval (Byar); * = differs from the team beyond chance (the interval excludes 1).[/]");
        }

        PeakHoursWriter.WriteTables(console, report);
        CapacityWriter.WriteTables(console, report.Capacity);
        ScoreQualityWriter.WriteTable(console, report.ScoreQuality);

        if (report.Targets.Count > 0)
        {
            var t = new Table().Border(TableBorder.Rounded).Title("[bold]Targets[/]");
            t.AddColumns("scope", "KPI", "value", "min", "max", "status");
            foreach (var r in report.Targets)
            {
                var status = r.Status switch
                {
                    "off_target" => $"[red]{Text(Format.TargetStatus(r))}[/]",
                    "ok" => "[green]ok[/]",
                    _ => $"[grey]{Text(Format.TargetStatus(r))}[/]",
                };
                t.AddRow(Text(r.Scope), Text(Format.TargetLabel(r)), Text(Format.TargetValue(r, r.Value)), Text(Format.TargetValue(r, r.Min)), Text(Format.TargetValue(r, r.Max)), status);
            }

            console.Write(t);
        }

        WriteDataQuality(report, console);
        foreach (var note in report.Notes)
        {
            console.MarkupLine("[bold]Note:[/] " + Text(note));
        }
    }

    private static void WriteDataQuality(ReportModel report, IAnsiConsole console)
    {
        var q = report.DataQuality;
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]Data quality[/]");
        t.AddColumn("file");
        t.AddColumn("kind");
        t.AddColumn(new TableColumn("rows read").RightAligned());
        t.AddColumn(new TableColumn("accepted").RightAligned());
        t.AddColumn("rejected");
        foreach (var f in q.Files)
        {
            var rejected = f.Rejected.Count == 0 ? "0" : string.Join(", ", f.Rejected.Select(r => $"{r.Key}: {r.Value}"));
            t.AddRow(Text(f.File), CanonicalColumns.FileName(f.Kind), Format.Count(f.RowsRead), Format.Count(f.RowsAccepted), Text(rejected));
        }

        t.AddRow("[bold]all[/]", string.Empty, Format.Count(q.RowsRead), Format.Count(q.RowsAccepted), Format.Count(q.Rejected.Values.Sum()));
        console.Write(t);
        if (Format.RejectedValues(q) is { } values)
        {
            console.MarkupLine("[yellow]" + Text(values) + "[/]");
        }

        console.MarkupLine(Text(Format.InferredResponses(q.Responses)));
        foreach (var line in Format.UnmatchedCostLabels(q))
        {
            console.MarkupLine("[yellow]" + Text(line) + "[/]");
        }
        foreach (var f in q.Files)
        {
            foreach (var (reason, rows) in f.Examples)
            {
                console.MarkupLine($"[yellow]{Text(reason)}[/] in {Text(f.File)} ({CanonicalColumns.FileName(f.Kind)}):");
                foreach (var row in rows)
                {
                    console.MarkupLine($"  line {row.Line}, column {Text(row.Column)}, value '{Text(row.Value)}': {Text(row.Message)}");
                }
            }
        }
    }

    /// <summary>The total table's lines: the console view of the KPI registration table (<see cref="ReportKpiTable.ConsoleTotal"/>).</summary>
    private static IEnumerable<(string Name, string Value)> Rows(ReportKpis k, ReportModel report) =>
        ReportKpiTable.ConsoleTotal.SelectMany(line => line.Lines(k, report));

    /// <summary>Data text as markup: escaped for Spectre and made printable (no terminal control bytes from the data).</summary>
    private static string Text(string? text) => Markup.Escape(Format.Printable(text));

    private static void WriteGroupTable(
        IAnsiConsole console, ReportModel report, string dimension, string title, IReadOnlyList<GroupReport> groups, IEnumerable<string> headers, Func<ReportKpis, IEnumerable<string>> cells)
    {
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]{Text(title)}[/]");
        t.AddColumn(Text(dimension));
        var withPeriod = report.Period is not null && dimension != "period";
        if (withPeriod)
        {
            t.AddColumn("period");
        }

        foreach (var h in headers)
        {
            t.AddColumn(new TableColumn(Text(h)).RightAligned());
        }

        foreach (var g in groups)
        {
            var row = new List<string> { Text(g.Key[0].Value) };
            if (withPeriod)
            {
                row.Add(Text(g.Key.Count > 1 ? g.Key[1].Value : string.Empty));
            }

            row.AddRange(cells(g.Kpis).Select(Markup.Escape));
            t.AddRow(row.ToArray());
        }

        console.Write(t);
    }

    private static string[] CountHeaders(ReportModel report)
    {
        var within = report.Total.ResponseTime is { WithinTargetShare.Count: > 0 } rt ? "in " + Format.Target(rt.WithinTargetShare[0].TargetSeconds) : "in 5m";
        string[] counts = ["leads", "won", "lost", "open", "conv.", "win", "resp. p50", within, "ttc p50"];
        return report.ScoringModel is null || report.Total.Score is not { Grades.Count: > 0 } score ? counts : [.. counts, "score", score.Grades[0].Grade];
    }

    private static readonly string[] MoneyHeaders = ["revenue", "cost", "CPL", "CAC", "ROI", "LTV"];

    private static IEnumerable<string> CountCells(ReportKpis k, ReportModel report)
    {
        yield return Format.Count(k.Leads);
        yield return Format.Count(k.Won);
        yield return Format.Count(k.Lost);
        yield return Format.Count(k.Open);
        yield return Format.Rate(k.ConversionRate);
        yield return Format.Rate(k.WinRate);
        yield return Format.Duration(k.ResponseTime?.Durations.P50);
        yield return Format.Rate(k.ResponseTime is { WithinTargetShare.Count: > 0 } rts ? rts.WithinTargetShare[0].Share : null);
        yield return Format.Duration(k.TimeToConversion?.P50);
        if (report.ScoringModel is not null)
        {
            yield return Format.Number((double?)k.Score?.Mean);
            yield return k.Score is { Count: > 0 } sc && sc.Grades.Count > 0 ? Format.Rate((double)sc.Grades[0].Count / sc.Count) : Format.NotAvailable;
        }
    }

    private static IEnumerable<string> MoneyCells(ReportKpis k)
    {
        yield return Format.Amount(k.Revenue);
        yield return Format.Amount(k.Cost);
        yield return Format.CostRatio(k, Format.Amount(k.CostPerLead));
        yield return Format.CostRatio(k, Format.Amount(k.CustomerAcquisitionCost));
        yield return Format.CostRatio(k, Format.Ratio(k.Roi));
        yield return Format.Amount(k.LifetimeValue);
    }
}
