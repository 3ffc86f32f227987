using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using DuckDB.NET.Data;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;

namespace LeadMetrics.Benchmarks;

/// <summary>
/// Each streaming calculator, and all of them together, over generated leads grouped by source plus
/// totals, single-threaded; beside the peers a data team would use: DuckDB (in-memory table,
/// <c>SET threads=1</c>) running the equivalent SQL, and a naive LINQ GroupBy; and many groups of one lead each.
/// The columnar methods run the engine at its default vector width; <see cref="VectorWidthBenchmarks"/> compares the
/// widths.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LeadKpiBenchmarks
{
    private const string FullQuery = """
        SELECT source,
               count(*) AS leads,
               count(*) FILTER (WHERE outcome = 1) AS won,
               count(*) FILTER (WHERE outcome = 2) AS lost,
               count(*) FILTER (WHERE outcome = 1) / count(*) AS conversion,
               count(*) FILTER (WHERE outcome = 1) / nullif(count(*) FILTER (WHERE outcome > 0), 0) AS win_rate,
               avg(responded - created) AS response_mean,
               quantile_disc(responded - created, [0.5, 0.9]) AS response_p50_p90,
               count(*) FILTER (WHERE responded - created <= 3000000000) / count(*) AS within_5_minutes,
               avg(closed - created) FILTER (WHERE outcome = 1) AS conversion_mean,
               quantile_disc(closed - created, [0.5, 0.9]) FILTER (WHERE outcome = 1) AS conversion_p50_p90,
               sum(value) FILTER (WHERE outcome = 1) AS won_value
        FROM leads
        GROUP BY GROUPING SETS ((source), ())
        """;

    private const string CounterQuery = """
        SELECT source,
               count(*) AS leads,
               count(*) FILTER (WHERE outcome = 1) AS won,
               count(*) FILTER (WHERE outcome = 2) AS lost,
               count(*) FILTER (WHERE furthest >= 1 OR outcome = 1) AS reached_working,
               count(*) FILTER (WHERE furthest >= 2 OR outcome = 1) AS reached_qualified,
               count(*) FILTER (WHERE furthest >= 3 OR outcome = 1) AS reached_proposal
        FROM leads
        GROUP BY GROUPING SETS ((source), ())
        """;

    private LeadRecord[] _records = [];
    private LeadRecord[] _oneLeadGroups = [];
    private LeadColumns? _columns;
    private DuckDBConnection? _duck;

    /// <summary>The number of leads.</summary>
    [Params(1_000_000, 10_000_000)]
    public int N { get; set; }

    /// <summary>Generates the leads.</summary>
    [GlobalSetup]
    public void Setup() => _records = SyntheticLeadRecords.Generate(N);

    /// <summary>Makes 100,000 leads of one source each.</summary>
    [GlobalSetup(Target = nameof(ManyGroups))]
    public void SetupManyGroups()
    {
        var t0 = NodaTime.Instant.FromUtc(2024, 3, 4, 9, 0);
        _oneLeadGroups = new LeadRecord[100_000];
        for (var i = 0; i < _oneLeadGroups.Length; i++)
        {
            _oneLeadGroups[i] = new LeadRecord(
                i + 1, t0, source: i + 1, firstResponseAt: t0 + NodaTime.Duration.FromMinutes(5), outcome: LeadOutcome.Won, closedAt: t0 + NodaTime.Duration.FromDays(3), furthestPosition: 4);
        }
    }

    /// <summary>Generates the leads and their columnar batch.</summary>
    [GlobalSetup(Targets = [nameof(VolumeColumnar), nameof(FunnelColumnar), nameof(ResponseTimeColumnar), nameof(TimeToConversionColumnar), nameof(SalesCycleColumnar), nameof(AllKpisColumnar)])]
    public void SetupColumns()
    {
        Setup();
        _columns = LeadColumns.From(_records);
    }

    /// <summary>Generates the leads and loads the same data into an in-memory DuckDB table.</summary>
    [GlobalSetup(Targets = [nameof(DuckDbFullQuery), nameof(DuckDbCounters)])]
    public void SetupDuckDb()
    {
        Setup();
        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
        Execute("SET threads=1");
        Execute("CREATE TABLE leads(source INTEGER, outcome TINYINT, furthest TINYINT, created BIGINT, responded BIGINT, closed BIGINT, value DECIMAL(18,2))");
        using (var appender = _duck.CreateAppender("leads"))
        {
            foreach (var r in _records)
            {
                appender.CreateRow()
                    .AppendValue(r.Source)
                    .AppendValue((sbyte)r.Outcome)
                    .AppendValue((sbyte)r.FurthestPosition)
                    .AppendValue(r.CreatedAt.ToUnixTimeTicks())
                    .AppendValue(r.FirstResponseAt?.ToUnixTimeTicks())
                    .AppendValue(r.ClosedAt?.ToUnixTimeTicks())
                    .AppendValue(r.Outcome == LeadOutcome.Won ? r.DealValue?.Amount ?? 0m : (decimal?)null)
                    .EndRow();
            }
        }

        // The table is in DuckDB now; the records are not needed by the queries.
        _records = [];
    }

    /// <summary>Closes DuckDB.</summary>
    [GlobalCleanup]
    public void Cleanup() => _duck?.Dispose();

    /// <summary>Volume only.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object Volume() => Run(new VolumeCalculator());

    /// <summary>Funnel and conversion (the counting KPIs).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object Funnel() => Run(new FunnelCalculator());

    /// <summary>Volume only, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object VolumeColumnar() => RunColumns(new VolumeCalculator());

    /// <summary>Funnel and conversion, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object FunnelColumnar() => RunColumns(new FunnelCalculator());

    /// <summary>Response time, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object ResponseTimeColumnar() => RunColumns<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator());

    /// <summary>Time to conversion with stage velocity, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object TimeToConversionColumnar() => RunColumns<TimeToConversionCalculator, TimeToConversionResult>(new TimeToConversionCalculator());

    /// <summary>Sales cycle, won and lost, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object SalesCycleColumnar() => RunColumns<SalesCycleCalculator, SalesCycleResult>(new SalesCycleCalculator());

    /// <summary>Every KPI together, from a columnar batch.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object AllKpisColumnar() => RunColumns<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator());

    /// <summary>Response time.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object ResponseTime() => Run(new ResponseTimeCalculator());

    /// <summary>Time to conversion with stage velocity.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object TimeToConversion() => Run(new TimeToConversionCalculator());

    /// <summary>Sales cycle, won and lost.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object SalesCycle() => Run(new SalesCycleCalculator());

    /// <summary>Every KPI together.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public object AllKpis() => Run(new LeadKpiCalculator());

    /// <summary>100,000 groups of one lead each (one source each), every lead KPI: added and snapshot (per-group state and result).</summary>
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

    /// <summary>DuckDB: the equivalent SQL of the KPI set's headline numbers.</summary>
    /// <returns>A checksum of the rows.</returns>
    [Benchmark(Baseline = true)]
    public object DuckDbFullQuery() => Query(FullQuery);

    /// <summary>DuckDB: counters only (volume, funnel, conversion).</summary>
    /// <returns>A checksum of the rows.</returns>
    [Benchmark]
    public object DuckDbCounters() => Query(CounterQuery);

    /// <summary>Naive LINQ GroupBy computing the same headline numbers as the DuckDB query.</summary>
    /// <returns>The rows.</returns>
    [Benchmark]
    public object LinqGroupBy()
    {
        static object Row(IEnumerable<LeadRecord> g)
        {
            var list = g.ToList();
            var won = list.Count(r => r.Outcome == LeadOutcome.Won);
            var lost = list.Count(r => r.Outcome == LeadOutcome.Lost);
            var response = list.Where(r => r.FirstResponseAt is not null).Select(r => (r.FirstResponseAt!.Value - r.CreatedAt).TotalSeconds).Order().ToList();
            var conversion = list.Where(r => r.Outcome == LeadOutcome.Won).Select(r => (r.ClosedAt!.Value - r.CreatedAt).TotalSeconds).Order().ToList();
            return new
            {
                Leads = list.Count,
                Won = won,
                Lost = lost,
                Conversion = (double)won / list.Count,
                WinRate = won + lost == 0 ? (double?)null : (double)won / (won + lost),
                ResponseMean = response.DefaultIfEmpty().Average(),
                ResponseP50 = response.Count == 0 ? 0 : response[(int)(0.5 * (response.Count - 1))],
                ResponseP90 = response.Count == 0 ? 0 : response[(int)(0.9 * (response.Count - 1))],
                Within5Minutes = (double)response.Count(s => s <= 300) / list.Count,
                ConversionMean = conversion.DefaultIfEmpty().Average(),
                ConversionP50 = conversion.Count == 0 ? 0 : conversion[(int)(0.5 * (conversion.Count - 1))],
                ConversionP90 = conversion.Count == 0 ? 0 : conversion[(int)(0.9 * (conversion.Count - 1))],
                WonValue = list.Where(r => r.Outcome == LeadOutcome.Won).Sum(r => r.DealValue?.Amount ?? 0m),
            };
        }

        var bySource = _records.GroupBy(r => r.Source).Select(g => Row(g)).ToList();
        bySource.Add(Row(_records));
        return bySource;
    }

    private CalculatorSetResult<TResult> Run<TCalculator, TResult>(TCalculator prototype)
        where TCalculator : class, ILeadCalculator<TCalculator, TResult>
    {
        var set = new CalculatorSet<TCalculator, TResult>(prototype, LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_records);
        return set.Snapshot();
    }

    private CalculatorSetResult<TResult> RunColumns<TCalculator, TResult>(TCalculator prototype)
        where TCalculator : class, ILeadCalculator<TCalculator, TResult>
    {
        var set = new CalculatorSet<TCalculator, TResult>(prototype, LeadGrouping.Total, LeadGrouping.BySource);
        set.AddRange(_columns!);
        return set.Snapshot();
    }

    private CalculatorSetResult<VolumeResult> RunColumns(VolumeCalculator prototype) => RunColumns<VolumeCalculator, VolumeResult>(prototype);

    private CalculatorSetResult<FunnelResult> RunColumns(FunnelCalculator prototype) => RunColumns<FunnelCalculator, FunnelResult>(prototype);

    private CalculatorSetResult<VolumeResult> Run(VolumeCalculator prototype) => Run<VolumeCalculator, VolumeResult>(prototype);

    private CalculatorSetResult<FunnelResult> Run(FunnelCalculator prototype) => Run<FunnelCalculator, FunnelResult>(prototype);

    private CalculatorSetResult<ResponseTimeResult> Run(ResponseTimeCalculator prototype) => Run<ResponseTimeCalculator, ResponseTimeResult>(prototype);

    private CalculatorSetResult<TimeToConversionResult> Run(TimeToConversionCalculator prototype) => Run<TimeToConversionCalculator, TimeToConversionResult>(prototype);

    private CalculatorSetResult<SalesCycleResult> Run(SalesCycleCalculator prototype) => Run<SalesCycleCalculator, SalesCycleResult>(prototype);

    private CalculatorSetResult<LeadKpis> Run(LeadKpiCalculator prototype) => Run<LeadKpiCalculator, LeadKpis>(prototype);

    private void Execute(string sql)
    {
        using var command = _duck!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Query(string sql)
    {
        using var command = _duck!.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }

            rows++;
        }

        return rows;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1));
            AddColumn(new LeadsPerSecondColumn());
        }
    }
}
