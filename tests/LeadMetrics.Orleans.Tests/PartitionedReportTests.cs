using LeadMetrics.Data.Reports;
using LeadMetrics.Data;
using LeadMetrics.Samples.Orleans;

namespace LeadMetrics.Orleans.Tests;

/// <summary>
/// The CLI's report over partitions without a cluster (<see cref="PartitionedReport"/>): the merge does not depend on
/// the order the partitions arrive in; passes of another configuration, of another observation date or damaged bytes
/// are refused with a clear error, not merged wrongly.
/// </summary>
public sealed class PartitionedReportTests : IDisposable
{
    private const int Parts = 3;
    private static readonly string[] Names = ["leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv"];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "leadmetrics-partitioned-" + Guid.NewGuid().ToString("N"));
    private readonly Slice[] _slices;

    public PartitionedReportTests()
    {
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        _slices = DataParts.Split(paths[0], paths[1], Parts, _work, paths[4], paths[3], paths[2]);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static readonly (InputKind, string)[] Files =
        [(InputKind.Leads, "leads.csv"), (InputKind.Stages, "stages.csv"), (InputKind.Touchpoints, "touchpoints.csv"), (InputKind.Costs, "costs.csv"), (InputKind.Revenue, "revenue.csv")];

    private NodaTime.LocalDate ObservedUntil() =>
        _slices.Select(s => PartitionedReport.LastInstant(Of(s))).Max().InUtc().Date;

    private static ReportSlice Of(Slice s) => new()
    {
        LeadsPath = s.LeadsPath, StagesPath = s.StagesPath, TouchpointsPath = s.TouchpointsPath, CostsPath = s.CostsPath, RevenuePath = s.RevenuePath,
        Part = new LeadKeyRange(s.Part, s.Parts),
    };

    private static PartitionedReportOptions Options(string[] by, string? period = null, bool hasCosts = true) =>
        new() { By = by, Period = period, HasCosts = hasCosts, HasRevenue = true };

    private byte[][] Passes(PartitionedReportOptions options, NodaTime.LocalDate? observedUntil = null)
    {
        var until = observedUntil ?? ObservedUntil();
        return [.. _slices.Select(s => PartitionedReport.Partition(Of(s), options, until))];
    }

    private IReadOnlyList<IReadOnlyList<string>> LabelOrder_() =>
        LabelOrder.Merge(_slices.Select(s => LabelOrder.Of(s.LeadsPath, s.RowsPath!)));

    [Fact]
    public void The_report_does_not_depend_on_the_order_the_partitions_are_merged_in()
    {
        var options = Options(["source,campaign"], "month");
        var passes = Passes(options);
        var order = LabelOrder_();
        var forward = PartitionedReport.Json(passes, options, Files, order);
        var backward = PartitionedReport.Json(passes.Reverse(), options, Files, order);
        var rotated = PartitionedReport.Json([passes[1], passes[2], passes[0]], options, Files, order);
        Assert.Equal(forward, backward);
        Assert.Equal(forward, rotated);
        Assert.Contains("\"leads\": 4000,", forward, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pass_of_another_grouping_is_refused_naming_state()
    {
        var passes = Passes(Options(["source"]));
        var error = Assert.Throws<ArgumentException>(() => PartitionedReport.Json(passes, Options(["owner"]), Files));
        Assert.Equal("state", error.ParamName);
    }

    [Fact]
    public void A_pass_without_costs_is_refused_by_a_report_with_costs()
    {
        var until = ObservedUntil();
        var passes = _slices.Select(s => PartitionedReport.Partition(Of(s), Options([], hasCosts: false), until)).ToArray();
        var error = Assert.Throws<ArgumentException>(() => PartitionedReport.Json(passes, Options([]), Files));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("costs or revenue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_observed_until_another_date_than_the_datas_last_are_refused()
    {
        var options = Options([]);
        var passes = Passes(options, new NodaTime.LocalDate(2024, 6, 30));
        var error = Assert.Throws<InvalidOperationException>(() => PartitionedReport.Json(passes, options, Files));
        Assert.Contains("2024-06-30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_period_or_capacity_is_refused_naming_the_value()
    {
        var slice = Of(_slices[0]);
        var period = Assert.ThrowsAny<ArgumentException>(() => PartitionedReport.Partition(slice, Options([], "fortnight"), null));
        Assert.Contains("'fortnight'", period.Message, StringComparison.Ordinal);
        var capacity = Assert.ThrowsAny<ArgumentException>(() => PartitionedReport.Partition(slice, new PartitionedReportOptions { Capacity = "lots" }, null));
        Assert.Contains("'lots'", capacity.Message, StringComparison.Ordinal);
    }

    /// <summary>--scoring over partitions: each scores its slice; the merged score groups, score quality and rep comparison by grade are the tool's.</summary>
    [Fact]
    public async Task The_merged_report_with_a_scoring_model_is_the_CLIs_json()
    {
        var modelPath = Path.Combine(CliReportTests.Repo(), "samples", "scoring-model.json");
        LeadMetrics.Scoring.ScoringModel model;
        using (var stream = File.OpenRead(modelPath))
        {
            model = LeadMetrics.Scoring.Json.ScoringModelJson.Load(stream);
        }

        var options = Options(["source", "owner"], "month") with { Scoring = model };
        var passes = Passes(options);
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        (InputKind, string)[] files = [(InputKind.Leads, paths[0]), (InputKind.Stages, paths[1]), (InputKind.Touchpoints, paths[2]), (InputKind.Costs, paths[3]), (InputKind.Revenue, paths[4])];
        var json = PartitionedReport.Json(passes.Reverse(), options, files, LabelOrder_());
        var cli = await CliReportTests.Cli(["report", "--leads", paths[0], "--stages", paths[1], "--touchpoints", paths[2], "--costs", paths[3], "--revenue", paths[4],
            "--by", "source,owner", "--period", "month", "--scoring", modelPath, "--format", "json"]);
        Assert.Contains("\"score_quality\": {", json, StringComparison.Ordinal);
        Assert.Equal(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");

        // A partition scored with another model is refused, naming the option.
        var other = LeadMetrics.Scoring.Json.ScoringModelJson.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            LeadMetrics.Scoring.Json.ScoringModelJson.Serialize(model).Replace("\"sample-icp\"", "\"other-icp\"", StringComparison.Ordinal))));
        var mixed = passes.Take(2).Append(Passes(options with { Scoring = other })[2]);
        var error = Assert.Throws<ArgumentException>(() => PartitionedReport.Json(mixed, options, Files));
        Assert.Contains("scoring: partition 'other-icp", error.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ArgumentException>(() => PartitionedReport.Json(passes, options with { Scoring = null }, Files));
        Assert.Contains("scoring", none.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// --by an attribute column over partitions: each partition's attribute groupings travel by raw label and the merger
    /// merges them by label. In both merge orders the JSON is the tool's, byte for byte (industry and role have 6 labels:
    /// --max-groups 6 is at the cap, no fold). Below the cap the merger folds the labels as the tool does: the largest by
    /// the leads the stage join accepts kept, ties by label (company_size has 745 labels, many of equal counts), the rest
    /// one "(other: N values)" group whose KPIs, money, lifetime value, survival, duration comparisons and scores are
    /// its leads' (the states merged through the library's merge that folds labels).
    /// </summary>
    [Theory]
    [InlineData("industry,source", "month", 1000, false, "\"industry\": \"software\"")]
    [InlineData("Industry,role", null, 6, false, "\"industry\": \"software\"")]
    [InlineData("role", "quarter", 1000, true, "\"role\": \"student\"")]
    [InlineData("industry", null, 3, false, "\"industry\": \"(other: 3 values)\"")]
    [InlineData("industry,role", "month", 2, true, "\"industry\": \"(other: 4 values)\"")]
    [InlineData("Industry,role", "quarter", 4, true, "\"role\": \"(other: 2 values)\"")]
    [InlineData("company_size", "month", 10, false, "\"company_size\": \"(other: 735 values)\"")]
    public async Task The_merged_report_by_an_attribute_column_is_the_CLIs_json(string by, string? period, int maxGroups, bool scoring, string expected)
    {
        var modelPath = Path.Combine(CliReportTests.Repo(), "samples", "scoring-model.json");
        LeadMetrics.Scoring.ScoringModel? model = null;
        if (scoring)
        {
            using var stream = File.OpenRead(modelPath);
            model = LeadMetrics.Scoring.Json.ScoringModelJson.Load(stream);
        }

        var options = Options([by], period) with { MaxGroups = maxGroups, Scoring = model };
        var passes = Passes(options);
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        (InputKind, string)[] files = [(InputKind.Leads, paths[0]), (InputKind.Stages, paths[1]), (InputKind.Touchpoints, paths[2]), (InputKind.Costs, paths[3]), (InputKind.Revenue, paths[4])];
        var order = LabelOrder_();
        var forward = PartitionedReport.Json(passes, options, files, order);
        var backward = PartitionedReport.Json(passes.Reverse(), options, files, order);
        string[] args = ["report", "--leads", paths[0], "--stages", paths[1], "--touchpoints", paths[2], "--costs", paths[3], "--revenue", paths[4], "--by", by, "--max-groups", maxGroups.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json"];
        if (period is not null)
        {
            args = [.. args, "--period", period];
        }

        if (scoring)
        {
            args = [.. args, "--scoring", modelPath];
        }

        var cli = (await CliReportTests.Cli(args)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(cli, forward + "\n");
        Assert.Equal(forward, backward);
        Assert.Contains(expected, forward, StringComparison.Ordinal);
        if (!expected.Contains("(other:", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("(other:", forward, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The fold of "(none)" (leads without the attribute): the empty label is a label like the others, sorted as the
    /// empty text among equal counts; kept when among the largest, folded into "(other: N values)" when not. Blank
    /// industry cells in every <paramref name="blankEvery"/>th lead of an edited leads file, merged in reverse order.
    /// </summary>
    [Theory]
    [InlineData(40, 3)]
    [InlineData(3, 3)]
    public async Task The_fold_of_leads_without_the_attribute_is_the_CLIs_json(int blankEvery, int maxGroups)
    {
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        var dir = Path.Combine(_work, "blank-" + blankEvery);
        Directory.CreateDirectory(dir);
        var lines = File.ReadAllLines(paths[0]);
        var industry = Array.IndexOf(lines[0].Split(','), "industry");
        for (var i = 1; i < lines.Length; i++)
        {
            if (i % blankEvery == 0)
            {
                var cells = lines[i].Split(',');
                cells[industry] = string.Empty;
                lines[i] = string.Join(',', cells);
            }
        }

        var leadsPath = Path.Combine(dir, "leads.csv");
        File.WriteAllLines(leadsPath, lines);
        var (json, cli) = await MergedAndCli(dir, "blank-" + blankEvery, leadsPath, paths[1], paths, reverse: true, by: "industry", maxGroups: maxGroups);
        Assert.Equal(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
        Assert.Contains("\"industry\": \"(other: 4 values)\"", json, StringComparison.Ordinal);
        Assert.Equal(blankEvery == 3, json.Contains("\"industry\": \"(none)\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pass_of_other_options_is_refused_naming_the_options_and_values()
    {
        var passes = Passes(Options([]) with { Zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"], Margin = 0.35m });
        var error = Assert.Throws<ArgumentException>(() => PartitionedReport.Json(passes, Options([]) with { Margin = 0.35m }, Files));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("zone: partition 'Europe/London', merger 'UTC'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("margin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option_and_value()
    {
        var slice = Of(_slices[0]);
        (PartitionedReportOptions Options, string Text)[] bad =
        [
            (new() { Margin = 1.5m }, "Margin (--margin) must be a fraction from 0 to 1; was 1.5"),
            (new() { Confidence = 1 }, "Confidence (--confidence) must be a fraction strictly between 0 and 1; was 1"),
            (new() { LifetimeValueMonths = 0 }, "LifetimeValueMonths (--ltv-months) must be 1 to 600; was 0"),
            (new() { MaxGroups = 0 }, "MaxGroups (--max-groups) must be 1 to 1000000; was 0"),
            (new() { ResponseTargets = [300, -5] }, "ResponseTargets (--response-targets): -5 is not a positive number of seconds"),
            (new() { ResponseKinds = [TouchpointKind.Meeting] }, "ResponseKinds (--response-kinds): 'Meeting' cannot be a response"),
            (new() { ResponseKinds = [] }, "ResponseKinds (--response-kinds) is empty"),
            (new() { Rates = new Dictionary<string, decimal> { ["EUR"] = 0m } }, "Rates (--rates): the rate of EUR must be positive; was 0"),
            (new() { Rates = new Dictionary<string, decimal> { ["EURO"] = 1m } }, "Rates (--rates): 'EURO' is not an ISO 4217 currency code"),
            (new() { OnBadRow = (BadRowPolicy)7 }, "OnBadRow (--on-bad-row) '7' is not fail or skip"),
            (new() { CycleFrom = "Nowhere" }, "--cycle-from 'Nowhere' is not a stage of the pipeline"),
        ];
        foreach (var (options, text) in bad)
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => PartitionedReport.Partition(slice, options, null));
            Assert.Contains(text, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_observation_date_is_the_last_instants_date_in_the_reports_zone()
    {
        var last = NodaTime.Instant.FromUtc(2024, 12, 30, 23, 30);
        Assert.Equal(new NodaTime.LocalDate(2024, 12, 30), PartitionedReport.ObservedUntil([last], new PartitionedReportOptions()));
        Assert.Equal(new NodaTime.LocalDate(2024, 12, 31), PartitionedReport.ObservedUntil([last], new PartitionedReportOptions { Zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Berlin"] }));
        Assert.Throws<ArgumentException>(() => PartitionedReport.ObservedUntil([], new PartitionedReportOptions()));
    }

    /// <summary>
    /// Bad rows skipped over partitions: the data-quality counts and examples equal the CLI's over the whole files, the
    /// examples with the whole files' line numbers (the slices' row index files) and the first of the whole file.
    /// </summary>
    [Fact]
    public async Task Skipped_bad_rows_have_the_whole_files_line_numbers_as_in_the_CLIs_json()
    {
        var dir = Path.Combine(_work, "bad");
        Directory.CreateDirectory(dir);
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        var leads = File.ReadAllLines(paths[0]);
        foreach (var line in new[] { 7, 300, 301, 1200, 2222, 2500, 3100, 3333, 3999 })
        {
            var cells = leads[line].Split(',');
            cells[1] = "not-a-time";
            leads[line] = string.Join(',', cells);
        }

        var stages = File.ReadAllLines(paths[1]);
        foreach (var line in new[] { 5, 900, 4000, 9000 })
        {
            var cells = stages[line].Split(',');
            cells[2] = "yesterday";
            stages[line] = string.Join(',', cells);
        }

        string leadsPath = Path.Combine(dir, "leads.csv"), stagesPath = Path.Combine(dir, "stages.csv");
        File.WriteAllLines(leadsPath, leads);
        File.WriteAllLines(stagesPath, stages);
        var (json, cli) = await MergedAndCli(dir, "bad", leadsPath, stagesPath, paths, reverse: true);
        Assert.Contains("\"line\": 8,", json, StringComparison.Ordinal); // leads.csv line 8 (array index 7, the header at 0): the whole file's first bad row
        Assert.Equal(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
    }

    /// <summary>
    /// The split's row index files with quoted line breaks and blank lines in the whole files (issue 20, item 4): the
    /// report counts a record as one line and a blank line as a line, and so do the index files, so the merged
    /// examples carry the CLI's line numbers.
    /// </summary>
    [Fact]
    public async Task Quoted_line_breaks_and_blank_lines_keep_the_whole_files_line_numbers_as_in_the_CLIs_json()
    {
        var dir = Path.Combine(_work, "quoted");
        Directory.CreateDirectory(dir);
        var paths = Names.Select(ClusterFixture.SampleData).ToArray();
        var leads = File.ReadAllLines(paths[0]).ToList();
        var industry = leads[0].Split(',').ToList().IndexOf("industry");
        Assert.True(industry > 0);
        foreach (var line in new[] { 3, 40, 41, 900, 2000 })
        {
            var cells = leads[line].Split(',');
            // No delimiter inside: a quoted cell over lines holding one is read as a stray quote (rejected, its message naming the slice's physical line).
            cells[industry] = line % 2 == 0 ? "\"soft\nware \"\"quoted\"\"\"" : "\"two\r\nlines\n\nand a blank one\"";
            leads[line] = string.Join(',', cells);
        }

        foreach (var line in new[] { 7, 300, 1200, 2500, 3999 })
        {
            var cells = leads[line].Split(',');
            cells[1] = "not-a-time";
            leads[line] = string.Join(',', cells);
        }

        leads.Insert(100, string.Empty);
        leads.Insert(2200, "   ");
        var stages = File.ReadAllLines(paths[1]).ToList();
        foreach (var line in new[] { 5, 900, 4000 })
        {
            var cells = stages[line].Split(',');
            cells[2] = "yesterday";
            stages[line] = string.Join(',', cells);
        }

        stages.Insert(50, string.Empty);
        string leadsPath = Path.Combine(dir, "leads.csv"), stagesPath = Path.Combine(dir, "stages.csv");
        File.WriteAllText(leadsPath, string.Join("\n", leads) + "\n");
        File.WriteAllText(stagesPath, string.Join("\r\n", stages) + "\r\n");
        var (json, cli) = await MergedAndCli(dir, "quoted", leadsPath, stagesPath, paths, reverse: false);
        Assert.Contains("\"unparseable_date\"", json, StringComparison.Ordinal);
        Assert.Equal(cli.Replace("\r\n", "\n", StringComparison.Ordinal), json + "\n");
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_refused_naming_state()
    {
        var options = Options([]);
        var passes = Passes(options);
        byte[][] truncated = [passes[0][..(passes[0].Length / 2)], passes[1], passes[2]];
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => PartitionedReport.Json(truncated, options, Files)).ParamName);
        byte[][] foreign = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], passes[1], passes[2]];
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => PartitionedReport.Json(foreign, options, Files)).ParamName);
    }

    // Splits the edited leads and stages (with the sample's other three files) into parts with row index files, merges
    // the partitions' passes (in reverse order if asked; bad rows skipped, by source unless asked) and runs the tool on the whole
    // files: the merged JSON and the tool's (both written to LEADMETRICS_ORLEANS_DIFF if set).
    private static async Task<(string Json, string Cli)> MergedAndCli(string dir, string name, string leadsPath, string stagesPath, string[] paths, bool reverse, string by = "source", int maxGroups = 1000)
    {
        var slices = DataParts.Split(leadsPath, stagesPath, Parts, Path.Combine(dir, "parts"), paths[4], paths[3], paths[2]);
        var options = new PartitionedReportOptions { By = [by], OnBadRow = BadRowPolicy.Skip, HasCosts = true, HasRevenue = true, MaxGroups = maxGroups };
        var reportSlices = slices.Select(s => Of(s) with
        {
            RowIndexPaths = new Dictionary<InputKind, string>
            {
                [InputKind.Leads] = s.RowsPath!, [InputKind.Stages] = Path.ChangeExtension(s.StagesPath!, ".rows"),
                [InputKind.Touchpoints] = Path.ChangeExtension(s.TouchpointsPath!, ".rows"), [InputKind.Revenue] = Path.ChangeExtension(s.RevenuePath!, ".rows"),
            },
        }).ToArray();
        var until = PartitionedReport.ObservedUntil(reportSlices.Select(s => PartitionedReport.LastInstant(s, options)), options);
        var passes = reportSlices.Select(s => PartitionedReport.Partition(s, options, until)).ToArray();
        (InputKind, string)[] files = [(InputKind.Leads, leadsPath), (InputKind.Stages, stagesPath), (InputKind.Touchpoints, paths[2]), (InputKind.Costs, paths[3]), (InputKind.Revenue, paths[4])];
        var order = LabelOrder.Merge(slices.Select(s => LabelOrder.Of(s.LeadsPath, s.RowsPath!)));
        var json = PartitionedReport.Json(reverse ? passes.Reverse() : passes, options, files, order);
        var cli = await CliReportTests.Cli(["report", "--leads", leadsPath, "--stages", stagesPath, "--touchpoints", paths[2], "--costs", paths[3], "--revenue", paths[4], "--by", by, "--max-groups", maxGroups.ToString(System.Globalization.CultureInfo.InvariantCulture), "--on-bad-row", "skip", "--format", "json"]);
        if (Environment.GetEnvironmentVariable("LEADMETRICS_ORLEANS_DIFF") is { Length: > 0 } diff)
        {
            Directory.CreateDirectory(diff);
            File.WriteAllText(Path.Combine(diff, name + "-cli.json"), cli);
            File.WriteAllText(Path.Combine(diff, name + "-merged.json"), json + "\n");
        }

        return (json, cli);
    }
}
