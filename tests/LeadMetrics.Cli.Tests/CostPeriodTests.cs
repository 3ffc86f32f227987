using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 2: a cost row reaching past the data's span (the open-ended marker from=2024-01-01,to=9999-12-31)
/// creates no group outside it. It is clipped to the span (the calendar quarters from the first lead to the last lead
/// event or payment) keeping its share of days inside, pro rata by days rounded to the minor unit; a row wholly outside
/// is left out; a note says how much.
/// Before: 95,712 month rows and out of memory with --period day.
/// </summary>
public sealed class CostPeriodTests
{
    private const string Leads = "lead_id,created_at,source,won_at,value\nL1,2024-03-04T09:00:00Z,web,2024-03-08T09:00:00Z,500\nL2,2024-03-05T09:00:00Z,ads,,\n";

    // 2024-01-01 to 9999-12-31; the leads are 2024-03-04 to 2024-03-08, so the span is the first quarter of 2024, days 1 to 91 of the cost.
    private static readonly int CostDays = new DateOnly(9999, 12, 31).DayNumber - new DateOnly(2024, 1, 1).DayNumber + 1;

    private static decimal Share(decimal amount, int upTo) => Math.Round(amount * upTo / CostDays, 2, MidpointRounding.ToEven);

    private static readonly decimal Inside = Share(1_000_000_000m, 91);

    private static string Costs(TempDir dir) => dir.Write("costs.csv",
        "source,from,to,amount\nweb,2024-01-01,9999-12-31,1000000000\nweb,2024-03-05,2024-03-06,40\nads,2023-01-01,2023-01-31,70\n");

    [Theory]
    [InlineData("day", 91)]
    [InlineData("week", 13)]
    [InlineData("month", 3)]
    [InlineData("quarter", 1)]
    public void An_open_ended_cost_creates_no_period_outside_the_data(string period, int periods)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        using var doc = Cli.Json("--leads", leads, "--costs", Costs(dir), "--period", period);
        var root = doc.RootElement;
        Assert.Equal(periods, root.GetProperty("groups").GetArrayLength());
        Assert.Equal(periods, root.GetProperty("trend").GetArrayLength());
        Assert.Equal(Inside + 40m, root.GetProperty("total").GetProperty("cost").GetDecimal());
        var sum = root.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("cost").GetDecimal());
        Assert.Equal(Inside + 40m, sum);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith(
            "Costs are clipped to the data's span, 2024-01-01 to 2024-03-31 (the quarters from the first lead to the last lead event or payment): 1 cost rows reach outside it and keep their share of days inside (pro rata by days), 1 lie wholly outside; ",
            StringComparison.Ordinal));
    }

    [Fact]
    public void The_clipped_share_is_the_days_inside_and_the_rest_is_reported_left_out()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        using var doc = Cli.Json("--leads", leads, "--costs", Costs(dir), "--by", "source");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!);
        Assert.Equal(Inside + 40m, groups["web"].GetProperty("cost").GetDecimal());

        // The ads row lies wholly outside: no cost lands in ads, which has no cost data (not a cost of 0).
        Assert.Equal(0m, groups["ads"].GetProperty("cost").GetDecimal());
        Assert.False(groups["ads"].GetProperty("has_cost_data").GetBoolean());
        var leftOut = 1_000_000_000m - Inside + 70m;
        var note = doc.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).Single(n => n.StartsWith("Costs are clipped", StringComparison.Ordinal));
        Assert.EndsWith($"{leftOut.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} USD of spend is left out.", note, StringComparison.Ordinal);

        // Rows read = accepted + rejected still holds: clipping rejects no row.
        var q = doc.RootElement.GetProperty("data_quality");
        Assert.Equal(q.GetProperty("rows_read").GetInt32(), q.GetProperty("rows_accepted").GetInt32());
    }

    [Fact]
    public void Revenue_extends_the_span_and_costs_inside_it_are_unchanged()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var costs = dir.Write("costs.csv", "source,from,to,amount\nweb,2024-03-04,2024-04-30,580\n");
        var revenue = dir.Write("revenue.csv", "lead_id,at,amount\nL1,2024-04-30T12:00:00Z,100\n");
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--revenue", revenue, "--period", "month");
        Assert.Equal(580m, doc.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
        Assert.DoesNotContain(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("Costs are clipped", StringComparison.Ordinal));

        // Without the revenue file the span ends with the first quarter: 28 of the 58 days stay, R(580 x 28 / 58) = 280.
        using var clipped = Cli.Json("--leads", leads, "--costs", costs, "--period", "month");
        Assert.Equal(280m, clipped.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Array, clipped.RootElement.GetProperty("groups").ValueKind);
        Assert.Single(clipped.RootElement.GetProperty("groups").EnumerateArray());
    }
}
