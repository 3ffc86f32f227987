using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 3: a stray quote (<c>"web</c> on one row, <c>web"</c> six rows later) merged seven rows into one lead,
/// silently, exit 0 even with <c>--on-bad-row fail</c>. A quoted field that runs over lines and holds the delimiter is
/// now a rejected row (malformed_row) named by the line where the quote opened, on both CSV readers.
/// </summary>
public sealed class StrayQuoteTests
{
    private const string Leads =
        "lead_id,created_at,source,owner\n" +
        "L1,2024-03-04T09:00:00Z,ads,noa\n" +
        "L2,2024-03-04T09:00:00Z,\"web,noa\n" +          // line 3: the quote opens ...
        "L3,2024-03-04T09:00:00Z,web,noa\n" +
        "L4,2024-03-04T09:00:00Z,web,noa\n" +
        "L5,2024-03-04T09:00:00Z,web,noa\n" +
        "L6,2024-03-04T09:00:00Z,web,noa\n" +
        "L7,2024-03-04T09:00:00Z,web,noa\n" +
        "L8,2024-03-04T09:00:00Z,web\",noa\n" +          // ... and closes on line 9
        "L9,2024-03-04T09:00:00Z,ads,eli\n";

    [Fact]
    public void A_stray_quote_is_a_rejected_row_named_by_the_line_it_opened_on_both_paths()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads), OnBadRow = BadRowPolicy.Skip };
        var (rows, columns) = ColumnarAllFilesTests.Both(load, new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);
        Assert.Contains("\"malformed_row\": 1", columns, StringComparison.Ordinal);
        Assert.Contains("\"line\": 3", columns, StringComparison.Ordinal);
        Assert.Contains("\"rows_read\": 3", columns, StringComparison.Ordinal);
        Assert.Contains("\"rows_accepted\": 2", columns, StringComparison.Ordinal);

        // Both cores: the same.
        var (_, twoThreads) = ColumnarAllFilesTests.Both(load, new ReportSettings { By = ["source"] }, threads: 2);
        Assert.Equal(rows, twoThreads);
    }

    [Fact]
    public void With_fail_the_command_stops_naming_the_line_where_the_quote_opened()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var run = Cli.Run("report", "--leads", leads, "--format", "json");
        Assert.Equal(3, run.Exit);
        Assert.Contains("line 3", run.Err, StringComparison.Ordinal);
        Assert.Contains("malformed_row", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stages.csv", "lead_id,stage,at\nL1,New,2024-03-04T09:00:00Z\nL1,\"Working,2024-03-05T00:00:00Z\nL1,Qualified\",2024-03-06T00:00:00Z\n")]
    [InlineData("touchpoints.csv", "lead_id,at,channel,kind,direction\nL1,2024-03-04T10:00:00Z,\"phone,call,outbound\nL1,2024-03-04T11:00:00Z,phone\",call,outbound\n")]
    [InlineData("costs.csv", "date,source,amount\n2024-03-04,ads,10\n2024-03-05,\"ads,10\n2024-03-06,ads\",10\n")]
    [InlineData("revenue.csv", "lead_id,at,amount\nL1,2024-03-05T00:00:00Z,\"10\nL1,2024-03-06T00:00:00Z,10\"\n")]
    public void Every_input_file_reports_a_stray_quote_the_same_on_both_paths(string file, string text)
    {
        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", "lead_id,created_at,source,won_at\nL1,2024-03-04T09:00:00Z,ads,2024-03-10T00:00:00Z\n"),
            OnBadRow = BadRowPolicy.Skip,
        };
        var path = dir.Write(file, text);
        load = file switch
        {
            "stages.csv" => load with { StagesPath = path },
            "touchpoints.csv" => load with { TouchpointsPath = path },
            "costs.csv" => load with { CostsPath = path },
            _ => load with { RevenuePath = path },
        };
        var (rows, columns) = ColumnarAllFilesTests.Both(load, new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);
        Assert.Contains("\"malformed_row\": 1", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_field_over_lines_without_the_delimiter_is_read()
    {
        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", "lead_id,created_at,source,notes\nL1,2024-03-04T09:00:00Z,ads,\"first line\nsecond line\"\nL2,2024-03-04T09:00:00Z,web,\n"),
            OnBadRow = BadRowPolicy.Fail,
        };
        var (rows, columns) = ColumnarAllFilesTests.Both(load, new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);
        Assert.DoesNotContain("malformed_row", columns, StringComparison.Ordinal);
        Assert.Contains("\"leads\": 2", columns, StringComparison.Ordinal);
    }
}
