namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 1: values that do not fit the types never give a stack trace. An amount beyond ±10^18 is a counted
/// bad row (amount_out_of_range, exit 3 under fail) naming file, line, column and value; a figure whose quotient does
/// not fit a decimal is null with its reason (JSON "undefined", "–" and a note in the tables); the last date of the
/// calendar and scoring points near the decimal maximum are handled.
/// </summary>
public sealed class OverflowTests
{
    private const string Header = "lead_id,created_at,source,won_at,value\n";

    [Theory]
    [InlineData("json")]
    [InlineData("table")]
    [InlineData("html")]
    public void Two_deal_values_of_7e28_are_bad_rows_not_a_crash(string format)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,7e28\nL2,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,7e28\nL3,2024-03-04T09:00:00Z,ads,,\n");

        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--format", format);
        Assert.Equal(CliApp.BadRowError, exit);
        Assert.Contains("leads.csv, line 2, column value: value '7e28' rejected (amount_out_of_range)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);

        var (skipExit, output, skipError) = Cli.Run("report", "--leads", leads, "--format", format, "--on-bad-row", "skip");
        Assert.True(skipExit == 0, skipError);
        Assert.Contains("amount_out_of_range", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_amount_rows_keep_rows_read_equal_to_accepted_plus_rejected()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,7e28\nL2,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,100\n");
        var costs = dir.Write("costs.csv", "source,date,amount\nweb,2024-03-04,7e28\nweb,2024-03-05,7e28\nweb,2024-03-06,10\n");
        var revenue = dir.Write("revenue.csv", "lead_id,at,amount\nL2,2024-03-06T09:00:00Z,7e28\nL2,2024-03-07T09:00:00Z,-7e28\nL2,2024-03-08T09:00:00Z,50\n");
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--revenue", revenue, "--on-bad-row", "skip");
        var q = doc.RootElement.GetProperty("data_quality");
        Assert.Equal(1 + 2 + 2, q.GetProperty("rejected").GetProperty("amount_out_of_range").GetInt32());
        Assert.Equal(q.GetProperty("rows_read").GetInt32(), q.GetProperty("rows_accepted").GetInt32() + 5);
        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(10m, total.GetProperty("cost").GetDecimal());
        Assert.Equal(50m, total.GetProperty("revenue").GetDecimal());
        Assert.Equal(1, total.GetProperty("leads").GetInt32());
    }

    [Theory]
    [InlineData("costs.csv", "source,date,amount\nweb,2024-03-04,7e28\n", "costs.csv, line 2, column amount: value '7e28'")]
    [InlineData("revenue.csv", "lead_id,at,amount\nL1,2024-03-06T09:00:00Z,-79228162514264337593543950335\n", "revenue.csv, line 2, column amount: value '-79228162514264337593543950335'")]
    public void Cost_and_revenue_amounts_past_the_bound_stop_the_load_under_fail(string name, string content, string expected)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,100\n");
        var file = dir.Write(name, content);
        var (exit, _, error) = Cli.Run("report", "--leads", leads, name.StartsWith("costs", StringComparison.Ordinal) ? "--costs" : "--revenue", file);
        Assert.Equal(CliApp.BadRowError, exit);
        Assert.Contains(expected + " rejected (amount_out_of_range)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tiny_cost_makes_roi_and_roas_undefined_with_a_reason()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,100\n");
        var costs = dir.Write("costs.csv", "source,date,amount\nweb,2024-03-04,1e-28\n");

        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--by", "source");
        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, total.GetProperty("roi").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, total.GetProperty("roas").ValueKind);
        var undefined = total.GetProperty("undefined");
        Assert.StartsWith("out_of_range:", undefined.GetProperty("roi").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("out_of_range:", undefined.GetProperty("roas").GetString(), StringComparison.Ordinal);
        Assert.False(total.TryGetProperty("undefined", out var u) && u.TryGetProperty("cost_per_lead", out _));
        var group = doc.RootElement.GetProperty("groups")[0];
        Assert.True(group.GetProperty("undefined").TryGetProperty("roi", out _));
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("ROI of total is undefined (–): out_of_range", StringComparison.Ordinal));

