using LeadMetrics.Data;
using LeadMetrics.Data.Reports;
using LeadMetrics.Grouping;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 14 ("Both cores: results identical to one thread"): the report runs min(2, processors) threads; on two the
/// stages file is read while the leads file is, and the batches' work is shared between two passes merged after the
/// read (<see cref="LeadDataSet.ReadShared"/>, <see cref="ReportPass.Merge"/>). The JSON must be the same bytes on one
/// core and on two, for every file kind and the options that add state to the pass.
/// </summary>
public sealed class ThreadCountTests
{
    [Fact]
    public void The_command_writes_the_same_json_on_one_and_on_two_cores()
    {
        // The tool as a user runs it, in a process of its own: DOTNET_PROCESSOR_COUNT sets what the report sees.
        // 70,000 leads make five batches of 16,384, so that both threads get batches.
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "70000", "--seed", "11", "--days", "200", "--out", dir.Path).Exit);
        string[] leadsStages = ["--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv")];
        string[] allFiles = [.. leadsStages, "--touchpoints", dir.File("touchpoints.csv"), "--costs", dir.File("costs.csv"), "--revenue", dir.File("revenue.csv")];
        string[][] cases =
        [
            [.. leadsStages, "--by", "source"],
            [.. leadsStages, "--by", "owner", "--period", "month"],
            [.. allFiles, "--by", "source,campaign", "--period", "month", "--margin", "0.4"],
            [.. allFiles, "--by", "source,industry,owner", "--scoring", Repo.Path("samples", "scoring-model.json"), "--targets", Repo.Path("samples", "targets.json"), "--capacity", "40"],
        ];
        foreach (var arguments in cases)
        {
            var one = Report(dir, arguments, processors: 1);
            var two = Report(dir, arguments, processors: 2);
            Assert.True(one == two, $"{string.Join(' ', arguments)}: one and two cores differ");
            Assert.Contains("\"leads\": 70000", one, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Small_batches_shared_between_two_passes_give_the_report_of_one_thread()
    {
        // In process, batches of 256 leads (about 80 of them), so that the second pass and the joining thread's pass
        // both get many; every part of the pass merged (attributes, scoring, capacity, the inferred responses of
        // touchpoints; with costs or revenue the report keeps one pass, see ReportBuilder); three runs, as which pass
        // gets which batch depends on timing.
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "20000", "--seed", "4", "--days", "120", "--out", dir.Path).Exit);
        var load = ColumnarAllFilesTests.FiveFiles(dir, "Europe/Berlin") with { CostsPath = null, RevenuePath = null };
        var model = LeadMetrics.Scoring.Json.ScoringModelJson.Parse(File.ReadAllText(Repo.Path("samples", "scoring-model.json")));
        var settings = new ReportSettings
        {
            By = ["source", "industry", "owner", "role"],
            Period = TimeBucket.Month,
            Scoring = model,
            Capacity = CapacitySetting.Parse("40"),
            Margin = 0.3m,
        };
        string Json(int threads)
        {
            var options = load.ToDataSetOptions() with { BlockSize = 256 };
            return Reports.Json(ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options, threads), settings));
        }

        var one = Json(1);
        Assert.Contains("\"score_quality\": {", one, StringComparison.Ordinal);
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(one, Json(2));
        }
    }

    private static string Report(TempDir dir, string[] arguments, int processors)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LeadMetrics.Cli.dll");
        var output = dir.File($"report-{processors}.json");
        var env = new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = processors.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (exit, _, error) = Proc.Run(
            "dotnet", ["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), dll, "report", .. arguments, "--format", "json", "--out", output], dir.Path, TimeSpan.FromMinutes(3), env);
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(output);
        File.Delete(output);
        return text;
    }
}
