using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Attribution;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

/// <summary>Attributed lifetime value against a plain reference, the merge and order laws, and exact totals.</summary>
public class AttributedLifetimeValuePropertyTests
{
    private static readonly GroupDimension[] Dimensions = [GroupDimension.Source, GroupDimension.Campaign, GroupDimension.Owner, GroupDimension.None];

    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 1_000_000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    private static (LeadGrouping Grouping, AttributionOptions Attribution, LifetimeValueOptions Options) Configure(int config)
    {
        var attribution = AttributionPropertyTests.OptionsOf(config % 288);
        var c = config / 288;
        var bucket = (c / 4 % 2) == 0 ? TimeBucket.None : TimeBucket.Month;
        var grouping = new LeadGrouping(Dimensions[c % 4], bucket, Buckets.Zones[(c / 8) % Buckets.Zones.Length], PeriodInstant.Closed);
        LocalDate? observed = (c / 24 % 2) == 0 ? null : new LocalDate(2025, 1, 1).PlusDays(c % 400);
        return (grouping, attribution, new LifetimeValueOptions(Currency.Usd, horizonMonths: 1 + (c % 13), observedUntil: observed));
    }

    /// <summary>The journeys without their revenue totals: revenue comes dated.</summary>
    private static LeadJourney[] Journeys(EncodedMoneyScenario data) => [.. data.Journeys.Select(j => new LeadJourney(j.Lead, j.Touchpoints))];

    private static AttributedLifetimeValueCalculator Feed(AttributedLifetimeValueCalculator calc, IEnumerable<LeadJourney> journeys, IEnumerable<RevenueEvent> revenue)
    {
        calc.AddRange(revenue); // before the leads: joined at the snapshot
        calc.AddRange(journeys);
        return calc;
    }

