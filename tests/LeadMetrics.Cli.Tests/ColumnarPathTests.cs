using System.Globalization;
using System.Text;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// The report's columnar path (LeadMetrics.Data batches, no Lead per row) against the row path (DataSetLoader, Lead
/// objects): the same JSON report byte for byte, the same data-quality counts and examples, and with
/// <c>--on-bad-row fail</c> the same first bad row.
/// </summary>
public sealed class ColumnarPathTests
{
    private const string LeadsCsv =
        "lead_id,created_at,source,first_response_at,won_at,lost_at,value\n" +
        "L1,2024-03-04T09:00:00Z,web,2024-03-04T09:05:00Z,2024-03-20T00:00:00Z,,1000\n" +
        "L2,not-a-date,web,,,,\n" +
        "L1,2024-03-04T09:00:00Z,web,,,,\n" +
        "L3,2024-03-04T09:00:00Z,web,,2024-03-01T00:00:00Z,,\n" +
        "L4,2024-03-04T09:00:00Z,web,2024-03-04T08:00:00Z,,,\n" +
        "L5,2024-03-04T09:00:00Z,,,,,\n" +
        ",2024-03-04T09:00:00Z,web,,,,\n" +
        "L6,2024-03-04T09:00:00Z,web,,,,-5\n" +
        "L7,2024-03-04T09:00:00Z,web,,2024-03-10T00:00:00Z,2024-03-11T00:00:00Z,\n" +
        "L8,,web,,,,\n" +
        "L10,2024-03-04T09:00:00Z,Web,,,2024-03-06T00:00:00Z,\n" +
        "L11,2024-03-04T09:00:00Z,ads,,2024-03-05T00:00:00Z,,250.5\n" +
        "L12,2024-03-04 10:00,ads,2024-03-04 10:30,,,\n" +
        "L13,2024-03-04T09:00:00.1234567Z,partner,,,,\n";

    private const string StagesCsv =
        "lead_id,stage,at\n" +
        "L1,New,2024-03-04T09:00:00Z\n" +
        "L1,Negotiation,2024-03-05T00:00:00Z\n" +
        "L5,Working,2024-03-01T00:00:00Z\n" +
        "L9,New,2024-03-05T00:00:00Z\n" +
        "L2,New,2024-03-05T00:00:00Z\n" +
        "L5,Working,soon\n" +
        "L1,Won,2024-03-20T00:00:00Z\n" +
        "L1,Working,2024-03-21T00:00:00Z\n" +           // stage_after_close
        "L10,ClosedWon,2024-03-05T00:00:00Z\n" +        // conflicting_outcome (the row says lost)
        "L10,Working,2024-03-05T00:00:00Z\n" +
        "L10,Working,2024-03-05T01:00:00Z\n" +          // the same stage again: kept, no transition
        "L11,Working,2024-03-06T00:00:00Z\n" +          // after the lead row's won_at: stage_after_close, the lead is kept ...
        "L11,New,2024-03-04T09:00:00Z\n" +              // ... with this row
        "L5,Working,2024-03-05T00:00:00Z\n" +
        "L5,ClosedLost,2024-03-07T00:00:00Z\n" +        // lost from its history
        "L12,,2024-03-05T00:00:00Z\n" +
        "L12,Working,\n" +
        "L13,Qualified,2024-03-05T00:00:00Z\n";

