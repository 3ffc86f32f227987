using BenchmarkDotNet.Attributes;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Benchmarks;

/// <summary>
/// The columnar engine's kernels one KPI at a time (by source plus totals, from a columnar batch, one thread), the
/// full set from records, and many groups: 100,000 leads of one source each through the full set, added and
/// snapshot (per-group state and result). Public API only (the vector switch is set by name, and ignored by a build
/// without it), so the same file runs against an earlier commit. <see cref="Vectors"/> compares the vector loops with
/// the scalar loops in one run; <c>DOTNET_EnableAVX512F=0</c> shows a machine without AVX-512 (docs/benchmarks.md,
/// "Columnar engine").
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    private LeadRecord[] _records = [];
    private LeadRecord[] _oneLeadGroups = [];
    private LeadColumns? _columns;
    private Action<bool>? _setVectors;

    /// <summary>The number of leads.</summary>
    [Params(1_000_000)]
    public int N { get; set; }

    /// <summary>
    /// Whether the engine's vector loops run (true) or only its scalar loops (false), so one run compares both on
    /// the same build and machine. Set through the engine's internal per-thread switch by name (the benchmark thread
    /// runs the setup and every iteration); a build without the switch ignores it.
    /// </summary>
    [Params(true, false)]
    public bool Vectors { get; set; }

    /// <summary>Generates the leads, their columnar batch, and the single-lead groups.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var setter = typeof(LeadRecord).Assembly.GetType("LeadMetrics.Engine.ColumnKernels")
            ?.GetProperty("UseVectors", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            ?.GetSetMethod(nonPublic: true);
        _setVectors = setter is null ? null : setter.CreateDelegate<Action<bool>>();
        _records = SyntheticLeadRecords.Generate(N);
        _columns = LeadColumns.From(_records);
        _oneLeadGroups = new LeadRecord[100_000];
        for (var i = 0; i < _oneLeadGroups.Length; i++)
        {
            _oneLeadGroups[i] = new LeadRecord(
                i + 1, T0, source: i + 1, firstResponseAt: T0 + Duration.FromMinutes(5), outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(3), furthestPosition: 4);
        }
    }

    /// <summary>Funnel and conversion from columns (the funnel kernel).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object FunnelColumnar() => RunColumns<FunnelCalculator, FunnelResult>(new FunnelCalculator());

    /// <summary>Response time from columns.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object ResponseTimeColumnar() => RunColumns<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator());

    /// <summary>Time to conversion and stage velocity from columns.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object TimeToConversionColumnar() => RunColumns<TimeToConversionCalculator, TimeToConversionResult>(new TimeToConversionCalculator());

    /// <summary>Sales cycle from columns.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object SalesCycleColumnar() => RunColumns<SalesCycleCalculator, SalesCycleResult>(new SalesCycleCalculator());

    /// <summary>Every lead KPI from columns.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object AllKpisColumnar() => RunColumns<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator());

    /// <summary>Every lead KPI from records (the row path and its stage walk).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object AllKpisRows()
    {
        _setVectors?.Invoke(Vectors);
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_records);
        return set.Snapshot();
    }

    /// <summary>100,000 groups of one lead each, every lead KPI: added and snapshot.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object ManyGroups()
    {
        var grouped = new GroupedCalculator<LeadKpiCalculator, LeadKpis>(LeadGrouping.BySource, new LeadKpiCalculator());
        foreach (ref readonly var lead in _oneLeadGroups.AsSpan())
        {
            grouped.Add(lead);
        }

        return grouped.Snapshot();
    }

    private CalculatorSetResult<TResult> RunColumns<TCalculator, TResult>(TCalculator prototype)
        where TCalculator : class, ILeadCalculator<TCalculator, TResult>
    {
        _setVectors?.Invoke(Vectors);
        var set = new CalculatorSet<TCalculator, TResult>(prototype, LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_columns!);
        return set.Snapshot();
    }
}
