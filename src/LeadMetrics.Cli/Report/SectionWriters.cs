using System.Text;
using LeadMetrics.Data.Reports;
using Spectre.Console;

namespace LeadMetrics.Cli.Report;

// The console tables and HTML sections of report sections whose figures are computed in LeadMetrics.Data.Reports
// (moved there for issue 20: the CLI keeps what draws them).

/// <summary>The capacity section's console tables and HTML (<see cref="CapacityModel"/>).</summary>
internal static class CapacityWriter
{
    /// <summary>The console's tables: reps, then the latest weeks of the team.</summary>
    public static void WriteTables(IAnsiConsole console, CapacityModel? capacity)
    {
        if (capacity is null)
        {
            return;
        }

        var reps = new Table().Border(TableBorder.Rounded).Title($"[bold]Capacity by rep: {capacity.DefaultCapacity} leads a week unless named; dead = not answered within {Format.Target(capacity.ResponseTargetSeconds)}[/]");
        reps.AddColumn("rep");
        foreach (var header in CapacityModel.RepHeaders.Skip(1))
        {
            reps.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var r in capacity.Reps)
        {
            reps.AddRow([.. CapacityModel.RepCells(r).Select(Markup.Escape)]);
        }

        console.Write(reps);
        var weeks = new Table().Border(TableBorder.Rounded).Title($"[bold]Team capacity, the latest {Math.Min(CapacityModel.ShownWeeks, capacity.Weeks.Count)} of {capacity.Weeks.Count} weeks (every week in JSON)[/]");
        weeks.AddColumn("week");
        foreach (var header in CapacityModel.WeekHeaders.Skip(1))
        {
            weeks.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var t in capacity.Weeks.TakeLast(CapacityModel.ShownWeeks))
        {
            weeks.AddRow([.. CapacityModel.WeekCells(t).Select(Markup.Escape)]);
        }

        console.Write(weeks);
    }

    /// <summary>The HTML section: reps and the latest weeks.</summary>
    public static void WriteHtml(StringBuilder h, CapacityModel? capacity)
    {
        if (capacity is null)
        {
            return;
        }

        h.Append("<section id=\"capacity\">\n<h2>Capacity</h2>\n");
        HtmlReportWriter.Note(h, $"Leads per rep and ISO week against capacity ({capacity.DefaultCapacity} a week unless named); utilization = leads / capacity; dead = not answered within {Format.Target(capacity.ResponseTargetSeconds)}. The latest {Math.Min(CapacityModel.ShownWeeks, capacity.Weeks.Count)} of {capacity.Weeks.Count} weeks; every week is in the JSON report.");
        HtmlReportWriter.Table(h, CapacityModel.RepHeaders, capacity.Reps.Select(CapacityModel.RepCells));
        HtmlReportWriter.Table(h, CapacityModel.WeekHeaders, capacity.Weeks.TakeLast(CapacityModel.ShownWeeks).Select(CapacityModel.WeekCells));
        h.Append("</section>\n");
    }
}

/// <summary>The peak-hours section's console tables and HTML (<see cref="PeakHours"/>).</summary>
internal static class PeakHoursWriter
{
    /// <summary>The console's two tables (by weekday, then by hour).</summary>
    public static void WriteTables(IAnsiConsole console, ReportModel report)
    {
        Write("weekday", report.ResponseByWeekday);
        Write("hour", report.ResponseByHour);

        void Write(string what, IReadOnlyList<PeakRow> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            var t = new Table().Border(TableBorder.Rounded).Title($"[bold]Response time by {what} of arrival ({Markup.Escape(report.Zone)})[/]");
            foreach (var header in PeakHours.Headers(report).Select((x, i) => i == 0 ? what : x))
            {
                t.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
            }

            foreach (var row in rows)
            {
                t.AddRow([.. PeakHours.Cells(row).Select(Markup.Escape)]);
            }

            console.Write(t);
        }
    }

    /// <summary>The HTML section: one table per cyclic grouping.</summary>
    public static void WriteHtml(StringBuilder h, ReportModel report)
    {
        if (report.ResponseByHour.Count == 0)
        {
            return;
        }

        h.Append("<section id=\"peak-hours\">\n<h2>Response time by hour and weekday of arrival</h2>\n");
        HtmlReportWriter.Note(h, $"Leads by the local hour and weekday ({report.Zone}) in which they were created, and how fast they were answered.");
        foreach (var (what, rows) in new[] { ("weekday", report.ResponseByWeekday), ("hour", report.ResponseByHour) })
        {
            HtmlReportWriter.Table(h, PeakHours.Headers(report).Select((x, i) => i == 0 ? what : x), rows.Select(PeakHours.Cells));
        }

        h.Append("</section>\n");
    }
}

/// <summary>The score-quality section's console table and HTML (<see cref="ScoreQualityModel"/>).</summary>
internal static class ScoreQualityWriter
{
    /// <summary>The console's table.</summary>
    public static void WriteTable(IAnsiConsole console, ScoreQualityModel? quality)
    {
        if (quality is null)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(ScoreQualityModel.Title(quality))}[/]");
        t.AddColumn("grade");
        foreach (var header in ScoreQualityModel.Headers.Skip(1))
        {
            t.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var g in quality.Grades)
        {
            t.AddRow([.. ScoreQualityModel.Cells(g).Select(Markup.Escape)]);
        }

        console.Write(t);
    }

    /// <summary>The HTML section.</summary>
    public static void WriteHtml(StringBuilder h, ScoreQualityModel? quality)
    {
        if (quality is null)
        {
            return;
        }

        h.Append("<section id=\"score-quality\">\n<h2>Does the score predict?</h2>\n");
        HtmlReportWriter.Note(h, ScoreQualityModel.Title(quality) + ". Win rate per grade = won / closed (open leads are counted, not in the rate); lift = the grade's win rate / the overall win rate. If the score predicts, the win rate falls grade by grade.");
        HtmlReportWriter.Table(h, ScoreQualityModel.Headers, quality.Grades.Select(ScoreQualityModel.Cells));
        h.Append("</section>\n");
    }
}
