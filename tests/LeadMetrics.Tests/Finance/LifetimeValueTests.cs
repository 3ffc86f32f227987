using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>Hand-computed realized lifetime value.</summary>
public class LifetimeValueTests
{
    private static readonly Instant WonJan15 = Instant.FromUtc(2024, 1, 15, 10, 0);
    private static readonly Instant WonFeb10 = Instant.FromUtc(2024, 2, 10, 10, 0);

    private static LeadRecord Won(int key, Instant wonAt, int source = 1) =>
        new(key, wonAt - Duration.FromDays(5), source, outcome: LeadOutcome.Won, closedAt: wonAt, dealValue: new Money(1m, Currency.Usd));

    private static RevenueEvent Pay(int key, int year, int month, int day, decimal amount) =>
        new(key, Instant.FromUtc(year, month, day, 12, 0), new Money(amount, Currency.Usd));

    private static LifetimeValueCalculator TwoCustomers(LeadGrouping grouping, LifetimeValueOptions options)
    {
        var calc = new LifetimeValueCalculator(grouping, options);
        calc.Add(Won(1, WonJan15));
        calc.Add(Won(2, WonFeb10, source: 2));
        calc.Add(new LeadRecord(3, WonJan15, 1, outcome: LeadOutcome.Lost, closedAt: WonJan15));
        calc.AddRevenue(Pay(1, 2024, 1, 20, 100m)); // customer 1, month 0
        calc.AddRevenue(Pay(1, 2024, 2, 20, 100m)); // customer 1, month 1 (Feb 15 - Mar 14)
        calc.AddRevenue(Pay(1, 2024, 5, 1, 40m));   // customer 1, month 3: after a 3-month horizon
        calc.AddRevenue(Pay(2, 2024, 2, 10, 50m));  // customer 2, month 0
        calc.AddRevenue(Pay(3, 2024, 2, 1, 30m));   // a lost lead: not a customer
        calc.AddRevenue(Pay(99, 2024, 2, 1, 20m));  // never added
        return calc;
    }

