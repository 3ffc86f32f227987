using LeadMetrics.Calculators;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.MoneyKpis;

/// <summary>After warm-up, a million leads, revenue events or costs allocate less than 1 KB.</summary>
public class MoneyAllocationTests
{
    private const int N = 1_000_000;
    private const int WarmUp = 1_000;
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    [Fact]
    public void Finance_calculator_adds_a_million_leads_revenue_events_and_costs_without_allocating()
    {
        var records = SyntheticLeadRecords.Generate(N + WarmUp, seed: 11);
        var calc = new FinanceCalculator(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, London), new FinanceOptions(Currency.Usd, TestExchangeRates.Instance));
        calc.EnsureLeadCapacity(N + WarmUp);

        // Warm-up: every source and month group exists (a year of cost per source), a few leads and events.
        for (var source = 1; source <= SyntheticLeadRecords.SourceCount; source++)
        {
            calc.AddCost(new CostEvent(source, new LocalDate(2023, 12, 1), new LocalDate(2025, 2, 28), new Money(1000m, Currency.Usd)));
        }

        calc.AddRange(records.AsSpan(0, WarmUp));
        calc.AddRevenue(new RevenueEvent(1, Instant.FromUtc(2024, 6, 1, 0, 0), new Money(1m, Currency.Eur)));
        calc.AddCost(new CostEvent(1, new LocalDate(2024, 1, 1), new LocalDate(2024, 1, 1), new Money(1m, Currency.Eur)));

        var leads = Measure(() => calc.AddRange(records.AsSpan(WarmUp, N)));
        var revenue = Measure(() =>
        {
            var at = Instant.FromUtc(2024, 1, 1, 0, 0);
            for (var i = 1; i <= N; i++)
            {
                calc.AddRevenue(new RevenueEvent(i, at + Duration.FromMinutes(i % 500_000), new Money(i % 1000, (i & 1) == 0 ? Currency.Usd : Currency.Eur)));
            }
        });
        var costs = Measure(() =>
        {
            var day = new LocalDate(2024, 1, 1);
            for (var i = 0; i < N; i++)
            {
                var from = day.PlusDays(i % 360);
                calc.AddCost(new CostEvent(1 + (i % SyntheticLeadRecords.SourceCount), from, from.PlusDays(i % 3), new Money(10.01m, Currency.Usd), CostCategory.Media, 1));
            }
        });

        Assert.True(leads < 1024, $"1,000,000 leads allocated {leads} bytes.");
        Assert.True(revenue < 1024, $"1,000,000 revenue events allocated {revenue} bytes.");
        Assert.True(costs < 1024, $"1,000,000 costs allocated {costs} bytes.");
        Assert.Equal(N + WarmUp, calc.Snapshot().Total.Leads);
    }

    [Fact]
    public void Lifetime_value_calculator_adds_a_million_leads_and_revenue_events_without_allocating()
    {
        var records = SyntheticLeadRecords.Generate(N, seed: 12);
        var calc = new LifetimeValueCalculator(
            new LeadGrouping(GroupDimension.Source, TimeBucket.Month, London, PeriodInstant.Closed),
            new LifetimeValueOptions(Currency.Usd, TestExchangeRates.Instance, observedUntil: new LocalDate(2025, 6, 30)));
        calc.EnsureLeadCapacity(2 * N);

        // Warm-up: a copy of every lead under another key, so that every source and month of winning
        // exists (a new group allocates its tally) before the measured pass adds the originals.
        foreach (ref readonly var r in records.AsSpan())
        {
            calc.Add(new LeadRecord(r.Lead + N, r.CreatedAt, r.Source, outcome: r.Outcome, closedAt: r.ClosedAt));
        }

        calc.AddRevenue(new RevenueEvent(1 + N, Instant.FromUtc(2024, 6, 1, 0, 0), new Money(1m, Currency.Eur)));

        var leads = Measure(() => calc.AddRange(records.AsSpan()));
        var revenue = Measure(() =>
        {
            var at = Instant.FromUtc(2024, 1, 1, 0, 0);
            for (var i = 1; i <= N; i++)
            {
                calc.AddRevenue(new RevenueEvent(i, at + Duration.FromHours(i % 20_000), new Money(i % 1000, (i & 1) == 0 ? Currency.Usd : Currency.Eur)));
            }
        });

        Assert.True(leads < 1024, $"1,000,000 leads allocated {leads} bytes.");
        Assert.True(revenue < 1024, $"1,000,000 revenue events allocated {revenue} bytes.");
        Assert.Equal(2 * records.Count(r => r.Outcome == LeadOutcome.Won), calc.Snapshot().Total.Customers);
    }

    internal static long Measure(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
