using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

public sealed class ReportTests
{
    private static readonly string[] KpiKeys =
    [
        "leads", "won", "lost", "open", "conversion_rate", "win_rate", "funnel", "response_time_seconds", "time_to_conversion_seconds",
        "sales_cycle_seconds", "revenue", "average_deal_value", "cost", "cost_per_lead", "customer_acquisition_cost", "roi", "score",
    ];

    [Fact]
    public void Reps_are_compared_fairly_by_the_library()
    {
        using var doc = Cli.Json("--sample");
        var root = doc.RootElement;
        var reps = root.GetProperty("reps");
        Assert.Equal("source", reps.GetProperty("mix").GetString());
        Assert.Equal("win_rate", reps.GetProperty("basis").GetString());
        var rows = reps.GetProperty("reps").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        var total = root.GetProperty("total");
        Assert.Equal(total.GetProperty("leads").GetInt32(), rows.Sum(r => r.GetProperty("leads").GetInt32()));

        // The expected wins of all reps add up to the team's wins (indirect standardization).
        var won = total.GetProperty("won").GetInt32();
        Assert.Equal(won, rows.Sum(r => r.GetProperty("won").GetInt32()));
        Assert.Equal((decimal)won, rows.Sum(r => r.GetProperty("expected_won").GetDecimal()), 20);
        foreach (var r in rows)
        {
            var closed = r.GetProperty("won").GetInt32() + r.GetProperty("lost").GetInt32();
            Assert.Equal((decimal)r.GetProperty("won").GetInt32() / closed, r.GetProperty("win_rate").GetDecimal());
            Assert.Equal(r.GetProperty("won").GetInt32() / r.GetProperty("expected_won").GetDecimal(), r.GetProperty("performance_index").GetDecimal());
        }

        var (exit, output, error) = Cli.Run("report", "--sample");
        Assert.True(exit == 0, error);
        Assert.Contains("win rate adjusted for lead mix by source", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_json_follows_the_contract()
    {
        using var doc = Cli.Json("--sample", "--by", "source,owner");
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("USD", root.GetProperty("currency").GetString());
        Assert.Equal("UTC", root.GetProperty("zone").GetString());
        var total = root.GetProperty("total");
        foreach (var key in KpiKeys)
        {
            Assert.True(total.TryGetProperty(key, out _), $"total has no '{key}'");
        }

        Assert.Equal(4000, total.GetProperty("leads").GetInt32());
        Assert.Equal(total.GetProperty("leads").GetInt32(), total.GetProperty("won").GetInt32() + total.GetProperty("lost").GetInt32() + total.GetProperty("open").GetInt32());
        var conversion = total.GetProperty("conversion_rate").GetDouble();
        Assert.InRange(conversion, 0, 1);
        Assert.Equal((double)total.GetProperty("won").GetInt32() / total.GetProperty("leads").GetInt32(), conversion, 12);
        var rt = total.GetProperty("response_time_seconds");
        Assert.True(rt.GetProperty("p50").GetDouble() <= rt.GetProperty("p90").GetDouble());
        Assert.True(rt.GetProperty("within_target_share").TryGetProperty("300", out _));
        Assert.True(rt.GetProperty("within_target_share").TryGetProperty("3600", out _));
        Assert.Equal(JsonValueKind.Object, total.GetProperty("sales_cycle_seconds").GetProperty("won").ValueKind);
        Assert.Equal(JsonValueKind.Number, total.GetProperty("average_deal_value").ValueKind);
        foreach (var unavailable in root.GetProperty("unavailable").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, total.GetProperty(unavailable.GetString()!).ValueKind);
        }

        var funnel = total.GetProperty("funnel").EnumerateArray().ToList();
        Assert.Equal(["New", "Working", "Qualified", "Proposal", "ClosedWon"], funnel.Select(f => f.GetProperty("stage").GetString()));
        Assert.Equal(4000, funnel[0].GetProperty("reached").GetInt32());

        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        var bySource = groups.Where(g => g.GetProperty("key").TryGetProperty("source", out _)).ToList();
        var byOwner = groups.Where(g => g.GetProperty("key").TryGetProperty("owner", out _)).ToList();
        Assert.Equal(8, bySource.Count);
        Assert.Equal(5, byOwner.Count);
        Assert.Equal(4000, bySource.Sum(g => g.GetProperty("leads").GetInt32()));
        Assert.Equal(4000, byOwner.Sum(g => g.GetProperty("leads").GetInt32()));
        foreach (var g in groups)
        {
            foreach (var key in KpiKeys)
            {
                Assert.True(g.TryGetProperty(key, out _), $"a group has no '{key}'");
            }
        }

        var q = root.GetProperty("data_quality");
        Assert.Equal(q.GetProperty("rows_read").GetInt32(), q.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(5, q.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public void Money_kpis_come_from_costs_and_revenue()
    {
        using var doc = Cli.Json("--sample", "--by", "source,owner");
        var root = doc.RootElement;
        Assert.Equal("realized", root.GetProperty("revenue_basis").GetString());
        Assert.Empty(root.GetProperty("unavailable").EnumerateArray());
        var total = root.GetProperty("total");
        foreach (var key in new[] { "revenue", "cost", "cost_per_lead", "customer_acquisition_cost", "roi", "roas", "lifetime_value" })
        {
            Assert.Equal(JsonValueKind.Number, total.GetProperty(key).ValueKind);
        }

        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        var sources = groups.Where(g => g.GetProperty("key").TryGetProperty("source", out _)).ToList();
        var owners = groups.Where(g => g.GetProperty("key").TryGetProperty("owner", out _)).ToList();

        // Every cost lands in exactly one source: the parts add up to the total exactly.
        Assert.Equal(total.GetProperty("cost").GetDecimal(), sources.Sum(g => g.GetProperty("cost").GetDecimal()));
        Assert.Equal(total.GetProperty("revenue").GetDecimal(), sources.Sum(g => g.GetProperty("revenue").GetDecimal()));
        Assert.Equal(total.GetProperty("revenue").GetDecimal(), owners.Sum(g => g.GetProperty("revenue").GetDecimal()));

        // Costs know a source, not a rep: owner groups have no cost KPIs.
        Assert.All(owners, g => Assert.Equal(JsonValueKind.Null, g.GetProperty("cost").ValueKind));
        Assert.All(owners, g => Assert.Equal(JsonValueKind.Null, g.GetProperty("cost_per_lead").ValueKind));

        // With months, every period's cost adds up to the total too (costs are allocated to periods pro rata by days).
        using var monthly = Cli.Json("--sample", "--period", "month");
        Assert.Equal(total.GetProperty("cost").GetDecimal(), monthly.RootElement.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("cost").GetDecimal()));
    }

    [Fact]
    public void A_source_with_cost_and_no_lead_is_a_group_of_its_own()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source,won_at,value\nA,2024-03-04,web,2024-03-10,1000\nB,2024-03-04,web,,\n");
        var costs = dir.Write("costs.csv", "date,source,amount,category\n2024-03-04,web,100,media\n2024-03-05,tv,500,media\n");
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--by", "source");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!);
        Assert.Equal(0, groups["tv"].GetProperty("leads").GetInt32());
        Assert.Equal(500m, groups["tv"].GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, groups["tv"].GetProperty("cost_per_lead").ValueKind);
        Assert.Equal(50m, groups["web"].GetProperty("cost_per_lead").GetDecimal());
        Assert.Equal(100m, groups["web"].GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.Equal("won_deal_value", doc.RootElement.GetProperty("revenue_basis").GetString());
        Assert.Equal(1000m, groups["web"].GetProperty("revenue").GetDecimal());
        Assert.Equal(JsonValueKind.Null, groups["web"].GetProperty("lifetime_value").ValueKind);
    }

    [Fact]
    public void Without_a_costs_file_cost_kpis_are_null()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source\nA,2024-03-04,web\n");
        using var doc = Cli.Json("--leads", leads, "--by", "source");
        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(JsonValueKind.Null, total.GetProperty("cost").ValueKind);
        Assert.Equal(JsonValueKind.Null, total.GetProperty("cost_per_lead").ValueKind);
        Assert.Equal(JsonValueKind.Null, total.GetProperty("roi").ValueKind);
        Assert.Equal(0m, total.GetProperty("revenue").GetDecimal());
    }

    [Theory]
    [InlineData("week", @"^\d{4}-W\d{2}$")]
    [InlineData("month", @"^\d{4}-\d{2}$")]
    [InlineData("quarter", @"^\d{4}-Q[1-4]$")]
    public void Period_adds_a_period_to_every_group_key(string period, string pattern)
    {
        using var doc = Cli.Json("--sample", "--by", "source", "--period", period);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.NotEmpty(groups);
        foreach (var g in groups)
        {
            Assert.Matches(pattern, g.GetProperty("key").GetProperty("period").GetString());
            Assert.True(g.GetProperty("key").TryGetProperty("source", out _));
        }

        Assert.Equal(4000, groups.Sum(g => g.GetProperty("leads").GetInt32()));
        Assert.Equal(period, doc.RootElement.GetProperty("period").GetString());
    }

    [Fact]
    public void Quarter_groups_of_the_sample_year()
    {
        using var doc = Cli.Json("--sample", "--period", "quarter");
        var labels = doc.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetProperty("period").GetString()).ToList();
        Assert.Equal(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"], labels);
    }

    [Fact]
    public void Targets_flag_off_target_kpis_in_every_scope()
    {
        using var dir = new TempDir();
        var targets = dir.Write("targets.json", """{"conversion_rate":{"min":0.12},"response_time_seconds.p50":{"max":900},"revenue":{"min":1}}""");
        using var doc = Cli.Json("--sample", "--by", "source", "--targets", targets);
        var results = doc.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(3 * 9, results.Count); // three KPIs × (total + eight sources)
        Assert.All(results.Where(r => r.GetProperty("kpi").GetString() == "revenue"), r => Assert.Equal("ok", r.GetProperty("status").GetString()));
        var facebook = results.Single(r => r.GetProperty("scope").GetString() == "source=facebook" && r.GetProperty("kpi").GetString() == "conversion_rate");
        Assert.Equal("off_target", facebook.GetProperty("status").GetString());
        var partner = results.Single(r => r.GetProperty("scope").GetString() == "source=partner" && r.GetProperty("kpi").GetString() == "conversion_rate");
        Assert.Equal("ok", partner.GetProperty("status").GetString());

        var (exit, table, _) = Cli.Run("report", "--sample", "--by", "source", "--targets", targets);
        Assert.Equal(0, exit);
        Assert.Contains("off target", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Documented_sample_targets_file_matches_the_docs_and_runs()
    {
        var path = Repo.Path("samples", "targets.json");
        Assert.Contains(File.ReadAllText(path).Trim(), File.ReadAllText(Repo.Path("docs", "cli.md")), StringComparison.Ordinal);
        using var doc = Cli.Json("--sample", "--by", "source,owner", "--targets", path);
        Assert.Equal(5 * 14, doc.RootElement.GetProperty("targets").GetArrayLength()); // five KPIs × (total + 8 sources + 5 reps)
        Assert.Contains(doc.RootElement.GetProperty("targets").EnumerateArray(), t => t.GetProperty("status").GetString() == "off_target");
    }

    [Fact]
    public void Scoring_fills_the_score_section_of_every_scope()
    {
        var model = Repo.Path("samples", "scoring-model.json");
        using var doc = Cli.Json("--sample", "--by", "source", "--scoring", model);
        Assert.Equal("sample-icp", doc.RootElement.GetProperty("scoring_model").GetString());
        var total = doc.RootElement.GetProperty("total").GetProperty("score");
        Assert.Equal(4000, total.GetProperty("count").GetInt32());
        var grades = total.GetProperty("grades").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["Hot", "Warm", "Cold"], grades);
        Assert.Equal(4000, total.GetProperty("grades").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.InRange(total.GetProperty("mean").GetDecimal(), 0m, 100m); // the model's total bounds (fit + engagement, clamped)

        var bySource = doc.RootElement.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!, g => g.GetProperty("score"));
        Assert.Equal(4000, bySource.Values.Sum(s => s.GetProperty("count").GetInt32()));
        Assert.True(bySource["webinar"].GetProperty("mean").GetDecimal() > bySource["facebook"].GetProperty("mean").GetDecimal());

        using var unscored = Cli.Json("--sample");
        Assert.Equal(JsonValueKind.Null, unscored.RootElement.GetProperty("total").GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, unscored.RootElement.GetProperty("scoring_model").ValueKind);
    }

    [Fact]
    public void Bad_scoring_models_are_usage_errors()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("report", "--sample", "--scoring", dir.Write("m.json", """{"name":"x","groups":[{"name":"g","rules":[{"name":"r","type":"nope","points":1}]}]}"""));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("--scoring", err, StringComparison.Ordinal);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--scoring", dir.File("missing.json")).Exit);
        var predicate = dir.Write("p.json", """{"name":"x","groups":[{"name":"g","rules":[{"name":"vip","type":"predicate","predicate":"vip","points":5}]}]}""");
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--scoring", predicate).Exit);
    }

    [Fact]
    public void Bad_targets_files_are_usage_errors()
    {
        using var dir = new TempDir();
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--targets", dir.Write("a.json", """{"nope":{"min":1}}""")).Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--targets", dir.Write("b.json", """{"won":{"least":1}}""")).Exit);
        Assert.Equal(CliApp.UsageError, Cli.Run("report", "--sample", "--targets", dir.Write("c.json", "not json")).Exit);
    }

    [Fact]
    public void Table_output_shows_totals_groups_and_data_quality()
    {
        var (exit, output, error) = Cli.Run("report", "--sample", "--by", "source,owner");
        Assert.True(exit == 0, error);
        foreach (var expected in new[] { "Total", "Funnel", "By source", "By owner", "Data quality", "conversion rate", "4,000", "sample/leads.csv" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal); // no ANSI codes when not a terminal
    }

    [Fact]
    public void Out_writes_the_report_to_a_file()
    {
        using var dir = new TempDir();
        var path = dir.File("r/report.json");
        var (exit, output, _) = Cli.Run("report", "--sample", "--format", "json", "--out", path);
        Assert.Equal(0, exit);
        Assert.Contains("Wrote the json report", output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(4000, doc.RootElement.GetProperty("total").GetProperty("leads").GetInt32());
    }

    [Fact]
    public void Money_is_written_exactly_as_decimal()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,won_at,value\nA,2024-03-04,2024-03-05,0.1\nB,2024-03-04,2024-03-05,0.2\n");
        var (exit, output, _) = Cli.Run("report", "--leads", leads, "--format", "json");
        Assert.Equal(0, exit);
        Assert.Contains("\"won_value\": 0.3,", output, StringComparison.Ordinal);
        Assert.Contains("\"average_deal_value\": 0.15,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_command_writes_the_bundled_files()
    {
        using var dir = new TempDir();
        var (exit, _, error) = Cli.Run("sample", "--out", dir.Path);
        Assert.True(exit == 0, error);
        foreach (var name in new[] { "leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Repo.Path("samples", "data", name)), File.ReadAllBytes(dir.File(name)));
        }
    }

    [Fact]
    public void Bundled_sample_is_what_the_generator_makes_with_seed_42()
    {
        using var dir = new TempDir();
        var (exit, _, error) = Cli.Run("generate", "--leads", "4000", "--seed", "42", "--out", dir.Path);
        Assert.True(exit == 0, error);
        foreach (var name in new[] { "leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv" })
        {
            Assert.True(File.ReadAllBytes(Repo.Path("samples", "data", name)).AsSpan().SequenceEqual(File.ReadAllBytes(dir.File(name))), $"samples/data/{name} differs from the generator's output");
        }
    }

    [Fact]
    public void Generated_data_of_another_size_reads_without_bad_rows()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "1500", "--seed", "7", "--days", "90", "--start", "2023-06-01", "--out", dir.Path).Exit);
        using var doc = Cli.Json(
            "--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv"), "--touchpoints", dir.File("touchpoints.csv"),
            "--costs", dir.File("costs.csv"), "--revenue", dir.File("revenue.csv"), "--by", "source,industry");
        Assert.Equal(1500, doc.RootElement.GetProperty("total").GetProperty("leads").GetInt32());
        Assert.True(doc.RootElement.GetProperty("total").GetProperty("open").GetInt32() > 0);
        Assert.Empty(doc.RootElement.GetProperty("data_quality").GetProperty("rejected").EnumerateObject());
    }
}

public sealed class ProgressTests
{
    /// <summary>
    /// The loader reports its progress per file (the command draws it as a Spectre.Console progress bar on stderr when
    /// stderr is a terminal; Spectre's drawing is timer-driven, so the test checks the reports, not the drawing), and a
    /// run whose stderr is not a terminal writes nothing to stderr.
    /// </summary>
    [Fact]
    public void Loader_reports_progress_per_file_and_a_redirected_run_draws_nothing()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "20000", "--seed", "5", "--days", "60", "--out", dir.Path).Exit);
        var reports = new List<(string File, long Position, long Length)>();
        var data = LeadMetrics.Cli.Input.DataSetLoader.Load(new LeadMetrics.Data.Reports.LoadOptions
        {
            LeadsPath = dir.File("leads.csv"),
            StagesPath = dir.File("stages.csv"),
            Progress = (file, position, length) => reports.Add((file, position, length)),
        });
        Assert.Equal(20000, data.Leads.Count);
        foreach (var file in new[] { dir.File("leads.csv"), dir.File("stages.csv") })
        {
            var own = reports.Where(r => r.File == file).ToList();
            Assert.True(own.Count > 2, $"{file}: {own.Count} progress reports");
            Assert.Equal(own[^1].Length, own[^1].Position);
            Assert.True(own.Zip(own.Skip(1)).All(p => p.First.Position <= p.Second.Position));
        }

        var (exit, _, stderr) = Cli.Run("report", "--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv"), "--format", "json");
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
    }
}
