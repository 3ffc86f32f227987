using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>The JSON gives every rate its 95% Wilson interval, so 3 of 10 and 300 of 1,000 no longer look alike.</summary>
public sealed class RateIntervalTests
{
    [Fact]
    public void Every_scope_has_the_wilson_intervals_of_its_rates()
    {
        var (exit, output, error) = Cli.Run("report", "--sample", "--by", "source", "--format", "json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var total = json.RootElement.GetProperty("total");

        // Sample total: 576 won of 4,000 leads, 576 of 3,067 closed; intervals by hand from Wilson's formula (z = 1.959964).
        Assert.Equal([0.133461m, 0.155222m], total.GetProperty("conversion_rate_ci").EnumerateArray().Select(e => e.GetDecimal()));
        Assert.Equal([0.174377m, 0.202015m], total.GetProperty("win_rate_ci").EnumerateArray().Select(e => e.GetDecimal()));

        foreach (var group in json.RootElement.GetProperty("groups").EnumerateArray())
        {
            var leads = group.GetProperty("leads").GetInt64();
            var ci = group.GetProperty("conversion_rate_ci");
            if (leads == 0)
            {
                Assert.Equal(JsonValueKind.Null, ci.ValueKind);
                continue;
            }

            var rate = group.GetProperty("conversion_rate").GetDouble();
            var bounds = ci.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.InRange(rate, bounds[0], bounds[1]);
        }
    }
}
