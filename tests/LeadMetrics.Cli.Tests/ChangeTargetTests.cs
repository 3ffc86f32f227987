using System.Text.Json;
using LeadMetrics.Statistics;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 18: change targets in --targets (min_change / max_change between consecutive periods), checked by the
/// library's TargetSet, that can require significance before they alert (require_significance), with p-values.
/// </summary>
public sealed class ChangeTargetTests
{
    // November: 10 leads, 5 won, 5 lost. December: 10 leads, 1 won, 9 lost. Conversion 0.5 -> 0.1: a change of -80%.
    private static string Leads(TempDir dir)
    {
        var rows = new System.Text.StringBuilder("lead_id,created_at,source,won_at,lost_at\n");
        for (var i = 0; i < 10; i++)
        {
            rows.Append($"N{i},2024-11-0{1 + (i % 9)},web,{(i < 5 ? "2024-11-20" : string.Empty)},{(i < 5 ? string.Empty : "2024-11-21")}\n");
            rows.Append($"D{i},2024-12-0{1 + (i % 9)},web,{(i < 1 ? "2024-12-20" : string.Empty)},{(i < 1 ? string.Empty : "2024-12-21")}\n");
        }

        return dir.Write("leads.csv", rows.ToString());
    }

    private static List<JsonElement> Changes(JsonDocument doc) =>
        [.. doc.RootElement.GetProperty("targets").EnumerateArray().Where(t => t.TryGetProperty("check", out var c) && c.GetString() == "change")];

    [Fact]
    public void A_change_between_periods_is_checked_with_its_baseline_and_current_value()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", Leads(dir), "--targets", dir.Write("t.json", """{"conversion_rate":{"min_change":-0.5}}"""));
        var change = Assert.Single(Changes(doc));
        Assert.Equal("period=2024-12", change.GetProperty("scope").GetString());
        Assert.Equal("period=2024-11", change.GetProperty("baseline_scope").GetString());
        Assert.Equal(0.5, change.GetProperty("baseline").GetDouble(), 12);
        Assert.Equal(0.1, change.GetProperty("current").GetDouble(), 12);
        Assert.Equal(-0.8, change.GetProperty("value").GetDouble(), 12);
        Assert.Equal(-0.5, change.GetProperty("min").GetDouble(), 12);
        Assert.Equal("off_target", change.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, change.GetProperty("p_value").ValueKind); // no significance asked
    }

    [Theory]
    [InlineData(0.2, "off_target")]
    [InlineData(0.01, "not_significant")]
    public void Require_significance_alerts_only_when_the_test_of_the_two_rates_is_below_the_level(double level, string status)
    {
        // 1 of 10 against 5 of 10: the library's test (Fisher's exact test at these counts) gives the p-value.
        var expected = ProportionTest.Compare(1, 10, 5, 10)!.PValue;
        Assert.InRange(expected, 0.01, 0.2);
        using var dir = new TempDir();
        var json = "{\"conversion_rate\":{\"min_change\":-0.5,\"require_significance\":" + level.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}";
        var targets = dir.Write("t.json", json);
        using var doc = Cli.Json("--leads", Leads(dir), "--targets", targets);
        var change = Assert.Single(Changes(doc));
        Assert.Equal(status, change.GetProperty("status").GetString());
        Assert.Equal(expected, change.GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(level, change.GetProperty("significance_level").GetDouble(), 12);

        // The console and the HTML give the status with its p-value.
        var (exit, table, _) = Cli.Run("report", "--leads", Path.Combine(dir.Path, "leads.csv"), "--targets", targets);
        Assert.Equal(0, exit);
        Assert.Contains("conversion rate change from 2024-11", table, StringComparison.Ordinal);
        Assert.Contains($"{status.Replace('_', ' ')} (p {expected.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)})", table, StringComparison.Ordinal);
        var (_, html, _) = Cli.Run("report", "--leads", Path.Combine(dir.Path, "leads.csv"), "--targets", targets, "--format", "html");
        Assert.Contains("conversion rate change from 2024-11", html, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_sample_significance_splits_the_off_target_changes_by_their_p_value()
    {
        using var dir = new TempDir();
        using var plain = Cli.Json("--sample", "--by", "source", "--period", "quarter", "--targets", dir.Write("a.json", """{"conversion_rate":{"min_change":-0.1}}"""));
        using var gated = Cli.Json("--sample", "--by", "source", "--period", "quarter", "--targets", dir.Write("b.json", """{"conversion_rate":{"min_change":-0.1,"require_significance":0.05}}"""));
        var (before, after) = (Changes(plain), Changes(gated));
        Assert.Equal(before.Count, after.Count); // the trend's 3 changes and each source's
        Assert.Contains(after, t => t.GetProperty("scope").GetString()!.StartsWith("source=", StringComparison.Ordinal));
        var off = before.Count(t => t.GetProperty("status").GetString() == "off_target");
        var alerts = after.Where(t => t.GetProperty("status").GetString() == "off_target").ToList();
        var quiet = after.Where(t => t.GetProperty("status").GetString() == "not_significant").ToList();
        Assert.NotEmpty(alerts);
        Assert.NotEmpty(quiet);
        Assert.Equal(off, alerts.Count + quiet.Count);
        Assert.All(alerts, t => Assert.True(t.GetProperty("p_value").GetDouble() < 0.05));
        Assert.All(quiet, t => Assert.True(t.GetProperty("p_value").GetDouble() >= 0.05));
    }

    [Theory]
    [InlineData("""{"response_time_seconds.p50":{"max_change":0.1,"require_significance":0.05}}""", "only a rate's change is tested")]
    [InlineData("""{"conversion_rate":{"min":0.1,"require_significance":0.05}}""", "without min_change or max_change")]
    [InlineData("""{"conversion_rate":{"min_change":-0.1,"require_significance":1.5}}""", "strictly between 0 and 1")]
    [InlineData("""{"conversion_rate":{"min_change":0.2,"max_change":0.1}}""", "min_change 0.2 above max_change 0.1")]
    [InlineData("""{"conversion_rate":{"min":1e40}}""", "out of range")]
    public void Bad_change_targets_are_usage_errors_naming_the_mistake(string json, string message)
    {
        using var dir = new TempDir();
        var (exit, _, error) = Cli.Run("report", "--sample", "--targets", dir.Write("t.json", json));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
