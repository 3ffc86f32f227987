using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

/// <summary>Exact credits, the calculator against a plain reference, and the merge and order laws.</summary>
public class AttributionPropertyTests
{
    private static readonly GroupDimension[] Dimensions = [GroupDimension.Source, GroupDimension.Campaign, GroupDimension.Owner, GroupDimension.None];

    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 100_000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    internal static AttributionOptions OptionsOf(int config)
    {
        var model = (AttributionModel)(config % 6);
        var c = config / 6;
        return new AttributionOptions(
            model,
            lookback: Duration.FromDays(new[] { 30, 90, 365 }[c % 3]),
            halfLife: Duration.FromDays(new[] { 1, 7, 30 }[(c / 3) % 3]),
            firstTouchShare: (c / 9 % 2) == 0 ? 0.4m : 0.2m,
            lastTouchShare: (c / 9 % 2) == 0 ? 0.4m : 0.5m,
            keyTouchShare: (c / 18 % 2) == 0 ? 0.3m : 0.25m,
            opportunityStage: new[] { "Working", "Qualified", "Proposal", "ClosedWon" }[(c / 36) % 4],
            inboundOnly: (c / 144 % 2) == 1);
    }

    private static LeadGrouping GroupingOf(int config)
    {
        var c = config / 288;
        var bucket = (c / 4 % 2) == 0 ? TimeBucket.None : TimeBucket.Month;
        return new LeadGrouping(Dimensions[c % 4], bucket, Buckets.Zones[(c / 8) % Buckets.Zones.Length]);
    }

    [Property(Arbitrary = [typeof(AttributionPropertyTests)], MaxTest = 200)]
    public void Credits_of_every_lead_sum_to_exactly_one_under_every_model((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            var options = OptionsOf((input.Config - (input.Config % 6)) + (int)model);
            foreach (var journey in data.Journeys)
            {
                var credits = AttributionCalculator.CreditsOf(journey.Lead, journey.Touchpoints.Span, options);
                if (credits.Length > 0)
                {
                    Assert.Equal(1m, credits.Sum(c => c.Credit));
                    Assert.All(credits, c => Assert.InRange(c.Credit, 0m, 1m));
                    Assert.All(credits, c => Assert.True(decimal.Round(c.Credit, 18) == c.Credit, "credits have at most 18 decimals"));
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(AttributionPropertyTests)], MaxTest = 200)]
    public void Streaming_equals_the_reference((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var options = OptionsOf(input.Config);
        var grouping = GroupingOf(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var report = Feed(new AttributionCalculator(grouping, options, new FinanceOptions(Currency.Usd)), data.Journeys, data.Costs, grouping).Snapshot();

        var expected = AttributionReference.Compute(input.Scenario, grouping, options, data.Encoding);
        var actual = FinanceReference.Shape(report, data.Encoding);
        Assert.Equal(expected.OrderBy(p => p.Key.Label).ThenBy(p => p.Key.Period), actual.OrderBy(p => p.Key.Label).ThenBy(p => p.Key.Period));
    }

    [Property(Arbitrary = [typeof(AttributionPropertyTests)], MaxTest = 150)]
    public void Credited_totals_equal_the_input_totals((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var options = OptionsOf(input.Config);
        var grouping = GroupingOf(input.Config);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var total = Feed(new AttributionCalculator(grouping, options, new FinanceOptions(Currency.Usd)), data.Journeys, data.Costs, grouping).Snapshot().Total;
        var leads = input.Scenario.Leads;
        Assert.Equal(leads.Length, total.Leads);
        Assert.Equal(leads.Count(l => l.Outcome == LeadOutcome.Won), total.Customers);
        Assert.Equal(leads.Where(l => l.Outcome == LeadOutcome.Won).Sum(l => l.DealValue?.Amount ?? 0m), total.DealValue.Amount);
        Assert.Equal(data.Journeys.Sum(j => j.RealizedRevenue?.Amount ?? 0m), total.RealizedRevenue.Amount);
        Assert.InRange(total.ConversionRate ?? 0m, 0m, 1m);
    }

    [Property(Arbitrary = [typeof(AttributionPropertyTests)], MaxTest = 150)]
    public void Merging_partials_and_shuffling_journeys_and_touchpoints_give_one_pass((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var options = OptionsOf(input.Config);
        var grouping = GroupingOf(input.Config);
        var money = new FinanceOptions(Currency.Usd);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var random = new Random(input.Seed);
        var expected = Feed(new AttributionCalculator(grouping, options, money), data.Journeys, data.Costs, grouping).Snapshot();

        var parts = random.Next(1, 5);
        var journeys = Buckets.Split(data.Journeys, parts, random);
        var costs = Buckets.Split(data.Costs, parts, random);
        var partials = Enumerable.Range(0, parts).Select(i => Feed(new AttributionCalculator(grouping, options, money), journeys[i], costs[i], grouping)).ToList();
        while (partials.Count > 1)
        {
            var i = random.Next(partials.Count - 1);
            partials[i].Merge(partials[i + 1]);
            partials.RemoveAt(i + 1);
        }

        Assert.Equal(expected, partials[0].Snapshot());

        var shuffledJourneys = Buckets.Shuffle(data.Journeys, random)
            .Select(j => new LeadJourney(j.Lead, Buckets.Shuffle(j.Touchpoints.ToArray(), random), j.RealizedRevenue))
            .ToArray();
        Assert.Equal(expected, Feed(new AttributionCalculator(grouping, options, money), shuffledJourneys, Buckets.Shuffle(data.Costs, random), grouping).Snapshot());
    }

    private static AttributionCalculator Feed(AttributionCalculator calc, IEnumerable<LeadJourney> journeys, IEnumerable<CostEvent> costs, LeadGrouping grouping)
    {
        calc.AddRange(journeys);
        if (grouping.Dimension != GroupDimension.Owner)
        {
            calc.AddRange(costs);
        }

        return calc;
    }
}