    private static string Json(ReportModel report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (string Rows, string Columns) Both(LoadOptions load, ReportSettings settings)
    {
        string Run(Func<ReportModel> build)
        {
            try
            {
                return Json(build());
            }
            catch (Exception e) when (e is BadRowException or DataSetException)
            {
                return e.GetType().Name + ": " + e.Message;
            }
        }

        var rows = Run(() => ReportBuilder.Build(DataSetLoader.Load(load), settings));
        var options = load.ToDataSetOptions() with { BlockSize = 3 };
        var columns = Run(() => ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options), settings));
        return (rows, columns);
    }

    private static readonly ReportSettings BySourceOwnerMonth = new() { By = ["source", "owner", "campaign"], Period = TimeBucket.Month };

    [Theory]
    [InlineData(BadRowPolicy.Skip, false)]
    [InlineData(BadRowPolicy.Skip, true)]
    [InlineData(BadRowPolicy.Fail, false)]
    public void Bad_rows_of_every_kind_give_the_same_report_on_both_paths(BadRowPolicy policy, bool foldCase)
    {
        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", LeadsCsv),
            StagesPath = dir.Write("stages.csv", StagesCsv),
            OnBadRow = policy,
            FoldCase = foldCase,
            Zone = DateTimeZoneProviders.Tzdb["Europe/London"],
        };
        var (rows, columns) = Both(load, BySourceOwnerMonth);
        Assert.Equal(rows, columns);
        if (policy == BadRowPolicy.Skip)
        {
            Assert.Contains("\"stage_after_close\"", columns, StringComparison.Ordinal);
            Assert.Contains("\"conflicting_outcome\"", columns, StringComparison.Ordinal);
            Assert.DoesNotContain("\"invalid_row\"", columns, StringComparison.Ordinal); // a stage row after won_at no longer rejects the lead
        }
        else
        {
            Assert.StartsWith("BadRowException", columns, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_join_rejection_in_fail_mode_is_the_first_bad_row_on_both_paths()
    {
        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", "lead_id,created_at,won_at\nA,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z\nB,2024-01-01T00:00:00Z,\n"),
            StagesPath = dir.Write("stages.csv", "lead_id,stage,at\nB,New,2024-01-01T00:00:00Z\nA,Won,2024-01-02T00:00:00Z\nA,Working,2024-01-03T00:00:00Z\n"),
        };
        var (rows, columns) = Both(load, new ReportSettings());
        Assert.Equal(rows, columns);
        Assert.Contains("stage_after_close", columns, StringComparison.Ordinal);
        Assert.Contains("line 4", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void More_join_rejections_than_examples_give_the_same_examples()
    {
        // Seven stage rows after close: five examples are shown (their texts read back from the file), seven counted.
        var leads = new StringBuilder("lead_id,created_at,lost_at\n");
        var stages = new StringBuilder("lead_id,stage,at\n");
        for (var i = 0; i < 7; i++)
        {
            leads.Append(CultureInfo.InvariantCulture, $"L{i},2024-01-01T00:00:00Z,\n");
            stages.Append(CultureInfo.InvariantCulture, $"L{i},ClosedLost,2024-01-02T00:00:00Z\nL{i},Working,2024-01-0{3 + (i % 5)}T00:00:00Z\n");
        }

        using var dir = new TempDir();
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", leads.ToString()),
            StagesPath = dir.Write("stages.csv", stages.ToString()),
            OnBadRow = BadRowPolicy.Skip,
        };
        var (rows, columns) = Both(load, new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);
        Assert.Contains("\"stage_after_close\": 7", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void Dialects_quotes_maps_and_zones_give_the_same_report_on_both_paths()
    {
        using var dir = new TempDir();
        var leadsText = "\uFEFFId;Created;Channel;Rep;Closed Won;Amount;Size\r\n" +
            "\"A;1\";04.03.2024 09:00;\"web, paid\";noa;;;10\r\n" +
            "B;05.03.2024 10:00;Web;Noa;06.03.2024 11:00;\"1,5\";\r\n" +
            "C;05.03.2024 10:00;;;\r\n" +
            "D;2024-03-31T01:30:00+01:00;ads;eli;2024-04-01T00:00:00Z;99.95;3\r\n";
        var stagesText = "lead;step;when\nA;1;2024-03-04 09:00\nA;qualified;2024-03-05 09:00\nB;Closed-Won;06.03.2024 11:00\nD;contacted;2024-04-01\n";
        var load = new LoadOptions
        {
            LeadsPath = dir.Write("leads.csv", leadsText),
            StagesPath = dir.Write("stages.csv", stagesText),
            Map = ColumnMap.Parse(["lead_id=Id|lead", "created_at=Created", "source=Channel", "owner=Rep", "won_at=Closed Won", "value=Amount", "stages.stage=step", "stages.at=when", "campaign='spring'"]),
            StageNames = new Dictionary<string, string> { ["1"] = "New", ["contacted"] = "Working" },
            TimeFormat = "dd'.'MM'.'uuuu HH':'mm",
            Zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"],
            OnBadRow = BadRowPolicy.Skip,
            FoldCase = true,
            Currency = Currency.Eur,
        };
        var (rows, columns) = Both(load, BySourceOwnerMonth);
        Assert.Equal(rows, columns);
        Assert.DoesNotContain("Exception", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_messy_data_sets_give_the_same_report_on_both_paths()
    {
        string[] stageNames = ["New", "Working", "Qualified", "Proposal", "ClosedWon", "ClosedLost", "won", "Bogus", string.Empty];
        string[] sources = ["web", "Web", "ads", " partner ", string.Empty];
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
            string When(int maxHours) => random.Next(30) == 0 ? "garbage" : (t0 + Duration.FromMinutes(random.Next(maxHours * 60))).ToString();
            var leads = new StringBuilder("lead_id,created_at,source,owner,first_response_at,won_at,lost_at,value\n");
            var stages = new StringBuilder("lead_id,stage,at\n");
            var n = random.Next(1, 60);
            for (var i = 0; i < n; i++)
            {
                var id = "L" + random.Next(n + 3).ToString(CultureInfo.InvariantCulture);
                var outcome = random.Next(4);
                var value = random.Next(6) switch { 0 => "-1", 1 => "12.5", 2 => "x", _ => string.Empty };
                leads.Append(CultureInfo.InvariantCulture,
                    $"{id},{(random.Next(25) == 0 ? string.Empty : When(48))},{sources[random.Next(sources.Length)]},{(random.Next(3) == 0 ? "noa" : "eli")},{(random.Next(2) == 0 ? When(100) : string.Empty)},{(outcome == 1 ? When(200) : string.Empty)},{(outcome == 2 ? When(200) : string.Empty)},{value}\n");
                for (var k = random.Next(6); k > 0; k--)
                {
                    stages.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{stageNames[random.Next(stageNames.Length)]},{When(220)}\n");
                }
            }

            using var dir = new TempDir();
            var load = new LoadOptions
            {
                LeadsPath = dir.Write("leads.csv", leads.ToString()),
                StagesPath = dir.Write("stages.csv", stages.ToString()),
                OnBadRow = seed % 5 == 4 ? BadRowPolicy.Fail : BadRowPolicy.Skip,
                FoldCase = seed % 2 == 0,
            };
            // A margin every fourth seed: without costs or revenue the columnar path takes revenue and gross profit
            // from the KPI set's won value, the row path from its finance calculators.
            var settings = seed % 3 == 0 ? new ReportSettings() : BySourceOwnerMonth;
            var (rows, columns) = Both(load, seed % 4 == 1 ? settings with { Margin = 0.35m } : settings);
            Assert.True(rows == columns, $"seed {seed}:\nrow path: {rows}\ncolumnar: {columns}");
        }
    }

    [Fact]
    public void A_generated_data_set_gives_the_same_report_on_both_paths()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "30000", "--seed", "8", "--days", "90", "--out", dir.Path).Exit);
        var load = new LoadOptions { LeadsPath = dir.File("leads.csv"), StagesPath = dir.File("stages.csv"), Zone = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"] };
        var settings = new ReportSettings { By = ["source", "owner"], Period = TimeBucket.IsoWeek };
        var (rows, columns) = Both(load, settings);
        Assert.Equal(rows, columns);
        Assert.Contains("\"leads\": 30000", columns, StringComparison.Ordinal);

        // Both cores (each batch computed on a second thread while the next is read): the same report.
        var options = new LeadDataSetOptions { LeadsPath = load.LeadsPath, StagesPath = load.StagesPath, Zone = load.Zone, BlockSize = 1024 };
        var twoThreads = Json(ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options, threads: 2), settings));
        Assert.Equal(rows, twoThreads);
    }

    [Fact]
    public void Attribute_groupings_of_messy_data_sets_give_the_same_report_on_both_paths()
    {
        // Attribute cells the row path parses (numbers without trailing zeros, booleans in any case, text as is, "(none)"
        // as text, empty as none), grouped alone, beside plain dimensions, folded beyond a small --max-groups (counted over
        // the leads the join accepts: closes before the last stage change reject leads here), with duplicates kept last.
        string[] stageNames = ["New", "Working", "Qualified", "ClosedWon", "ClosedLost", "Bogus"];
        string[] sizes = ["1", "1.0", "1.50", "1.5", " 2 ", "x", "TRUE", "true", "False", "(none)", "-0", string.Empty, "1e2", "100"];
        string[] tiers = ["gold", "Gold", "silver", string.Empty, "bronze"];
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
            string When(int maxHours) => random.Next(30) == 0 ? "garbage" : (t0 + Duration.FromMinutes(random.Next(maxHours * 60))).ToString();
            var leads = new StringBuilder("lead_id,created_at,source,owner,size,first_response_at,won_at,lost_at,value,Tier\n");
            var stages = new StringBuilder("lead_id,stage,at\n");
            var n = random.Next(1, 60);
            for (var i = 0; i < n; i++)
            {
                var id = "L" + random.Next(n + 3).ToString(CultureInfo.InvariantCulture);
                var outcome = random.Next(4);
                leads.Append(CultureInfo.InvariantCulture,
                    $"{id},{When(48)},{(random.Next(2) == 0 ? "web" : "ads")},{(random.Next(3) == 0 ? "noa" : "eli")},{sizes[random.Next(sizes.Length)]},{(random.Next(2) == 0 ? When(100) : string.Empty)},{(outcome == 1 ? When(200) : string.Empty)},{(outcome == 2 ? When(200) : string.Empty)},{(random.Next(3) == 0 ? "12.5" : string.Empty)},{tiers[random.Next(tiers.Length)]}\n");
                for (var k = random.Next(5); k > 0; k--)
                {
                    stages.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{stageNames[random.Next(stageNames.Length)]},{When(220)}\n");
                }
            }

            using var dir = new TempDir();
            var load = new LoadOptions
            {
                LeadsPath = dir.Write("leads.csv", leads.ToString()),
                StagesPath = dir.Write("stages.csv", stages.ToString()),
                OnBadRow = seed % 5 == 4 ? BadRowPolicy.Fail : BadRowPolicy.Skip,
                OnDuplicate = seed % 7 == 3 ? DuplicateLeadPolicy.Last : DuplicateLeadPolicy.First,
                FoldCase = seed % 2 == 0,
            };
            var settings = new ReportSettings
            {
                By = seed % 4 == 0 ? ["size"] : ["source", "SIZE", "tier"],
                Period = seed % 3 == 1 ? TimeBucket.Month : TimeBucket.None,
                MaxGroups = seed % 3 == 0 ? 2 : 1000,
                Margin = seed % 4 == 1 ? 0.35m : null,
            };
            var (rows, columns) = Both(load, settings);
            Assert.True(rows == columns, $"seed {seed}:\nrow path: {rows}\ncolumnar: {columns}");
            if (seed % 5 != 4)
            {
                Assert.Contains("\"group_by\": [", columns, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Attribute_groupings_of_a_generated_five_file_data_set_give_the_same_report_on_both_paths_and_threads()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "8000", "--seed", "6", "--days", "120", "--out", dir.Path).Exit);
        var load = ColumnarAllFilesTests.FiveFiles(dir, "America/Sao_Paulo");

        // industry has a few labels; company_size is numeric with many, folded to the 8 largest (source has 7).
        var settings = new ReportSettings { By = ["industry", "source", "company_size"], Period = TimeBucket.Quarter, MaxGroups = 8, Margin = 0.4m };
        var rows = SameOnBothPathsAndThreads(load, settings, blockSize: 1000);

        Assert.Contains("(other: ", rows, StringComparison.Ordinal);
        Assert.Contains("\"lifetime_value\"", rows, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_groups_by_an_attribute_on_the_columnar_path_as_on_the_row_path()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "2000", "--seed", "2", "--out", dir.Path).Exit);
        string[] args = ["report", "--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv"), "--touchpoints", dir.File("touchpoints.csv"),
            "--costs", dir.File("costs.csv"), "--revenue", dir.File("revenue.csv"), "--by", "industry,role", "--period", "month", "--format", "json"];
        SameOnBothPaths(args);
    }

    // The sample model (samples/scoring-model.json): fit from company_size, industry, role and budget, engagement from
    // webinar and form touchpoints.
    private const string ScoringModelJson = """
        {
          "name": "sample-icp",
          "groups": [
            { "name": "firmographics", "dimension": "fit", "maximum": 50, "rules": [
                { "name": "company size", "type": "bands", "attribute": "company_size", "bands": [
                    { "atLeast": 1, "lessThan": 20, "points": 0 }, { "atLeast": 20, "lessThan": 200, "points": 10 }, { "atLeast": 200, "points": 20 } ] },
                { "name": "target industry", "type": "oneOf", "attribute": "industry", "values": ["software", "finance"], "points": 10 },
                { "name": "budget", "type": "bands", "attribute": "budget", "bands": [ { "atLeast": 3000, "lessThan": 8000, "points": 10 }, { "atLeast": 8000, "points": 20 } ] } ] },
            { "name": "contact", "dimension": "fit", "rules": [
                { "name": "decision maker", "type": "oneOf", "attribute": "role", "values": ["founder", "vp_sales"], "points": 20 },
                { "name": "student", "type": "oneOf", "attribute": "role", "values": ["student"], "points": -15 } ] },
            { "name": "activity", "dimension": "engagement", "maximum": 30, "rules": [
                { "name": "webinar", "type": "touchpoints", "kinds": ["webinar"], "direction": "inbound", "points": 15, "halfLife": "14d" },
                { "name": "form fill", "type": "touchpoints", "kinds": ["form"], "direction": "inbound", "points": 5, "window": "30d" } ] }
          ],
          "total": { "minimum": 0, "maximum": 100 },
          "grades": [ { "name": "Hot", "minimum": 55, "routing": "sendToSales" }, { "name": "Warm", "minimum": 30, "routing": "nurture" }, { "name": "Cold", "routing": "nurture" } ]
        }
        """;

    private static LeadMetrics.Scoring.ScoringModel ScoringModel()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ScoringModelJson));
        return LeadMetrics.Scoring.Json.ScoringModelJson.Load(stream);
    }

    [Fact]
    public void Scoring_messy_data_sets_gives_the_same_report_on_both_paths()
    {
        // Attribute cells the fit rules read (numbers with trailing zeros, text in another case, booleans, junk, empty),
        // touchpoints at the creation instant (the only ones a day-one score reads: earlier ones are rejected) and after
        // it, leads rejected by the join, duplicates; with plain and attribute groupings and the rep comparison by grade.
        string[] sizes = ["5", "20", "20.0", "199.99", "200", "x", "TRUE", string.Empty];
        string[] industries = ["software", "Software", "finance", "retail", string.Empty];
        string[] roles = ["founder", "vp_sales", "student", "intern", string.Empty];
        string[] budgets = ["2999", "3000", "8000.00", "1e4", "n/a", string.Empty];
        string[] kinds = ["webinar", "form", "call", "email", string.Empty];
        string[] directions = ["inbound", "outbound", string.Empty];
        string[] stageNames = ["New", "Working", "Qualified", "ClosedWon", "ClosedLost"];
        var model = ScoringModel();
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
            var created = new Dictionary<string, Instant>();
            Instant At(int maxHours) => t0 + Duration.FromMinutes(random.Next(maxHours * 60));
            var leads = new StringBuilder("lead_id,created_at,source,owner,won_at,lost_at,company_size,industry,role,budget\n");
            var stages = new StringBuilder("lead_id,stage,at\n");
            var touchpoints = new StringBuilder("lead_id,at,channel,kind,direction\n");
            var n = random.Next(1, 60);
            for (var i = 0; i < n; i++)
            {
                var id = "L" + random.Next(n + 3).ToString(CultureInfo.InvariantCulture);
                var at = At(48);
                created.TryAdd(id, at);
                var outcome = random.Next(4);
                leads.Append(CultureInfo.InvariantCulture,
                    $"{id},{at},{(random.Next(2) == 0 ? "web" : "ads")},{(random.Next(3) == 0 ? "noa" : "eli")},{(outcome == 1 ? At(200).ToString() : string.Empty)},{(outcome == 2 ? At(200).ToString() : string.Empty)},{sizes[random.Next(sizes.Length)]},{industries[random.Next(industries.Length)]},{roles[random.Next(roles.Length)]},{budgets[random.Next(budgets.Length)]}\n");
                for (var k = random.Next(3); k > 0; k--)
                {
                    stages.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{stageNames[random.Next(stageNames.Length)]},{At(220)}\n");
                }
            }

            foreach (var (id, at) in created)
            {
                for (var k = random.Next(4); k > 0; k--)
                {
                    var when = random.Next(3) switch { 0 => at, 1 => at + Duration.FromHours(random.Next(1, 500)), _ => at - Duration.FromHours(1) };
                    touchpoints.Append(CultureInfo.InvariantCulture, $"{id},{when},web,{kinds[random.Next(kinds.Length)]},{directions[random.Next(directions.Length)]}\n");
                }
            }

            using var dir = new TempDir();
            var load = new LoadOptions
            {
                LeadsPath = dir.Write("leads.csv", leads.ToString()),
                StagesPath = dir.Write("stages.csv", stages.ToString()),
                TouchpointsPath = dir.Write("touchpoints.csv", touchpoints.ToString()),
                OnBadRow = BadRowPolicy.Skip,
                OnDuplicate = seed % 7 == 3 ? DuplicateLeadPolicy.Last : DuplicateLeadPolicy.First,
            };
            var settings = new ReportSettings
            {
                Scoring = model,
                By = seed % 3 == 0 ? [] : ["source", "industry", "owner"],
                Period = seed % 2 == 1 ? TimeBucket.Month : TimeBucket.None,
                MaxGroups = seed % 4 == 0 ? 2 : 1000,
            };
            var (rows, columns) = Both(load, settings);
            Assert.True(rows == columns, $"seed {seed}:\nrow path: {rows}\ncolumnar: {columns}");
            Assert.Contains("\"score_quality\": {", columns, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scoring_a_generated_five_file_data_set_gives_the_same_report_on_both_paths_and_threads()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "6000", "--seed", "9", "--days", "90", "--out", dir.Path).Exit);
        var load = ColumnarAllFilesTests.FiveFiles(dir, "Europe/Berlin");
        var settings = new ReportSettings { By = ["source", "role"], Period = TimeBucket.Month, Scoring = ScoringModel() };
        var rows = SameOnBothPathsAndThreads(load, settings, blockSize: 700);

        Assert.Contains("\"mix\": \"source,grade\"", rows, StringComparison.Ordinal);
        Assert.Contains("\"score_quality\": {", rows, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_scores_on_the_columnar_path_as_on_the_row_path()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "2000", "--seed", "3", "--out", dir.Path).Exit);
        string[] args = ["report", "--leads", dir.File("leads.csv"), "--touchpoints", dir.File("touchpoints.csv"), "--scoring", dir.Write("model.json", ScoringModelJson),
            "--by", "industry", "--format", "json"];
        SameOnBothPaths(args);
    }

    // The report of the row path, asserted equal to the columnar path's on one and on two threads (batches of blockSize leads).
    private static string SameOnBothPathsAndThreads(LoadOptions load, ReportSettings settings, int blockSize)
    {
        var rows = Json(ReportBuilder.Build(DataSetLoader.Load(load), settings));
        foreach (var threads in new[] { 1, 2 })
        {
            var options = load.ToDataSetOptions() with { BlockSize = blockSize };
            var columns = Json(ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options, threads), settings));
            Assert.Equal(rows, columns);
        }

        return rows;
    }

    // The command's output on the columnar path, asserted equal to its output on the row path (LEADMETRICS_ROW_PATH=1).
    private static void SameOnBothPaths(string[] args)
    {
        var columnar = Cli.Run(args);
        Assert.Equal(0, columnar.Exit);
        Environment.SetEnvironmentVariable("LEADMETRICS_ROW_PATH", "1");
        try
        {
            Assert.Equal(Cli.Run(args).Out, columnar.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LEADMETRICS_ROW_PATH", null);
        }
    }
}
