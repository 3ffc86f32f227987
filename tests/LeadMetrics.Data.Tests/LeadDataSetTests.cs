using System.Globalization;
using System.Text;
using LeadMetrics.Calculators;
using LeadMetrics.Data;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Tests;

[Collection("Memory-sensitive reads")]
public sealed class LeadDataSetTests : DataFileTests
{
    public LeadDataSetTests()
        : base("data")
    {
    }

    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);

    /// <summary>A data set of <paramref name="n"/> leads in three sources, every third won after two stage changes.</summary>
    private (string Leads, string Stages) Generate(int n)
    {
        var leads = new StringBuilder("lead_id,created_at,source,owner,first_response_at,won_at,lost_at,value\n");
        var stages = new StringBuilder("lead_id,stage,at\n");
        string[] sources = ["web", "ads", "partner"];
        for (var i = 0; i < n; i++)
        {
            var created = T0 + Duration.FromMinutes(i);
            var won = i % 3 == 0 ? (created + Duration.FromDays(3)).ToString() : string.Empty;
            leads.Append(CultureInfo.InvariantCulture, $"L{i},{created},{sources[i % 3]},rep{i % 4},{created + Duration.FromMinutes(5 + (i % 50))},{won},,{(i % 3 == 0 ? "100.25" : string.Empty)}\n");
            stages.Append(CultureInfo.InvariantCulture, $"L{i},Working,{created + Duration.FromHours(1)}\n");
            if (i % 3 == 0)
            {
                stages.Append(CultureInfo.InvariantCulture, $"L{i},Won,{created + Duration.FromDays(3)}\n");
            }
        }

        return (Write("leads.csv", leads.ToString()), Write("stages.csv", stages.ToString()));
    }

    [Fact]
    public void Batches_are_bounded_and_hold_every_accepted_lead_in_file_order()
    {
        var (leads, stages) = Generate(10_000);
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 4096 });
        var sizes = new List<int>();
        var keys = new List<int>();
        var set = LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource);
        foreach (var batch in data.ReadBatches())
        {
            sizes.Add(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                keys.Add(batch[i].Lead);
            }

            set.AddRange(batch);
        }

        Assert.Equal([4096, 4096, 1808], sizes);
        Assert.Equal(Enumerable.Range(1, 10_000), keys);
        Assert.Equal(10_000, data.LeadCount);
        var total = set.Snapshot().Total();
        Assert.Equal(10_000, total.Funnel.Leads);
        Assert.Equal(3334, total.Funnel.Won);
        Assert.Equal(["web", "ads", "partner"], Enumerable.Range(1, 3).Select(data.Encoding.Sources.Decode));
        Assert.Equal(10_000, data.Quality.Files[0].RowsAccepted);
        Assert.Equal(13_334, data.Quality.Files[1].RowsRead);
        Assert.Equal(["leads.csv", "stages.csv"], data.Files.Select(Path.GetFileName));
    }

    [Fact]
    public void The_batches_equal_the_same_leads_built_as_Lead_objects()
    {
        var (leads, stages) = Generate(2000);
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 700 });
        var fromBatches = LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource, LeadGrouping.ByOwner);
        foreach (var batch in data.ReadBatches())
        {
            fromBatches.AddRange(batch);
        }

        // The same leads as model objects, by hand.
        var pipeline = Pipeline.Default;
        var objects = new List<Lead>();
        string[] sources = ["web", "ads", "partner"];
        for (var i = 0; i < 2000; i++)
        {
            var id = new LeadId("L" + i.ToString(CultureInfo.InvariantCulture));
            var created = T0 + Duration.FromMinutes(i);
            var history = new List<StageTransition> { new(id, null, pipeline.Stages[1], created + Duration.FromHours(1)) };
            Instant? won = null;
            if (i % 3 == 0)
            {
                won = created + Duration.FromDays(3);
                history.Add(new StageTransition(id, pipeline.Stages[1], pipeline.Won, won.Value));
            }

            objects.Add(new Lead(id, created, sources[i % 3], null, "rep" + (i % 4).ToString(CultureInfo.InvariantCulture), null,
                created + Duration.FromMinutes(5 + (i % 50)), history, won, null, won is null ? null : new Money(100.25m, Currency.Usd), pipeline));
        }

        var fromObjects = LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource, LeadGrouping.ByOwner);
        fromObjects.AddRange(objects, new LeadEncoding());
        string Print(CalculatorSetResult<LeadKpis> r) => string.Join("\n", r.Groupings.Select(g => string.Join(";", g.Groups.Select(x =>
            $"{x.Result.Funnel.Leads}/{x.Result.Funnel.Won}/{x.Result.WonValue}/{x.Result.ResponseTime.Distribution.Mean}/{x.Result.SalesCycle.Won.P50}/{string.Join(",", x.Result.Funnel.Stages.Select(s => s.Reached))}"))));
        Assert.Equal(Print(fromObjects.Snapshot()), Print(fromBatches.Snapshot()));
    }

    [Fact]
    public void Two_threads_give_the_results_of_one()
    {
        var (leads, stages) = Generate(30_000);
        string Run(int threads)
        {
            var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 1000 });
            var set = LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.Day, DateTimeZone.Utc));
            var order = new List<int>();
            data.Read(
                batch =>
                {
                    order.Add(batch[0].Lead);
                    set.AddRange(batch);
                },
                threads);
            Assert.Equal(Enumerable.Range(0, 30).Select(k => (k * 1000) + 1), order);
            return string.Join("\n", set.Snapshot().Groupings.Select(g => string.Join(";", g.Groups.Select(x =>
                $"{x.Key}:{x.Result.Funnel.Leads}/{x.Result.Funnel.Won}/{x.Result.WonValue}/{x.Result.ResponseTime.Distribution.Mean}/{x.Result.ResponseTime.Distribution.P90}/{x.Result.SalesCycle.Won.P50}/{string.Join(",", x.Result.TimeToConversion.StageVelocity.Select(v => v.Distribution.Mean))}"))));
        }

        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void A_failure_on_either_thread_is_thrown()
    {
        var (leads, stages) = Generate(5000);
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 100 });
        var seen = 0;
        var e = Assert.Throws<InvalidOperationException>(() => data.Read(_ => throw new InvalidOperationException("consumer " + ++seen), threads: 2));
        Assert.Equal("consumer 1", e.Message);
        var bad = Write("bad.csv", "lead_id,created_at\nA,2024-01-01T00:00:00Z\nB,never\n");
        var failing = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = bad });
        Assert.Equal(3, Assert.Throws<BadRowException>(() => failing.Read(_ => { }, threads: 2)).Row.Line);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = bad }).Read(_ => { }, threads: 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Shared_batches_reach_one_consumer_each_in_order_and_merge_to_the_results_of_one_thread(int threads)
    {
        // ReadShared (the report's two passes): every batch goes to "built" on the joining thread in file order, then to
        // exactly one of the two consumers, each in file order; the two sets merged give the one-thread results. The
        // second consumer is slow, so that the joining thread takes batches itself while it works.
        var (leads, stages) = Generate(30_000);
        var options = new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 500 };
        CalculatorSet<LeadKpiCalculator, LeadKpis> NewSet() => LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.Day, DateTimeZone.Utc));
        string Print(CalculatorSetResult<LeadKpis> r) => string.Join("\n", r.Groupings.Select(g => string.Join(";", g.Groups.Select(x =>
            $"{x.Key}:{x.Result.Funnel.Leads}/{x.Result.Funnel.Won}/{x.Result.WonValue}/{x.Result.ResponseTime.Distribution.Mean}/{x.Result.ResponseTime.Distribution.P90}/{x.Result.SalesCycle.Won.P50}"))));

        var one = NewSet();
        LeadDataSet.Open(options).Read(one.AddRange);

        var data = LeadDataSet.Open(options);
        var (own, other) = (NewSet(), NewSet());
        var (built, ownFirst, otherFirst) = (new List<int>(), new List<int>(), new List<int>());
        var mainThread = Environment.CurrentManagedThreadId;
        var otherThread = -1;
        data.ReadShared(
            batch =>
            {
                Assert.Equal(mainThread, Environment.CurrentManagedThreadId);
                built.Add(batch[0].Lead);
            },
            batch =>
            {
                Assert.Equal(mainThread, Environment.CurrentManagedThreadId);
                ownFirst.Add(batch[0].Lead);
                own.AddRange(batch);
            },
            batch =>
            {
                otherThread = Environment.CurrentManagedThreadId;
                otherFirst.Add(batch[0].Lead);
                other.AddRange(batch);
                Thread.Sleep(2);
            },
            threads);

        Assert.Equal(Enumerable.Range(0, 60).Select(k => (k * 500) + 1), built);
        Assert.Equal(built, ownFirst.Concat(otherFirst).Order());
        Assert.Equal(ownFirst.Order(), ownFirst);
        Assert.Equal(otherFirst.Order(), otherFirst);
        if (threads == 1)
        {
            Assert.Empty(otherFirst);
        }
        else
        {
            Assert.NotEqual(mainThread, otherThread);
            Assert.NotEmpty(ownFirst);
            Assert.NotEmpty(otherFirst);
        }

        own.Merge(other);
        Assert.Equal(Print(one.Snapshot()), Print(own.Snapshot()));
        Assert.Equal(30_000, data.LeadCount);
    }

    [Fact]
    public void A_failure_of_a_shared_read_is_thrown()
    {
        var (leads, stages) = Generate(5000);
        var options = new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, BlockSize = 100 };

        // The second thread's consumer fails: its exception, and the joining thread stops.
        var e = Assert.Throws<InvalidOperationException>(() => LeadDataSet.Open(options).ReadShared(_ => { }, _ => Thread.Sleep(1), _ => throw new InvalidOperationException("other"), threads: 2));
        Assert.Equal("other", e.Message);

        // The joining thread's check fails at the fifth batch, as with one thread.
        var seen = 0;
        void Check(LeadColumns _)
        {
            if (++seen == 5)
            {
                throw new ArgumentException("batch 5");
            }
        }

        Assert.Equal("batch 5", Assert.Throws<ArgumentException>(() => LeadDataSet.Open(options).ReadShared(Check, _ => { }, _ => Thread.Sleep(1), threads: 2)).Message);
        Assert.Equal(5, seen);

        var bad = Write("bad.csv", "lead_id,created_at\nA,2024-01-01T00:00:00Z\nB,never\n");
        Assert.Equal(3, Assert.Throws<BadRowException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = bad }).ReadShared(_ => { }, _ => { }, _ => { }, threads: 2)).Row.Line);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeadDataSet.Open(options).ReadShared(_ => { }, _ => { }, _ => { }, threads: 0));
    }

    [Fact]
    public void Rows_read_are_accepted_plus_rejected_by_reason_per_file()
    {
        var leads = Write("leads.csv", "lead_id,created_at,won_at,value\nA,2024-01-01T00:00:00Z,,\nB,bad,,\nA,2024-01-01T00:00:00Z,,\n,2024-01-01T00:00:00Z,,\nC,2024-01-01T00:00:00Z,,-3\nD,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,\n");
        var stages = Write("stages.csv", "lead_id,stage,at\nA,New,2024-01-01T00:00:00Z\nZ,New,2024-01-01T00:00:00Z\nB,New,2024-01-01T00:00:00Z\nA,Nope,2024-01-01T00:00:00Z\nD,Working,2024-01-03T00:00:00Z\nD,New,2024-01-01T00:00:00Z\n");
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, OnBadRow = BadRowPolicy.Skip });
        var count = data.ReadBatches().Sum(b => b.Count);
        Assert.Equal(2, count); // A and D: D's stage row after its won_at is left out, D is kept (one rule for rows after the close)
        var (l, s) = (data.Quality.Files[0], data.Quality.Files[1]);
        Assert.Equal(6, l.RowsRead);
        Assert.Equal(new Dictionary<string, long> { ["duplicate_lead_id"] = 1, ["missing_lead_id"] = 1, ["negative_value"] = 1, ["unparseable_date"] = 1 }, l.Rejected);
        Assert.Equal(l.RowsRead, l.RowsAccepted + l.Rejected.Values.Sum());
        Assert.Equal(6, s.RowsRead);
        Assert.Equal(new Dictionary<string, long> { ["lead_rejected"] = 1, ["stage_after_close"] = 1, ["unknown_lead"] = 1, ["unknown_stage"] = 1 }, s.Rejected);
        Assert.Equal(s.RowsRead, s.RowsAccepted + s.Rejected.Values.Sum());
        var after = Assert.Single(s.Examples["stage_after_close"]);
        Assert.Equal(6, after.Line);
        Assert.Equal("the lead row closes the lead at 2024-01-02T00:00:00Z (won_at); a stage row after the close is left out.", after.Message);
    }

    [Fact]
    public void A_bad_row_with_fail_names_file_line_column_and_value()
    {
        var leads = Write("leads.csv", "lead_id,created_at\nA,2024-01-01T00:00:00Z\nB,yesterday\n");
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads });
        var e = Assert.Throws<BadRowException>(() => data.ReadBatches().Sum(b => b.Count));
        Assert.Equal((3L, "created_at", "yesterday", "unparseable_date"), (e.Row.Line, e.Row.Column, e.Row.Value, e.Row.Reason));
        Assert.Contains("leads.csv, line 3, column created_at: value 'yesterday'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_or_file_is_named()
    {
        var leads = Write("leads.csv", "id,created\nA,2024-01-01\n");
        Assert.Contains("has no lead_id column (columns: id, created)", Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads })).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = Path.Combine(Folder, "none.csv") })).Message, StringComparison.Ordinal);
        var mapped = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, Map = ColumnMap.Parse(["lead_id=id,created_at=created"]) });
        Assert.Equal(1, mapped.ReadBatches().Sum(b => b.Count));
        Assert.Throws<InvalidOperationException>(() => mapped.ReadBatches());
        Assert.Contains("BlockSize", Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, BlockSize = 0 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_left_open_or_an_empty_file_is_named()
    {
        var open = Write("open.csv", "lead_id,created_at,source\nA,2024-01-01T00:00:00Z,web\nB,2024-01-01T00:00:00Z,\"web\nC,2024-01-02T00:00:00Z,ads\n");
        var e = Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = open }).ReadBatches().Sum(b => b.Count));
        Assert.Contains("open.csv, near line 3: malformed CSV", e.Message, StringComparison.Ordinal);
        var empty = Write("empty.csv", string.Empty);
        Assert.Contains("is empty: it has no header line", Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = empty })).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b;c\n", ',')]
    [InlineData("a;b;c\n", ';')]
    [InlineData("a\tb\tc|d\n", '\t')]
    [InlineData("a|b|c\n", '|')]
    [InlineData("\"x;y;z\",b\n", ',')]
    [InlineData("single\n", ',')]
    public void The_delimiter_is_the_most_frequent_outside_quotes_in_the_header(string header, char expected)
    {
        Assert.Equal(expected, CsvSource.DetectSeparator(Write("h.csv", header + "1,2,3\n")));
    }

    [Fact]
    public void Fast_timestamps_agree_with_the_patterns()
    {
        var random = new Random(3);
        foreach (var zone in new[] { DateTimeZone.Utc, DateTimeZoneProviders.Tzdb["Europe/London"], DateTimeZoneProviders.Tzdb["America/Sao_Paulo"] })
        {
            var parser = new TimestampParser(zone);
            var texts = new List<string> { "2024-03-31T01:30:00", "2024-10-27 01:30:00", "2024-02-29", "2023-02-29", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.5z", "2024-01-01T00:00:00.12345678Z", "2024-01-01T9:00:00Z", "2024-01-01T09:00Z", " 2024-01-01T09:00:00Z ", "2024-01-01T09:00:00+02:00",
                "2024-02-30T00:00:00Z", "2024-01-01T23:59:60Z", "0000-01-01T00:00:00Z", "2024-01-01X00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:0aZ", "2024/01/01T00:00:00Z", "9999-12-31T23:59:59Z",
                // The fixed-format path (uuuu-MM-ddTHH:mm:ssZ, years 1900-2099 from a table) at its edges and with one bad character each.
                "1900-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2099-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z",
                "2024-04-31T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-0a-01T00:00:00Z", "2024-01-01T00:00:0/Z", "2024-01-01T00:00:0:Z",
                "-024-01-01T00:00:00Z", "2024-01-01T00:00:00+", "2024-01-01T00-00:00Z", "20240-1-01T00:00:00Z", "2024-01-01T00:00:0\uFF11Z", "1970-01-01T00:00:00Z" };
            for (var i = 0; i < 500; i++)
            {
                var instant = Instant.FromUnixTimeTicks(random.NextInt64(Instant.FromUtc(1990, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(2040, 1, 1, 0, 0).ToUnixTimeTicks()));
                var local = instant.InZone(zone).LocalDateTime;
                texts.Add(instant.ToString("uuuu-MM-dd'T'HH:mm:ss;FFFFFFF'Z'", CultureInfo.InvariantCulture));
                texts.Add(instant.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); // the vector-checked form
                texts.Add(local.ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                texts.Add(local.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            }

            foreach (var text in texts)
            {
                var slow = parser.TryParse(text, out var expected);
                var fast = parser.TryParseTicks(text, out var ticks);
                Assert.True(slow == fast, $"{text} in {zone.Id}: patterns {slow}, fast {fast}");
                if (slow)
                {
                    Assert.True(expected.ToUnixTimeTicks() == ticks, $"{text} in {zone.Id}: {expected} vs {Instant.FromUnixTimeTicks(ticks)}");
                }
            }
        }
    }

    [Fact]
    public void The_vector_and_scalar_fixed_format_paths_agree()
    {
        // uuuu-MM-ddTHH:mm:ssZ read by SSSE3 and character by character: random valid texts, each also with one
        // character replaced by a neighbour of a digit or separator, a non-ASCII digit or a unit whose low byte is a digit.
        if (!System.Runtime.Intrinsics.X86.Ssse3.IsSupported)
        {
            return; // no vector path on this processor: TryUtcSeconds is the scalar one
        }

        var random = new Random(14);
        char[] replacements = ['/', ':', '0', '9', ';', '-', 'T', 'Z', 'z', ' ', '\0', '\u0660', '\uFF10', '\u0130', '\u0139'];
        for (var i = 0; i < 20_000; i++)
        {
            var instant = Instant.FromUnixTimeTicks(random.NextInt64(Instant.FromUtc(1890, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(2110, 1, 1, 0, 0).ToUnixTimeTicks()));
            var chars = instant.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture).ToCharArray();
            Agree(chars);
            chars[random.Next(chars.Length)] = random.Next(3) == 0 ? (char)('0' + random.Next(10)) : replacements[random.Next(replacements.Length)];
            Agree(chars);
        }

        foreach (var text in new[] { "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-12-31T24:00:00Z", "2024-12-31T23:60:00Z", "2024-12-31T23:59:60Z", "1900-01-01T00:00:00Z", "2099-12-31T23:59:59Z", "1899-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-32T00:00:00Z" })
        {
            Agree(text.ToCharArray());
        }

        static void Agree(char[] text)
        {
            var scalar = TimestampParser.TryUtcSecondsScalar(text, out var expected);
            var vector = TimestampParser.TryUtcSecondsVector(text, out var ticks);
            Assert.True(scalar == vector, $"{new string(text)}: scalar {scalar}, vector {vector}");
            Assert.Equal(expected, ticks);
        }
    }

    [Fact]
    public void Memory_per_lead_for_leads_and_stages_stays_under_200_bytes()
    {
        // The per-lead state while reading (ids, instants, labels, values, visits) measured as live managed bytes
        // after the read, per lead; the batches are written one at a time into one reused buffer.
        const int n = 200_000;
        var (leads, stages) = Generate(n);
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var first = true;
        foreach (var batch in data.ReadBatches())
        {
            if (first)
            {
                // Both files are read, the join is starting: the per-lead state is at its peak.
                peak = GC.GetTotalMemory(forceFullCollection: true) - before;
                first = false;
            }
        }

        var perLead = peak / (double)n;
        Assert.True(perLead < 200, $"{perLead:F1} bytes per lead at peak");
    }
}
