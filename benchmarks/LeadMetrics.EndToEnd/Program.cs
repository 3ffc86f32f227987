using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using LeadMetrics.Cli;

// End to end over files, the path users run: the leadmetrics report (in process, as the tool runs it) against DuckDB
// reading the same CSV files with the equivalent SQL. Each case runs in a fresh child process pinned to 1 or 2 cores,
// so that its wall time includes JIT and file reading and its peak memory is its own.
//
//   dotnet publish -c Release -r linux-x64 benchmarks/LeadMetrics.EndToEnd -o <e2e-r2r>
//   dotnet <e2e-r2r>/LeadMetrics.EndToEnd.dll all <dir>[,<dir>...] [cases] [files] [threads]     (the tables, ReadyToRun: what
//       the installed tool runs on linux-x64, its LeadMetrics.Cli.linux-x64 package; the default)
//   dotnet run -c Release --project benchmarks/LeadMetrics.EndToEnd -- all <dir>[,<dir>...] [cases] [files] [threads]     (the
//       same tables in IL, tiered JIT: what the portable LeadMetrics.Cli.any package runs on other platforms)
//   dotnet run -c Release --project benchmarks/LeadMetrics.EndToEnd -- parquet <csvdir> <outdir>     (Parquet copies, by DuckDB)
//   dotnet run -c Release --project benchmarks/LeadMetrics.EndToEnd -- run <case> <dir> <threads> [files] [csv|parquet]
//   dotnet <e2e-r2r>/LeadMetrics.EndToEnd.dll cli <leadmetrics arguments...>     (any command in process: wall s, CPU s,
//       peak working set MB and MB allocated on stderr; e.g. report ... --scoring <model>)
//
// <dir> holds the files of: leadmetrics generate --leads 1000000 --seed 3 [--format parquet] --out <dir>; all runs
// every dir given (1M and 10M, CSV and Parquet: a table per dir, format and files), each format whose leads file the
// dir holds (leads.csv, leads.parquet). DuckDB reads Parquet with read_parquet (the files' own column types).
// files: ls (leads.csv + stages.csv, the default) or all (the five files: touchpoints, costs and revenue too; DuckDB
// then also infers the first response from touchpoints and sums costs and realized revenue by source), or both in one
// run: ls,all (a table each).
// Cases: leadmetrics (the report's columnar path), leadmetrics-rows (the row path, LEADMETRICS_ROW_PATH=1: what the
// tool ran before), duckdb.
var inv = CultureInfo.InvariantCulture;
if (args is ["run", var name, var dir, var threadsText, ..])
{
    var five = args.Length > 4 && args[4] == "all";
    var ext = args.Length > 5 ? args[5] : "csv";
    var threads = int.Parse(threadsText, inv);
    if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
    {
        Process.GetCurrentProcess().ProcessorAffinity = threads == 1 ? 1 : 3;
    }

    var leads = Path.Combine(dir, "leads." + ext);
    var stages = Path.Combine(dir, "stages." + ext);
    var watch = Stopwatch.StartNew();
    long count;
    switch (name)
    {
        case "leadmetrics":
        case "leadmetrics-rows":
        {
            var output = Path.Combine(Path.GetTempPath(), $"e2e-{Environment.ProcessId}.json");
            using var stdout = new StringWriter(inv);
            using var stderr = new StringWriter(inv);
            string[] inputs = five
                ? ["--leads", leads, "--stages", stages, "--touchpoints", Path.Combine(dir, "touchpoints." + ext), "--costs", Path.Combine(dir, "costs." + ext), "--revenue", Path.Combine(dir, "revenue." + ext)]
                : ["--leads", leads, "--stages", stages];
            var exit = CliApp.Run(["report", .. inputs, "--by", "source", "--format", "json", "--out", output], stdout, stderr);
            if (exit != 0)
            {
                throw new InvalidOperationException($"report exited {exit}: {stderr}");
            }

            watch.Stop();
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(output));
            count = doc.RootElement.GetProperty("total").GetProperty("leads").GetInt64();
            File.Delete(output);
            break;
        }

        case "duckdb":
            count = DuckDb(leads, stages, threads, five ? dir : null, ext);
            watch.Stop();
            break;
        default:
            throw new ArgumentException($"unknown case '{name}' (leadmetrics, leadmetrics-rows, duckdb).", nameof(args));
    }

    // Peak resident memory of the process (VmHWM), and the GC's view: bytes allocated in all.
    // CPU time of the process (all threads, user + system), from its start.
    var self = Process.GetCurrentProcess();
    var peak = self.PeakWorkingSet64;
    Console.WriteLine(string.Create(inv, $"{name}\t{threads}\t{watch.Elapsed.TotalSeconds:F2}\t{peak / 1048576.0:F0}\t{GC.GetTotalAllocatedBytes() / 1048576.0:F0}\t{count}\t{self.TotalProcessorTime.TotalSeconds:F2}"));
    return 0;
}

