using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

/// <summary>Hand-computed lifetime value by channel under attribution models.</summary>
public class AttributedLifetimeValueTests
{
    private static readonly Instant WonJan15 = Instant.FromUtc(2024, 1, 15, 10, 0);
    private static readonly Instant WonFeb10 = Instant.FromUtc(2024, 2, 10, 10, 0);
    private static readonly LifetimeValueOptions ThreeMonths = new(Currency.Usd, horizonMonths: 3);

    private static LeadRecord Won(int key, Instant wonAt) =>
        new(key, wonAt - Duration.FromDays(5), 1, outcome: LeadOutcome.Won, closedAt: wonAt, dealValue: new Money(1m, Currency.Usd));

    private static TouchpointEvent Touch(int lead, Instant at, int channel) => new(lead, at, channel, TouchpointKind.Form, TouchpointDirection.Inbound);

    private static RevenueEvent Pay(int key, int year, int month, int day, decimal amount) =>
        new(key, Instant.FromUtc(year, month, day, 12, 0), new Money(amount, Currency.Usd));

    private static decimal[] Amounts(IEnumerable<Money> values) => [.. values.Select(m => m.Amount)];

    /// <summary>
    /// Customer 1 (won 15 Jan) touched channels 1 then 2; customer 2 (won 10 Feb) only channel 2.
    /// Payments as in <c>LifetimeValueTests</c>: 100 on 20 Jan and 100 on 20 Feb (customer 1), 50 on 10 Feb (customer 2).
    /// </summary>
    private static AttributedLifetimeValueCalculator TwoCustomers(AttributionModel model)
    {
        var calc = new AttributedLifetimeValueCalculator(LeadGrouping.BySource, new AttributionOptions(model), ThreeMonths);
        calc.AddRevenue(Pay(1, 2024, 1, 20, 100m)); // before its lead: waits
        calc.Add(new LeadJourney(Won(1, WonJan15), new[] { Touch(1, WonJan15 - Duration.FromDays(10), 1), Touch(1, WonJan15 - Duration.FromDays(2), 2) }));
        calc.Add(new LeadJourney(Won(2, WonFeb10), new[] { Touch(2, WonFeb10 - Duration.FromDays(6), 2) }));
        calc.Add(new LeadRecord(3, WonJan15, 1, outcome: LeadOutcome.Lost, closedAt: WonJan15), [Touch(3, WonJan15, 1)]);
        calc.AddRevenue(Pay(1, 2024, 2, 20, 100m));
        calc.AddRevenue(Pay(2, 2024, 2, 10, 50m));
        calc.AddRevenue(Pay(3, 2024, 2, 1, 30m));  // a lost lead: not a customer
        calc.AddRevenue(Pay(99, 2024, 2, 1, 20m)); // never added
        return calc;
    }

    [Fact]
    public void Linear_splits_a_two_touch_customer_50_50()
    {
        var report = TwoCustomers(AttributionModel.Linear).Snapshot();
        Assert.Equal([1, 2], report.Groups.Select(g => g.Key.DimensionId));

        var one = report.Groups[0].Result;
        Assert.Equal(0.5m, one.Customers);
        Assert.Equal([0.5m, 0.5m, 0.5m], one.CustomersObserved.ToArray());
        Assert.Equal([50m, 50m, 0m], Amounts(one.RevenueByMonth));
        Assert.Equal([100m, 200m, 200m], one.CumulativeValuePerCustomer.Select(m => m!.Value.Amount));
        Assert.Equal(new Money(200m, Currency.Usd), one.LifetimeValue);
        Assert.Equal(2, one.PaybackMonths(new Money(150m, Currency.Usd)));
        Assert.Equal(2m, one.LtvToCacRatio(new Money(100m, Currency.Usd))); // the one result type's ratio on the credited value

        // Channel 2: 1.5 customers; months [50 + 50, 50, 0]: 100 / 1.5, then + 50 / 1.5.
        var two = report.Groups[1].Result;
        Assert.Equal(1.5m, two.Customers);
        Assert.Equal([100m, 50m, 0m], Amounts(two.RevenueByMonth));
        Assert.Equal(100m / 1.5m, two.CumulativeValuePerCustomer[0]!.Value.Amount);
        Assert.Equal((100m / 1.5m) + (50m / 1.5m), two.LifetimeValue!.Value.Amount);

        // The total is every customer whole: as the unattributed calculator (curve 75, 125, 125).
        Assert.Equal(2m, report.Total.Customers);
        Assert.Equal([150m, 100m, 0m], Amounts(report.Total.RevenueByMonth));
        Assert.Equal([75m, 125m, 125m], report.Total.CumulativeValuePerCustomer.Select(m => m!.Value.Amount));
        Assert.Equal(30m, report.NonCustomerRevenue.Amount);
        Assert.Equal(20m, report.UnmatchedRevenue.Amount);
        Assert.Equal(1, report.UnmatchedRevenueCount);
    }

