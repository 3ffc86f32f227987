using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>A report by period keeps its charts and stays readable: the latest periods in HTML, every period in JSON.</summary>
public sealed class HtmlPeriodTests
{
    [Fact]
    public void A_monthly_report_keeps_its_charts_and_shows_the_latest_periods()
    {
        var (exit, html, error) = Cli.Run(
            "report", "--sample", "--by", "source", "--period", "month", "--scoring", Repo.Path("samples", "scoring-model.json"),
            "--targets", Repo.Path("samples", "targets.json"), "--format", "html");
        Assert.True(exit == 0, error);

        // The money and grade-mix charts by source are drawn for the latest month instead of being dropped.
        Assert.Contains("id=\"value-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"score-chart\"", html, StringComparison.Ordinal);
        var latest = Regex.Match(html, @"Grade mix by source \(share of leads, month (\d{4}-\d{2})\)").Groups[1].Value;
        Assert.NotEmpty(latest);

        // The groups tables list the latest three months of each source, the targets the total and the latest month.
        var counts = Section(html, "groups")[..Section(html, "groups").IndexOf("id=\"groups-money\"", StringComparison.Ordinal)];
        var months = Regex.Matches(counts, @"period: (\d{4}-\d{2})").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(3, months.Count);
        Assert.Equal(latest, months.Max(StringComparer.Ordinal));
        Assert.Contains("every period is in the JSON report", counts, StringComparison.Ordinal);
        var targets = Section(html, "targets");
        Assert.DoesNotMatch(@"period=(?!" + latest + ")", targets);
        Assert.True(Regex.Count(targets, "<tr>") < 100, "targets table too long");

        // KPIs are named, with the JSON path as the cell's title.
        Assert.Contains("title=\"response_time_seconds.within_target_share.300\">answered within 5m<", targets, StringComparison.Ordinal);
        Assert.Contains(">response time p50<", targets, StringComparison.Ordinal);
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
