using BenchmarkDotNet.Attributes;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;

namespace LeadMetrics.Benchmarks;

/// <summary>Fair rep comparison (mix-adjusted win rates) over large volumes.</summary>
[MemoryDiagnoser]
public class RepComparisonBenchmarks
{
    private LeadRecord[] _leads = [];

    /// <summary>How many leads per operation.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Generates the data.</summary>
    [GlobalSetup]
    public void Setup() => _leads = MoneyBenchmarkData.Leads(N);

    /// <summary>Reps compared within source cells: one pass and a snapshot.</summary>
    /// <returns>The number of reps.</returns>
    [Benchmark]
    public int RepsBySourceMix()
    {
        var calc = new RepComparisonCalculator();
        calc.AddRange(_leads.AsSpan());
        return calc.Snapshot().Reps.Length;
    }

    /// <summary>Reps compared within source × segment cells: one pass and a snapshot.</summary>
    /// <returns>The number of reps.</returns>
    [Benchmark]
    public int RepsBySourceAndSegmentMix()
    {
        var calc = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment));
        calc.AddRange(_leads.AsSpan());
        return calc.Snapshot().Reps.Length;
    }
}
