using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Scoring;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>
/// Issue 15, item 1: figures that do not fit a decimal. Amounts beyond <see cref="Money.MaxFactAmount"/> are refused
/// where facts are made (naming the field and the value), so the calculators' sums cannot overflow; a ratio whose
/// quotient does not fit is null (undefined), not an <see cref="OverflowException"/>; the last date of the calendar
/// is a date like any other.
/// </summary>
public class OverflowBoundaryTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);
    private const decimal Huge = 70_000_000_000_000_000_000_000_000_000m; // 7e28: two of them overflow a decimal

    [Fact]
    public void An_amount_beyond_the_bound_is_refused_naming_the_field_and_value()
    {
        var usd = Currency.Usd;
        var deal = Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(1, T0, 1, outcome: LeadOutcome.Won, closedAt: T0, dealValue: new Money(Huge, usd)));
        Assert.Equal("dealValue", deal.ParamName);
        Assert.Contains("70000000000000000000000000000", deal.Message, StringComparison.Ordinal);

        var lead = Assert.Throws<ArgumentOutOfRangeException>(() => new Lead(new LeadId("L1"), T0, wonAt: T0, dealValue: new Money(Huge, usd)));
        Assert.Equal("dealValue", lead.ParamName);

        var cost = Assert.Throws<ArgumentOutOfRangeException>(() => new CostEvent(1, new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4), new Money(Huge, usd)));
        Assert.Equal("amount", cost.ParamName);
        Assert.Contains("70000000000000000000000000000", cost.Message, StringComparison.Ordinal);

        var refund = Assert.Throws<ArgumentOutOfRangeException>(() => new RevenueEvent(1, T0, new Money(-Huge, usd)));
        Assert.Equal("amount", refund.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CostEntry("web", new DateInterval(new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4)), new Money(Huge, usd)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RevenueEntry(new LeadId("L1"), T0, new Money(Huge, usd)));

        // The bound itself is accepted.
        _ = new CostEvent(1, new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4), new Money(Money.MaxFactAmount, usd));
        _ = new RevenueEvent(1, T0, new Money(-Money.MaxFactAmount, usd));
    }

    [Fact]
    public void Sums_of_the_largest_amounts_fit()
    {
        // A thousand leads and costs at the bound: 10^21, far inside the decimal range (about 7.9 x 10^28).
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        for (var k = 1; k <= 1000; k++)
        {
            calc.Add(new LeadRecord(k, T0, 1, outcome: LeadOutcome.Won, closedAt: T0, dealValue: new Money(Money.MaxFactAmount, Currency.Usd)));
            calc.AddCost(new CostEvent(1, new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4), new Money(Money.MaxFactAmount, Currency.Usd)));
        }

        var total = calc.Snapshot().Total;
        Assert.Equal(1000m * Money.MaxFactAmount, total.DealValue.Amount);
        Assert.Equal(0m, total.ReturnOnInvestment);
    }

    [Fact]
    public void A_ratio_that_does_not_fit_is_null_not_an_overflow()
    {
        // Revenue 100 over a cost of 1e-28: ROI and ROAS would be about 1e30, beyond the decimal range.
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        calc.Add(new LeadRecord(1, T0, 1, outcome: LeadOutcome.Won, closedAt: T0, dealValue: new Money(100m, Currency.Usd)));
        calc.AddCost(new CostEvent(1, new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4), new Money(0.0000000000000000000000000001m, Currency.Usd)));
        var total = calc.Snapshot().Total;
        Assert.Null(total.ReturnOnInvestment);
        Assert.Null(total.ReturnOnAdSpend);
        Assert.Equal(0.0000000000000000000000000001m, total.CostPerLead!.Value.Amount);

        // A cost of 1e-20 still gives a figure.
        var small = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        small.Add(new LeadRecord(1, T0, 1, outcome: LeadOutcome.Won, closedAt: T0, dealValue: new Money(100m, Currency.Usd)));
        small.AddCost(new CostEvent(1, new LocalDate(2024, 3, 4), new LocalDate(2024, 3, 4), new Money(0.00000000000000000001m, Currency.Usd)));
        Assert.Equal(10_000_000_000_000_000_000_000m, small.Snapshot().Total.ReturnOnAdSpend);
    }

    [Fact]
    public void Lifetime_value_observed_until_the_last_date_of_the_calendar_does_not_overflow()
    {
        // 9999-12-31 is a common "never" marker; observing until it was PlusDays(1) past the calendar's end.
        var options = new LifetimeValueOptions(Currency.Usd, horizonMonths: 3, observedUntil: LocalDate.MaxIsoValue);
        var calc = new LifetimeValueCalculator(LeadGrouping.Total, options);
        calc.Add(new LeadRecord(1, T0, 1, outcome: LeadOutcome.Won, closedAt: T0, dealValue: new Money(1m, Currency.Usd)));
        calc.AddRevenue(new RevenueEvent(1, Instant.FromUtc(9999, 12, 31, 23, 59, 59), new Money(10m, Currency.Usd)));
        calc.AddRevenue(new RevenueEvent(1, T0 + Duration.FromDays(1), new Money(5m, Currency.Usd)));
        var total = calc.Snapshot().Total;
        Assert.Equal([1, 1, 1], total.CustomersObserved.ToArray());
        Assert.Equal([5m, 0m, 0m], total.RevenueByMonth.Select(m => m.Amount));

        // Won in the last month of the calendar: month 0 has ended only for a customer won on its first day.
        var late = new LifetimeValueCalculator(LeadGrouping.Total, options);
        var dec1 = Instant.FromUtc(9999, 12, 1, 0, 0);
        var dec15 = Instant.FromUtc(9999, 12, 15, 0, 0);
        late.Add(new LeadRecord(1, dec1, 1, outcome: LeadOutcome.Won, closedAt: dec1));
        late.Add(new LeadRecord(2, dec15, 1, outcome: LeadOutcome.Won, closedAt: dec15));
        Assert.Equal([1, 0, 0], late.Snapshot().Total.CustomersObserved.ToArray());
    }

    [Fact]
    public void Scoring_points_beyond_the_bound_are_refused_naming_the_points()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ValueInSetRule("huge", "industry", AttributeValue.FromText("software"), Huge));
        Assert.Equal("points", e.ParamName);
        Assert.Contains("70000000000000000000000000000", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumericBand(0m, null, -Huge));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BooleanRule("b", "x", true, ScoringModel.MaxPoints + 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresenceRule("p", "x", AttributePresence.Present, Huge));
        _ = new ValueInSetRule("max", "industry", AttributeValue.FromText("software"), ScoringModel.MaxPoints);
    }
}
