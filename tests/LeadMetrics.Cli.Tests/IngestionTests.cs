using System.Text;
using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

public sealed class IngestionTests
{
    private static JsonElement Total(JsonDocument doc) => doc.RootElement.GetProperty("total");

    [Fact]
    public void Semicolon_bom_crlf_and_quoted_fields_are_read()
    {
        using var dir = new TempDir();
        var text = "lead_id;created_at;source;note\r\n" +
                   "A;2024-03-04T09:00:00Z;web;\"a; quoted \"\"note\"\"\r\nover two lines\"\r\n" +
                   "B;2024-03-04 10:00;;plain\r\n";
        var leads = dir.Write("leads.csv", text, new UTF8Encoding(true));
        using var doc = Cli.Json("--leads", leads, "--by", "source");
        Assert.Equal(2, Total(doc).GetProperty("leads").GetInt32());
        var labels = doc.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetProperty("source").GetString()).ToList();
        Assert.Equal(["(none)", "web"], labels);
        Assert.Equal(2, doc.RootElement.GetProperty("data_quality").GetProperty("rows_accepted").GetInt32());
    }

    [Fact]
    public void Tab_delimited_files_are_detected()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.tsv", "lead_id\tcreated_at\towner\nA\t2024-03-04\tdana\nB\t2024-03-05\teli\n");
        using var doc = Cli.Json("--leads", leads, "--by", "owner");
        Assert.Equal(2, doc.RootElement.GetProperty("groups").GetArrayLength());
    }

    [Theory]
    [InlineData("2024-03-04T09:00:00Z", "UTC", "2024-03-04")]
    [InlineData("2024-03-04T23:30:00+02:00", "UTC", "2024-03-04")]
    [InlineData("2024-03-04 23:30:00", "UTC", "2024-03-04")]
    [InlineData("2024-03-04 23:30", "America/New_York", "2024-03-04")]
    [InlineData("2024-03-04T23:30", "Asia/Tokyo", "2024-03-04")]
    [InlineData("2024.03.04 23:30", "UTC", "2024-03-04")]
    [InlineData("2024-03-04", "Europe/London", "2024-03-04")]
    [InlineData("2024-03-31T23:30:00Z", "Asia/Jerusalem", "2024-04-01")]
    public void Timestamps_are_read_in_the_zone(string created, string zone, string expectedDay)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", $"lead_id,created_at\nA,{created}\n");
        using var doc = Cli.Json("--leads", leads, "--zone", zone, "--period", "day");
        var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(expectedDay, group.GetProperty("key").GetProperty("period").GetString());
    }

    [Fact]
    public void Plain_dates_are_the_start_of_the_day_in_the_zone()
    {
        using var dir = new TempDir();
        // Created at midnight São Paulo (03:00Z in June 2018; February was daylight time, 02:00Z); answered at 03:05Z: five minutes.
        var leads = dir.Write("leads.csv", "lead_id,created_at,first_response_at\nA,2018-06-01,2018-06-01T03:05:00Z\n");
        using var doc = Cli.Json("--leads", leads, "--zone", "America/Sao_Paulo");
        Assert.Equal(300, Total(doc).GetProperty("response_time_seconds").GetProperty("p50").GetDouble(), 0);
    }

    [Fact]
    public void Extra_lead_columns_are_attributes_usable_in_by()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,industry\nA,2024-03-04,retail\nB,2024-03-04,software\nC,2024-03-04,retail\n");
        using var doc = Cli.Json("--leads", leads, "--by", "industry");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("industry").GetString()!, g => g.GetProperty("leads").GetInt32());
        Assert.Equal(2, groups["retail"]);
        Assert.Equal(1, groups["software"]);
    }

    [Fact]
    public void Map_renames_scopes_falls_back_and_takes_literals()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "id,first_contact,origin\nA,2024-03-04,web\nB,2024-03-05,ads\n");
        var deals = dir.Write("deals.csv", "id,won_date,signed_date\nA,,2024-03-20\n");
        using var doc = Cli.Json(
            "--leads", leads, "--stages", deals,
            "--map", "lead_id=id,created_at=first_contact,source=origin,stages.at=won_date|signed_date,stages.stage='ClosedWon'");
        Assert.Equal(1, Total(doc).GetProperty("won").GetInt32());
        Assert.Equal(1, Total(doc).GetProperty("open").GetInt32());
    }

    [Theory]
    [InlineData("lead_idd=id", "not a canonical column")]
    [InlineData("source=nope", "no input file has a column named 'nope'")]
    [InlineData("leads.created_at=nope", "has no column 'nope'")]
    [InlineData("bogus.lead_id=id", "is not an input file")]
    [InlineData("lead_id", "is not of the form")]
    public void Bad_map_entries_are_usage_errors(string map, string message)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at\nA,2024-03-04\n");
        var (exit, _, err) = Cli.Run("report", "--leads", leads, "--map", map);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_column_names_the_file_and_the_fix()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "id,created_at\nA,2024-03-04\n");
        var (exit, _, err) = Cli.Run("report", "--leads", leads);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("no lead_id column", err, StringComparison.Ordinal);
        Assert.Contains("--map lead_id=<column>", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Outbound_touchpoint_is_the_first_response_when_leads_has_none()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at\nA,2024-03-04T09:00:00Z\n");
        var touch = dir.Write("t.csv", "lead_id,at,channel,kind,direction\nA,2024-03-04T09:00:00Z,web,form,inbound\nA,2024-03-04T09:10:00Z,phone,call,outbound\n");
        using var doc = Cli.Json("--leads", leads, "--touchpoints", touch);
        Assert.Equal(600, Total(doc).GetProperty("response_time_seconds").GetProperty("p50").GetDouble(), 0);
    }

    [Fact]
    public void Usage_errors_for_zone_currency_and_missing_files()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at\nA,2024-03-04\n");
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--leads", leads, "--zone", "Mars/Base").Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--leads", leads, "--currency", "XYZ").Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--leads", dir.File("missing.csv")).Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report").Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--leads", leads).Exit);
        Assert.NotEqual(0, Cli.Run("report", "--leads", leads, "--format", "pdf").Exit);
    }
}

public sealed class GroupingOptionTests
{
    [Fact]
    public void By_accepts_rep_as_owner_and_rejects_unknown_columns_listing_the_attributes()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,owner,industry\nA,2024-03-04,dana,retail\n");
        using (var doc = Cli.Json("--leads", leads, "--by", "rep"))
        {
            Assert.Equal("dana", doc.RootElement.GetProperty("groups")[0].GetProperty("key").GetProperty("owner").GetString());
        }

        var (exit, _, err) = Cli.Run("report", "--leads", leads, "--by", "segment");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("industry", err, StringComparison.Ordinal);
    }
}
