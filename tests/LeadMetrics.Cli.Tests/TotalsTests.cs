using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 16, item 1: the total is computed in the report zone, and every total is the merge of its groups
/// (counts and money add up; rates, means and the lifetime value are recomputed from the summed parts).
/// </summary>
public sealed class TotalsTests
{
    [Fact]
    public void Total_lifetime_value_is_computed_in_the_report_zone()
    {
        // One customer, won on 2024-01-31 at 20:30 in New York (2024-02-01 01:30 UTC), with a 1-month horizon.
        // New York: month 0 is Jan 31 to Feb 28 (Jan 31 + 1 month = Feb 29 in 2024); the 1000 paid at once is in it,
        // the 500 paid on Feb 29 is month 1, after the horizon: lifetime value 1000.
        // UTC: won Feb 1, month 0 is Feb 1 to Feb 29 and holds both payments: 1500.
        // Lead B (created in April) only moves the observation date past the end of month 0.
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source,won_at,value\nA,2024-01-31T20:00:00-05:00,web,2024-01-31T20:30:00-05:00,1000\nB,2024-04-15T10:00:00-04:00,web,,\n");
        var revenue = dir.Write("revenue.csv", "lead_id,at,amount\nA,2024-01-31T21:00:00-05:00,1000\nA,2024-02-29T12:00:00-05:00,500\n");
        using var ny = Cli.Json("--leads", leads, "--revenue", revenue, "--zone", "America/New_York", "--period", "month", "--ltv-months", "1");
        var root = ny.RootElement;
        var january = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetProperty("period").GetString() == "2024-01");
        Assert.Equal(1000m, january.GetProperty("lifetime_value").GetDecimal());
        Assert.Equal(1000m, root.GetProperty("trend").EnumerateArray().First().GetProperty("lifetime_value").GetDecimal());
        Assert.Equal(1000m, root.GetProperty("total").GetProperty("lifetime_value").GetDecimal());
        var detail = root.GetProperty("total").GetProperty("lifetime_value_detail");
        Assert.Equal(1, detail.GetProperty("customers").GetInt32());
        var month0 = Assert.Single(detail.GetProperty("months").EnumerateArray());
        Assert.Equal(0, month0.GetProperty("month").GetInt32());
        Assert.Equal(1, month0.GetProperty("customers_observed").GetInt32());
        Assert.Equal(1000m, month0.GetProperty("revenue").GetDecimal());

        // The same instants reported in UTC: the payments fall on other local dates, and 1500 is right there.
        using var utc = Cli.Json("--leads", leads, "--revenue", revenue, "--zone", "UTC", "--ltv-months", "1");
        Assert.Equal(1500m, utc.RootElement.GetProperty("total").GetProperty("lifetime_value").GetDecimal());
    }

    [Theory]
    [InlineData("source")]
    [InlineData("campaign")]
    [InlineData("owner")]
    public void Every_total_is_the_merge_of_its_groups_in_a_zone_with_dst(string by)
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "3000", "--seed", "7", "--start", "2024-01-01", "--days", "365", "--out", dir.Path).Exit);
        using var doc = Cli.Json(
            "--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv"), "--touchpoints", dir.File("touchpoints.csv"),
            "--costs", dir.File("costs.csv"), "--revenue", dir.File("revenue.csv"),
            "--zone", "America/New_York", "--period", "month", "--by", by, "--scoring", Repo.Path("samples", "scoring-model.json"));
        var root = doc.RootElement;
        var total = root.GetProperty("total");
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        var trend = root.GetProperty("trend").EnumerateArray().ToList();
        Assert.True(groups.Count > 12, $"only {groups.Count} groups");
        Assert.Equal(12, trend.Count);
        Assert.True(total.GetProperty("lifetime_value").ValueKind == JsonValueKind.Number);
        Merge.AssertTotalIsMergeOf(total, groups, moneyByGroup: by != "owner");
        Merge.AssertTotalIsMergeOf(total, trend, moneyByGroup: true);
    }
}

