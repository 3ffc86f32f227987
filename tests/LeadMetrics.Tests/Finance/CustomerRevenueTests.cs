using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>
/// Customer revenue, gross profit and ROI on margin (issue 16, item 4), hand-computed: docs/metrics.md, "Money KPIs".
/// </summary>
public class CustomerRevenueTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    private static RevenueEvent Pay(int lead, decimal amount, Duration after) => new(lead, T0 + after, new Money(amount, Currency.Usd));

    // Lead 1 won: 600 on day 20, 400 on day 50, a 100 deposit an hour before creation, 50 at the instant of creation.
    // Lead 2 lost: 300. Lead 3 open: 200. Cost: media 500, team 300, tooling 200 (1,000 in all).
    // Realized revenue 600 + 400 + 100 + 50 + 300 + 200 = 1,650; customer revenue 600 + 400 + 50 = 1,050 (at creation counts,
    // before it does not); not from customers 100 + 300 + 200 = 600.
    private static FinanceCalculator Calculator(FinanceOptions options, bool revenueFirst = false)
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, options);
        RevenueEvent[] revenue =
        [
            Pay(1, 600m, Duration.FromDays(20)), Pay(1, 400m, Duration.FromDays(50)), Pay(1, 100m, -Duration.FromHours(1)), Pay(1, 50m, Duration.Zero),
            Pay(2, 300m, Duration.FromDays(3)), Pay(3, 200m, Duration.FromDays(4)),
        ];
        if (revenueFirst)
        {
            calc.AddRange(revenue); // waits for its leads
        }

        calc.Add(FinanceCalculatorTests.Lead(1, LeadOutcome.Won, 2000m));
        calc.Add(FinanceCalculatorTests.Lead(2, LeadOutcome.Lost));
        calc.Add(FinanceCalculatorTests.Lead(3));
        if (!revenueFirst)
        {
            calc.AddRange(revenue);
        }

        calc.AddCost(FinanceCalculatorTests.Cost(500m, CostCategory.Media));
        calc.AddCost(FinanceCalculatorTests.Cost(300m, CostCategory.TeamTime));
        calc.AddCost(FinanceCalculatorTests.Cost(200m, CostCategory.Tooling));
        return calc;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Customer_revenue_is_won_leads_payments_at_or_after_creation(bool revenueFirst)
    {
        var r = Calculator(new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized), revenueFirst).Snapshot().Total;
        Assert.Equal(new Money(1650m, Currency.Usd), r.RealizedRevenue);
        Assert.Equal(new Money(1050m, Currency.Usd), r.CustomerRevenue);
        Assert.Equal(new Money(600m, Currency.Usd), r.NonCustomerRevenue);
        Assert.Equal(0.65m, r.ReturnOnInvestment);                 // (1,650 - 1,000) / 1,000: every payment of the scope's leads
        Assert.Null(r.GrossProfit);                                // no margin: unknown, not the revenue
        Assert.Null(r.ReturnOnInvestmentOnMargin);
    }

    [Fact]
    public void Gross_profit_and_roi_on_margin_use_the_revenue_of_the_basis()
    {
        var realized = Calculator(new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized, grossMargin: 0.35m)).Snapshot().Total;
        Assert.Equal(new Money(577.5m, Currency.Usd), realized.GrossProfit);     // 1,650 × 0.35
        Assert.Equal(-0.4225m, realized.ReturnOnInvestmentOnMargin);             // (577.50 - 1,000) / 1,000
        Assert.Equal(0.65m, realized.ReturnOnInvestment);

        var deals = Calculator(new FinanceOptions(Currency.Usd, grossMargin: 0.35m)).Snapshot().Total;
        Assert.Equal(new Money(700m, Currency.Usd), deals.GrossProfit);          // won deal value 2,000 × 0.35
        Assert.Equal(-0.3m, deals.ReturnOnInvestmentOnMargin);                   // (700 - 1,000) / 1,000
        Assert.Equal(1m, deals.ReturnOnInvestment);                              // (2,000 - 1,000) / 1,000
    }

    [Fact]
    public void Roi_on_margin_is_null_without_cost_and_the_margin_is_checked()
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd, grossMargin: 0.5m));
        calc.Add(FinanceCalculatorTests.Lead(1, LeadOutcome.Won, 100m));
        var r = calc.Snapshot().Total;
        Assert.Equal(new Money(50m, Currency.Usd), r.GrossProfit);
        Assert.Null(r.ReturnOnInvestmentOnMargin);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FinanceOptions(Currency.Usd, grossMargin: 1.2m));
        Assert.Equal("grossMargin", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FinanceOptions(Currency.Usd, grossMargin: -0.1m));
    }

    [Fact]
    public void Options_with_other_margins_do_not_merge_and_equal_margins_do()
    {
        var a = Calculator(new FinanceOptions(Currency.Usd, grossMargin: 0.35m));
        Assert.Throws<ArgumentException>(() => a.Merge(new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd, grossMargin: 0.4m))));
        Assert.Throws<ArgumentException>(() => a.Merge(new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd))));
        a.Merge(new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd, grossMargin: 0.350m)));
    }

    [Fact]
    public void Customer_revenue_survives_serialization_and_a_margin_travels_in_the_configuration()
    {
        var options = new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized, grossMargin: 0.35m);

        // Revenue whose lead is in another partial waits there and is classified when the partials meet.
        var leads = new FinanceCalculator(LeadGrouping.Total, options);
        leads.Add(FinanceCalculatorTests.Lead(1, LeadOutcome.Won, 2000m));
        var payments = new FinanceCalculator(LeadGrouping.Total, options);
        payments.AddRevenue(Pay(1, 100m, -Duration.FromHours(1)));
        payments.AddRevenue(Pay(1, 600m, Duration.FromDays(20)));
        var merged = new FinanceCalculator(LeadGrouping.Total, options);
        merged.MergeSerialized(leads.Serialize());
        merged.MergeSerialized(payments.Serialize());
        var r = merged.Snapshot().Total;
        Assert.Equal(new Money(700m, Currency.Usd), r.RealizedRevenue);
        Assert.Equal(new Money(600m, Currency.Usd), r.CustomerRevenue);
        Assert.Equal(new Money(245m, Currency.Usd), r.GrossProfit);

        var other = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized, grossMargin: 0.3m));
        var error = Assert.Throws<ArgumentException>(() => other.MergeSerialized(leads.Serialize()));
        Assert.Contains("margin=0.35", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribution_counts_a_won_journeys_revenue_as_customer_revenue()
    {
        var calc = new global::LeadMetrics.Attribution.AttributionCalculator(LeadGrouping.BySource, new global::LeadMetrics.Attribution.AttributionOptions(global::LeadMetrics.Attribution.AttributionModel.FirstTouch), new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized));
        calc.Add(FinanceCalculatorTests.Lead(1, LeadOutcome.Won, 100m), [], new Money(70m, Currency.Usd));
        calc.Add(FinanceCalculatorTests.Lead(2, LeadOutcome.Lost), [], new Money(30m, Currency.Usd));
        var r = calc.Snapshot().Total;
        Assert.Equal(new Money(100m, Currency.Usd), r.RealizedRevenue);
        Assert.Equal(new Money(70m, Currency.Usd), r.CustomerRevenue);
    }
}
