using System.Diagnostics;
using System.Globalization;
using LeadMetrics.Samples.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// The lead report over partitions on an Orleans silo (a cluster of one here; the same grains run on many silos, see
// tests/LeadMetrics.Orleans.Tests for three). Usage:
//   dotnet run --project samples/LeadMetrics.Samples.Orleans -c Release -- [leads.csv stages.csv [revenue.csv [costs.csv [touchpoints.csv]]]] [--partitions 4] [--work DIR] [--cli-report source] [--cli-only [--out report.json]]
// Without files it uses samples/data (all five files). It times one pass over all the data in this
// process (the CLI's way), then splits the data by lead id hash, has each partition grain ingest its part with its own
// encoding and store its partial as bytes, merges them by label in the report grain, and checks that the merged report
// equals the one pass (byte for byte for the lead KPIs once the one pass gives the labels the merged ids). It prints
// the wall times and the bytes each partition sent. With --cli-report (a --by list, or "none"), the partitions also run the
// CLI's report builder's pass over their slices and the report grain builds the CLI's JSON from their merge
// (ReportGrain.ReportJson, through LeadMetrics.Data.Reports.PartitionedReport); the sample compares it with the same
// report in one pass over the whole files (the JSON of `leadmetrics report ... --format json`). With --cli-only, only
// the CLI's report over the partitions runs (no one pass, no sample partial; --out writes its JSON to compare with the
// leadmetrics tool's): the run at scale, as one process cannot hold the one pass and the partitions of 10M leads at once.
var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var dataDirectory = FindSampleData();
var leads = positional.Length > 0 ? positional[0] : Path.Combine(dataDirectory, "leads.csv");
var stages = positional.Length > 1 ? positional[1] : Path.Combine(dataDirectory, "stages.csv");
var revenue = positional.Length > 2 ? positional[2] : positional.Length == 0 ? Path.Combine(dataDirectory, "revenue.csv") : null;
var costs = positional.Length > 3 ? positional[3] : positional.Length == 0 ? Path.Combine(dataDirectory, "costs.csv") : null;
var touchpoints = positional.Length > 4 ? positional[4] : positional.Length == 0 ? Path.Combine(dataDirectory, "touchpoints.csv") : null;
var partitions = int.Parse(Option("--partitions") ?? "4", CultureInfo.InvariantCulture);
var work = Option("--work") ?? Path.Combine(Path.GetTempPath(), "leadmetrics-orleans-" + Environment.ProcessId);
var cliBy = Option("--cli-report");
var cliOnly = args.Contains("--cli-only");
if (cliOnly && cliBy is null)
{
    cliBy = "none";
}

var request = cliBy is null ? null : new ReportRequest { By = cliBy == "none" ? [] : [cliBy], Inputs = [leads, stages, touchpoints, costs, revenue], Only = cliOnly };
if (cliOnly)
{
    return await CliOnly();
}

// Warm up (JIT) on the bundled sample, then one process, one pass over all the data, as the CLI reads it.
ReportPartial.Create().Ingest(ReportPartial.Options(Path.Combine(dataDirectory, "leads.csv"), Path.Combine(dataDirectory, "stages.csv")));
var process = Process.GetCurrentProcess();
TimeSpan Cpu()
{
    process.Refresh();
    return process.TotalProcessorTime;
}

var cpu = Cpu();
var clock = Stopwatch.StartNew();
var wholeOptions = ReportPartial.Options(leads, stages, revenue, costsPath: costs, touchpointsPath: touchpoints);
var observedUntil = revenue is null ? (NodaTime.LocalDate?)null : ReportPartial.ObservedUntilOf([ReportPartial.LastInstantOf(wholeOptions)]);
var onePass = ReportPartial.Create(observedUntil: observedUntil);
onePass.Ingest(wholeOptions);
var onePassTime = clock.Elapsed;
var onePassCpu = Cpu() - cpu;

clock.Restart();
var slices = DataParts.Split(leads, stages, partitions, Path.Combine(work, "parts"), revenue, costs, touchpoints);
foreach (var slice in slices)
{
    slice.Report = request;
}
var split = clock.Elapsed;

