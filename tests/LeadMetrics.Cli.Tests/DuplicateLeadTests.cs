using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// --on-duplicate first|last|fail (issue 16, item 7): a leads row whose lead_id appeared on an earlier row. Both reading
/// paths (the columnar reader and the row path of --scoring and attribute --by) give the same report; rows read =
/// accepted + rejected in every mode.
/// </summary>
public sealed class DuplicateLeadTests
{
    // L1 appears three times: line 2 (web, won 1000), line 4 (ads, lost), line 6 (ads, won 400). L2 is rejected on line 3
    // (no created_at) and appears again, valid, on line 5. L3 (line 7) is plain; L3 again on line 8 with an unparseable
    // won_at is rejected for its own reason and replaces nothing.
    private const string LeadsCsv =
        "lead_id,created_at,source,won_at,lost_at,value\n" +
        "L1,2024-03-04T09:00:00Z,web,2024-03-20T00:00:00Z,,1000\n" +   // line 2
        "L2,,web,,,\n" +                                                // line 3: missing_created_at
        "L1,2024-03-05T09:00:00Z,ads,,2024-03-06T00:00:00Z,\n" +      // line 4
        "L2,2024-03-05T09:00:00Z,ads,,,\n" +                            // line 5
        "L1,2024-03-06T09:00:00Z,ads,2024-03-09T00:00:00Z,,400\n" +    // line 6
        "L3,2024-03-06T09:00:00Z,web,,,\n" +                            // line 7
        "L3,2024-03-06T09:00:00Z,ads,soon,,\n";                         // line 8: unparseable_date

    private const string StagesCsv =
        "lead_id,stage,at\n" +
        "L1,New,2024-03-06T09:00:00Z\n" +
        "L2,New,2024-03-05T09:00:00Z\n";

    private static (ReportModel Rows, ReportModel Columns) Both(DuplicateLeadPolicy policy, TempDir dir) =>
        Reports.BothPaths(
            new LoadOptions
            {
                LeadsPath = dir.Write("leads.csv", LeadsCsv),
                StagesPath = dir.Write("stages.csv", StagesCsv),
                OnBadRow = BadRowPolicy.Skip,
                OnDuplicate = policy,
            },
            new ReportSettings { By = ["source"] });

    private static Dictionary<string, int> Leads(ReportModel report) => report.Groups.ToDictionary(g => g.Key[0].Value, g => (int)g.Kpis.Leads);

