using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 16 item 2 and issue 18: trend periods marked by maturity, spend-based CAC beside the cohort CAC, every rate with its interval at --confidence.</summary>
public sealed class CohortMaturityReportTests
{
    // November: N1 won on the 20th, N2 won on 2 December, N3 open. December: D1 won on the 5th, D2 lost on the 28th, D3 open.
    // Time to conversion 17, 17 and 4 days: p90 about 17 days. As of 28 December (D2's close, the last instant in the data):
    // November's youngest lead (N3, 20 November) is 38 days old: mature; December's (D3, 20 December) 8 days: immature.
    private const string Leads = "lead_id,created_at,source,won_at,lost_at,value\n"
        + "N1,2024-11-03,web,2024-11-20,,100\nN2,2024-11-15,web,2024-12-02,,100\nN3,2024-11-20,web,,,\n"
        + "D1,2024-12-01,web,2024-12-05,,100\nD2,2024-12-10,web,,2024-12-28,\nD3,2024-12-20,web,,,\n";

    // 600 spent in November, 300 in December.
    private const string Costs = "from,to,source,amount,category\n2024-11-01,2024-11-30,web,600,media\n2024-12-01,2024-12-31,web,300,media\n";

    private const double Day = 86_400;

    // A scoring model puts the report on the row path, which the conversion with open leads needs (its as-of instant
    // must be known before the pass); its points play no part here.
    private const string Model = """
        { "name": "none", "groups": [ { "name": "g", "dimension": "fit", "rules": [
            { "name": "never", "type": "oneOf", "attribute": "industry", "values": ["none"], "points": 1 } ] } ],
          "total": { "minimum": 0, "maximum": 100 }, "grades": [ { "name": "A", "routing": "nurture" } ] }
        """;

    private static (string Leads, string Costs) Files(TempDir dir) => (dir.Write("leads.csv", Leads), dir.Write("costs.csv", Costs));