using var host = Host.CreateDefaultBuilder()
    .UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(FreePort(), FreePort());

        // A partition's ingest of millions of leads is one long call: the default 30-second response timeout is for chat, not batch.
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromHours(1));
        FileGrainStorage.Register(silo.Services, Path.Combine(work, "grain-state"));
    })
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error))
    .Build();
await host.StartAsync();
var report = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IReportGrain>("report");
cpu = Cpu();
var ingest = await report.IngestAll(slices);
clock.Restart();
var merged = await report.Merge(partitions);
var merging = clock.Elapsed;
var clusterCpu = Cpu() - cpu;
string? cliJson = null;
var cliMerge = TimeSpan.Zero;
if (request is not null)
{
    clock.Restart();
    cliJson = await report.ReportJson(partitions, request);
    cliMerge = clock.Elapsed;
    var first = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPartitionGrain>(0).GetPartial();
    Console.WriteLine("partition 0's report pass: " + string.Join(", ", LeadMetrics.Data.Reports.PartitionedReport.PartSizes(first!.Report).Select(p => $"{p.Part} {p.Bytes.ToString("N0", CultureInfo.InvariantCulture)}")));
}

await host.StopAsync();

// The same one pass, its encoding seeded with the merged report's labels (so that its ids are the merged ids), gives
// the merged bytes exactly.
var seeded = ReportPartial.Create(observedUntil: observedUntil);
var encoding = seeded.Ingest(wholeOptions, merged.Dictionary);
var expected = seeded.Serialize(encoding);
var same = expected.Kpis.AsSpan().SequenceEqual(merged.Bytes.Kpis) && expected.Reps.AsSpan().SequenceEqual(merged.Bytes.Reps);

// The money partials hold lead keys, numbered apart per slice: equal reports, not equal bytes.
var mergedPartial = merged.ToPartial();
var sameMoney = seeded.FinanceTotal.Snapshot().Equals(mergedPartial.FinanceTotal.Snapshot())
    && seeded.FinanceBySource.Snapshot().Equals(mergedPartial.FinanceBySource.Snapshot())
    && seeded.Lifetime.Snapshot().Equals(mergedPartial.Lifetime.Snapshot())
    && Dates.Format(observedUntil) == merged.ObservedUntil;

