using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 18, rep comparison: each rep's performance index with Byar's interval, and which reps differ from the team beyond chance.</summary>
public sealed class RepIndexIntervalTests
{
    [Fact]
    public void Every_rep_has_the_byar_interval_of_its_index()
    {
        using var doc = Cli.Json("--sample");
        var reps = doc.RootElement.GetProperty("reps").GetProperty("reps").EnumerateArray().ToDictionary(r => r.GetProperty("rep").GetString()!);

        // By hand (Breslow and Day): O = 208 won against E = 136.61 expected, z = 1.959964:
        // lower = O(1 − 1/9O − z/3√O)³/E = 1.322666, upper = (O+1)(1 − 1/9(O+1) + z/3√(O+1))³/E = 1.744157.
        var dana = reps["dana"];
        Assert.Equal([1.322666m, 1.744157m], dana.GetProperty("performance_index_ci").EnumerateArray().Select(e => e.GetDecimal()));
        Assert.True(dana.GetProperty("differs_from_team").GetBoolean());
        Assert.False(reps["eli"].GetProperty("differs_from_team").GetBoolean()); // 0.72 to 1.06 holds 1
        foreach (var rep in reps.Values)
        {
            var ci = rep.GetProperty("performance_index_ci").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.InRange(rep.GetProperty("performance_index").GetDouble(), ci[0], ci[1]);
        }

        var (exit, table, error) = Cli.Run("report", "--sample");
        Assert.True(exit == 0, error);
        Assert.Contains("1.52 (1.32–1.74)*", table, StringComparison.Ordinal);
        Assert.Contains("0.88 (0.72–1.06)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_interval_follows_the_confidence()
    {
        using var wide = Cli.Json("--sample", "--confidence", "99");
        using var narrow = Cli.Json("--sample", "--confidence", "80");
        double Width(JsonDocument d)
        {
            var ci = d.RootElement.GetProperty("reps").GetProperty("reps")[0].GetProperty("performance_index_ci").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            return ci[1] - ci[0];
        }

        Assert.True(Width(wide) > Width(narrow));
    }
}