    [Fact]
    public void Each_trend_period_has_its_maturity_and_spend_based_acquisition_cost()
    {
        using var dir = new TempDir();
        var (leads, costs) = Files(dir);
        using var doc = Cli.Json("--leads", leads, "--costs", costs);
        var root = doc.RootElement;
        Assert.Equal("2024-12-28T00:00:00Z", root.GetProperty("as_of").GetString());
        Assert.Equal(0.95, root.GetProperty("confidence").GetDouble());

        var trend = root.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal(["2024-11", "2024-12"], trend.Select(t => t.GetProperty("key").GetProperty("period").GetString()));
        var november = trend[0];
        var december = trend[1];

        var nov = november.GetProperty("maturity");
        Assert.Equal(1.0 / 3, nov.GetProperty("open_share").GetDouble(), 12);
        Assert.Equal(38 * Day, nov.GetProperty("youngest_age_seconds").GetDouble());
        Assert.InRange(nov.GetProperty("typical_close_seconds").GetDouble(), 17 * Day * 0.99, 17 * Day * 1.01);
        Assert.True(nov.GetProperty("mature").GetBoolean());

        var dec = december.GetProperty("maturity");
        Assert.Equal(1.0 / 3, dec.GetProperty("open_share").GetDouble(), 12);
        Assert.Equal(8 * Day, dec.GetProperty("youngest_age_seconds").GetDouble());
        Assert.False(dec.GetProperty("mature").GetBoolean());

        // Cohort CAC: November 600 / 2 won of its leads, December 300 / 1. Spend-based: November 600 / 1 won in it (N1),
        // December 300 / 2 won in it (N2, D1).
        Assert.Equal(300m, november.GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.Equal(300m, december.GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.Equal(1, november.GetProperty("customers_won_in_period").GetInt64());
        Assert.Equal(2, december.GetProperty("customers_won_in_period").GetInt64());
        Assert.Equal(600m, november.GetProperty("spend_acquisition_cost").GetDecimal());
        Assert.Equal(150m, december.GetProperty("spend_acquisition_cost").GetDecimal());

        // Outside the trend the fields are null.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("total").GetProperty("maturity").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("total").GetProperty("spend_acquisition_cost").ValueKind);
    }

    [Fact]
    public void Without_costs_the_spend_based_cost_is_null_and_maturity_is_still_marked()
    {
        using var dir = new TempDir();
        var (leads, _) = Files(dir);
        using var doc = Cli.Json("--leads", leads);
        var december = doc.RootElement.GetProperty("trend")[1];
        Assert.False(december.GetProperty("maturity").GetProperty("mature").GetBoolean());
        Assert.Equal(JsonValueKind.Null, december.GetProperty("spend_acquisition_cost").ValueKind);
        Assert.Equal(JsonValueKind.Null, december.GetProperty("customers_won_in_period").ValueKind);
    }

    [Fact]
    public void Every_rate_has_its_interval_at_the_chosen_confidence()
    {
        using var dir = new TempDir();
        var (leads, _) = Files(dir);
        using var doc = Cli.Json("--leads", leads, "--confidence", "90");
        var root = doc.RootElement;
        Assert.Equal(0.9, root.GetProperty("confidence").GetDouble(), 12);
        var total = root.GetProperty("total");

        // By hand from Wilson's formula with z = 1.644854 (90%): 3 won of 6 leads, 3 won of 4 closed.
        Assert.Equal([0.22126m, 0.77874m], Bounds(total.GetProperty("conversion_rate_ci")));
        Assert.Equal([0.356168m, 0.942093m], Bounds(total.GetProperty("win_rate_ci")));

        // Funnel: every lead is New; only the won leads passed the later stages (3 of 6 reached Working).
        var funnel = total.GetProperty("funnel").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, funnel[0].GetProperty("conversion_from_previous_ci").ValueKind);
        Assert.Equal([0.22126m, 0.77874m], Bounds(funnel[1].GetProperty("conversion_from_previous_ci")));
        Assert.Equal(1m, Bounds(funnel[^1].GetProperty("conversion_from_previous_ci"))[1]); // 3 of 3: exactly 1

        // No lead was answered: 0 of 6 within each target, lower bound exactly 0, upper z²/(n + z²).
        var within = total.GetProperty("response_time_seconds").GetProperty("within_target_share_ci");
        Assert.Equal([0m, 0.310784m], Bounds(within.GetProperty("300")));

        // December's cohort: 1 won of 3.
        Assert.Equal([0.078266m, 0.746466m], Bounds(root.GetProperty("trend")[1].GetProperty("conversion_rate_ci")));
    }

    [Fact]
    public void Converted_within_days_counts_open_leads_and_marks_immature_cells()
    {
        // As of 28 December. Total: conversion after 4 days (D1), censored at 8 days (D3, open), conversions after 17 days
        // (N1, N2), D2 lost: at risk until its age at as-of, 18 days; N3 open, 38 days. S(4d) = 5/6; S(17d) = 5/6 · (1 − 2/4) = 5/12.
        using var dir = new TempDir();
        var (leads, costs) = Files(dir);
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--scoring", dir.Write("model.json", Model)); // the row path (scoring): the survival needs it
        var total = doc.RootElement.GetProperty("total").GetProperty("converted_within");
        Assert.Equal(decimal.Round(1m / 6, 6), total.GetProperty("7").GetProperty("share").GetDecimal());
        Assert.True(total.GetProperty("7").GetProperty("mature").GetBoolean()); // the youngest lead is 8 days old
        Assert.Equal(decimal.Round(7m / 12, 6), total.GetProperty("30").GetProperty("share").GetDecimal());
        Assert.False(total.GetProperty("30").GetProperty("mature").GetBoolean());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("90").ValueKind); // nobody observed 90 days

        // November's cohort: 2 of 3 within 30 days, every lead at least 38 days old: mature, the plain share.
        // December's: 1 of 3 within 7 days (mature), nothing known at 30 days (its oldest lead is 27 days old).
        var trend = doc.RootElement.GetProperty("trend");
        var november = trend[0].GetProperty("converted_within");
        Assert.Equal(decimal.Round(2m / 3, 6), november.GetProperty("30").GetProperty("share").GetDecimal());
        Assert.True(november.GetProperty("30").GetProperty("mature").GetBoolean());
        Assert.Equal(0m, november.GetProperty("7").GetProperty("share").GetDecimal());
        Assert.Equal([0m, 0.561497m], Bounds(november.GetProperty("7").GetProperty("ci"))); // Wilson 0 of 3 at 95%
        var december = trend[1].GetProperty("converted_within");
        Assert.Equal(decimal.Round(1m / 3, 6), december.GetProperty("7").GetProperty("share").GetDecimal());
        Assert.Equal(JsonValueKind.Null, december.GetProperty("30").ValueKind);

        // The curve at the reported days while observed: the longest observation is N3's 38 days.
        var curve = doc.RootElement.GetProperty("total").GetProperty("conversion_curve").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 5, 7, 10, 14, 21, 30], curve.Select(c => c.GetProperty("days").GetInt32()));
        Assert.Equal(decimal.Round(7m / 12, 6), curve[^1].GetProperty("converted").GetDecimal());
    }

    [Fact]
    public void The_columnar_path_gives_the_same_survival_sections_as_the_row_path()
    {
        // Leads and costs only run on the columnar path (its leads kept compactly until the as-of instant is known);
        // with --scoring the same leads run on the row path. Every converted-within cell and curve point is the same.
        using var dir = new TempDir();
        var (leads, costs) = Files(dir);
        using var columnar = Cli.Json("--leads", leads, "--costs", costs);
        using var rows = Cli.Json("--leads", leads, "--costs", costs, "--scoring", dir.Write("model.json", Model));
        static string Survival(JsonElement scope) => scope.GetProperty("converted_within").GetRawText() + scope.GetProperty("conversion_curve").GetRawText();
        var total = columnar.RootElement.GetProperty("total");
        Assert.NotEqual(JsonValueKind.Null, total.GetProperty("converted_within").ValueKind);
        Assert.Equal(decimal.Round(7m / 12, 6), total.GetProperty("converted_within").GetProperty("30").GetProperty("share").GetDecimal());
        Assert.Equal(Survival(rows.RootElement.GetProperty("total")), Survival(total));
        var (trendColumnar, trendRows) = (columnar.RootElement.GetProperty("trend"), rows.RootElement.GetProperty("trend"));
        Assert.Equal(trendRows.GetArrayLength(), trendColumnar.GetArrayLength());
        for (var i = 0; i < trendRows.GetArrayLength(); i++)
        {
            Assert.Equal(Survival(trendRows[i]), Survival(trendColumnar[i]));
        }
    }

    [Theory]
    [InlineData("95", 0.95)]
    [InlineData("99.5%", 0.995)]
    [InlineData("0.9", 0.9)]
    public void Confidence_is_a_percentage_or_a_fraction(string text, double expected)
    {
        using var dir = new TempDir();
        var (leads, _) = Files(dir);
        using var doc = Cli.Json("--leads", leads, "--confidence", text);
        Assert.Equal(expected, doc.RootElement.GetProperty("confidence").GetDouble(), 12);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("-5")]
    public void A_confidence_out_of_range_is_a_usage_error_naming_the_option(string text)
    {
        using var dir = new TempDir();
        var (leads, _) = Files(dir);
        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--confidence", text);
        Assert.NotEqual(0, exit);
        Assert.Contains("--confidence", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_and_html_mark_immature_periods_and_show_intervals()
    {
        using var dir = new TempDir();
        var (leads, costs) = Files(dir);
        var (exit, table, error) = Cli.Run("report", "--leads", leads, "--costs", costs);
        Assert.True(exit == 0, error);
        Assert.Contains("IMMATURE", table, StringComparison.Ordinal);
        Assert.Contains("Immature (still moving, not a drop): 2024-12.", System.Text.RegularExpressions.Regex.Replace(table, @"\s+", " "), StringComparison.Ordinal); // the console wraps the sentence
        Assert.Contains("50.0% (18.8–81.2)", table, StringComparison.Ordinal); // 3 of 6 at 95%

        var (htmlExit, html, htmlError) = Cli.Run("report", "--leads", leads, "--costs", costs, "--format", "html");
        Assert.True(htmlExit == 0, htmlError);
        Assert.Contains("<table id=\"trend-maturity\">", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"immature\">"));
        Assert.Contains("<tr class=\"immature\"><td>2024-12</td>", html, StringComparison.Ordinal);

        // Conversion by month with error bars: one bar per month, December's grey (immature), a whisker per bar.
        var chart = System.Text.RegularExpressions.Regex.Match(html, "<svg[^>]*id=\"trend-conversion-chart\".*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(chart, "fill=\"#a0aec0\""));
        Assert.Contains("2024-12: conversion 33.3% (6.1–79.2), 1 of 3, immature", chart, StringComparison.Ordinal);
    }

    private static decimal[] Bounds(JsonElement interval) => [.. interval.EnumerateArray().Select(e => e.GetDecimal())];
}
