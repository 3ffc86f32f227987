using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;

namespace LeadMetrics.Cli.Tests;

/// <summary>--capacity: leads per rep and ISO week against capacity, utilization and dead leads (issue 16, item 6), by hand.</summary>
public sealed class CapacityReportTests
{
    // 2024-W10: dana gets 3 (answered in 10 min, after 2 h, never), eli 1 (5 min), one lead has no owner (never answered).
    // 2024-W11: eli 1 (5 min). --capacity 2,noa=5: noa is on the roster with no leads.
    private const string Leads =
        "lead_id,created_at,owner,first_response_at\n" +
        "L1,2024-03-04T09:00:00Z,dana,2024-03-04T09:10:00Z\n" +
        "L2,2024-03-05T09:00:00Z,dana,2024-03-05T11:00:00Z\n" +
        "L3,2024-03-06T09:00:00Z,dana,\n" +
        "L4,2024-03-06T09:00:00Z,eli,2024-03-06T09:05:00Z\n" +
        "L5,2024-03-07T09:00:00Z,,\n" +
        "L6,2024-03-12T09:00:00Z,eli,2024-03-12T09:05:00Z\n";

    [Fact]
    public void Reps_and_weeks_by_hand()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", dir.Write("leads.csv", Leads), "--capacity", "2,noa=5");
        var capacity = doc.RootElement.GetProperty("capacity");
        Assert.Equal(2, capacity.GetProperty("default_weekly_capacity").GetInt32());
        Assert.Equal(3600, capacity.GetProperty("response_target_seconds").GetInt64());

        var reps = capacity.GetProperty("reps").EnumerateArray().ToList();
        Assert.Equal(["dana", "eli", "noa"], reps.Select(r => r.GetProperty("rep").GetString()));
        var dana = reps[0];
        Assert.Equal(1, dana.GetProperty("weeks_over_capacity").GetInt32());
        Assert.Equal(3, dana.GetProperty("assigned").GetInt32());
        Assert.Equal(2, dana.GetProperty("capacity").GetInt32());
        Assert.Equal(1.5m, dana.GetProperty("utilization").GetDecimal());
        Assert.Equal(2, dana.GetProperty("dead").GetInt32());
        Assert.Equal(0.666667m, dana.GetProperty("dead_share").GetDecimal());
        Assert.Equal(0.5m, reps[1].GetProperty("utilization").GetDecimal());
        Assert.Equal(10, reps[2].GetProperty("capacity").GetInt32()); // noa: two weeks of 5, no leads
        Assert.Equal(JsonValueKind.Null, reps[2].GetProperty("dead_share").ValueKind);

        var weeks = capacity.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(["2024-W10", "2024-W11"], weeks.Select(w => w.GetProperty("week").GetString()));
        Assert.Equal(5, weeks[0].GetProperty("leads").GetInt32());
        Assert.Equal(1, weeks[0].GetProperty("unassigned").GetInt32());
        Assert.Equal(9, weeks[0].GetProperty("capacity").GetInt32()); // dana 2 + eli 2 + noa 5
        Assert.Equal(0.555556m, weeks[0].GetProperty("utilization").GetDecimal());
        Assert.Equal(3, weeks[0].GetProperty("dead").GetInt32()); // dana's two and the unassigned lead
        Assert.Equal(1, weeks[0].GetProperty("reps_over_capacity").GetInt32());
        Assert.Equal(7, weeks[1].GetProperty("capacity").GetInt32()); // eli 2 + noa 5
    }

    [Fact]
    public void Without_the_option_there_is_no_section()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", dir.Write("leads.csv", Leads));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("capacity").ValueKind);
    }

    [Fact]
    public void The_row_and_columnar_paths_agree_and_console_and_html_show_it()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads) };
        var settings = new ReportSettings { By = ["owner"], Capacity = CapacitySetting.Parse("2,noa=5") };
        var (rows, columns) = Reports.BothPaths(load, settings);
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));

        var (exit, output, err) = Cli.Run("report", "--leads", load.LeadsPath, "--capacity", "2,noa=5");
        Assert.True(exit == 0, err);
        Assert.Contains("Capacity by rep", output, StringComparison.Ordinal);
        Assert.Contains("150.0%", output, StringComparison.Ordinal); // dana's utilization

        var html = dir.File("report.html");
        (exit, _, err) = Cli.Run("report", "--leads", load.LeadsPath, "--capacity", "2", "--format", "html", "--out", html);
        Assert.True(exit == 0, err);
        Assert.Contains("<section id=\"capacity\">", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forty", "expected leads per rep and week")]
    [InlineData("40,dana", "'dana' is not rep=leads")]
    [InlineData("40,dana=-1", "'dana=-1' is not rep=leads")]
    [InlineData("40,dana=1,dana=2", "names rep 'dana' twice")]
    public void A_malformed_capacity_is_a_usage_error(string value, string message)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("report", "--leads", dir.Write("leads.csv", Leads), "--capacity", value);
        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }
}
