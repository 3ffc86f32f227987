namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 9: a timestamp at the Unix epoch (1970-01-01T00:00:00Z, what many exports write for a missing
/// date) in a column the library cannot hold it in (a lead's created_at, the at of a stage, touchpoint or payment) is
/// a bad row naming the file's column and value, on both reading paths; never the library's parameter name
/// (<c>createdAt</c>, <c>at</c>) and never a stack trace. Rows read = accepted + rejected.
/// </summary>
public sealed class EpochTimestampTests
{
    private const string Leads = "lead_id,created_at,source,industry\nL1,1970-01-01T00:00:00Z,web,software\nL2,2024-03-04T09:00:00Z,web,retail\n";

    [Theory]
    [InlineData("source")]
    [InlineData("industry")] // an attribute column: the row path
    public void A_created_at_at_the_epoch_is_a_bad_row_naming_the_column_and_value(string by)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);

        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--by", by);
        Assert.True(exit == CliApp.BadRowError, error);
        Assert.Contains("leads.csv, line 2, column created_at: value '1970-01-01T00:00:00Z' rejected (unparseable_date)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("createdAt", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        using var doc = Cli.Json("--leads", leads, "--by", by, "--on-bad-row", "skip");
        var q = doc.RootElement.GetProperty("data_quality");
        Assert.Equal(1, q.GetProperty("rejected").GetProperty("unparseable_date").GetInt32());
        Assert.Equal(2, q.GetProperty("rows_read").GetInt32());
        Assert.Equal(1, q.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("total").GetProperty("leads").GetInt32());
    }

    [Theory]
    [InlineData("--stages", "stages.csv", "lead_id,stage,at\nL2,qualified,1970-01-01T00:00:00Z\n", "source")]
    [InlineData("--stages", "stages.csv", "lead_id,stage,at\nL2,qualified,1970-01-01T00:00:00Z\n", "industry")]
    [InlineData("--touchpoints", "touchpoints.csv", "lead_id,at,channel\nL2,1970-01-01T00:00:00Z,email\n", "source")]
    [InlineData("--touchpoints", "touchpoints.csv", "lead_id,at,channel\nL2,1970-01-01T00:00:00Z,email\n", "industry")]
    [InlineData("--revenue", "revenue.csv", "lead_id,at,amount\nL2,1970-01-01T00:00:00Z,10\n", "source")]
    [InlineData("--revenue", "revenue.csv", "lead_id,at,amount\nL2,1970-01-01T00:00:00Z,10\n", "industry")]
    public void An_event_at_the_epoch_is_a_bad_row_naming_the_column_and_value(string option, string name, string content, string by)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source,industry\nL2,2024-03-04T09:00:00Z,web,retail\n");
        var file = dir.Write(name, content);

        var (exit, _, error) = Cli.Run("report", "--leads", leads, option, file, "--by", by);
        Assert.True(exit == CliApp.BadRowError, error);
        Assert.Contains($"{name}, line 2, column at: value '1970-01-01T00:00:00Z' rejected (unparseable_date)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("real instant", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        var (skipExit, output, skipError) = Cli.Run("report", "--leads", leads, option, file, "--by", by, "--on-bad-row", "skip", "--format", "json");
        Assert.True(skipExit == 0, skipError);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var files = doc.RootElement.GetProperty("data_quality").GetProperty("files");
        var quality = files.EnumerateArray().Single(f => f.GetProperty("file").GetString()!.EndsWith(name, StringComparison.Ordinal));
        Assert.Equal(1, quality.GetProperty("rows_read").GetInt32());
        Assert.Equal(0, quality.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(1, quality.GetProperty("rejected").GetProperty("unparseable_date").GetInt32());
    }
}