if (args is ["cli", .. var cliArgs])
{
    // Any leadmetrics command in process, as the tool runs it (e.g. report ... --scoring <model>): wall s, CPU s, peak
    // working set MB and MB allocated, tab-separated on stderr (the command's own output is its own).
    var clock = Stopwatch.StartNew();
    var code = CliApp.Run(cliArgs, Console.Out, Console.Error);
    var me = Process.GetCurrentProcess();
    Console.Error.WriteLine(string.Create(inv, $"cli\t{clock.Elapsed.TotalSeconds:F2}\t{me.TotalProcessorTime.TotalSeconds:F2}\t{me.PeakWorkingSet64 / 1048576.0:F0}\t{GC.GetTotalAllocatedBytes() / 1048576.0:F0}"));
    return code;
}

if (args is ["parquet", var csvDir, var parquetDir])
{
    // Parquet copies of the five CSV files, written by DuckDB with the columns typed as the report reads them
    // (TIMESTAMP adjusted to UTC in microseconds, DECIMAL(18,2), strings): faster than generating 10M leads again.
    Directory.CreateDirectory(parquetDir);
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    foreach (var (file, columns) in Columns)
    {
        Execute(connection, $"COPY (SELECT * FROM read_csv('{Path.Combine(csvDir, file + ".csv")}', header = true, columns = {{{columns}}})) TO '{Path.Combine(parquetDir, file + ".parquet")}' (FORMAT parquet)");
    }

    return 0;
}

if (args is ["all", var allDirs, ..])
{
    var self = Environment.ProcessPath!;
    var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal)
        ? [typeof(Marker).Assembly.Location]
        : Array.Empty<string>();
    var cases = args.Length > 2 ? args[2].Split(',') : ["leadmetrics-rows", "leadmetrics", "duckdb"];
    var threadCounts = args.Length > 4 ? args[4].Split(',').Select(t => int.Parse(t, inv)).ToArray() : [1, 2];
    foreach (var all in allDirs.Split(','))
    foreach (var ext in ((string[])["csv", "parquet"]).Where(e => File.Exists(Path.Combine(all, "leads." + e))))
    foreach (var files in (args.Length > 3 ? args[3] : "ls").Split(','))
    {
        string[] kinds = files == "all" ? ["leads", "stages", "touchpoints", "costs", "revenue"] : ["leads", "stages"];
        var names = kinds.Select(n => n + "." + ext).ToArray();
        var bytes = names.Sum(n => new FileInfo(Path.Combine(all, n)).Length);
        Console.WriteLine();
        Console.WriteLine($"{all}: {string.Join(" + ", names)}: {bytes / 1048576.0:F0} MB ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}; report code: {CodeKind()})");
        Console.WriteLine();
        Console.WriteLine("| case | threads | wall s | CPU s | leads/s | peak working set MB | bytes/lead (peak WS) | allocated MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in cases)
        {
            foreach (var threads in threadCounts)
            {
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in selfArgs)
                {
                    start.ArgumentList.Add(a);
                }

                foreach (var a in new[] { "run", c, all, threads.ToString(inv), files, ext })
                {
                    start.ArgumentList.Add(a);
                }

                if (c == "leadmetrics-rows")
                {
                    start.Environment["LEADMETRICS_ROW_PATH"] = "1";
                }

                // The runtime reads the processor count once at start, before the child pins itself: tell it, so that the
                // report (which uses min(2, processors) threads) runs one thread on one core.
                start.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(inv);

                using var child = Process.Start(start)!;
                var text = child.StandardOutput.ReadToEnd();
                var err = child.StandardError.ReadToEnd();
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    Console.WriteLine($"| {c} | {threads} | failed: {err.Split('\n')[0]} |");
                    continue;
                }

                var f = text.Trim().Split('\n')[^1].Split('\t');
                var wall = double.Parse(f[2], inv);
                var leads = long.Parse(f[5], inv);
                var peakMb = double.Parse(f[3], inv);
                Console.WriteLine(string.Create(inv, $"| {c} | {threads} | {wall:F2} | {f[6]} | {leads / wall / 1e6:F2} M | {peakMb:F0} | {peakMb * 1048576 / leads:F0} | {f[4]} |"));
            }
        }
    }

    return 0;
}

