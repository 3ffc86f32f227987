using System.Diagnostics;
using LeadMetrics.Samples.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The lead report over partitions on an Orleans silo (a cluster of one here; the same grains run on many silos, see
// tests/LeadMetrics.Orleans.Tests for three). Usage:
//   dotnet run --project samples/LeadMetrics.Samples.Orleans -c Release -- [leads.csv stages.csv] [--partitions 4] [--work DIR]
// Without files it uses samples/data. It splits the data by lead id hash, has each partition grain ingest its part
// and store its partial as bytes, merges them in the report grain, and checks the merged report against one pass in
// this process; it prints the wall times and the bytes each partition sent.
var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var dataDirectory = FindSampleData();
var leads = positional.Length > 0 ? positional[0] : Path.Combine(dataDirectory, "leads.csv");
var stages = positional.Length > 1 ? positional[1] : Path.Combine(dataDirectory, "stages.csv");
var partitions = int.Parse(Option("--partitions") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
var work = Option("--work") ?? Path.Combine(Path.GetTempPath(), "leadmetrics-orleans-" + Environment.ProcessId);

var clock = Stopwatch.StartNew();
var slices = DataParts.Split(leads, stages, partitions, Path.Combine(work, "parts"));
var split = clock.Elapsed;

using var host = Host.CreateDefaultBuilder()
    .UseOrleans(silo =>
    {
        silo.UseLocalhostClustering();
        FileGrainStorage.Register(silo.Services, Path.Combine(work, "grain-state"));
    })
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error))
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var report = grains.GetGrain<IReportGrain>("report");

clock.Restart();
var ingest = await report.IngestAll(slices);
var ingested = clock.Elapsed;
clock.Restart();
var merged = await report.Merge(partitions);
var merging = clock.Elapsed;
await host.StopAsync();

// One process, one pass over all the data (the CLI's way), with the same dictionary so that the bytes compare too.
clock.Restart();
var onePass = ReportPartial.Create();
var encoding = onePass.Ingest(ReportPartial.Options(leads, stages), merged.Dictionary);
var onePassTime = clock.Elapsed;
var same = onePass.Serialize(encoding).Kpis.AsSpan().SequenceEqual(merged.Bytes.Kpis) && onePass.Serialize(encoding).Reps.AsSpan().SequenceEqual(merged.Bytes.Reps);

var total = merged.Kpis().For(onePass.Groupings[0]).Groups[0].Result;
Console.WriteLine($"leads: {total.Funnel.Leads:N0}, won: {total.Funnel.Won:N0}, conversion: {total.Funnel.ConversionRate:P2}");
Console.WriteLine($"partitions: {partitions}; bytes per partition: {string.Join(", ", merged.BytesPerPartition.Select(b => b.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");
Console.WriteLine($"split {split.TotalSeconds:F1} s; labels + ingest on the silo {ingested.TotalSeconds:F1} s; merge {merging.TotalSeconds:F2} s; one process {onePassTime.TotalSeconds:F1} s");
Console.WriteLine(same ? "merged report = one pass (equal bytes)" : "MISMATCH: merged report differs from one pass");
return same ? 0 : 1;

static string FindSampleData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "samples", "data");
        if (File.Exists(Path.Combine(candidate, "leads.csv")))
        {
            return candidate;
        }
    }

    return Path.Combine("samples", "data");
}
