namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 16, item 3: only touchpoints of a response kind stand in for an empty first_response_at.</summary>
public sealed class InferredResponseTests
{
    // L1: no first_response_at; an inbound call, an outbound meeting two days later, an outbound email at +3h: 3h, inferred.
    // L2: no first_response_at; only an outbound meeting at +30m: not a response, unanswered.
    // L3: first_response_at at +1h (an earlier outbound call does not replace it): 1h, not inferred.
    // L4: no first_response_at; an outbound "other" at +1m (not a response kind) and an outbound chat at +5m: 5m, inferred.
    private const string Leads = "lead_id,created_at,first_response_at\nL1,2024-03-04T09:00:00Z,\nL2,2024-03-04T09:00:00Z,\nL3,2024-03-04T09:00:00Z,2024-03-04T10:00:00Z\nL4,2024-03-04T09:00:00Z,\n";

    private const string Touchpoints = "lead_id,at,channel,kind,direction\n"
        + "L1,2024-03-04T09:30:00Z,phone,call,inbound\nL1,2024-03-06T10:00:00Z,zoom,meeting,outbound\nL1,2024-03-04T12:00:00Z,mail,email,outbound\n"
        + "L2,2024-03-04T09:30:00Z,zoom,meeting,outbound\n"
        + "L3,2024-03-04T09:10:00Z,phone,call,outbound\n"
        + "L4,2024-03-04T09:01:00Z,web,other,outbound\nL4,2024-03-04T09:05:00Z,web,chat,outbound\n";

    [Fact]
    public void Only_response_kinds_are_inferred_and_the_report_counts_them()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var touchpoints = dir.Write("touchpoints.csv", Touchpoints);
        using var doc = Cli.Json("--leads", leads, "--touchpoints", touchpoints);
        var rt = doc.RootElement.GetProperty("total").GetProperty("response_time_seconds");
        Assert.Equal(3, rt.GetProperty("count").GetInt32());
        Assert.Equal(1, rt.GetProperty("unanswered").GetInt32());
        Assert.Equal((10800d + 3600d + 300d) / 3d, rt.GetProperty("mean").GetDouble(), 9); // 4900 s
        Assert.Equal(0.25, rt.GetProperty("within_target_share").GetProperty("300").GetDouble(), 12); // L4 only, of 4 leads
        var inferred = doc.RootElement.GetProperty("data_quality").GetProperty("inferred_responses");
        Assert.Equal(["call", "email", "chat"], inferred.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(2, inferred.GetProperty("inferred").GetInt32());
        Assert.Equal(1, inferred.GetProperty("not_a_response").GetInt32());

        var (exit, table, _) = Cli.Run("report", "--leads", leads, "--touchpoints", touchpoints);
        Assert.Equal(0, exit);
        Assert.Contains("Responses inferred from touchpoints (leads without first_response_at, earliest outbound call/email/chat): 2;", table, StringComparison.Ordinal);
        var (htmlExit, html, _) = Cli.Run("report", "--leads", leads, "--touchpoints", touchpoints, "--format", "html");
        Assert.Equal(0, htmlExit);
        Assert.Contains("<p id=\"inferred-responses\">Responses inferred from touchpoints", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_kinds_are_configurable_but_never_a_meeting()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var touchpoints = dir.Write("touchpoints.csv", Touchpoints);

        // Only calls: L1's email and L4's chat no longer count; L3 keeps its first_response_at.
        using (var doc = Cli.Json("--leads", leads, "--touchpoints", touchpoints, "--response-kinds", "call"))
        {
            var rt = doc.RootElement.GetProperty("total").GetProperty("response_time_seconds");
            Assert.Equal(1, rt.GetProperty("count").GetInt32());
            Assert.Equal(3, rt.GetProperty("unanswered").GetInt32());
            var inferred = doc.RootElement.GetProperty("data_quality").GetProperty("inferred_responses");
            Assert.Equal(0, inferred.GetProperty("inferred").GetInt32());
            Assert.Equal(3, inferred.GetProperty("not_a_response").GetInt32());
        }

        // "message" is the chat kind; "other" can be opted in: L4 is then answered at +1m.
        using (var doc = Cli.Json("--leads", leads, "--touchpoints", touchpoints, "--response-kinds", "Message,other,email"))
        {
            Assert.Equal(["other", "email", "chat"], doc.RootElement.GetProperty("data_quality").GetProperty("inferred_responses").GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!)); // enum order
            var rt = doc.RootElement.GetProperty("total").GetProperty("response_time_seconds");
            Assert.Equal((10800d + 3600d + 60d) / 3d, rt.GetProperty("mean").GetDouble(), 9);
        }

        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--touchpoints", touchpoints, "--response-kinds", "call,meeting");
        Assert.Equal(2, exit);
        Assert.Contains("--response-kinds: 'meeting' cannot be a response", error, StringComparison.Ordinal);
        (exit, _, error) = Cli.Run("report", "--leads", leads, "--touchpoints", touchpoints, "--response-kinds", "call,sms");
        Assert.Equal(2, exit);
        Assert.Contains("--response-kinds: 'sms' is not a touchpoint kind", error, StringComparison.Ordinal);
    }
}
