using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 18, comparisons in the report: groups against the rest, periods against the previous one, Benjamini-Hochberg.</summary>
public sealed class ComparisonReportTests
{
    [Fact]
    public void Small_counts_use_fisher_and_immature_periods_are_marked()
    {
        // November 2 won of 3 leads, December 1 of 3: the hypergeometric probabilities of 0..3 won in December are
        // 1/20, 9/20, 9/20, 1/20; every table is as likely as the observed one or less: two-sided p = 1.
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source,won_at,lost_at\n"
            + "N1,2024-11-03,web,2024-11-20,\nN2,2024-11-15,web,2024-12-02,\nN3,2024-11-20,web,,\n"
            + "D1,2024-12-01,web,2024-12-05,\nD2,2024-12-10,web,,2024-12-28\nD3,2024-12-20,web,,\n");
        using var doc = Cli.Json("--leads", leads);
        var comparisons = doc.RootElement.GetProperty("comparisons");
        Assert.Equal(0.05, comparisons.GetProperty("significance").GetDouble(), 12);
        var conversion = comparisons.GetProperty("rates").EnumerateArray().Single(r => r.GetProperty("kpi").GetString() == "conversion_rate");
        Assert.Equal("month conversion_rate", conversion.GetProperty("family").GetString());
        Assert.Equal("2024-12", conversion.GetProperty("scope").GetString());
        Assert.Equal("2024-11", conversion.GetProperty("against").GetString());
        Assert.Equal("fisher", conversion.GetProperty("method").GetString());
        Assert.Equal(1.0, conversion.GetProperty("p_value").GetDouble(), 9);
        Assert.False(conversion.GetProperty("significant").GetBoolean());
        Assert.True(conversion.GetProperty("immature").GetBoolean()); // December is immature
    }

    [Fact]
    public void Adjusted_p_values_are_benjamini_hochberg_within_each_family()
    {
        using var doc = Cli.Json("--sample", "--by", "source");
        var rates = doc.RootElement.GetProperty("comparisons").GetProperty("rates").EnumerateArray().ToList();
        Assert.Contains(rates, r => r.GetProperty("family").GetString() == "source conversion_rate");
        Assert.Contains(rates, r => r.GetProperty("family").GetString() == "month win_rate");
        foreach (var family in rates.GroupBy(r => r.GetProperty("family").GetString()))
        {
            // Reference: sorted ascending, p(i) -> min over j >= i of min(1, m p(j) / j).
            var p = family.Select(r => r.GetProperty("p_value").GetDouble()).ToArray();
            var m = p.Length;
            var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
            var expected = new double[m];
            var running = 1.0;
            for (var rank = m; rank >= 1; rank--)
            {
                var i = order[rank - 1];
                running = Math.Min(running, Math.Min(1, m * p[i] / rank));
                expected[i] = running;
            }

            var actual = family.Select(r => r.GetProperty("p_adjusted").GetDouble()).ToArray();
            for (var i = 0; i < m; i++)
            {
                Assert.Equal(expected[i], actual[i], 12);
                Assert.Equal(actual[i] < 0.05, family.ElementAt(i).GetProperty("significant").GetBoolean());
            }
        }

        // Every source group against the rest: the rest's counts are the total's minus the group's.
        var total = doc.RootElement.GetProperty("total");
        foreach (var r in rates.Where(r => r.GetProperty("family").GetString() == "source conversion_rate"))
        {
            Assert.Equal(total.GetProperty("leads").GetInt64(), r.GetProperty("trials").GetInt64() + r.GetProperty("other_trials").GetInt64());
            Assert.Equal(total.GetProperty("won").GetInt64(), r.GetProperty("successes").GetInt64() + r.GetProperty("other_successes").GetInt64());
        }

        var (exit, table, error) = Cli.Run("report", "--sample", "--by", "source");
        Assert.True(exit == 0, error);
        Assert.Contains("Differences beyond chance", table, StringComparison.Ordinal);
    }
}