    [Property(Arbitrary = [typeof(AttributedLifetimeValuePropertyTests)], MaxTest = 150)]
    public void Streaming_equals_the_reference((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, attribution, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var calc = new AttributedLifetimeValueCalculator(grouping, attribution, options);
        calc.AddRange(Journeys(data));
        calc.AddRange(data.Revenue);
        var report = calc.Snapshot();

        var expected = Reference(input.Scenario, grouping, attribution, options, data.Encoding, out var nonCustomer, out var unmatched);
        var actual = report.Groups.ToDictionary(g => (Label(g.Key, data.Encoding), g.Key.PeriodStart), g => Shape(g.Result));
        Assert.Equal(expected.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2), actual.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2));
        Assert.Equal(nonCustomer, report.NonCustomerRevenue.Amount);
        Assert.Equal(unmatched, report.UnmatchedRevenue.Amount);
    }

    [Property(Arbitrary = [typeof(AttributedLifetimeValuePropertyTests)], MaxTest = 150)]
    public void Merging_partials_and_shuffling_give_one_pass((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, attribution, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var journeys = Journeys(data);
        var random = new Random(input.Seed);
        var expected = (Feed(new AttributedLifetimeValueCalculator(grouping, attribution, options), journeys, data.Revenue).Snapshot());

        var parts = random.Next(1, 5);
        var journeyParts = Buckets.Split(journeys, parts, random);
        var revenueParts = Buckets.Split(data.Revenue, parts, random);
        var partials = Enumerable.Range(0, parts)
            .Select(i => Feed(new AttributedLifetimeValueCalculator(grouping, attribution, options), journeyParts[i], revenueParts[i]))
            .ToList();
        while (partials.Count > 1)
        {
            var i = random.Next(partials.Count - 1);
            partials[i + 1].Merge(partials[i]);
            partials.RemoveAt(i);
        }

        Assert.Equal(expected, partials[0].Snapshot());

        var shuffledJourneys = Buckets.Shuffle(journeys, random).Select(j => new LeadJourney(j.Lead, Buckets.Shuffle(j.Touchpoints.ToArray(), random)));
        var shuffled = Feed(new AttributedLifetimeValueCalculator(grouping, attribution, options), shuffledJourneys, Buckets.Shuffle(data.Revenue, random));
        Assert.Equal(expected, shuffled.Snapshot());
    }

    [Property(Arbitrary = [typeof(AttributedLifetimeValuePropertyTests)], MaxTest = 150)]
    public void Credited_customers_and_revenue_add_up_exactly_to_the_unattributed_totals((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, attribution, options) = Configure(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var report = Feed(new AttributedLifetimeValueCalculator(grouping, attribution, options), Journeys(data), data.Revenue).Snapshot();

        var plain = new LifetimeValueCalculator(new LeadGrouping(zone: grouping.Zone), options);
        plain.AddRange(data.Leads.AsSpan());
        plain.AddRange(data.Revenue);
        var expected = plain.Snapshot().Total;

        var groups = report.Groups.Select(g => g.Result).ToList();
        Assert.Equal(expected.Customers, groups.Sum(r => r.Customers));
        for (var m = 0; m < options.HorizonMonths; m++)
        {
            Assert.Equal(expected.CustomersObserved[m], groups.Sum(r => r.CustomersObserved[m]));
            Assert.Equal(expected.RevenueByMonth[m].Amount, groups.Sum(r => r.RevenueByMonth[m].Amount));
        }

        Assert.Equal(expected.RevenueAfterHorizon.Amount, groups.Sum(r => r.RevenueAfterHorizon.Amount));
        Assert.Equal(expected.RevenueInIncompleteMonths.Amount, groups.Sum(r => r.RevenueInIncompleteMonths.Amount));
        Assert.Equal(expected.CumulativeValuePerCustomer.ToArray(), report.Total.CumulativeValuePerCustomer.ToArray()); // ImmutableArray compares by reference
        Assert.Equal(expected, report.Total); // one result type: the attributed total is the unattributed total, value for value
        Assert.All(groups, r => Assert.All(r.RevenueByMonth, m => Assert.Equal(decimal.Round(m.Amount, 2), m.Amount)));
    }

    [Property(Arbitrary = [typeof(AttributedLifetimeValuePropertyTests)], MaxTest = 100)]
    public void First_touch_on_one_touchpoint_of_the_lead_source_equals_lifetime_value_by_source((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (_, _, options) = Configure(input.Config);
        var zone = Buckets.Zones[input.Seed % Buckets.Zones.Length];
        var data = EncodedMoneyScenario.Encode(input.Scenario);

        // One touchpoint per lead, at its creation, on its own source; a lead without a source has none ("(none)" = id 0 either way).
        var journeys = data.Leads.Select(l => new LeadJourney(
            l, l.Source == 0 ? Array.Empty<TouchpointEvent>() : [new TouchpointEvent(l.Lead, l.CreatedAt, l.Source, TouchpointKind.Form, TouchpointDirection.Inbound)]));
        var attributed = Feed(new AttributedLifetimeValueCalculator(new LeadGrouping(GroupDimension.Source, zone: zone), new AttributionOptions(AttributionModel.FirstTouch), options), journeys, data.Revenue).Snapshot();

        var bySource = new LifetimeValueCalculator(new LeadGrouping(GroupDimension.Source, zone: zone), options);
        bySource.AddRange(data.Leads.AsSpan());
        bySource.AddRange(data.Revenue);
        var expected = bySource.Snapshot();

        Assert.Equal(expected.Groups.Select(g => g.Key), attributed.Groups.Select(g => g.Key));
        foreach (var (e, a) in expected.Groups.Zip(attributed.Groups))
        {
            Assert.Equal(e.Result.Customers, a.Result.Customers);
            Assert.Equal(e.Result.CustomersObserved.ToArray(), a.Result.CustomersObserved.ToArray());
            Assert.Equal(e.Result.RevenueByMonth.ToArray(), a.Result.RevenueByMonth.ToArray());
            Assert.Equal(e.Result.CumulativeValuePerCustomer.ToArray(), a.Result.CumulativeValuePerCustomer.ToArray());
            Assert.Equal(e.Result.RevenueAfterHorizon, a.Result.RevenueAfterHorizon);
            Assert.Equal(e.Result.RevenueInIncompleteMonths, a.Result.RevenueInIncompleteMonths);
        }

        Assert.Equal(expected.NonCustomerRevenue, attributed.NonCustomerRevenue);
        Assert.Equal(expected.UnmatchedRevenue, attributed.UnmatchedRevenue);
    }

    private static string Label(GroupKey key, LeadEncoding enc) => key.Dimension switch
    {
        GroupDimension.None => string.Empty,
        GroupDimension.Source => enc.Sources.Decode(key.DimensionId),
        GroupDimension.Campaign => enc.Campaigns.Decode(key.DimensionId),
        _ => enc.Owners.Decode(key.DimensionId),
    };

    private static string Number(decimal d) => d.ToString("0.00################", CultureInfo.InvariantCulture);

    private static string Shape(LifetimeValueResult r) =>
        $"{Number(r.Customers)}|{string.Join(",", r.CustomersObserved.Select(Number))}|{string.Join(",", r.RevenueByMonth.Select(m => Number(m.Amount)))}|{Number(r.RevenueAfterHorizon.Amount)}|{Number(r.RevenueInIncompleteMonths.Amount)}";

    /// <summary>The plain way: credits per customer from the attribution reference, each payment split over them by cumulative cent rounding.</summary>
    private static Dictionary<(string, LocalDate?), string> Reference(
        MoneyScenario scenario, LeadGrouping grouping, AttributionOptions o, LifetimeValueOptions options, LeadEncoding enc, out decimal nonCustomer, out decimal unmatched)
    {
        var zone = grouping.Zone;
        var h = options.HorizonMonths;
        var leads = scenario.Leads.ToDictionary(l => l.Id);
        nonCustomer = scenario.Revenue.Where(r => leads.TryGetValue(r.Lead, out var l) && l.Outcome != LeadOutcome.Won).Sum(r => r.Amount.Amount);
        unmatched = scenario.Revenue.Where(r => !leads.ContainsKey(r.Lead)).Sum(r => r.Amount.Amount);
        var touchesByLead = scenario.Touchpoints.ToLookup(t => t.Lead);
        var revenueByLead = scenario.Revenue.ToLookup(r => r.Lead);

        string LabelOf(Touchpoint? t) => grouping.Dimension switch
        {
            GroupDimension.None => string.Empty,
            GroupDimension.Source => t?.Channel ?? DimensionEncoder.NoneLabel,
            GroupDimension.Campaign => t?.Campaign ?? DimensionEncoder.NoneLabel,
            _ => t?.Actor ?? DimensionEncoder.NoneLabel,
        };

        bool Observed(LocalDate won, int month) =>
            options.ObservedUntil is not { } until || won.PlusMonths(month + 1) <= until.PlusDays(1);

        var acc = new Dictionary<(string, LocalDate?), (decimal Customers, decimal[] Observed, decimal[] Revenue, decimal[] Other)>();
        foreach (var lead in scenario.Leads.Where(l => l.Outcome == LeadOutcome.Won))
        {
            var won = lead.WonAt!.Value.InZone(zone).Date;
            var period = Buckets.Start(grouping.Bucket, lead.WonAt!.Value, zone);
            var credits = AttributionReference.Credits(lead, touchesByLead[lead.Id], o, enc);
            if (credits.Count == 0)
            {
                credits = [(null!, 1m)];
            }

            var keys = credits.Select(c => (LabelOf(c.Touch), period)).ToList();
            for (var i = 0; i < credits.Count; i++)
            {
                if (credits[i].Credit == 0m)
                {
                    continue; // a touchpoint without credit makes no group
                }

                if (!acc.TryGetValue(keys[i], out var a))
                {
                    acc[keys[i]] = a = (0m, new decimal[h], new decimal[h], new decimal[2]);
                }

                a.Customers += credits[i].Credit;
                for (var m = 0; m < h; m++)
                {
                    a.Observed[m] += Observed(won, m) ? credits[i].Credit : 0m;
                }

                acc[keys[i]] = a;
            }

            foreach (var r in revenueByLead[lead.Id])
            {
                var date = r.At.InZone(zone).Date;
                var m = Math.Max(0, Period.Between(won, date, PeriodUnits.Months).Months);
                var amount = r.Amount.Amount;
                decimal cumulative = 0m, soFar = 0m;
                for (var i = 0; i < credits.Count; i++)
                {
                    cumulative += credits[i].Credit;
                    var upTo = i == credits.Count - 1 ? amount : Math.Round(amount * cumulative, 2, MidpointRounding.ToEven);
                    var part = upTo - soFar;
                    soFar = upTo;
                    if (part == 0m)
                    {
                        continue;
                    }

                    var a = acc[keys[i]];
                    if (m >= h)
                    {
                        a.Other[0] += part;
                    }
                    else if (!Observed(won, m))
                    {
                        a.Other[1] += part;
                    }
                    else
                    {
                        a.Revenue[m] += part;
                    }
                }
            }
        }

        return acc.ToDictionary(
            p => p.Key,
            p => $"{Number(p.Value.Customers)}|{string.Join(",", p.Value.Observed.Select(Number))}|{string.Join(",", p.Value.Revenue.Select(Number))}|{Number(p.Value.Other[0])}|{Number(p.Value.Other[1])}");
    }
}