    [Fact]
    public void First_keeps_the_first_row_and_counts_later_ones_as_duplicates_on_both_paths()
    {
        using var dir = new TempDir();
        var (rows, columns) = Both(DuplicateLeadPolicy.First, dir);
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));

        // L1 from line 2 (web, won), L3 from line 7 (web); L2's later valid row is a duplicate of its rejected first row.
        Assert.Equal(new Dictionary<string, int> { ["web"] = 2 }, Leads(rows));
        var leads = rows.DataQuality.Files.Single(f => f.Kind == InputKind.Leads);
        Assert.Equal(7, leads.RowsRead);
        Assert.Equal(2, leads.RowsAccepted);
        Assert.Equal(new Dictionary<string, long> { ["duplicate_lead_id"] = 4, ["missing_created_at"] = 1 }, leads.Rejected);
    }

    [Fact]
    public void Last_replaces_the_earlier_row_in_its_place_and_counts_it_as_replaced_on_both_paths()
    {
        using var dir = new TempDir();
        var (rows, columns) = Both(DuplicateLeadPolicy.Last, dir);
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));

        // L1 from line 6 (ads, won 400: lines 2 and 4 replaced), L2 from line 5 (ads: its first row was rejected, nothing
        // replaced), L3 from line 7 (web: line 8 is rejected for its own reason and replaces nothing).
        Assert.Equal(new Dictionary<string, int> { ["ads"] = 2, ["web"] = 1 }, Leads(rows));
        var leads = rows.DataQuality.Files.Single(f => f.Kind == InputKind.Leads);
        Assert.Equal(7, leads.RowsRead);
        Assert.Equal(3, leads.RowsAccepted);
        Assert.Equal(new Dictionary<string, long> { ["duplicate_lead_replaced"] = 2, ["missing_created_at"] = 1, ["unparseable_date"] = 1 }, leads.Rejected);
        Assert.Equal(leads.RowsRead, leads.RowsAccepted + leads.Rejected.Values.Sum());
        var replaced = leads.Examples["duplicate_lead_replaced"];
        Assert.Equal([2L, 4L], replaced.Select(r => r.Line));
        Assert.Equal("replaced by line 4, a later row of this lead_id (--on-duplicate last).", replaced[0].Message);

        var ads = rows.Groups.Single(g => g.Key[0].Value == "ads").Kpis;
        Assert.Equal(1, ads.Won);
        Assert.Equal(400m, ads.WonValue);
    }

    [Fact]
    public void Last_counts_replaced_rows_even_when_bad_rows_fail()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source\nL1,2024-03-04T09:00:00Z,web\nL1,2024-03-05T09:00:00Z,ads\n");
        using var doc = Cli.Json("--leads", leads, "--by", "source", "--on-duplicate", "last");
        var file = doc.RootElement.GetProperty("data_quality").GetProperty("files")[0];
        Assert.Equal(2, file.GetProperty("rows_read").GetInt32());
        Assert.Equal(1, file.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(1, file.GetProperty("rejected").GetProperty("duplicate_lead_replaced").GetInt32());
        Assert.Equal("ads", doc.RootElement.GetProperty("groups")[0].GetProperty("key").GetProperty("source").GetString());
    }

    [Fact]
    public void Last_leaves_no_trace_of_a_replaced_rows_label_on_either_path()
    {
        // The replaced row's source (web) is no lead's: no web group, and a web cost row is a label that matches no lead.
        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", "lead_id,created_at,source\nL1,2024-03-04T09:00:00Z,web\nL1,2024-03-05T09:00:00Z,ads\n"),
            CostsPath = dir.Write("costs.csv", "date,source,amount,category\n2024-03-04,web,100,media\n2024-03-04,ads,50,media\n"),
            OnDuplicate = DuplicateLeadPolicy.Last,
        };
        var (rows, columns) = Reports.BothPaths(load, new ReportSettings { By = ["source"] });
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));
        using var doc = JsonDocument.Parse(Reports.Json(columns));
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!, g => g.GetProperty("leads").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["ads"] = 1, ["web"] = 0 }, groups);
        Assert.Equal(1, doc.RootElement.GetProperty("data_quality").GetProperty("unmatched_cost_labels").GetProperty("source").GetProperty("web").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fail_stops_with_exit_3_naming_the_line_and_the_id_whatever_the_bad_row_policy(bool skip)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", LeadsCsv);
        string[] args = ["report", "--leads", leads, "--on-duplicate", "fail", .. skip ? new[] { "--on-bad-row", "skip" } : []];
        var (exit, _, err) = Cli.Run(args);
        Assert.Equal(3, exit);
        if (skip)
        {
            // Line 3 is skipped as a bad row; line 4 repeats L1 of line 2.
            Assert.Contains("line 4", err, StringComparison.Ordinal);
            Assert.Contains("L1", err, StringComparison.Ordinal);
            Assert.Contains("this lead_id appeared on line 2", err, StringComparison.Ordinal);
            Assert.Contains("--on-duplicate", err, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_both_paths_throws_the_same_row()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", LeadsCsv), OnBadRow = BadRowPolicy.Skip, OnDuplicate = DuplicateLeadPolicy.Fail };
        var rows = Assert.Throws<BadRowException>(() => DataSetLoader.Load(load));
        var columns = Assert.Throws<BadRowException>(() => ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(load.ToDataSetOptions()), load.ToDataSetOptions()), new ReportSettings()));
        Assert.Equal(4, rows.Row.Line);
        Assert.Equal("L1", rows.Row.Value);
        Assert.Equal(rows.Message, columns.Message);
    }
}
