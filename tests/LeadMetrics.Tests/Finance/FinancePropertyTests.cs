using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Finance;

/// <summary>The money calculator against a plain reference, and the merge and order laws.</summary>
public class FinancePropertyTests
{
    private static readonly GroupDimension[] Dimensions = [GroupDimension.None, GroupDimension.Source, GroupDimension.Campaign];

    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 1000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> MultiCurrencyCases() =>
        (from scenario in MoneyGenerators.MultiCurrencyScenario
         from config in Gen.Choose(0, 1000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    [Property(Arbitrary = [typeof(FinancePropertyTests)], MaxTest = 150)]
    public void Streaming_equals_the_reference((MoneyScenario Scenario, int Config, int Seed) input) =>
        CheckAgainstReference(input.Scenario, input.Config, null);

    [Property(MaxTest = 100)]
    public Property Streaming_equals_the_reference_with_exchange_rates() =>
        Prop.ForAll(MultiCurrencyCases(), input => CheckAgainstReference(input.Scenario, input.Config, TestExchangeRates.Instance));

    [Property(Arbitrary = [typeof(FinancePropertyTests)], MaxTest = 150)]
    public void Merging_partials_of_a_random_split_equals_one_pass((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config, null);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var random = new Random(input.Seed);
        var one = Feed(new FinanceCalculator(grouping, options), data.Leads, data.Costs, data.Revenue);

        var parts = random.Next(1, 5);
        var leads = Buckets.Split(data.Leads, parts, random);
        var costs = Buckets.Split(data.Costs, parts, random);
        var revenue = Buckets.Split(data.Revenue, parts, random);
        var partials = Enumerable.Range(0, parts).Select(i => Feed(new FinanceCalculator(grouping, options), leads[i], costs[i], revenue[i])).ToList();

        // Merge in a random order and with a random bracketing: ((a+b)+c) or (a+(b+c)).
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(partials));
        while (partials.Count > 1)
        {
            var i = random.Next(partials.Count - 1);
            partials[i].Merge(partials[i + 1]);
            partials.RemoveAt(i + 1);
        }

        Assert.Equal(one.Snapshot(), partials[0].Snapshot());
    }

    [Property(Arbitrary = [typeof(FinancePropertyTests)], MaxTest = 150)]
    public void Shuffled_and_interleaved_input_gives_the_same_result((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config, null);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var random = new Random(input.Seed);
        var one = Feed(new FinanceCalculator(grouping, options), data.Leads, data.Costs, data.Revenue);

        // Everything in one random stream: revenue may come before its lead.
        var actions = new List<Action<FinanceCalculator>>();
        actions.AddRange(data.Leads.Select(l => (Action<FinanceCalculator>)(c => c.Add(l))));
        actions.AddRange(data.Costs.Select(x => (Action<FinanceCalculator>)(c => c.AddCost(x))));
        actions.AddRange(data.Revenue.Select(r => (Action<FinanceCalculator>)(c => c.AddRevenue(r))));
        var shuffled = new FinanceCalculator(grouping, options);
        foreach (var action in Buckets.Shuffle(actions, random))
        {
            action(shuffled);
        }

        Assert.Equal(one.Snapshot(), shuffled.Snapshot());
    }

    [Property(Arbitrary = [typeof(FinancePropertyTests)], MaxTest = 150)]
    public void Rates_are_in_range_and_undefined_exactly_when_the_denominator_is_zero((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config, null);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var report = Feed(new FinanceCalculator(grouping, options), data.Leads, data.Costs, data.Revenue).Snapshot();
        foreach (var r in report.Groups.Select(g => g.Result).Append(report.Total))
        {
            Assert.Equal(r.Leads == 0m, r.ConversionRate is null);
            Assert.Equal(r.Leads == 0m, r.CostPerLead is null);
            Assert.Equal(r.Customers == 0m, r.CustomerAcquisitionCost is null);
            Assert.Equal(r.DealsWithValue == 0m, r.AverageDealValue is null);
            Assert.Equal(r.CostOf(CostCategories.All).Amount == 0m, r.ReturnOnInvestment is null);
            Assert.Equal(r.MediaCost.Amount == 0m, r.ReturnOnAdSpend is null);
            Assert.InRange(r.ConversionRate ?? 0m, 0m, 1m);
            Assert.True((r.CostPerLead?.Amount ?? 0m) >= 0m);
            Assert.True((r.CustomerAcquisitionCost?.Amount ?? 0m) >= 0m);
            if (options.RevenueBasis == RevenueBasis.WonDealValue)
            {
                Assert.True((r.ReturnOnInvestment ?? 0m) >= -1m, "deal-value ROI is at least -100%");
                Assert.True((r.ReturnOnAdSpend ?? 0m) >= 0m);
            }

            Assert.True(r.Customers <= r.Leads);

            // Customer revenue is part of realized revenue; gross profit and ROI on margin exist exactly with a margin.
            Assert.NotNull(r.CustomerRevenue);
            Assert.Equal(r.RealizedRevenue.Amount, r.CustomerRevenue!.Value.Amount + r.NonCustomerRevenue!.Value.Amount);
            Assert.Equal(options.GrossMargin is null, r.GrossProfit is null);
            Assert.Equal(options.GrossMargin is null || r.CostOf(CostCategories.All).Amount == 0m, r.ReturnOnInvestmentOnMargin is null);
            if (options.GrossMargin is { } margin)
            {
                Assert.Equal(r.Revenue.Amount * margin, r.GrossProfit!.Value.Amount);
                if (r.Revenue.Amount >= 0m)
                {
                    Assert.True((r.ReturnOnInvestmentOnMargin ?? 0m) >= -1m, "ROI on margin of a revenue of 0 or more is at least -100%");
                    Assert.True((r.ReturnOnInvestmentOnMargin ?? 0m) <= (r.ReturnOnInvestment ?? 0m), "a margin of at most 1 returns no more than the revenue");
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(FinancePropertyTests)], MaxTest = 100)]
    public void Group_costs_add_up_exactly_to_the_input_costs((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var (grouping, options) = Configure(input.Config, null);
        var data = EncodedMoneyScenario.Encode(input.Scenario);
        var report = Feed(new FinanceCalculator(grouping, options), data.Leads, data.Costs, data.Revenue).Snapshot();
        Assert.Equal(input.Scenario.Costs.Sum(c => c.Amount.Amount), report.Total.TotalCost.Amount);
        Assert.Equal(input.Scenario.Leads.Length, report.Total.Leads);
    }

    private static void CheckAgainstReference(MoneyScenario scenario, int config, IExchangeRates? rates)
    {
        var (grouping, options) = Configure(config, rates);
        var data = EncodedMoneyScenario.Encode(scenario);
        var report = Feed(new FinanceCalculator(grouping, options), data.Leads, data.Costs, data.Revenue).Snapshot();
        var expected = FinanceReference.Compute(scenario, grouping.Dimension, grouping.Bucket, grouping.Zone, out var unmatched);
        var actual = FinanceReference.Shape(report, data.Encoding);
        Assert.Equal(expected.OrderBy(p => p.Key.Label).ThenBy(p => p.Key.Period), actual.OrderBy(p => p.Key.Label).ThenBy(p => p.Key.Period));
        Assert.Equal(unmatched, report.UnmatchedRevenue.Amount);
    }

    internal static (LeadGrouping Grouping, FinanceOptions Options) Configure(int config, IExchangeRates? rates)
    {
        var dimension = Dimensions[config % Dimensions.Length];
        var bucket = Buckets.DatedBuckets[(config / 3) % Buckets.DatedBuckets.Length];
        var zone = Buckets.Zones[(config / 15) % Buckets.Zones.Length];
        // Every other configuration has a gross margin (and the realized basis), for gross profit and ROI on margin.
        var margin = (config / 45) % 2 == 1 ? 0.35m : (decimal?)null;
        return (new LeadGrouping(dimension, bucket, zone), new FinanceOptions(Currency.Usd, rates, revenueBasis: margin is null ? RevenueBasis.WonDealValue : RevenueBasis.Realized, grossMargin: margin));
    }

    private static FinanceCalculator Feed(FinanceCalculator calculator, IEnumerable<LeadRecord> leads, IEnumerable<CostEvent> costs, IEnumerable<RevenueEvent> revenue)
    {
        calculator.AddRange(leads);
        calculator.AddRange(costs);
        calculator.AddRange(revenue);
        return calculator;
    }
}
