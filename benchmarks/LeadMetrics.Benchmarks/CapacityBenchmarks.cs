using BenchmarkDotNet.Attributes;
using LeadMetrics.Capacity;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Benchmarks;

/// <summary>Rep capacity per ISO week over large volumes.</summary>
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private LeadRecord[] _leads = [];

    /// <summary>How many leads per operation.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Generates the data.</summary>
    [GlobalSetup]
    public void Setup() => _leads = MoneyBenchmarkData.Leads(N);

    /// <summary>Leads per rep and week against capacity, dead leads, team view: one pass and a snapshot.</summary>
    /// <returns>The number of rep-week rows.</returns>
    [Benchmark]
    public int CapacityByRepAndWeek()
    {
        var calc = new CapacityCalculator(new CapacityOptions(60, [new(1, 80)], asOf: Instant.FromUtc(2025, 1, 31, 0, 0), zone: DateTimeZoneProviders.Tzdb["Europe/London"]));
        calc.AddRange(_leads.AsSpan());
        return calc.Snapshot().RepWeeks.Length;
    }
}
