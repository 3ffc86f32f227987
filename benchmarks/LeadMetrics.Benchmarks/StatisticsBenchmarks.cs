using BenchmarkDotNet.Attributes;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Benchmarks;

/// <summary>
/// The statistics of issue 18 on the hot path: cohort maturity by month and the Kaplan-Meier conversion counts by
/// source, alone and added to the full KPI set (total and by source), single-threaded over generated leads. Allocated
/// bytes per operation are the groups and sketch buckets, independent of the number of leads: no bytes per lead.
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private LeadRecord[] _records = [];
    private ConversionSurvivalOptions? _survival;

    /// <summary>The number of leads.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Generates the leads; the as-of instant is the last fact in them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _records = SyntheticLeadRecords.Generate(N);
        var maturity = new CohortMaturityCalculator();
        maturity.AddRange(_records.AsSpan());
        _survival = new ConversionSurvivalOptions(maturity.Snapshot().LastObservedAt!.Value);
    }

    /// <summary>The full KPI set, total and by source (the baseline).</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true)]
    public object AllKpis()
    {
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_records);
        return set.Snapshot();
    }

    /// <summary>Cohort maturity by month of creation.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object CohortMaturityByMonth()
    {
        var grouped = new GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>(new LeadGrouping(GroupDimension.None, TimeBucket.Month), new CohortMaturityCalculator());
        grouped.AddRange(_records.AsSpan());
        return grouped.Snapshot();
    }

    /// <summary>Kaplan-Meier conversion counts by source.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object ConversionSurvivalBySource()
    {
        var grouped = new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(LeadGrouping.BySource, new ConversionSurvivalCalculator(_survival!));
        grouped.AddRange(_records.AsSpan());
        return grouped.Snapshot();
    }

    /// <summary>The full KPI set with maturity by month and Kaplan-Meier by source, in one pass over the leads.</summary>
    /// <returns>The results.</returns>
    [Benchmark]
    public object AllKpisWithStatistics()
    {
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.Total, LeadGrouping.BySource);
        var maturity = new GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>(new LeadGrouping(GroupDimension.None, TimeBucket.Month), new CohortMaturityCalculator());
        var survival = new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(LeadGrouping.BySource, new ConversionSurvivalCalculator(_survival!));
        foreach (ref readonly var lead in _records.AsSpan())
        {
            set.Add(lead);
            maturity.Add(lead);
            survival.Add(lead);
        }

        return (set.Snapshot(), maturity.Snapshot(), survival.Snapshot());
    }
}
