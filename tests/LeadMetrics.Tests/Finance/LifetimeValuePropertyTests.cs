using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>Realized lifetime value against a plain reference, and the merge and order laws.</summary>
public class LifetimeValuePropertyTests
{
    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 1000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    [Property(Arbitrary = [typeof(LifetimeValuePropertyTests)], MaxTest = 150)]
    public void Streaming_equals_the_reference((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var calc = new LifetimeValueCalculator(grouping, options);
        calc.AddRange(data.Leads.AsSpan());
        calc.AddRange(data.Revenue);
        var report = calc.Snapshot();

        var expected = Reference(input.Scenario, grouping, options, out var nonCustomer, out var unmatched);
        var actual = report.Groups.ToDictionary(
            g => (g.Key.Dimension == GroupDimension.None ? string.Empty : data.Encoding.Sources.Decode(g.Key.DimensionId), g.Key.PeriodStart),
            g => Shape(g.Result));
        Assert.Equal(expected.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2), actual.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2));
        Assert.Equal(nonCustomer, report.NonCustomerRevenue.Amount);
        Assert.Equal(unmatched, report.UnmatchedRevenue.Amount);
    }

    [Property(Arbitrary = [typeof(LifetimeValuePropertyTests)], MaxTest = 150)]
    public void Merging_partials_and_shuffling_give_one_pass((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var random = new Random(input.Seed);
        var one = new LifetimeValueCalculator(grouping, options);
        one.AddRange(data.Leads.AsSpan());
        one.AddRange(data.Revenue);
        var expected = one.Snapshot();

        var parts = random.Next(1, 5);
        var leads = Buckets.Split(data.Leads, parts, random);
        var revenue = Buckets.Split(data.Revenue, parts, random);
        var partials = Enumerable.Range(0, parts).Select(i =>
        {
            var c = new LifetimeValueCalculator(grouping, options);
            c.AddRange(revenue[i]); // revenue first: joined later
            c.AddRange(leads[i]);
            return c;
        }).ToList();
        while (partials.Count > 1)
        {
            var i = random.Next(partials.Count - 1);
            partials[i + 1].Merge(partials[i]);
            partials.RemoveAt(i);
        }

        Assert.Equal(expected, partials[0].Snapshot());

        var shuffled = new LifetimeValueCalculator(grouping, options);
        shuffled.AddRange(Buckets.Shuffle(data.Revenue, random));
        shuffled.AddRange(Buckets.Shuffle(data.Leads, random));
        Assert.Equal(expected, shuffled.Snapshot());
    }

    [Property(Arbitrary = [typeof(LifetimeValuePropertyTests)], MaxTest = 100)]
    public void Observed_counts_never_exceed_customers_and_only_fall_with_the_month((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var calc = new LifetimeValueCalculator(grouping, options);
        calc.AddRange(data.Leads.AsSpan());
        calc.AddRange(data.Revenue);
        foreach (var r in calc.Snapshot().Groups.Select(g => g.Result))
        {
            Assert.True(r.CustomersObserved[0] <= r.Customers);
            for (var m = 1; m < r.HorizonMonths; m++)
            {
                Assert.True(r.CustomersObserved[m] <= r.CustomersObserved[m - 1]);
                Assert.Equal(r.CustomersObserved[m] == 0 || r.CumulativeValuePerCustomer[m - 1] is null, r.CumulativeValuePerCustomer[m] is null);
            }
        }
    }

    private static (LeadGrouping, LifetimeValueOptions) Configure(int config)
    {
        var zone = Buckets.Zones[config % Buckets.Zones.Length];
        var grouping = (config / 3 % 3) switch
        {
            0 => new LeadGrouping(zone: zone),
            1 => new LeadGrouping(GroupDimension.Source, zone: zone),
            _ => new LeadGrouping(GroupDimension.None, TimeBucket.Month, zone, PeriodInstant.Closed),
        };
        LocalDate? observed = (config / 9 % 2) == 0 ? null : new LocalDate(2025, 1, 1).PlusDays(config % 400);
        return (grouping, new LifetimeValueOptions(Currency.Usd, horizonMonths: 1 + (config % 13), observedUntil: observed));
    }

    private static string Shape(LifetimeValueResult r) =>
        $"{r.Customers}|{string.Join(",", r.CustomersObserved)}|{string.Join(",", r.RevenueByMonth.Select(m => m.Amount.ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture)))}|{r.RevenueAfterHorizon.Amount:0.00}|{r.RevenueInIncompleteMonths.Amount:0.00}";

    private static Dictionary<(string, LocalDate?), string> Reference(
        MoneyScenario scenario, LeadGrouping grouping, LifetimeValueOptions options, out decimal nonCustomer, out decimal unmatched)
    {
        var zone = grouping.Zone;
        var h = options.HorizonMonths;
        var leads = scenario.Leads.ToDictionary(l => l.Id);
        var customers = scenario.Leads.Where(l => l.Outcome == LeadOutcome.Won).ToList();

        (string, LocalDate?) KeyOf(Lead l) => (
            grouping.Dimension == GroupDimension.None ? string.Empty : l.Source ?? DimensionEncoder.NoneLabel,
            grouping.Bucket == TimeBucket.None ? null : Buckets.Start(TimeBucket.Month, l.WonAt!.Value, zone));

        bool Observed(LocalDate won, int month) =>
            options.ObservedUntil is not { } until || won.PlusMonths(month + 1) <= until.PlusDays(1);

        nonCustomer = scenario.Revenue.Where(r => leads.TryGetValue(r.Lead, out var l) && l.Outcome != LeadOutcome.Won).Sum(r => r.Amount.Amount);
        unmatched = scenario.Revenue.Where(r => !leads.ContainsKey(r.Lead)).Sum(r => r.Amount.Amount);
        var revenueByLead = scenario.Revenue.ToLookup(r => r.Lead);

        return customers.GroupBy(KeyOf).ToDictionary(g => g.Key, g =>
        {
            var observed = new int[h];
            var byMonth = new decimal[h];
            decimal after = 0m, incomplete = 0m;
            foreach (var c in g)
            {
                var won = c.WonAt!.Value.InZone(zone).Date;
                for (var m = 0; m < h; m++)
                {
                    observed[m] += Observed(won, m) ? 1 : 0;
                }

                foreach (var r in revenueByLead[c.Id])
                {
                    var date = r.At.InZone(zone).Date;
                    var m = Math.Max(0, Period.Between(won, date, PeriodUnits.Months).Months);
                    if (m >= h)
                    {
                        after += r.Amount.Amount;
                    }
                    else if (!Observed(won, m))
                    {
                        incomplete += r.Amount.Amount;
                    }
                    else
                    {
                        byMonth[m] += r.Amount.Amount;
                    }
                }
            }

            return $"{g.Count()}|{string.Join(",", observed)}|{string.Join(",", byMonth.Select(x => x.ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture)))}|{after:0.00}|{incomplete:0.00}";
        });
    }
}
