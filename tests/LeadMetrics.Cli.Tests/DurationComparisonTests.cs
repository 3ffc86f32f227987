using System.Text.Json;
using LeadMetrics.Statistics;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 18: response time and time to conversion compared by Mann-Whitney in the report (comparisons.durations):
/// each group against the rest of its dimension, each trend period against the previous one, Benjamini-Hochberg.
/// </summary>
public sealed class DurationComparisonTests
{
    [Fact]
    public void A_group_that_answers_faster_is_compared_with_the_rest_by_the_library_test()
    {
        // fast answers in 1, 2, 3, 4 and 5 minutes; slow in 10, 20, 30, 40 and 50 minutes: every fast response is shorter.
        using var dir = new TempDir();
        var rows = new System.Text.StringBuilder("lead_id,created_at,source,first_response_at\n");
        for (var i = 1; i <= 5; i++)
        {
            rows.Append($"F{i},2024-03-04T09:00:00Z,fast,2024-03-04T09:0{i}:00Z\n");
            rows.Append($"S{i},2024-03-04T09:00:00Z,slow,2024-03-04T09:{i}0:00Z\n");
        }

        using var doc = Cli.Json("--leads", dir.Write("leads.csv", rows.ToString()), "--by", "source");
        var durations = doc.RootElement.GetProperty("comparisons").GetProperty("durations").EnumerateArray().ToList();
        var fast = durations.Single(d => d.GetProperty("scope").GetString() == "fast" && d.GetProperty("kpi").GetString() == "response_time_seconds");
        Assert.Equal("source response_time_seconds", fast.GetProperty("family").GetString());
        Assert.Equal("rest", fast.GetProperty("against").GetString());
        Assert.Equal("mann_whitney", fast.GetProperty("method").GetString());
        Assert.Equal(5, fast.GetProperty("count").GetInt64());
        Assert.Equal(5, fast.GetProperty("other_count").GetInt64());
        Assert.Equal(0.0, fast.GetProperty("probability_longer").GetDouble(), 12); // U = 0

        // The reference, by hand (the library's test is internal): U = 0 of 5 x 5 pairs, no ties (every duration in a
        // bucket of its own), sigma^2 = 5*5/12*(10 + 1), z = (0 - 12.5)/sigma = -2.611165, p = 2(1 - Phi(2.611165)) =
        // erfc(2.611165/sqrt 2) = 0.009023 (Python's math.erfc: 0.009023438818080334).
        var z = (0 - 12.5) / Math.Sqrt(5.0 * 5 / 12 * 11);
        Assert.Equal(-2.6111648393354674, z, 12);
        var expected = (PValue: 0.009023438818080334, Z: z);
        Assert.Equal(expected.PValue, fast.GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(expected.Z, fast.GetProperty("z").GetDouble(), 12);
        Assert.InRange(fast.GetProperty("p50").GetDouble(), 180 * 0.99, 180 * 1.01); // 3 minutes, within the sketch's 1%
        Assert.True(fast.GetProperty("p_value").GetDouble() < 0.05);

        // Two groups: one family of two tests, each the mirror of the other.
        var slow = durations.Single(d => d.GetProperty("scope").GetString() == "slow" && d.GetProperty("kpi").GetString() == "response_time_seconds");
        Assert.Equal(1.0, slow.GetProperty("probability_longer").GetDouble(), 12);
        Assert.Equal(expected.PValue, slow.GetProperty("p_adjusted").GetDouble(), 12); // BH of two equal p-values
        Assert.True(slow.GetProperty("significant").GetBoolean());
        var (_, table, _) = Cli.Run("report", "--leads", Path.Combine(dir.Path, "leads.csv"), "--by", "source");
        Assert.Contains("Durations: differences beyond chance", table, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_sample_the_counts_are_the_groups_counts_and_p_values_are_benjamini_hochberg_adjusted()
    {
        using var doc = Cli.Json("--sample", "--by", "source");
        var root = doc.RootElement;
        var durations = root.GetProperty("comparisons").GetProperty("durations").EnumerateArray().ToList();
        Assert.Contains(durations, d => d.GetProperty("family").GetString() == "month time_to_conversion_seconds");
        foreach (var group in root.GetProperty("groups").EnumerateArray())
        {
            var label = group.GetProperty("key").GetProperty("source").GetString();
            foreach (var kpi in new[] { "response_time_seconds", "time_to_conversion_seconds" })
            {
                var count = group.GetProperty(kpi).GetProperty("count").GetInt64();
                if (count > 0)
                {
                    var d = durations.Single(x => x.GetProperty("scope").GetString() == label && x.GetProperty("kpi").GetString() == kpi);
                    Assert.Equal(count, d.GetProperty("count").GetInt64());
                    Assert.Equal(root.GetProperty("total").GetProperty(kpi).GetProperty("count").GetInt64() - count, d.GetProperty("other_count").GetInt64());
                }
            }
        }

        foreach (var family in durations.GroupBy(d => d.GetProperty("family").GetString()))
        {
            var p = family.Select(d => d.GetProperty("p_value").GetDouble()).ToArray();
            var adjusted = FalseDiscoveryRate.BenjaminiHochberg(p);
            Assert.Equal(adjusted, family.Select(d => d.GetProperty("p_adjusted").GetDouble()));
        }
    }
}