Console.Error.WriteLine("usage: all <dir>[,<dir>...] [cases] [ls|all|ls,all] [1|2|1,2] | parquet <csvdir> <outdir> | run <leadmetrics|leadmetrics-rows|duckdb> <dir> <threads> [ls|all] [csv|parquet]");
return 2;

// DuckDB over the same files: the lead KPIs by source with totals from leads.csv (counts, won, lost, response time
// mean and p50/p90, within 5 minutes and 1 hour, time to conversion and sales cycle won/lost quantiles, won value), and
// the funnel reach and time in stage by source and stage from stages.csv joined to leads.csv. Returns the leads.
static long DuckDb(string leads, string stages, int threads, string? five, string ext)
{
    // CSV with the columns typed as the report reads them; Parquet with its own column types.
    string Read(string path, string columns) => ext == "parquet" ? $"read_parquet('{path}')" : $"read_csv('{path}', header = true, columns = {{{columns}}})";

    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    Execute(connection, $"SET threads={threads}");
    Execute(connection, $$"""
        CREATE TEMP TABLE l AS
        SELECT lead_id, source, created_at, first_response_at, won_at, lost_at, value
        FROM {{Read(leads, "'lead_id': 'VARCHAR', 'created_at': 'TIMESTAMPTZ', 'source': 'VARCHAR', 'campaign': 'VARCHAR', 'owner': 'VARCHAR', "
            + "'first_response_at': 'TIMESTAMPTZ', 'won_at': 'TIMESTAMPTZ', 'lost_at': 'TIMESTAMPTZ', 'value': 'DECIMAL(18,2)', "
            + "'company_size': 'VARCHAR', 'industry': 'VARCHAR', 'role': 'VARCHAR', 'budget': 'VARCHAR'")}}
        """);
    if (five is not null)
    {
        // The first response of a lead without first_response_at: its earliest outbound call, email or chat.
        Execute(connection, $$"""
            CREATE TEMP TABLE t AS
            SELECT lead_id, min("at") AS first_at
            FROM {{Read(Path.Combine(five, "touchpoints." + ext), "'lead_id': 'VARCHAR', 'at': 'TIMESTAMPTZ', 'channel': 'VARCHAR', 'campaign': 'VARCHAR', 'kind': 'VARCHAR', 'direction': 'VARCHAR', 'actor': 'VARCHAR'")}}
            WHERE direction = 'outbound' AND kind IN ('call', 'email', 'chat')
            GROUP BY lead_id
            """);
        Execute(connection, """
            CREATE OR REPLACE TEMP TABLE l AS
            SELECT l.lead_id, l.source, l.created_at, coalesce(l.first_response_at, t.first_at) AS first_response_at, l.won_at, l.lost_at, l.value
            FROM l LEFT JOIN t USING (lead_id)
            """);
        using var costs = connection.CreateCommand();
        costs.CommandText = $$"""
            SELECT source, sum(amount) FROM {{Read(Path.Combine(five, "costs." + ext), "'date': 'DATE', 'from': 'DATE', 'to': 'DATE', 'source': 'VARCHAR', 'campaign': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'category': 'VARCHAR'")}}
            GROUP BY GROUPING SETS ((source), ())
            """;
        using (var reader = costs.ExecuteReader())
        {
            while (reader.Read())
            {
            }
        }

        using var revenue = connection.CreateCommand();
        revenue.CommandText = $$"""
            SELECT l.source, sum(r.amount), count(DISTINCT r.lead_id)
            FROM {{Read(Path.Combine(five, "revenue." + ext), "'lead_id': 'VARCHAR', 'at': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,2)'")}} r
            JOIN l USING (lead_id)
            GROUP BY GROUPING SETS ((l.source), ())
            """;
        using (var reader = revenue.ExecuteReader())
        {
            while (reader.Read())
            {
            }
        }
    }

    long total = 0;
    using (var command = connection.CreateCommand())
    {
        command.CommandText = """
            SELECT source, count(*) AS leads, count(won_at) AS won, count(lost_at) AS lost,
                   avg(epoch(first_response_at) - epoch(created_at)) AS response_mean,
                   quantile_disc(epoch(first_response_at) - epoch(created_at), [0.5, 0.9]) AS response_p50_p90,
                   count(*) FILTER (WHERE epoch(first_response_at) - epoch(created_at) <= 300) AS within_300,
                   count(*) FILTER (WHERE epoch(first_response_at) - epoch(created_at) <= 3600) AS within_3600,
                   avg(epoch(won_at) - epoch(created_at)) AS conversion_mean,
                   quantile_disc(epoch(won_at) - epoch(created_at), [0.5, 0.9]) AS conversion_p50_p90,
                   quantile_disc(epoch(lost_at) - epoch(created_at), [0.5, 0.9]) AS lost_cycle_p50_p90,
                   sum(value) FILTER (WHERE won_at IS NOT NULL) AS won_value,
                   grouping(source) AS is_total
            FROM l GROUP BY GROUPING SETS ((source), ())
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // The totals row by GROUPING(), not by a null source: leads without a source form a group whose key is null
            // too, and with two threads it may come after the totals row.
            if (Convert.ToInt64(reader.GetValue(reader.GetOrdinal("is_total")), CultureInfo.InvariantCulture) == 1)
            {
                total = reader.GetInt64(1);
            }
        }
    }

    using (var command = connection.CreateCommand())
    {
        command.CommandText = $$"""
            WITH s AS (
                SELECT lead_id, stage, "at" AS entered FROM {{Read(stages, "'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'at': 'TIMESTAMPTZ'")}}
            ), j AS (
                SELECT l.source, s.lead_id, s.stage, s.entered,
                       lead(s.entered) OVER (PARTITION BY s.lead_id ORDER BY s.entered) AS next_at
                FROM s JOIN l USING (lead_id)
            )
            SELECT source, stage, count(DISTINCT lead_id) AS reached,
                   avg(epoch(next_at) - epoch(entered)) AS time_in_stage_mean,
                   quantile_disc(epoch(next_at) - epoch(entered), [0.5, 0.9]) AS time_in_stage_p50_p90
            FROM j GROUP BY GROUPING SETS ((source, stage), (stage))
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }

    return total;
}

