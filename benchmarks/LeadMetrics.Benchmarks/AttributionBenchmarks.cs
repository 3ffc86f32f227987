using BenchmarkDotNet.Attributes;
using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;

namespace LeadMetrics.Benchmarks;

/// <summary>Multi-touch attribution over large volumes: credits per model for 1 to 6 touchpoints per lead.</summary>
[MemoryDiagnoser]
public class AttributionBenchmarks
{
    private LeadJourney[] _journeys = [];
    private CostEvent[] _costs = [];

    /// <summary>How many lead journeys per operation.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>The model.</summary>
    [Params(AttributionModel.Linear, AttributionModel.TimeDecay, AttributionModel.WShaped)]
    public AttributionModel Model { get; set; }

    /// <summary>Generates the data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _journeys = MoneyBenchmarkData.Journeys(MoneyBenchmarkData.Leads(N));
        _costs = MoneyBenchmarkData.Costs(Math.Max(1, N / 100));
    }

    /// <summary>Credits every journey to channels and adds the costs, then a snapshot.</summary>
    /// <returns>The total credited leads.</returns>
    [Benchmark]
    public decimal AttributeByChannel()
    {
        var calc = new AttributionCalculator(LeadGrouping.BySource, new AttributionOptions(Model), new FinanceOptions(Currency.Usd));
        // Plain loops: the span overloads of AddRange for journeys and costs went with issue 13 (the sequence
        // overloads allocate an enumerator); the same Add and AddCost calls as before.
        foreach (ref readonly var item in _journeys.AsSpan())
        {
            calc.Add(item);
        }

        foreach (ref readonly var item in _costs.AsSpan())
        {
            calc.AddCost(item);
        }

        return calc.Snapshot().Total.Leads;
    }
}
