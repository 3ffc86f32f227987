using BenchmarkDotNet.Attributes;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;

namespace LeadMetrics.Benchmarks;

/// <summary>
/// The columnar engine's vector loops against its scalar loops, on one build and machine in one run: the KPIs whose
/// columnar path has vector loops (response time and sales cycle: the sketch's run; time to conversion: the sketch's run
/// and its row and stretch kernels; all lead KPIs), by source plus totals, one thread, with the widest vectors allowed
/// set to 0 (scalar), 128, 256 or 512 bits through the engine's internal per-thread switch, by name (a build without
/// it runs its default). Each KPI at its default width is in <see cref="LeadKpiBenchmarks"/>; this class holds only
/// the width comparison (docs/benchmarks.md, "Vector loops against scalar loops"). No job of its own: give it on the
/// command line (a class's own job would be run besides, out of process).
/// </summary>
[MemoryDiagnoser]
public class VectorWidthBenchmarks
{
    private LeadColumns? _columns;
    private Action? _setWidth;

    /// <summary>The number of leads.</summary>
    [Params(1_000_000)]
    public int N { get; set; }

    /// <summary>
    /// The widest vectors the engine may use, in bits (0: scalar loops only). BenchmarkDotNet runs the values in
    /// ascending order, so a load that changes during the run falls on some widths more than others:
    /// <c>LEADMETRICS_WIDTHS</c> (such as <c>512</c> or <c>256,0</c>) limits a run to some widths, so that separate runs
    /// can take them in turns.
    /// </summary>
    [ParamsSource(nameof(Widths))]
    public int Width { get; set; }

    /// <summary>The widths to run: <c>LEADMETRICS_WIDTHS</c>, comma-separated, or 0, 128, 256 and 512.</summary>
    public static IEnumerable<int> Widths =>
        Environment.GetEnvironmentVariable("LEADMETRICS_WIDTHS") is { Length: > 0 } widths
            ? widths.Split(',').Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))
            : [0, 128, 256, 512];

    /// <summary>
    /// Whether time to conversion's 256- and 128-bit pair packing loops are off (the engine's internal per-thread
    /// <c>ColumnKernels.ScalarPacking</c>): those loops against the scalar loop at the same width, everything else
    /// unchanged. <c>LEADMETRICS_PACKING</c> (<c>vector</c> or <c>scalar</c>) limits a run to one; else both.
    /// </summary>
    [ParamsSource(nameof(Packings))]
    public bool ScalarPacking { get; set; }

    /// <summary>The packings to run: <c>LEADMETRICS_PACKING</c>, or both.</summary>
    public static IEnumerable<bool> Packings =>
        Environment.GetEnvironmentVariable("LEADMETRICS_PACKING") switch
        {
            "vector" => [false],
            "scalar" => [true],
            _ => [false, true],
        };

    /// <summary>Generates the leads and their columnar batch, and finds the switches.</summary>
    [GlobalSetup]
    public void Setup()
    {
        const System.Reflection.BindingFlags Internal = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        var kernels = typeof(LeadRecord).Assembly.GetType("LeadMetrics.Engine.ColumnKernels");
        var width = kernels?.GetProperty("Width", Internal);
        var value = width is null ? null : Enum.ToObject(width.PropertyType, Width);
        var packing = kernels?.GetProperty("ScalarPacking", Internal);
        var scalarPacking = ScalarPacking;
        _setWidth = width is null ? null : () =>
        {
            width.SetValue(null, value);
            packing?.SetValue(null, scalarPacking);
        };
        _columns = LeadColumns.From(SyntheticLeadRecords.Generate(N));
    }

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

    private CalculatorSetResult<TResult> RunColumns<TCalculator, TResult>(TCalculator prototype)
        where TCalculator : class, ILeadCalculator<TCalculator, TResult>
    {
        // The benchmark thread runs the setup and every iteration; set here too, in case the engine runs elsewhere.
        _setWidth?.Invoke();
        var set = new CalculatorSet<TCalculator, TResult>(prototype, LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_columns!);
        return set.Snapshot();
    }
}
