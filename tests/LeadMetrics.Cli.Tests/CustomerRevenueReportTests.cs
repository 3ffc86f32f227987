using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Customer revenue beside all revenue, gross profit and ROI on margin (issue 16, item 4), hand-computed, on both reading
/// paths and in every format (docs/cli.md, "Money KPIs").
/// </summary>
public sealed class CustomerRevenueReportTests
{
    // web: L1 won (pays 600 and 400 after creation, 100 an hour before it), L2 lost (pays 300).
    // ads: L3 open (pays 200), L4 won (pays 50 at the instant of creation).
    // Costs: web media 500, ads media 250 (all in March).
    // web: revenue 1,400; customer revenue 1,000; other 400; ROI (1,400 - 500) / 500 = 1.8;
    //      margin 0.35: gross profit 490, ROI on margin (490 - 500) / 500 = -0.02.
    // ads: revenue 250; customer revenue 50; other 200; ROI (250 - 250) / 250 = 0; gross profit 87.5, ROI on margin -0.65.
    // total: revenue 1,650; customer revenue 1,050; gross profit 577.5; ROI (1,650 - 750) / 750 = 1.2; on margin -0.23.
    private const string LeadsCsv =
        "lead_id,created_at,source,won_at,lost_at,value\n" +
        "L1,2024-03-04T09:00:00Z,web,2024-03-10T00:00:00Z,,1000\n" +
        "L2,2024-03-04T09:00:00Z,web,,2024-03-08T00:00:00Z,\n" +
        "L3,2024-03-05T09:00:00Z,ads,,,\n" +
        "L4,2024-03-05T09:00:00Z,ads,2024-03-06T00:00:00Z,,50\n";

    private const string RevenueCsv =
        "lead_id,at,amount\n" +
        "L1,2024-03-11T00:00:00Z,600\n" +
        "L1,2024-04-11T00:00:00Z,400\n" +
        "L1,2024-03-04T08:00:00Z,100\n" +
        "L2,2024-03-06T00:00:00Z,300\n" +
        "L3,2024-03-07T00:00:00Z,200\n" +
        "L4,2024-03-05T09:00:00Z,50\n";

    private const string CostsCsv =
        "date,source,amount,category\n" +
        "2024-03-04,web,500,media\n" +
        "2024-03-04,ads,250,media\n";

    private static LoadOptions Load(TempDir dir) => new()
    {
        LeadsPath = dir.Write("leads.csv", LeadsCsv),
        RevenuePath = dir.Write("revenue.csv", RevenueCsv),
        CostsPath = dir.Write("costs.csv", CostsCsv),
    };

    [Fact]
    public void Customer_revenue_gross_profit_and_roi_on_margin_by_hand_on_both_paths()
    {
        using var dir = new TempDir();
        var (rows, columns) = Reports.BothPaths(Load(dir), new ReportSettings { By = ["source"], Margin = 0.35m });
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));

        using var doc = JsonDocument.Parse(Reports.Json(columns));
        var root = doc.RootElement;
        Assert.Equal(0.35m, root.GetProperty("margin").GetDecimal());
        var web = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetProperty("source").GetString() == "web");
        var ads = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetProperty("source").GetString() == "ads");
        var total = root.GetProperty("total");
        Check(web, revenue: 1400m, customer: 1000m, other: 400m, profit: 490m, roi: 1.8m, roiOnMargin: -0.02m);
        Check(ads, revenue: 250m, customer: 50m, other: 200m, profit: 87.5m, roi: 0m, roiOnMargin: -0.65m);
        Check(total, revenue: 1650m, customer: 1050m, other: 600m, profit: 577.5m, roi: 1.2m, roiOnMargin: -0.23m);
    }

    private static void Check(JsonElement scope, decimal revenue, decimal customer, decimal other, decimal profit, decimal roi, decimal roiOnMargin)
    {
        Assert.Equal(revenue, scope.GetProperty("revenue").GetDecimal());
        Assert.Equal(customer, scope.GetProperty("customer_revenue").GetDecimal());
        Assert.Equal(other, scope.GetProperty("non_customer_revenue").GetDecimal());
        Assert.Equal(profit, scope.GetProperty("gross_profit").GetDecimal());
        Assert.Equal(roi, scope.GetProperty("roi").GetDecimal());
        Assert.Equal(roiOnMargin, scope.GetProperty("roi_on_margin").GetDecimal());
    }

    [Fact]
    public void Without_margin_gross_profit_is_null_and_without_revenue_file_customer_revenue_is_null()
    {
        using var dir = new TempDir();
        var load = Load(dir);
        using var noMargin = JsonDocument.Parse(Reports.Json(Reports.BothPaths(load, new ReportSettings()).Columns));
        Assert.Equal(JsonValueKind.Null, noMargin.RootElement.GetProperty("margin").ValueKind);
        var total = noMargin.RootElement.GetProperty("total");
        Assert.Equal(1050m, total.GetProperty("customer_revenue").GetDecimal());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("gross_profit").ValueKind);
        Assert.Equal(JsonValueKind.Null, total.GetProperty("roi_on_margin").ValueKind);

        // Without revenue.csv revenue is the won deal value (1,050): no payments, so no customer revenue; the margin
        // still gives gross profit 367.5 and ROI on margin (367.5 - 750) / 750 = -0.51.
        var (rows, columns) = Reports.BothPaths(load with { RevenuePath = null }, new ReportSettings { Margin = 0.35m });
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));
        using var deals = JsonDocument.Parse(Reports.Json(columns));
        var t = deals.RootElement.GetProperty("total");
        Assert.Equal(JsonValueKind.Null, t.GetProperty("customer_revenue").ValueKind);
        Assert.Equal(JsonValueKind.Null, t.GetProperty("non_customer_revenue").ValueKind);
        Assert.Equal(367.5m, t.GetProperty("gross_profit").GetDecimal());
        Assert.Equal(-0.51m, t.GetProperty("roi_on_margin").GetDecimal());
    }

    [Fact]
    public void Console_and_html_show_customer_revenue_and_the_margin_figures()
    {
        using var dir = new TempDir();
        var load = Load(dir);
        var (exit, table, _) = Cli.Run("report", "--leads", load.LeadsPath, "--revenue", load.RevenuePath!, "--costs", load.CostsPath!, "--margin", "35%");
        Assert.Equal(0, exit);
        Assert.Contains("customer revenue", table, StringComparison.Ordinal);
        Assert.Contains("1,050.00 USD", table, StringComparison.Ordinal);
        Assert.Contains("gross profit (margin 35%)", table, StringComparison.Ordinal);
        Assert.Contains("577.50 USD", table, StringComparison.Ordinal);
        Assert.Contains("ROI on margin", table, StringComparison.Ordinal);

        var (htmlExit, html, _) = Cli.Run("report", "--leads", load.LeadsPath, "--revenue", load.RevenuePath!, "--costs", load.CostsPath!, "--margin", "0.35", "--format", "html");
        Assert.Equal(0, htmlExit);
        Assert.Contains("customer revenue", html, StringComparison.Ordinal);
        Assert.Contains("ROI on margin", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("120%")]
    [InlineData("abc")]
    public void A_margin_outside_0_to_1_is_a_usage_error(string margin)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("report", "--leads", dir.Write("leads.csv", LeadsCsv), "--margin", margin);
        Assert.Equal(2, exit);
        Assert.Contains("--margin", err, StringComparison.Ordinal);
    }
}
