#:project ../../src/LeadMetrics/LeadMetrics.csproj
#:property PublishAot=false
// The C# in-process side of benchmarks/python/bench_kpis.py: the same leads (the columns bench_kpis.py --dump wrote),
// appended with LeadColumnsBuilder and computed by LeadKpiSet over the total and by source (what kpis(frame,
// by="source") computes: its trend and reps are off), or with "full" also the monthly trend, the rep comparison and
// the cohort maturity of the monthly trend (the native call with the set options' defaults),
// as the native library does for one lm_kpis_add_leads + lm_kpis_snapshot, but JIT-compiled in a .NET process, on one
// thread (the native library splits a block of 262,144 leads or more over the cores).
//   dotnet run -c Release benchmarks/python/InProcess.cs -- /tmp/lm-bench 3 [groups|full]
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using LeadMetrics;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using NodaTime;

var dir = args.Length > 0 ? args[0] : "/tmp/lm-bench";
var repeat = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var full = args.Length > 2 && args[2] == "full";
long[] L(string name) => MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(Path.Combine(dir, name + ".bin"))).ToArray();
var created = L("created");
var response = L("response");
var won = L("won");
var lost = L("lost");
var value = L("value");
var source = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(dir, "source.bin"))).ToArray();
var labels = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(dir, "source_labels.json")))!;
var n = created.Length;
const long Missing = long.MinValue;

double tBuild = 0, tKpis = 0, tReps = 0, tSnap = 0, tMaturity = 0;

double Run()
{
    tBuild = tKpis = tReps = tSnap = tMaturity = 0;
    var sw = Stopwatch.StartNew();
    var part = new Stopwatch();
    var encoding = new LeadEncoding();
    var ids = labels.Select(l => encoding.Sources.Encode(l)).ToArray();
    var zone = DateTimeZone.Utc;
    var set = full
        ? LeadKpiSet.Create(new KpiOptions(Pipeline.Default, Currency.Usd),
            new LeadGrouping(GroupDimension.None, TimeBucket.None, zone), new LeadGrouping(GroupDimension.None, TimeBucket.Month, zone),
            new LeadGrouping(GroupDimension.Source, TimeBucket.None, zone))
        : LeadKpiSet.Create(new KpiOptions(Pipeline.Default, Currency.Usd),
            new LeadGrouping(GroupDimension.None, TimeBucket.None, zone), new LeadGrouping(GroupDimension.Source, TimeBucket.None, zone));
    var reps = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source));
    var maturity = new CalculatorSet<CohortMaturityCalculator, CohortMaturityResult>(new CohortMaturityCalculator(), new LeadGrouping(GroupDimension.None, TimeBucket.Month, zone));
    var builder = new LeadColumnsBuilder(16_384);
    void Flush()
    {
        var batch = builder.Build();
        part.Restart();
        set.AddRange(batch);
        tKpis += part.Elapsed.TotalSeconds;
        if (!full)
        {
            return;
        }

        part.Restart();
        maturity.AddRange(batch);
        tMaturity += part.Elapsed.TotalSeconds;
        part.Restart();
        for (var j = 0; j < batch.Count; j++)
        {
            reps.Add(batch[j]);
        }

        tReps += part.Elapsed.TotalSeconds;
    }

    for (var i = 0; i < n; i++)
    {
        var outcome = won[i] != Missing ? LeadOutcome.Won : lost[i] != Missing ? LeadOutcome.Lost : LeadOutcome.Open;
        long? closed = won[i] != Missing ? won[i] / 100 : lost[i] != Missing ? lost[i] / 100 : null;
        builder.Add(i + 1, created[i] / 100, source[i] < 0 ? 0 : ids[source[i]], 0, 0, 0, response[i] == Missing ? null : response[i] / 100,
            outcome, closed, outcome == LeadOutcome.Won ? Pipeline.Default.OpenStageCount : 0,
            value[i] == Missing ? null : new Money(value[i] / 100m, Currency.Usd), []);
        if (builder.Count == 16_384)
        {
            Flush();
        }
    }

    if (builder.Count > 0)
    {
        Flush();
    }

    part.Restart();
    var snapshot = set.Snapshot();
    var report = reps.Snapshot();
    GC.KeepAlive(maturity.Snapshot());
    tSnap = part.Elapsed.TotalSeconds;
    GC.KeepAlive(snapshot);
    GC.KeepAlive(report);
    var total = sw.Elapsed.TotalSeconds;
    tBuild = total - tKpis - tReps - tSnap - tMaturity;
    return total;
}

Run(); // JIT warm-up
var best = double.MaxValue;
var bestCpu = double.MaxValue;
(double Build, double Kpis, double Reps, double Snapshot, double Maturity) parts = default;
for (var r = 0; r < repeat; r++)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var t = Run();
    bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    if (t < best)
    {
        best = t;
        parts = (tBuild, tKpis, tReps, tSnap, tMaturity);
    }
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    rows = n,
    computed = full ? "total, monthly trend, by source, rep comparison, cohort maturity" : "total, by source",
    seconds = Math.Round(best, 3),
    cpu_seconds = Math.Round(bestCpu, 3),
    leads_per_second = Math.Round(n / best),
    builder_seconds = Math.Round(parts.Build, 3),
    kpi_set_seconds = Math.Round(parts.Kpis, 3),
    rep_comparison_seconds = Math.Round(parts.Reps, 3),
    cohort_maturity_seconds = Math.Round(parts.Maturity, 3),
    snapshot_seconds = Math.Round(parts.Snapshot, 3),
}));
