using BenchmarkDotNet.Attributes;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Benchmarks;

/// <summary>Money KPIs and realized lifetime value over large volumes: one pass of leads, costs and revenue.</summary>
[MemoryDiagnoser]
public class FinanceBenchmarks
{
    private static readonly LeadGrouping BySourceMonth = new(GroupDimension.Source, TimeBucket.Month, DateTimeZoneProviders.Tzdb["Europe/London"]);
    private static readonly LeadGrouping ByWonMonth = new(GroupDimension.Source, TimeBucket.Month, DateTimeZoneProviders.Tzdb["Europe/London"], PeriodInstant.Closed);
    private LeadRecord[] _leads = [];
    private CostEvent[] _costs = [];
    private RevenueEvent[] _revenue = [];

    /// <summary>How many leads per operation (costs: one per 100 leads; revenue: 1 to 12 payments per won lead).</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Generates the data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _leads = MoneyBenchmarkData.Leads(N);
        _costs = MoneyBenchmarkData.Costs(Math.Max(1, N / 100));
        _revenue = MoneyBenchmarkData.Revenue(_leads);
    }

    /// <summary>CPL, CAC, ROI and ROAS by source and month: leads, costs and revenue, then a snapshot.</summary>
    /// <returns>The total number of leads.</returns>
    [Benchmark]
    public decimal FinanceBySourceAndMonth()
    {
        var calc = new FinanceCalculator(BySourceMonth, new FinanceOptions(Currency.Usd, revenueBasis: RevenueBasis.Realized));
        calc.EnsureLeadCapacity(N);
        calc.AddRange(_leads.AsSpan());

        // Plain loops: the span overloads of AddRange for costs and revenue went with issue 13; the same calls as before.
        foreach (ref readonly var item in _costs.AsSpan())
        {
            calc.AddCost(item);
        }

        foreach (ref readonly var item in _revenue.AsSpan())
        {
            calc.AddRevenue(item);
        }

        return calc.Snapshot().Total.Leads;
    }

    /// <summary>Realized 12-month lifetime value by source and month won.</summary>
    /// <returns>The number of customers.</returns>
    [Benchmark]
    public decimal LifetimeValueBySourceAndCohort()
    {
        var calc = new LifetimeValueCalculator(ByWonMonth, new LifetimeValueOptions(Currency.Usd, observedUntil: new LocalDate(2025, 12, 31)));
        calc.EnsureLeadCapacity(N);
        calc.AddRange(_leads.AsSpan());
        foreach (ref readonly var item in _revenue.AsSpan())
        {
            calc.AddRevenue(item);
        }

        return calc.Snapshot().Total.Customers;
    }
}