    [Fact]
    public void First_and_last_touch_credit_one_channel_whole()
    {
        var first = TwoCustomers(AttributionModel.FirstTouch).Snapshot();
        Assert.Equal([1m, 1m], first.Groups.Select(g => g.Result.Customers));
        Assert.Equal(200m, first.Groups[0].Result.LifetimeValue!.Value.Amount); // customer 1
        Assert.Equal(50m, first.Groups[1].Result.LifetimeValue!.Value.Amount);  // customer 2

        var last = TwoCustomers(AttributionModel.LastTouch).Snapshot();
        Assert.Equal([2], last.Groups.Select(g => g.Key.DimensionId)); // no zero-credit group
        Assert.Equal(125m, last.Groups[0].Result.LifetimeValue!.Value.Amount);
    }

    [Fact]
    public void Position_based_splits_revenue_40_20_40_with_cumulative_cent_rounding()
    {
        var calc = new AttributedLifetimeValueCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.PositionBased), ThreeMonths);
        calc.Add(Won(1, WonJan15), [Touch(1, WonJan15 - Duration.FromDays(3), 3), Touch(1, WonJan15 - Duration.FromDays(9), 1), Touch(1, WonJan15 - Duration.FromDays(6), 2)]);
        calc.AddRevenue(Pay(1, 2024, 1, 20, 100.01m));

        // Cumulative credits 0.4, 0.6, 1: R(40.004) = 40.00, R(60.006) = 60.01, then the remainder.
        var report = calc.Snapshot();
        Assert.Equal([0.4m, 0.2m, 0.4m], report.Groups.Select(g => g.Result.Customers));
        Assert.Equal([40.00m, 20.01m, 40.00m], report.Groups.Select(g => g.Result.RevenueByMonth[0].Amount));
        Assert.Equal([100.00m, 100.05m, 100.00m], report.Groups.Select(g => g.Result.LifetimeValue!.Value.Amount));
        Assert.Equal(100.01m, report.Total.RevenueByMonth[0].Amount);
    }

    [Fact]
    public void A_customer_without_counted_touchpoints_goes_to_none_and_observation_limits_apply()
    {
        var options = new LifetimeValueOptions(Currency.Usd, horizonMonths: 3, observedUntil: new LocalDate(2024, 3, 12));
        var calc = new AttributedLifetimeValueCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), options);
        calc.Add(Won(1, WonJan15), [Touch(1, WonJan15 + Duration.FromDays(1), 1)]); // after the win: not counted
        calc.AddRevenue(Pay(1, 2024, 1, 20, 100m));
        calc.AddRevenue(Pay(1, 2024, 2, 20, 100m)); // month 1 ends 14 March: incomplete
        calc.AddRevenue(Pay(1, 2024, 4, 20, 7m));   // month 3: after the horizon

        var none = Assert.Single(calc.Snapshot().Groups);
        Assert.Equal(0, none.Key.DimensionId);
        Assert.Equal([1m, 0m, 0m], none.Result.CustomersObserved.ToArray());
        Assert.Equal(100m, none.Result.CumulativeValuePerCustomer[0]!.Value.Amount);
        Assert.Null(none.Result.CumulativeValuePerCustomer[1]);
        Assert.Equal(100m, none.Result.RevenueInIncompleteMonths.Amount);
        Assert.Equal(7m, none.Result.RevenueAfterHorizon.Amount);
    }

    [Fact]
    public void Cohorts_by_month_won_per_channel()
    {
        var grouping = new LeadGrouping(GroupDimension.Source, TimeBucket.Month, periodOf: PeriodInstant.Closed);
        var calc = new AttributedLifetimeValueCalculator(grouping, new AttributionOptions(AttributionModel.Linear), ThreeMonths);
        calc.Add(Won(1, WonJan15), [Touch(1, WonJan15, 2)]);
        calc.Add(Won(2, WonFeb10), [Touch(2, WonFeb10, 2)]);
        Assert.Equal(["2024-01", "2024-02"], calc.Snapshot().Groups.Select(g => g.Key.PeriodLabel));
    }

    [Fact]
    public void Rejects_segments_dated_revenue_totals_duplicates_and_other_configurations()
    {
        var model = new AttributionOptions(AttributionModel.Linear);
        Assert.Equal("grouping", Assert.Throws<ArgumentException>(() => new AttributedLifetimeValueCalculator(new LeadGrouping(GroupDimension.Segment), model, ThreeMonths)).ParamName);

        var calc = new AttributedLifetimeValueCalculator(LeadGrouping.BySource, model, ThreeMonths);
        Assert.Equal("journey", Assert.Throws<ArgumentException>(() => calc.Add(new LeadJourney(Won(1, WonJan15), Array.Empty<TouchpointEvent>(), new Money(1m, Currency.Usd)))).ParamName);
        Assert.Equal("touchpoints", Assert.Throws<ArgumentException>(() => calc.Add(Won(1, WonJan15), [Touch(2, WonJan15, 1)])).ParamName);
        calc.Add(Won(1, WonJan15), []);
        Assert.Throws<ArgumentException>(() => calc.Add(Won(1, WonJan15), []));

        var other = new AttributedLifetimeValueCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.FirstTouch), ThreeMonths);
        Assert.Throws<ArgumentException>(() => calc.Merge(other));
        var same = calc.CreateEmpty();
        same.Add(Won(1, WonJan15), []);
        Assert.Throws<ArgumentException>(() => calc.Merge(same));
    }
}