var total = merged.Kpis().For(onePass.Groupings[0]).Groups[0].Result;
Console.WriteLine($"leads: {total.Funnel.Leads:N0}, won: {total.Funnel.Won:N0}, conversion: {total.Funnel.ConversionRate:P2}");
Console.WriteLine($"one process, one pass: {onePassTime.TotalSeconds:F1} s wall, {onePassCpu.TotalSeconds:F1} s CPU");
Console.WriteLine($"{partitions} partitions: split {split.TotalSeconds:F1} s; last-instant scan {ingest.Scan.TotalSeconds:F1} s; ingest {ingest.Ingest.TotalSeconds:F1} s; merge {merging.TotalSeconds:F2} s wall; scan + ingest + merge {clusterCpu.TotalSeconds:F1} s CPU");
Console.WriteLine($"bytes per partition: {string.Join(", ", merged.BytesPerPartition.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}; merged report: {merged.Bytes.Length:N0} bytes");
var money = mergedPartial.FinanceTotal.Snapshot().Total;
Console.WriteLine($"revenue: {money.RealizedRevenue}, customer revenue: {money.CustomerRevenue}, cost: {money.TotalCost}, ROI: {money.ReturnOnInvestment}, ROAS: {money.ReturnOnAdSpend}, CPL: {money.CostPerLead}, CAC: {money.CustomerAcquisitionCost}; lifetime value observed until {merged.ObservedUntil ?? "(none)"}");
Console.WriteLine(same ? "merged report = one pass (equal bytes)" : "MISMATCH: merged report differs from one pass");
Console.WriteLine(sameMoney ? "merged money KPIs = one pass (equal reports)" : "MISMATCH: merged money KPIs differ from one pass");
var sameCli = true;
if (request is not null)
{
    // The same report in one pass over the whole files, in this process (one partition, part 0 of 1): the CLI's
    // report, which tests/LeadMetrics.Orleans.Tests/CliReportTests.cs checks against the leadmetrics tool itself.
    var options = new LeadMetrics.Data.Reports.PartitionedReportOptions { By = request.By, HasCosts = costs is not null, HasRevenue = revenue is not null };
    LeadMetrics.Data.InputKind[] kinds = [LeadMetrics.Data.InputKind.Leads, LeadMetrics.Data.InputKind.Stages, LeadMetrics.Data.InputKind.Touchpoints, LeadMetrics.Data.InputKind.Costs, LeadMetrics.Data.InputKind.Revenue];
    var files = request.Inputs.Select((name, i) => (Kind: kinds[i], Name: name)).Where(f => f.Name is not null).Select(f => (f.Kind, f.Name!)).ToList();
    clock.Restart();
    var whole = new LeadMetrics.Data.Reports.ReportSlice { LeadsPath = leads, StagesPath = stages, TouchpointsPath = touchpoints, CostsPath = costs, RevenuePath = revenue };
    var onePassJson = LeadMetrics.Data.Reports.PartitionedReport.Json([LeadMetrics.Data.Reports.PartitionedReport.Partition(whole, options, observedUntil)], options, files);
    var cliTime = clock.Elapsed;
    sameCli = onePassJson == cliJson;
    Console.WriteLine($"the CLI's report in one process, one pass: {cliTime.TotalSeconds:F1} s wall; over {partitions} partitions, merge and build: {cliMerge.TotalSeconds:F2} s wall; report pass bytes per partition: {string.Join(", ", merged.ReportBytes.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}");
    Console.WriteLine(sameCli ? "merged CLI report = the CLI's report in one pass (equal bytes)" : "MISMATCH: the merged CLI report differs from the CLI's report in one pass");
}

return same && sameMoney && sameCli ? 0 : 1;

// --cli-only: only the CLI's report over the partitions (no one pass in this process, no sample partial): the run at
// scale, to set against `leadmetrics report ... --format json` run as its own process over the whole files.
async Task<int> CliOnly()
{
    var clock = Stopwatch.StartNew();
    var slices = DataParts.Split(leads, stages, partitions, Path.Combine(work, "parts"), revenue, costs, touchpoints);
    foreach (var slice in slices)
    {
        slice.Report = request;
    }

    var split = clock.Elapsed;
    using var host = Host.CreateDefaultBuilder()
        .UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromHours(1));
            FileGrainStorage.Register(silo.Services, Path.Combine(work, "grain-state"));
        })
        .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error))
        .Build();
    await host.StartAsync();
    var grains = host.Services.GetRequiredService<IGrainFactory>();
    var report = grains.GetGrain<IReportGrain>("report");
    var ingest = await report.IngestAll(slices);
    clock.Restart();
    var json = await report.ReportJson(partitions, request!);
    var merge = clock.Elapsed;
    var sizes = new List<long>();
    for (var i = 0; i < partitions; i++)
    {
        sizes.Add((await grains.GetGrain<IPartitionGrain>(i).GetPartial())!.Report.Length);
    }

    await host.StopAsync();
    var output = Option("--out");
    if (output is not null)
    {
        File.WriteAllText(output, json + "\n");
    }

    Console.WriteLine($"{partitions} partitions, the CLI's report only: split {split.TotalSeconds:F1} s; last-instant scan {ingest.Scan.TotalSeconds:F1} s; ingest {ingest.Ingest.TotalSeconds:F1} s; merge and build {merge.TotalSeconds:F1} s wall");
    Console.WriteLine($"report pass bytes per partition: {string.Join(", ", sizes.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}{(output is null ? string.Empty : "; JSON written to " + output)}");
    return 0;
}

// Free ports, so that the sample runs beside other silos on the machine (the tests' clusters).
static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

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