    [Fact]
    public void Cumulative_value_per_customer_by_month_since_winning()
    {
        var report = TwoCustomers(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)).Snapshot();
        var total = report.Total;
        Assert.Equal(2, total.Customers);
        Assert.Equal([150m, 100m, 0m], total.RevenueByMonth.Select(m => m.Amount));
        Assert.Equal([2, 2, 2], total.CustomersObserved.ToArray());
        Assert.Equal([75m, 125m, 125m], total.CumulativeValuePerCustomer.Select(m => m!.Value.Amount));
        Assert.Equal(new Money(125m, Currency.Usd), total.LifetimeValue);
        Assert.Equal(40m, total.RevenueAfterHorizon.Amount);
        Assert.Equal(30m, report.NonCustomerRevenue.Amount);
        Assert.Equal(20m, report.UnmatchedRevenue.Amount);
        Assert.Equal(1, report.UnmatchedRevenueCount);
    }

    [Fact]
    public void Months_not_yet_ended_are_left_out_until_observed()
    {
        // Observed until 2024-03-12: customer 1's month 1 runs to Mar 14, customer 2's month 1 to Apr 9.
        var options = new LifetimeValueOptions(Currency.Usd, horizonMonths: 3, observedUntil: new LocalDate(2024, 3, 12));
        var total = TwoCustomers(LeadGrouping.Total, options).Snapshot().Total;
        Assert.Equal([2, 0, 0], total.CustomersObserved.ToArray());
        Assert.Equal([150m, 0m, 0m], total.RevenueByMonth.Select(m => m.Amount));
        Assert.Equal(100m, total.RevenueInIncompleteMonths.Amount);
        Assert.Equal(75m, total.CumulativeValuePerCustomer[0]!.Value.Amount);
        Assert.Null(total.CumulativeValuePerCustomer[1]);
        Assert.Null(total.LifetimeValue);
    }

    [Fact]
    public void Cohorts_by_month_won_and_by_source()
    {
        var byCohort = TwoCustomers(new LeadGrouping(GroupDimension.None, TimeBucket.Month, periodOf: PeriodInstant.Closed), new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)).Snapshot();
        Assert.Equal(["2024-01", "2024-02"], byCohort.Groups.Select(g => g.Key.PeriodLabel));
        Assert.Equal([100m, 200m, 200m], byCohort.Groups[0].Result.CumulativeValuePerCustomer.Select(m => m!.Value.Amount));
        Assert.Equal([50m, 50m, 50m], byCohort.Groups[1].Result.CumulativeValuePerCustomer.Select(m => m!.Value.Amount));

        var bySource = TwoCustomers(LeadGrouping.BySource, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)).Snapshot();
        Assert.Equal([1, 2], bySource.Groups.Select(g => g.Key.DimensionId));
        Assert.Equal(200m, bySource.Groups[0].Result.LifetimeValue!.Value.Amount);
    }

    [Fact]
    public void Payback_months_on_the_realized_curve()
    {
        var total = TwoCustomers(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)).Snapshot().Total;
        Assert.Equal(1, total.PaybackMonths(new Money(75m, Currency.Usd)));
        Assert.Equal(2, total.PaybackMonths(new Money(100m, Currency.Usd)));            // 75 < 100 <= 125
        Assert.Null(total.PaybackMonths(new Money(100m, Currency.Usd), grossMargin: 0.5m)); // 62.5 at most
        Assert.Equal(0, total.PaybackMonths(Money.Zero(Currency.Usd)));
        Assert.Throws<CurrencyMismatchException>(() => total.PaybackMonths(new Money(1m, Currency.Eur)));
    }

    [Fact]
    public void Ltv_to_cac_on_the_realized_value()
    {
        var total = TwoCustomers(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)).Snapshot().Total;
        Assert.Equal(1.25m, total.LtvToCacRatio(Usd(100m)));   // 125 / 100
        Assert.Null(total.LtvToCacRatio(Usd(0m)));
        Assert.Throws<CurrencyMismatchException>(() => total.LtvToCacRatio(new Money(1m, Currency.Eur)));
        var young = TwoCustomers(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3, observedUntil: new LocalDate(2024, 3, 12))).Snapshot().Total;
        Assert.Null(young.LtvToCacRatio(Usd(100m)));             // lifetime value undefined
    }

    [Fact]
    public void Formula_lifetime_value_is_arpa_times_margin_over_churn()
    {
        // The formula forms (UnitEconomics before issue 13's fourth API pass), hand-computed.
        Assert.Equal(Usd(1600m), LifetimeValueResult.FormulaLifetimeValue(Usd(100m), 0.8m, 0.05m)); // 100 x 0.8 / 0.05
        Assert.Null(LifetimeValueResult.FormulaLifetimeValue(Usd(100m), 0.8m, 0m));
        Assert.Equal("grossMargin", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueResult.FormulaLifetimeValue(Usd(1m), 1.2m, 0.1m)).ParamName);
        Assert.Equal("churnRate", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueResult.FormulaLifetimeValue(Usd(1m), 0.5m, -0.1m)).ParamName);
    }

    [Fact]
    public void Formula_payback_is_cac_over_monthly_gross_profit()
    {
        Assert.Equal(5m, LifetimeValueResult.FormulaPaybackMonths(Usd(400m), Usd(100m), 0.8m));     // 400 / (100 x 0.8)
        Assert.Null(LifetimeValueResult.FormulaPaybackMonths(Usd(400m), Usd(100m), 0m));
        Assert.Equal("grossMargin", Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValueResult.FormulaPaybackMonths(Usd(1m), Usd(1m), 2m)).ParamName);
        Assert.Throws<CurrencyMismatchException>(() => LifetimeValueResult.FormulaPaybackMonths(Usd(1m), new Money(1m, Currency.Eur), 0.5m));

        // LTV:CAC of a formula value is the division of the two amounts: 1,600 / 400 = 4.
        Assert.Equal(4m, LifetimeValueResult.FormulaLifetimeValue(Usd(100m), 0.8m, 0.05m)!.Value.Amount / 400m);
    }

    private static Money Usd(decimal amount) => new(amount, Currency.Usd);

    [Fact]
    public void Months_follow_calendar_month_arithmetic_at_month_end()
    {
        var calc = new LifetimeValueCalculator(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 2));
        calc.Add(Won(1, Instant.FromUtc(2024, 1, 31, 12, 0)));
        calc.AddRevenue(Pay(1, 2024, 2, 28, 10m)); // Jan 31 + 1 month = Feb 29: still month 0
        calc.AddRevenue(Pay(1, 2024, 2, 29, 20m)); // month 1
        calc.AddRevenue(Pay(1, 2024, 1, 20, 5m));  // before winning: month 0
        Assert.Equal([15m, 20m], calc.Snapshot().Total.RevenueByMonth.Select(m => m.Amount));
    }

    [Fact]
    public void Month_boundaries_are_local_dates_in_the_grouping_zone()
    {
        // Won 2024-01-31 23:30 in New York (Feb 1 04:30 UTC): the win date is Jan 31 there.
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var calc = new LifetimeValueCalculator(new LeadGrouping(zone: zone), new LifetimeValueOptions(Currency.Usd, horizonMonths: 2));
        calc.Add(Won(1, Instant.FromUtc(2024, 2, 1, 4, 30)));
        calc.AddRevenue(new RevenueEvent(1, Instant.FromUtc(2024, 3, 1, 3, 0), new Money(10m, Currency.Usd))); // Feb 29 22:00 local: month 1
        Assert.Equal([0m, 10m], calc.Snapshot().Total.RevenueByMonth.Select(m => m.Amount));
    }

    [Fact]
    public void Options_validate_the_horizon()
    {
        Assert.Equal("horizonMonths", Assert.Throws<ArgumentOutOfRangeException>(() => new LifetimeValueOptions(Currency.Usd, horizonMonths: 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LifetimeValueOptions(Currency.Usd, horizonMonths: 601));
    }
}