// What code the report runs: precompiled (ReadyToRun, a publish for one platform, as the tool's linux-x64 package) or IL
// compiled by the tiered JIT (dotnet run, as the portable tool package), and whether tiered PGO is off as in the tool's
// runtimeconfig.
static string CodeKind()
{
    using var stream = File.OpenRead(typeof(LeadMetrics.Data.LeadDataSet).Assembly.Location);
    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
    var r2r = pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    var pgo = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? AppContext.GetData("System.Runtime.TieredPGO")?.ToString() ?? "default";
    return (r2r ? "ReadyToRun" : "IL, tiered JIT") + ", TieredPGO " + (pgo is "0" or "false" or "False" ? "off" : pgo is "default" ? "on (default)" : "on");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static void Execute(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

/// <summary>A type of this assembly (for its location).</summary>
internal sealed class Marker;

/// <summary>The typed columns of the five files, as DuckDB reads the CSV.</summary>
internal static partial class Program
{
    internal static readonly (string Name, string Columns)[] Columns =
    [
        ("leads", "'lead_id': 'VARCHAR', 'created_at': 'TIMESTAMPTZ', 'source': 'VARCHAR', 'campaign': 'VARCHAR', 'owner': 'VARCHAR', "
            + "'first_response_at': 'TIMESTAMPTZ', 'won_at': 'TIMESTAMPTZ', 'lost_at': 'TIMESTAMPTZ', 'value': 'DECIMAL(18,2)', "
            + "'company_size': 'VARCHAR', 'industry': 'VARCHAR', 'role': 'VARCHAR', 'budget': 'VARCHAR'"),
        ("stages", "'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'at': 'TIMESTAMPTZ'"),
        ("touchpoints", "'lead_id': 'VARCHAR', 'at': 'TIMESTAMPTZ', 'channel': 'VARCHAR', 'campaign': 'VARCHAR', 'kind': 'VARCHAR', 'direction': 'VARCHAR', 'actor': 'VARCHAR'"),
        ("costs", "'date': 'DATE', 'from': 'DATE', 'to': 'DATE', 'source': 'VARCHAR', 'campaign': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'category': 'VARCHAR'"),
        ("revenue", "'lead_id': 'VARCHAR', 'at': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,2)'"),
    ];
}
