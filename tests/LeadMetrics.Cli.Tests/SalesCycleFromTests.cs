using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;

namespace LeadMetrics.Cli.Tests;

/// <summary>--cycle-from: the sales cycle from a chosen open stage (issue 16, item 6), by a hand-computed example.</summary>
public sealed class SalesCycleFromTests
{
    // L1 reaches Qualified on day 2 and is won on day 10: cycle from creation 10 days, from Qualified 8 days.
    // L2 skips Qualified and reaches Proposal on day 4, lost on day 6: from Qualified it starts at Proposal, 2 days.
    // L3 is lost on day 1 from New: it never reached Qualified (closed without start). L4 stays open: not counted.
    private const string Leads =
        "lead_id,created_at,source,won_at,lost_at\n" +
        "L1,2024-03-01T00:00:00Z,web,2024-03-11T00:00:00Z,\n" +
        "L2,2024-03-01T00:00:00Z,web,,2024-03-07T00:00:00Z\n" +
        "L3,2024-03-01T00:00:00Z,ads,,2024-03-02T00:00:00Z\n" +
        "L4,2024-03-01T00:00:00Z,ads,,\n";

    private const string Stages =
        "lead_id,stage,at\n" +
        "L1,New,2024-03-01T00:00:00Z\n" +
        "L1,Qualified,2024-03-03T00:00:00Z\n" +
        "L2,New,2024-03-01T00:00:00Z\n" +
        "L2,Proposal,2024-03-05T00:00:00Z\n" +
        "L3,New,2024-03-01T00:00:00Z\n";

    private const double Day = 86_400;

    [Fact]
    public void The_cycle_starts_at_the_first_entry_into_the_stage_or_a_later_one()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", dir.Write("leads.csv", Leads), "--stages", dir.Write("stages.csv", Stages), "--cycle-from", "qualified");
        Assert.Equal("Qualified", doc.RootElement.GetProperty("sales_cycle_from").GetString());
        var cycle = doc.RootElement.GetProperty("total").GetProperty("sales_cycle_seconds");
        Assert.Equal(8 * Day, cycle.GetProperty("won").GetProperty("mean").GetDouble());
        Assert.Equal(2 * Day, cycle.GetProperty("lost").GetProperty("mean").GetDouble());
        Assert.Equal(1, cycle.GetProperty("lost").GetProperty("count").GetInt64());
        Assert.Equal(1, cycle.GetProperty("closed_without_start").GetInt64());
    }

    [Fact]
    public void Without_the_option_the_cycle_starts_at_creation()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", dir.Write("leads.csv", Leads), "--stages", dir.Write("stages.csv", Stages));
        Assert.Equal("created", doc.RootElement.GetProperty("sales_cycle_from").GetString());
        var cycle = doc.RootElement.GetProperty("total").GetProperty("sales_cycle_seconds");
        Assert.Equal(10 * Day, cycle.GetProperty("won").GetProperty("mean").GetDouble());
        Assert.Equal(2, cycle.GetProperty("lost").GetProperty("count").GetInt64());
        Assert.Equal(0, cycle.GetProperty("closed_without_start").GetInt64());
    }

    [Fact]
    public void The_row_and_columnar_paths_agree()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads), StagesPath = dir.Write("stages.csv", Stages) };
        var settings = new ReportSettings { By = ["source"], CycleFrom = "Qualified" };
        var (rows, columns) = Reports.BothPaths(load, settings);
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));
    }

    [Theory]
    [InlineData("ClosedWon", "is a closing stage")]
    [InlineData("Negotiation", "is not a stage of the pipeline (open stages: New, Working, Qualified, Proposal)")]
    public void A_closing_or_unknown_stage_is_a_usage_error(string stage, string message)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("report", "--leads", dir.Write("leads.csv", Leads), "--cycle-from", stage);
        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_names_the_start()
    {
        using var dir = new TempDir();
        var (exit, output, err) = Cli.Run("report", "--leads", dir.Write("leads.csv", Leads), "--stages", dir.Write("stages.csv", Stages), "--cycle-from", "Qualified");
        Assert.True(exit == 0, err);
        Assert.Contains("sales cycle from Qualified (won) p50", output, StringComparison.Ordinal);
        Assert.Contains("closed without reaching Qualified", output, StringComparison.Ordinal);
    }
}
