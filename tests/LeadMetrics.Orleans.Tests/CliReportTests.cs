using LeadMetrics.Samples.Orleans;

namespace LeadMetrics.Orleans.Tests;

/// <summary>
/// The report grain builds the CLI's report (issue 20): partitions run the CLI's report builder's pass over their
/// slices (<c>LeadMetrics.Data.Reports.PartitionedReport</c>) and store it as bytes with their labels; the report grain
/// merges them by label and builds the report and its JSON with the CLI's own builder and writer. The JSON equals the
/// CLI's (<c>leadmetrics report ... --format json</c> over the whole files, the tool run as a process) byte for byte: every section (intervals,
/// comparisons, response by hour and weekday, cohort maturity, survival, spend-based acquisition cost, money, lifetime
/// value, reps, capacity, targets, data quality, notes).
/// </summary>
public sealed class CliReportTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly string[] Files = ["leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv"];

    /// <summary>The golden file of <c>leadmetrics report --sample --by source --format json</c> (tests/LeadMetrics.Cli.Tests/golden).</summary>
    [Fact]
    public async Task The_merged_report_is_the_CLIs_golden_sample_json()
    {
        var request = new ReportRequest { By = ["source"], Inputs = [.. Files.Select(f => "sample/" + f)] };
        var json = await Merged("golden", request, capacity: null);
        var path = Path.Combine(Repo(), "tests", "LeadMetrics.Cli.Tests", "golden", "sample.json");
        Same(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
    }

    /// <summary>The leadmetrics tool run over the whole files, against the merged partitions, for the report's options.</summary>
    [Theory]
    [InlineData("by-source-owner-campaign", "source,owner,campaign", null, null, false)]
    [InlineData("month", null, "month", null, false)]
    [InlineData("quarter-by-campaign-targets", "campaign", "quarter", null, true)]
    [InlineData("capacity", "owner", null, "40,yael=30,dana=50,zoe=10", false)]
    [InlineData("by-attribute-industry-source", "industry,source", "month", null, false)]
    public async Task The_merged_report_is_the_CLIs_json_of_the_whole_files(string name, string? by, string? period, string? capacity, bool targets)
    {
        var paths = Files.Select(ClusterFixture.SampleData).ToArray();
        var targetsPath = targets ? Path.Combine(Repo(), "samples", "targets.json") : null;
        var args = new List<string> { "report", "--leads", paths[0], "--stages", paths[1], "--touchpoints", paths[2], "--costs", paths[3], "--revenue", paths[4], "--format", "json" };
        if (by is not null)
        {
            args.AddRange(["--by", by]);
        }

        if (period is not null)
        {
            args.AddRange(["--period", period]);
        }

        if (capacity is not null)
        {
            args.AddRange(["--capacity", capacity]);
        }

        if (targetsPath is not null)
        {
            args.AddRange(["--targets", targetsPath]);
        }

        var cli = await Cli(args);

        var request = new ReportRequest { By = by is null ? [] : [by], Period = period, Targets = targetsPath, Inputs = paths };
        var json = await Merged(name, request, capacity);
        Same(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
    }

    /// <summary>
    /// Every other report option through <c>PartitionedReportOptions</c> (the sample's <see cref="ReportRequest"/>):
    /// the leadmetrics tool with the options over the whole files, against the merged partitions with the same options.
    /// </summary>
    [Theory]
    [InlineData("zone-margin-intervals")]
    [InlineData("cycle-case-kinds-policies")]
    [InlineData("map-rates-currency")]
    [InlineData("scoring")]
    [InlineData("fold")]
    public async Task The_merged_report_with_every_other_option_is_the_CLIs_json(string name)
    {
        var paths = Files.Select(ClusterFixture.SampleData).ToArray();
        var args = new List<string> { "report", "--leads", paths[0], "--stages", paths[1], "--touchpoints", paths[2], "--costs", paths[3], "--revenue", paths[4], "--format", "json" };
        var request = new ReportRequest { Inputs = paths };
        string? rates = null;
        switch (name)
        {
            case "zone-margin-intervals":
                args.AddRange(["--by", "source", "--period", "week", "--zone", "Europe/London", "--margin", "35%", "--ltv-months", "3", "--confidence", "90", "--response-targets", "60,600,86400"]);
                (request.By, request.Period, request.Zone, request.Margin, request.LifetimeValueMonths, request.Confidence, request.ResponseTargets) =
                    (["source"], "week", "Europe/London", 0.35m, 3, 0.9, [60, 600, 86400]);
                break;
            case "cycle-case-kinds-policies":
                args.AddRange(["--by", "owner,campaign", "--cycle-from", "Qualified", "--fold-case", "--response-kinds", "call,email", "--max-groups", "50",
                    "--on-duplicate", "last", "--on-bad-row", "skip", "--stage-names", "Proposal=Qualified"]);
                (request.By, request.CycleFrom, request.FoldCase, request.ResponseKinds, request.MaxGroups, request.OnDuplicate, request.OnBadRow) =
                    (["owner,campaign"], "Qualified", true, [LeadMetrics.TouchpointKind.Call, LeadMetrics.TouchpointKind.Email], 50, LeadMetrics.Data.DuplicateLeadPolicy.Last, LeadMetrics.Data.BadRowPolicy.Skip);
                request.StageNames = new Dictionary<string, string> { ["Proposal"] = "Qualified" };
                break;
            case "scoring":
                // Each partition scores its slice; the score groups, score quality and rep comparison by grade merge.
                var model = Path.Combine(Repo(), "samples", "scoring-model.json");
                args.AddRange(["--by", "source,owner", "--period", "month", "--scoring", model]);
                (request.By, request.Period, request.ScoringPath) = (["source,owner"], "month", model);
                break;
            case "fold":
                // An attribute with more labels than --max-groups: the merger folds the smallest into "(other: N values)" as the tool does.
                args.AddRange(["--by", "industry", "--period", "month", "--max-groups", "3"]);
                (request.By, request.Period, request.MaxGroups) = (["industry"], "month", 3);
                break;
            default:
                // Costs in euros (a literal currency column), converted at a rate; a time format for local date-times.
                rates = Path.Combine(Path.GetTempPath(), "leadmetrics-rates-" + Guid.NewGuid().ToString("N") + ".csv");
                File.WriteAllText(rates, "currency,rate\nEUR,1.1\n");
                args.AddRange(["--by", "source", "--currency", "USD", "--map", "costs.currency='EUR'", "--rates", rates, "--time-format", "dd/MM/uuuu HH:mm"]);
                (request.By, request.Currency, request.Map, request.TimeFormat) = (["source"], "USD", ["costs.currency='EUR'"], "dd/MM/uuuu HH:mm");
                request.Rates = new Dictionary<string, decimal> { ["EUR"] = 1.1m };
                break;
        }

        try
        {
            var cli = await Cli(args);
            var json = await Merged(name, request, capacity: null);
            Same(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
        }
        finally
        {
            if (rates is not null)
            {
                File.Delete(rates);
            }
        }
    }

    /// <summary>
    /// The leadmetrics tool's standard output, run as a process (src/LeadMetrics.Cli's build of this configuration; the
    /// test project references it for the build order only: the sample and its tests use LeadMetrics.Data's public API).
    /// </summary>
    internal static async Task<string> Cli(IEnumerable<string> args)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var dll = Path.Combine(Repo(), "src", "LeadMetrics.Cli", "bin", configuration, "net10.0", "LeadMetrics.Cli.dll");
        Assert.True(File.Exists(dll), $"the leadmetrics tool is not built at {dll}");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), dll, .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await errors);
        return await output;
    }

    private async Task<string> Merged(string name, ReportRequest request, string? capacity)
    {
        var slices = fixture.Slices.Select(s => new Slice
        {
            LeadsPath = s.LeadsPath, StagesPath = s.StagesPath, RevenuePath = s.RevenuePath, CostsPath = s.CostsPath,
            TouchpointsPath = s.TouchpointsPath, Part = s.Part, Parts = s.Parts, Capacity = capacity, Report = request, RowsPath = s.RowsPath,
        }).ToArray();
        var report = fixture.Cluster.GrainFactory.GetGrain<IReportGrain>("cli-" + name);
        await report.IngestAll(slices);
        return await report.ReportJson(ClusterFixture.Partitions, request);
    }

    private static void Same(string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        // Kept for a diff when the test fails (the environment variable names a directory).
        if (Environment.GetEnvironmentVariable("LEADMETRICS_ORLEANS_DIFF") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "expected.json"), expected);
            File.WriteAllText(Path.Combine(directory, "actual.json"), actual);
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        Assert.Fail($"the merged report differs from the CLI's at line {line + 1}:\n  CLI:    {(line < e.Length ? e[line] : "(end)")}\n  merged: {(line < a.Length ? a[line] : "(end)")}");
    }

    internal static string Repo() =>
        Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ClusterFixture.SampleData("leads.csv"))))!;
}
