using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>Hand-computed figures for every money formula.</summary>
public class FinanceCalculatorTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);
    private static readonly FinanceOptions Usd = new(Currency.Usd);

    internal static LeadRecord Lead(int key, LeadOutcome outcome = LeadOutcome.Open, decimal? deal = null, int source = 1, int campaign = 0, Instant? created = null, Currency? currency = null, Instant? closed = null)
    {
        var at = created ?? T0;
        return new LeadRecord(
            key,
            at,
            source,
            campaign,
            outcome: outcome,
            closedAt: outcome == LeadOutcome.Open ? null : closed ?? at + Duration.FromDays(10),
            dealValue: deal is { } d ? new Money(d, currency ?? Currency.Usd) : null);
    }

    internal static CostEvent Cost(decimal amount, CostCategory category = CostCategory.Media, int source = 1, LocalDate? from = null, LocalDate? to = null, Currency? currency = null, int campaign = 0)
    {
        var start = from ?? new LocalDate(2024, 3, 4);
        return new CostEvent(source, start, to ?? start, new Money(amount, currency ?? Currency.Usd), category, campaign);
    }

    private static FinanceResult TenLeads(FinanceOptions options, bool withRevenue = false)
    {
        // 10 leads; 3 won (deal values 1,000 and 3,000, one without a value); 3 lost; 4 open.
        var calc = new FinanceCalculator(LeadGrouping.Total, options);
        calc.Add(Lead(1, LeadOutcome.Won, 1000m));
        calc.Add(Lead(2, LeadOutcome.Won, 3000m));
        calc.Add(Lead(3, LeadOutcome.Won));
        for (var k = 4; k <= 6; k++)
        {
            calc.Add(Lead(k, LeadOutcome.Lost, 999m)); // a lost lead's value is not revenue
        }

        for (var k = 7; k <= 10; k++)
        {
            calc.Add(Lead(k));
        }

        calc.AddCost(Cost(500m, CostCategory.Media));
        calc.AddCost(Cost(300m, CostCategory.TeamTime));
        calc.AddCost(Cost(200m, CostCategory.Tooling));
        if (withRevenue)
        {
            calc.AddRevenue(new RevenueEvent(1, T0 + Duration.FromDays(20), new Money(600m, Currency.Usd)));
            calc.AddRevenue(new RevenueEvent(1, T0 + Duration.FromDays(50), new Money(400m, Currency.Usd)));
        }

        return calc.Snapshot().Total;
    }

    [Fact]
    public void Cost_per_lead_acquisition_cost_conversion_and_deal_value()
    {
        var r = TenLeads(Usd);
        Assert.Equal(10m, r.Leads);
        Assert.Equal(3m, r.Customers);
        Assert.Equal(0.3m, r.ConversionRate);
        Assert.Equal(new Money(50m, Currency.Usd), r.CostPerLead);                       // 500 media / 10 leads
        Assert.Equal(800m / 3m, r.CustomerAcquisitionCost!.Value.Amount);                // (500 media + 300 team) / 3
        Assert.Equal(266.67m, r.CustomerAcquisitionCost.Value.RoundToMinorUnit().Amount);
        Assert.Equal(new Money(4000m, Currency.Usd), r.DealValue);
        Assert.Equal(2m, r.DealsWithValue);
        Assert.Equal(new Money(2000m, Currency.Usd), r.AverageDealValue);                // 4,000 / 2 deals with a value
        Assert.Equal(new Money(1000m, Currency.Usd), r.TotalCost);
    }

    [Fact]
    public void Return_on_investment_and_on_ad_spend_on_deal_value()
    {
        var r = TenLeads(Usd);
        Assert.Equal(3m, r.ReturnOnInvestment);    // (4,000 - 1,000) / 1,000
        Assert.Equal(8m, r.ReturnOnAdSpend);       // 4,000 / 500 media
    }

    [Fact]
    public void Return_on_investment_and_on_ad_spend_on_realized_revenue()
    {
        var r = TenLeads(new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized), withRevenue: true);
        Assert.Equal(new Money(1000m, Currency.Usd), r.RealizedRevenue);
        Assert.Equal(r.RealizedRevenue, r.Revenue);
        Assert.Equal(0m, r.ReturnOnInvestment);    // (1,000 - 1,000) / 1,000
        Assert.Equal(2m, r.ReturnOnAdSpend);       // 1,000 / 500
    }

    [Fact]
    public void Cost_categories_are_configurable()
    {
        var options = new FinanceOptions(Currency.Usd, costPerLeadCategories: CostCategories.All, acquisitionCategories: CostCategories.Media, investmentCategories: CostCategories.Media);
        var r = TenLeads(options);
        Assert.Equal(100m, r.CostPerLead!.Value.Amount);            // 1,000 / 10
        Assert.Equal(500m / 3m, r.CustomerAcquisitionCost!.Value.Amount);
        Assert.Equal(7m, r.ReturnOnInvestment);                     // (4,000 - 500) / 500
    }

    [Fact]
    public void Zero_denominators_give_undefined_not_zero()
    {
        var calc = new FinanceCalculator(LeadGrouping.BySource, Usd);
        calc.AddCost(Cost(100m, source: 2)); // a source with cost and no leads
        calc.Add(Lead(1, source: 3));        // a source with a lead and no cost
        var report = calc.Snapshot();
        var costOnly = report.Groups.Single(g => g.Key.DimensionId == 2).Result;
        Assert.Null(costOnly.CostPerLead);
        Assert.Null(costOnly.ConversionRate);
        Assert.Null(costOnly.CustomerAcquisitionCost);
        Assert.Equal(-1m, costOnly.ReturnOnInvestment);
        Assert.Equal(0m, costOnly.ReturnOnAdSpend);
        var leadOnly = report.Groups.Single(g => g.Key.DimensionId == 3).Result;
        Assert.Equal(Money.Zero(Currency.Usd), leadOnly.CostPerLead);
        Assert.Null(leadOnly.ReturnOnInvestment);
        Assert.Null(leadOnly.ReturnOnAdSpend);
        Assert.Null(leadOnly.AverageDealValue);
    }

    [Fact]
    public void Cost_over_an_interval_is_split_pro_rata_by_days_and_sums_exactly()
    {
        var byMonth = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.Month), Usd);
        byMonth.AddCost(Cost(100m, from: new LocalDate(2024, 1, 30), to: new LocalDate(2024, 2, 2)));
        Assert.Equal([50m, 50m], byMonth.Snapshot().Groups.Select(g => g.Result.MediaCost.Amount));

        // 100.00 over three days: R(33.333..) = 33.33, R(66.666..) - 33.33 = 33.34, 100 - 66.67 = 33.33.
        var byDay = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.Day), Usd);
        byDay.AddCost(Cost(100m, from: new LocalDate(2024, 1, 1), to: new LocalDate(2024, 1, 3)));
        Assert.Equal([33.33m, 33.34m, 33.33m], byDay.Snapshot().Groups.Select(g => g.Result.MediaCost.Amount));

        // 70.00 from Thursday 2024-01-04 to Wednesday 2024-01-10: 4 days in 2024-W01, 3 in 2024-W02.
        var byWeek = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.IsoWeek), Usd);
        byWeek.AddCost(Cost(70m, from: new LocalDate(2024, 1, 4), to: new LocalDate(2024, 1, 10)));
        var weeks = byWeek.Snapshot().Groups;
        Assert.Equal(["2024-W01", "2024-W02"], weeks.Select(g => g.Key.PeriodLabel));
        Assert.Equal([40m, 30m], weeks.Select(g => g.Result.MediaCost.Amount));
    }

    [Fact]
    public void Cost_split_rounds_to_the_currency_minor_unit_and_keeps_extra_decimals_in_the_last_part()
    {
        var jpy = new FinanceOptions(Currency.FromCode("JPY"));
        var byDay = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.Day), jpy);
        byDay.AddCost(new CostEvent(1, new LocalDate(2024, 1, 1), new LocalDate(2024, 1, 3), new Money(100m, "JPY")));
        Assert.Equal([33m, 34m, 33m], byDay.Snapshot().Groups.Select(g => g.Result.MediaCost.Amount));

        var usd = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.Day), Usd);
        usd.AddCost(Cost(10.005m, from: new LocalDate(2024, 1, 1), to: new LocalDate(2024, 1, 2)));
        Assert.Equal([5.00m, 5.005m], usd.Snapshot().Groups.Select(g => g.Result.MediaCost.Amount));
    }

    [Fact]
    public void Costs_and_leads_meet_in_the_same_source_and_period()
    {
        var grouping = new LeadGrouping(GroupDimension.Source, TimeBucket.Month);
        var calc = new FinanceCalculator(grouping, Usd);
        calc.Add(Lead(1, source: 1, created: Instant.FromUtc(2024, 1, 10, 0, 0)));
        calc.Add(Lead(2, source: 1, created: Instant.FromUtc(2024, 1, 20, 0, 0)));
        calc.Add(Lead(3, source: 1, created: Instant.FromUtc(2024, 2, 5, 0, 0)));
        calc.AddCost(Cost(310m, source: 1, from: new LocalDate(2024, 1, 1), to: new LocalDate(2024, 1, 31)));
        calc.AddCost(Cost(29m, source: 1, from: new LocalDate(2024, 2, 1), to: new LocalDate(2024, 2, 29)));
        var groups = calc.Snapshot().Groups;
        Assert.Equal(2, groups.Length);
        Assert.Equal(155m, groups[0].Result.CostPerLead!.Value.Amount); // 310 / 2 January leads
        Assert.Equal(29m, groups[1].Result.CostPerLead!.Value.Amount);  // 29 / 1 February lead
    }

    [Fact]
    public void A_mismatched_currency_without_exchange_rates_throws_naming_both_codes()
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, Usd);
        var cost = Assert.Throws<CurrencyMismatchException>(() => calc.AddCost(Cost(10m, currency: Currency.Eur)));
        Assert.Equal(Currency.Usd, cost.Expected);
        Assert.Equal(Currency.Eur, cost.Actual);
        Assert.Contains("USD", cost.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", cost.Message, StringComparison.Ordinal);

        Assert.Throws<CurrencyMismatchException>(() => calc.AddRevenue(new RevenueEvent(1, T0, new Money(5m, Currency.Ils))));
        Assert.Throws<CurrencyMismatchException>(() => calc.Add(Lead(1, LeadOutcome.Won, 100m, currency: Currency.Gbp)));

        // A failed add leaves nothing behind.
        var report = calc.Snapshot();
        Assert.Empty(report.Groups);
        Assert.Equal(0m, report.Total.Leads);
        Assert.Equal(0m, report.Total.TotalCost.Amount);
    }

    [Fact]
    public void Exchange_rates_convert_at_the_fact_date()
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd, TestExchangeRates.Instance));

        // EUR on the 5th: 1.08 + 0.005 = 1.085.
        calc.AddCost(Cost(100m, currency: Currency.Eur, from: new LocalDate(2024, 3, 5), to: new LocalDate(2024, 3, 9)));

        // A deal won on 2024-03-14 in EUR: 1.094; revenue in ILS on 2024-03-20: 0.272.
        calc.Add(Lead(1, LeadOutcome.Won, 1000m, currency: Currency.Eur, closed: Instant.FromUtc(2024, 3, 14, 12, 0)));
        calc.AddRevenue(new RevenueEvent(1, Instant.FromUtc(2024, 3, 20, 12, 0), new Money(100m, Currency.Ils)));
        var r = calc.Snapshot().Total;
        Assert.Equal(108.5m, r.MediaCost.Amount);
        Assert.Equal(1094m, r.DealValue.Amount);
        Assert.Equal(27.2m, r.RealizedRevenue.Amount);
    }

    [Fact]
    public void An_exchange_function_returning_the_wrong_currency_is_an_error()
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Eur, TestExchangeRates.Instance));
        Assert.Throws<ArgumentException>(() => calc.AddCost(Cost(1m)));
        var wrong = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Eur, new WrongRates()));
        var ex = Assert.Throws<InvalidOperationException>(() => wrong.AddCost(Cost(1m)));
        Assert.Contains("GBP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Revenue_before_its_lead_is_joined_and_revenue_of_unknown_leads_is_reported()
    {
        var calc = new FinanceCalculator(LeadGrouping.BySource, Usd);
        calc.AddRevenue(new RevenueEvent(1, T0 + Duration.FromDays(30), new Money(250m, Currency.Usd)));
        calc.AddRevenue(new RevenueEvent(7, T0, new Money(40m, Currency.Usd)));
        calc.Add(Lead(1, LeadOutcome.Won, 900m, source: 4));
        var report = calc.Snapshot();
        Assert.Equal(250m, report.Groups.Single().Result.RealizedRevenue.Amount);
        Assert.Equal(40m, report.UnmatchedRevenue.Amount);
        Assert.Equal(1, report.UnmatchedRevenueCount);
    }

    [Fact]
    public void A_lead_is_added_once()
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, Usd);
        calc.Add(Lead(1));
        var ex = Assert.Throws<ArgumentException>(() => calc.Add(Lead(1)));
        Assert.Contains("lead 1", ex.Message, StringComparison.Ordinal);

        var other = calc.CreateEmpty();
        other.Add(Lead(1));
        Assert.Throws<ArgumentException>(() => calc.Merge(other));
        Assert.Equal(1m, calc.Snapshot().Total.Leads);
    }

    [Fact]
    public void Merging_different_configurations_throws()
    {
        var a = new FinanceCalculator(LeadGrouping.Total, Usd);
        Assert.Throws<ArgumentException>(() => a.Merge(new FinanceCalculator(LeadGrouping.BySource, Usd)));
        Assert.Throws<ArgumentException>(() => a.Merge(new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Eur))));
        a.Merge(new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd)));
    }

    [Fact]
    public void Costs_cannot_be_grouped_by_owner()
    {
        var calc = new FinanceCalculator(LeadGrouping.ByOwner, Usd);
        calc.Add(Lead(1));
        Assert.Throws<InvalidOperationException>(() => calc.AddCost(Cost(1m)));
    }

    [Fact]
    public void Options_validate_their_arguments()
    {
        Assert.Equal("currency", Assert.Throws<ArgumentException>(() => new FinanceOptions(default)).ParamName);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FinanceOptions(Currency.Usd, costPerLeadCategories: CostCategories.None));
        Assert.Equal("costPerLeadCategories", ex.ParamName);
        Assert.Contains("None", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FinanceOptions(Currency.Usd, acquisitionCategories: (CostCategories)64));
    }

    private sealed class WrongRates : IExchangeRates
    {
        public Money Convert(Money amount, Currency target, LocalDate asOf) => new(amount.Amount, Currency.Gbp);
    }
}