        foreach (var format in new[] { "table", "html" })
        {
            var (exit, output, error) = Cli.Run("report", "--leads", leads, "--costs", costs, "--format", format);
            Assert.True(exit == 0, error);
            Assert.Contains("ROI of total is undefined (–): out_of_range", output, StringComparison.Ordinal);
        }

        // A scope whose figures fit has no "undefined" member.
        var normal = dir.Write("normal.csv", "source,date,amount\nweb,2024-03-04,10\n");
        using var ok = Cli.Json("--leads", leads, "--costs", normal);
        Assert.False(ok.RootElement.GetProperty("total").TryGetProperty("undefined", out _));
    }

    [Theory]
    [InlineData("day")]
    [InlineData("month")]
    public void Revenue_dated_9999_12_31_is_reported(string period)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,100\n");
        var revenue = dir.Write("revenue.csv", "lead_id,at,amount\nL1,9999-12-31T23:59:59Z,10\nL1,2024-03-06T09:00:00Z,5\n");
        foreach (var format in new[] { "json", "table", "html" })
        {
            var (exit, output, error) = Cli.Run("report", "--leads", leads, "--revenue", revenue, "--period", period, "--format", format);
            Assert.True(exit == 0, $"{format}: exit {exit}: {error}");
            Assert.DoesNotContain("Exception", error + output, StringComparison.Ordinal);
        }

        using var doc = Cli.Json("--leads", leads, "--revenue", revenue);
        Assert.Equal(15m, doc.RootElement.GetProperty("total").GetProperty("revenue").GetDecimal());
    }

    [Theory]
    [InlineData("revenue.csv", "lead_id,at,amount\nL1,9999-12-31T23:59:53-09,10\n", "UTC", "revenue.csv, line 2, column at: value '9999-12-31T23:59:53-09'")]
    [InlineData("leads.csv", "lead_id,created_at\nL1,9999-12-31T23:59:59\n", "America/New_York", "leads.csv, line 2, column created_at: value '9999-12-31T23:59:59'")]
    public void A_timestamp_past_the_last_instant_is_an_unparseable_date_not_a_crash(string name, string content, string zone, string expected)
    {
        // Found by fuzzing (fuzz/crashes/revenue/crash-1.csv): an offset or a zone west of UTC moves the calendar's last
        // second past the last instant NodaTime holds, which threw OverflowException from the timestamp parser.
        using var dir = new TempDir();
        var leads = name == "leads.csv" ? dir.Write(name, content) : dir.Write("leads.csv", Header + "L1,2024-03-04T09:00:00Z,web,2024-03-05T09:00:00Z,100\n");
        string[] args = name == "leads.csv" ? ["report", "--leads", leads, "--zone", zone] : ["report", "--leads", leads, "--revenue", dir.Write(name, content), "--zone", zone];
        var (exit, _, error) = Cli.Run(args);
        Assert.Equal(CliApp.BadRowError, exit);
        Assert.Contains(expected + " rejected (unparseable_date)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scoring_points_near_the_decimal_maximum_are_a_usage_error_naming_the_rule()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source,industry,role\nL1,2024-03-04T09:00:00Z,web,software,founder\n");
        var scoring = dir.Write("scoring.json", """
            {"name":"huge","groups":[{"name":"g","dimension":"fit","rules":[
              {"name":"a","type":"oneOf","attribute":"industry","values":["software"],"points":70000000000000000000000000000},
              {"name":"b","type":"oneOf","attribute":"role","values":["founder"],"points":70000000000000000000000000000}]}],
             "grades":[{"name":"A","minimum":0},{"name":"B"}]}
            """);
        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--scoring", scoring);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("$.groups[0].rules[0]", error, StringComparison.Ordinal);
        Assert.Contains("points must be within ±1000000000000", error, StringComparison.Ordinal);
        Assert.Contains("70000000000000000000000000000", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
