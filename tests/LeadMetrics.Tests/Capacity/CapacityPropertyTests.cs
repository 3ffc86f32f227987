using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Capacity;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Capacity;

/// <summary>Capacity against a plain reference, and the merge and order laws.</summary>
public class CapacityPropertyTests
{
    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 100_000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    private static CapacityOptions OptionsOf(int config)
    {
        var roster = Enumerable.Range(1, 6).Where(i => ((config >> i) & 1) == 1).Select(i => new KeyValuePair<int, int>(i, (config / 7 + i) % 6));
        Instant? asOf = (config % 3) == 0 ? null : LeadGenerators.Origin + Duration.FromDays(config % 800);
        return new CapacityOptions(config % 5, roster, Duration.FromMinutes(new[] { 5, 60, 24 * 60 }[config / 11 % 3]), asOf, Buckets.Zones[config / 13 % 3]);
    }

    [Property(Arbitrary = [typeof(CapacityPropertyTests)], MaxTest = 200)]
    public void Streaming_equals_the_reference((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var options = OptionsOf(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var report = new CapacityCalculator(options).AddRange(data.Leads.AsSpan()).Snapshot();

        // Reference: LINQ over the domain leads.
        var target = options.ResponseTarget;
        string Status(Lead l) =>
            l.FirstResponseAt is { } r ? (r - l.CreatedAt <= target ? "in" : "dead")
            : options.AsOf is { } asOf && asOf - l.CreatedAt <= target ? "pending" : "dead";
        var rows = input.Scenario.Leads
            .Select(l => (Owner: data.Encoding.Owners.Encode(l.Owner), Week: Buckets.Start(TimeBucket.IsoWeek, l.CreatedAt, options.Zone)!.Value, Status: Status(l)))
            .ToList();
        var weeks = rows.Select(r => r.Week).Distinct().Order().ToList();
        var expected = weeks.SelectMany(w => rows.Where(r => r.Week == w && r.Owner != 0).Select(r => r.Owner).Union(options.RepCapacities.Keys).Order()
            .Select(o =>
            {
                var mine = rows.Where(r => r.Week == w && r.Owner == o).ToList();
                return (o, w, mine.Count, options.CapacityOf(o), mine.Count(r => r.Status == "in"), mine.Count(r => r.Status == "dead"), mine.Count(r => r.Status == "pending"));
            })).ToList();
        var actual = report.RepWeeks.Select(r => (r.Owner, r.WeekStart, r.Assigned, r.Capacity, r.AnsweredInTime, r.Dead, r.Pending)).ToList();
        Assert.Equal(expected, actual);

        var expectedTeam = weeks.Select(w => (w, rows.Count(r => r.Week == w), rows.Count(r => r.Week == w && r.Owner == 0), rows.Count(r => r.Week == w && r.Status == "dead"))).ToList();
        Assert.Equal(expectedTeam, report.TeamWeeks.Select(t => (t.WeekStart, t.Leads, t.Unassigned, t.Dead)).ToList());
    }

    [Property(Arbitrary = [typeof(CapacityPropertyTests)], MaxTest = 150)]
    public void Merging_partials_and_shuffling_give_one_pass_and_shares_are_in_range((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var options = OptionsOf(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var random = new Random(input.Seed);
        var one = new CapacityCalculator(options).AddRange(data.Leads.AsSpan()).Snapshot();

        var parts = Buckets.Split(data.Leads, random.Next(1, 5), random).Select(p => new CapacityCalculator(options).AddRange(p)).ToList();
        while (parts.Count > 1)
        {
            var i = random.Next(parts.Count - 1);
            parts[i + 1].Merge(parts[i]);
            parts.RemoveAt(i);
        }

        var shuffled = new CapacityCalculator(options).AddRange(Buckets.Shuffle(data.Leads, random)).Snapshot();
        Assert.Equal(one, parts[0].Snapshot());
        Assert.Equal(one, shuffled);

        foreach (var row in one.RepWeeks)
        {
            Assert.Equal(row.Assigned, row.AnsweredInTime + row.Dead + row.Pending);
            Assert.InRange(row.DeadShare ?? 0m, 0m, 1m);
            Assert.Equal(row.Capacity == 0, row.Utilization is null);
        }

        Assert.Equal(input.Scenario.Leads.Length, one.TeamWeeks.Sum(t => t.Leads));
        Assert.All(one.TeamWeeks, t => Assert.Equal(t.Leads, t.Unassigned + one.RepWeeks.Where(r => r.WeekStart == t.WeekStart).Sum(r => r.Assigned)));
    }
}
