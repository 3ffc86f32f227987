using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// One rule for a stage row dated after the close (issue 16, item 7): after a terminal stage row or after the lead row's
/// won_at / lost_at alike, the stage row is rejected as stage_after_close and the lead is kept (a stray row after won_at
/// used to drop the whole lead).
/// </summary>
public sealed class StageAfterCloseTests
{
    private const string Leads =
        "lead_id,created_at,source,won_at,lost_at\n" +
        "L1,2024-03-01T00:00:00Z,web,2024-03-10T00:00:00Z,\n" +   // closed by the lead row
        "L2,2024-03-01T00:00:00Z,web,,\n" +                        // closed by its ClosedWon stage row
        "L3,2024-03-01T00:00:00Z,ads,,2024-03-05T00:00:00Z\n";    // lost by the lead row; a stage row at the close is kept

    private const string Stages =
        "lead_id,stage,at\n" +
        "L1,New,2024-03-01T00:00:00Z\n" +
        "L1,Working,2024-03-12T00:00:00Z\n" +    // line 3: after won_at
        "L2,New,2024-03-01T00:00:00Z\n" +
        "L2,ClosedWon,2024-03-10T00:00:00Z\n" +
        "L2,Working,2024-03-12T00:00:00Z\n" +    // line 6: after the ClosedWon row
        "L3,Working,2024-03-05T00:00:00Z\n";     // at lost_at: not after it

    [Fact]
    public void Both_closes_reject_only_the_later_stage_row_on_both_paths()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads), StagesPath = dir.Write("stages.csv", Stages), OnBadRow = BadRowPolicy.Skip };
        var (rows, columns) = Reports.BothPaths(load, new ReportSettings { By = ["source"] });
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));
        Assert.Equal(3, columns.Total.Leads);
        Assert.Equal(2, columns.Total.Won);
        var stages = columns.DataQuality.Files.Single(f => f.Kind == InputKind.Stages);
        Assert.Equal(new Dictionary<string, long> { ["stage_after_close"] = 2 }, stages.Rejected);
        Assert.Equal([3, 6], stages.Examples["stage_after_close"].Select(e => e.Line));
    }

    [Fact]
    public void Under_fail_the_first_such_row_stops_the_report()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("report", "--leads", dir.Write("leads.csv", Leads), "--stages", dir.Write("stages.csv", Stages));
        Assert.Equal(3, exit);
        Assert.Contains("stage_after_close", err, StringComparison.Ordinal);
        Assert.Contains("won_at", err, StringComparison.Ordinal);
    }
}