/// <summary>Checks a total against the merge of its groups, KPI by KPI.</summary>
internal static class Merge
{
    public static void AssertTotalIsMergeOf(JsonElement total, IReadOnlyList<JsonElement> groups, bool moneyByGroup)
    {
        long Sum(string name) => groups.Sum(g => g.GetProperty(name).GetInt64());
        var leads = Sum("leads");
        var won = Sum("won");
        var lost = Sum("lost");
        Assert.Equal(total.GetProperty("leads").GetInt64(), leads);
        Assert.Equal(total.GetProperty("won").GetInt64(), won);
        Assert.Equal(total.GetProperty("lost").GetInt64(), lost);
        Assert.Equal(total.GetProperty("open").GetInt64(), Sum("open"));
        Rate(total.GetProperty("conversion_rate"), won, leads);
        Rate(total.GetProperty("win_rate"), won, won + lost);

        // Funnel: counts add up per stage; the step conversion is recomputed from the summed reached counts.
        var stages = total.GetProperty("funnel").EnumerateArray().ToList();
        for (var i = 0; i < stages.Count; i++)
        {
            var parts = groups.Select(g => g.GetProperty("funnel")[i]).ToList();
            Assert.All(parts, p => Assert.Equal(stages[i].GetProperty("stage").GetString(), p.GetProperty("stage").GetString()));
            var reached = parts.Sum(p => p.GetProperty("reached").GetInt64());
            Assert.Equal(stages[i].GetProperty("reached").GetInt64(), reached);
            Assert.Equal(stages[i].GetProperty("lost_here").GetInt64(), parts.Sum(p => p.GetProperty("lost_here").GetInt64()));
            Assert.Equal(stages[i].GetProperty("open_here").GetInt64(), parts.Sum(p => p.GetProperty("open_here").GetInt64()));
            if (i > 0)
            {
                Rate(stages[i].GetProperty("conversion_from_previous"), reached, stages[i - 1].GetProperty("reached").GetInt64());
            }
        }

        // Durations: counts and histogram bins add up, the mean is the count-weighted mean, a quantile of the
        // whole lies between the groups' quantiles.
        var rt = total.GetProperty("response_time_seconds");
        var rtParts = groups.Select(g => g.GetProperty("response_time_seconds")).ToList();
        Durations(rt, rtParts, histogram: true);
        Assert.Equal(rt.GetProperty("unanswered").GetInt64(), rtParts.Sum(p => p.GetProperty("unanswered").GetInt64()));
        foreach (var target in rt.GetProperty("within_target_share").EnumerateObject())
        {
            // A share of all leads, answered or not (docs/cli.md).
            var within = rtParts.Sum(p => p.GetProperty("within_target_share").GetProperty(target.Name) is { ValueKind: JsonValueKind.Number } s
                ? s.GetDouble() * (p.GetProperty("count").GetInt64() + p.GetProperty("unanswered").GetInt64()) : 0d);
            Close(target.Value, within, rt.GetProperty("count").GetInt64() + rt.GetProperty("unanswered").GetInt64());
        }

        var ttc = total.GetProperty("time_to_conversion_seconds");
        var ttcParts = groups.Select(g => g.GetProperty("time_to_conversion_seconds")).ToList();
        Durations(ttc, ttcParts, histogram: true);
        foreach (var stage in ttc.GetProperty("time_in_stage").EnumerateArray())
        {
            var name = stage.GetProperty("stage").GetString();
            Durations(stage, [.. ttcParts.Select(p => p.GetProperty("time_in_stage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == name))], histogram: false);
        }

        foreach (var outcome in new[] { "won", "lost" })
        {
            Durations(total.GetProperty("sales_cycle_seconds").GetProperty(outcome), [.. groups.Select(g => g.GetProperty("sales_cycle_seconds").GetProperty(outcome))], histogram: false);
        }

        // Money: exact decimal sums; ratios recomputed from the summed numerators and denominators.
        decimal Money(string name) => groups.Sum(g => g.GetProperty(name).ValueKind == JsonValueKind.Null ? 0m : g.GetProperty(name).GetDecimal());
        var revenue = Money("revenue");
        Assert.Equal(total.GetProperty("revenue").GetDecimal(), revenue);
        Assert.Equal(total.GetProperty("won_value").GetDecimal(), Money("won_value"));
        if (moneyByGroup)
        {
            var cost = Money("cost");
            Assert.Equal(total.GetProperty("cost").GetDecimal(), cost);
            decimal Category(string c) => groups.Sum(g => g.GetProperty("cost_by_category") is { ValueKind: JsonValueKind.Object } o ? o.GetProperty(c).GetDecimal() : 0m);
            var byCategory = total.GetProperty("cost_by_category");
            foreach (var c in new[] { "media", "team_time", "tooling", "other" })
            {
                Assert.Equal(byCategory.GetProperty(c).GetDecimal(), Category(c));
            }

            var media = Category("media");
            Assert.Equal(media / leads, total.GetProperty("cost_per_lead").GetDecimal());
            Assert.Equal((media + Category("team_time")) / won, total.GetProperty("customer_acquisition_cost").GetDecimal());
            Assert.Equal((revenue - cost) / cost, total.GetProperty("roi").GetDecimal());
            Assert.Equal(revenue / media, total.GetProperty("roas").GetDecimal());
        }
        else
        {
            Assert.All(groups, g => Assert.Equal(JsonValueKind.Null, g.GetProperty("cost").ValueKind));
        }

        // Lifetime value: customers and each month's observed customers and revenue add up; the value is the curve's end.
        var ltv = total.GetProperty("lifetime_value_detail");
        var ltvParts = groups.Select(g => g.GetProperty("lifetime_value_detail")).Where(d => d.ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(ltv.GetProperty("customers").GetInt64(), ltvParts.Sum(p => p.GetProperty("customers").GetInt64()));
        decimal? curve = 0m;
        var months = ltv.GetProperty("months").EnumerateArray().ToList();
        for (var m = 0; m < months.Count; m++)
        {
            var observed = ltvParts.Sum(p => p.GetProperty("months")[m].GetProperty("customers_observed").GetInt64());
            var paid = ltvParts.Sum(p => p.GetProperty("months")[m].GetProperty("revenue").GetDecimal());
            Assert.Equal(months[m].GetProperty("customers_observed").GetInt64(), observed);
            Assert.Equal(months[m].GetProperty("revenue").GetDecimal(), paid);
            curve = curve is null || observed == 0 ? null : curve + (paid / observed);
        }

        Assert.Equal(curve, total.GetProperty("lifetime_value").ValueKind == JsonValueKind.Null ? null : total.GetProperty("lifetime_value").GetDecimal());

        // Score: counts and grades add up, the mean is the count-weighted mean.
        var score = total.GetProperty("score");
        var scoreParts = groups.Select(g => g.GetProperty("score")).ToList();
        var scored = scoreParts.Sum(p => p.GetProperty("count").GetInt64());
        Assert.Equal(score.GetProperty("count").GetInt64(), scored);
        foreach (var grade in score.GetProperty("grades").EnumerateObject())
        {
            Assert.Equal(grade.Value.GetInt64(), scoreParts.Sum(p => p.GetProperty("grades").TryGetProperty(grade.Name, out var n) ? n.GetInt64() : 0));
        }

        foreach (var mean in new[] { "mean", "mean_fit", "mean_engagement" })
        {
            var weighted = scoreParts.Where(p => p.GetProperty(mean).ValueKind == JsonValueKind.Number).Sum(p => p.GetProperty(mean).GetDecimal() * p.GetProperty("count").GetInt64());
            Assert.Equal((double)(weighted / scored), (double)score.GetProperty(mean).GetDecimal(), 1e-9);
        }
    }

    private static void Durations(JsonElement total, IReadOnlyList<JsonElement> parts, bool histogram)
    {
        var count = parts.Sum(p => p.GetProperty("count").GetInt64());
        Assert.Equal(total.GetProperty("count").GetInt64(), count);
        var weighted = parts.Where(p => p.GetProperty("mean").ValueKind == JsonValueKind.Number).Sum(p => p.GetProperty("mean").GetDouble() * p.GetProperty("count").GetInt64());
        Close(total.GetProperty("mean"), weighted, count);
        foreach (var q in new[] { "p50", "p90" })
        {
            var values = parts.Where(p => p.GetProperty(q).ValueKind == JsonValueKind.Number).Select(p => p.GetProperty(q).GetDouble()).ToList();
            if (values.Count > 0)
            {
                var value = total.GetProperty(q).GetDouble();
                Assert.InRange(value, values.Min() * (1 - 1e-9), values.Max() * (1 + 1e-9));
            }
        }

        if (histogram)
        {
            var bins = total.GetProperty("histogram").EnumerateArray().ToList();
            for (var i = 0; i < bins.Count; i++)
            {
                var bin = bins[i].GetProperty("bin").GetString();
                Assert.Equal(bins[i].GetProperty("count").GetInt64(), parts.Sum(p => p.GetProperty("histogram").EnumerateArray().Where(b => b.GetProperty("bin").GetString() == bin).Sum(b => b.GetProperty("count").GetInt64())));
            }
        }
    }

    private static void Rate(JsonElement value, long numerator, long denominator)
    {
        if (denominator == 0)
        {
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
        }
        else
        {
            Assert.Equal((double)numerator / denominator, value.GetDouble(), 12);
        }
    }

    private static void Close(JsonElement value, double sum, long count)
    {
        if (count == 0)
        {
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
        }
        else
        {
            var expected = sum / count;
            Assert.True(Math.Abs(value.GetDouble() - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{value.GetDouble()} != {expected}");
        }
    }
}
