namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 16, item 7: edge cases of the input rules.</summary>
public sealed class EdgeCaseTests
{
    [Fact]
    public void A_response_before_creation_is_left_out_and_the_lead_kept()
    {
        // L1: created 09:00, first_response_at 08:00 (impossible), an outbound email at 09:20: kept, answered in 20 minutes
        //     by the inferred response. L2: created 09:00, first_response_at 07:00, no touchpoint: kept, unanswered.
        // L3: created 09:00, answered 09:05: 5 minutes. Answered 2 (mean (1200 + 300) / 2 = 750 s), unanswered 1, 3 leads.
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,first_response_at\nL1,2024-03-04T09:00:00Z,2024-03-04T08:00:00Z\nL2,2024-03-04T09:00:00Z,2024-03-04T07:00:00Z\nL3,2024-03-04T09:00:00Z,2024-03-04T09:05:00Z\n");
        var touchpoints = dir.Write("touchpoints.csv", "lead_id,at,channel,kind,direction\nL1,2024-03-04T09:20:00Z,mail,email,outbound\n");
        using var doc = Cli.Json("--leads", leads, "--touchpoints", touchpoints, "--on-bad-row", "skip");
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("total").GetProperty("leads").GetInt32());
        var rt = root.GetProperty("total").GetProperty("response_time_seconds");
        Assert.Equal(2, rt.GetProperty("count").GetInt32());
        Assert.Equal(1, rt.GetProperty("unanswered").GetInt32());
        Assert.Equal(750d, rt.GetProperty("mean").GetDouble(), 9);

        var q = root.GetProperty("data_quality");
        Assert.Equal(4, q.GetProperty("rows_read").GetInt32());
        Assert.Equal(4, q.GetProperty("rows_accepted").GetInt32());
        Assert.Empty(q.GetProperty("rejected").EnumerateObject());
        Assert.Equal(2, q.GetProperty("rejected_values").GetProperty("response_before_created").GetInt32());
        Assert.Equal(1, q.GetProperty("inferred_responses").GetProperty("inferred").GetInt32());
        var leadsFile = q.GetProperty("files")[0];
        var example = leadsFile.GetProperty("examples").GetProperty("response_before_created")[0];
        Assert.Equal(2, example.GetProperty("line").GetInt32());
        Assert.Equal("first_response_at", example.GetProperty("column").GetString());
        Assert.Equal("2024-03-04T08:00:00Z", example.GetProperty("value").GetString());

        var (exit, table, _) = Cli.Run("report", "--leads", leads, "--touchpoints", touchpoints, "--on-bad-row", "skip");
        Assert.Equal(0, exit);
        Assert.Contains("Values left out of kept rows (the row counts as accepted): response_before_created: 2.", table, StringComparison.Ordinal);

        // With --on-bad-row fail (the default) the first bad value stops the load, as a bad row does.
        var (failExit, _, error) = Cli.Run("report", "--leads", leads, "--format", "json");
        Assert.Equal(CliApp.BadRowError, failExit);
        Assert.Contains("line 2, column first_response_at: value '2024-03-04T08:00:00Z' rejected (response_before_created)", error, StringComparison.Ordinal);
    }
}
