using LeadMetrics.Calculators;
using LeadMetrics.Cli;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Scoring.Json;
using NodaTime;

namespace LeadMetrics.Fuzz;

/// <summary>Raised by a harness when the code under test failed in a way bad input must never cause.</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FuzzFindingException()
    {
    }
}

/// <summary>
/// The entry points fuzzed (issue 15): each takes untrusted bytes and either succeeds or fails the documented way
/// (a usage error or counted bad rows from the CLI, exit 0, 2 or 3; <see cref="ArgumentException"/> from the state reader;
/// <see cref="System.Text.Json.JsonException"/> from the scoring-model reader). Anything else, an exit code 1 (System.CommandLine's
/// unhandled exception) or a round trip that does not hold, throws <see cref="FuzzFindingException"/> or lets the
/// exception escape, which is what AFL counts as a crash.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The names of the targets, as run.sh and the corpus folders name them.</summary>
    public static readonly IReadOnlyList<string> Names = ["leads", "leads-rows", "costs", "revenue", "targets", "scoring", "state", "parquet", "leads-read", "targets-read", "state-labels"];

    private const string FixedLeads = "lead_id,created_at,source,campaign,owner,won_at,value,industry\n"
        + "L1,2024-03-04T09:00:00Z,web,spring,ann,2024-03-08T09:00:00Z,500,software\n"
        + "L2,2024-03-05T09:00:00Z,ads,,bob,,,finance\n"
        + "L3,2024-03-06T09:00:00Z,web,spring,ann,,,\n";

    private static readonly string Folder = CreateFolder();

    public static void Run(string target, ReadOnlySpan<byte> data)
    {
        switch (target)
        {
            case "leads":
                Report(Write("input.csv", data), ["--leads", Path("input.csv")]);
                break;
            case "leads-rows":
                Report(Write("input.csv", data), ["--leads", Path("input.csv"), "--costs", Fixed("costs-empty.csv", "source,date,amount\n"), "--period", "month", "--by", "source"]);
                break;
            case "costs":
                Report(Write("input.csv", data), ["--leads", Fixed("leads.csv", FixedLeads), "--costs", Path("input.csv"), "--period", "week", "--by", "source"]);
                break;
            case "revenue":
                Report(Write("input.csv", data), ["--leads", Fixed("leads.csv", FixedLeads), "--revenue", Path("input.csv"), "--period", "day"]);
                break;
            case "targets":
                Report(Write("input.json", data), ["--leads", Fixed("leads.csv", FixedLeads), "--targets", Path("input.json")]);
                break;
            case "scoring":
                Scoring(data);
                break;
            case "leads-read":
                LeadsRead(Write("input.csv", data));
                break;
            case "targets-read":
                TargetsRead(Write("input.json", data));
                break;
            case "state":
                State(data);
                break;
            case "state-labels":
                StateLabels(data);
                break;
            case "parquet":
                // A leads file in Parquet (issue 14): footer, schema, pages and every typed value through the report,
                // on the columnar path (--by source) and the row path (--by industry, an attribute column).
                Write("input.parquet", data);
                Report(data.Length, ["--leads", Path("input.parquet"), "--period", "month", "--by", "source"]);
                Report(data.Length, ["--leads", Path("input.parquet"), "--by", "industry"]);
                break;
            default:
                throw new ArgumentException($"unknown target '{target}'; targets: {string.Join(", ", Names)}.", nameof(target));
        }
    }

    private static int Write(string name, ReadOnlySpan<byte> data)
    {
        using var file = File.Create(Path(name));
        file.Write(data);
        return data.Length;
    }

    private static string Path(string name) => System.IO.Path.Combine(Folder, name);

    private static string Fixed(string name, string content)
    {
        var path = Path(name);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content);
        }

        return path;
    }

    private static string CreateFolder()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leadmetrics-fuzz-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Report(int length, string[] inputs)
    {
        _ = length;
        foreach (var format in new[] { "json", "table", "html" })
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = CliApp.Run(["report", .. inputs, "--on-bad-row", "skip", "--format", format], stdout, stderr);
            var error = stderr.ToString();
            if (exit is not (0 or CliApp.UsageError or CliApp.BadRowError) || error.Contains("Unhandled exception", StringComparison.Ordinal))
            {
                throw new FuzzFindingException($"report exited {exit} ({format}): {error}");
            }

            if (exit != 0)
            {
                return; // a usage error is the same in every format
            }
        }
    }

    // The CSV reader alone (LeadMetrics.Data, no report): a leads file with a stages file fixed, every batch read with
    // bad rows skipped. A finding: an exception other than DataSetException (a usage error: a missing column, an
    // unreadable file), or leads in the batches other than the leads file's accepted rows (rows read = accepted + rejected).
    private static void LeadsRead(int length)
    {
        _ = length;
        var options = new LeadMetrics.Data.LeadDataSetOptions
        {
            LeadsPath = Path("input.csv"),
            StagesPath = Fixed("stages.csv", "lead_id,stage,at\nL1,qualified,2024-03-05T09:00:00Z\nL2,won,2024-03-06T09:00:00Z\n"),
            OnBadRow = LeadMetrics.Data.BadRowPolicy.Skip,
            BlockSize = 64,
        };
        LeadMetrics.Data.LeadDataSet data;
        try
        {
            data = LeadMetrics.Data.LeadDataSet.Open(options);
        }
        catch (LeadMetrics.Data.DataSetException)
        {
            return;
        }

        long leads = 0;
        try
        {
            data.Read(batch => leads += batch.Count);
        }
        catch (LeadMetrics.Data.DataSetException)
        {
            return;
        }

        var file = data.Quality.Files[0];
        if (leads != data.LeadCount || file.RowsAccepted != leads)
        {
            throw new FuzzFindingException($"{leads} leads in the batches, LeadCount {data.LeadCount}, leads file rows read {file.RowsRead}, accepted {file.RowsAccepted}");
        }
    }

    // The --targets reader alone: a usage error or a list of targets, nothing else.
    private static void TargetsRead(int length)
    {
        _ = length;
        try
        {
            _ = LeadMetrics.Data.Reports.TargetFile.Load(Path("input.json"));
        }
        catch (LeadMetrics.Data.Reports.ReportOptionsException)
        {
        }
    }

    private static void Scoring(ReadOnlySpan<byte> data)
    {
        Scoring.ScoringModel model;
        try
        {
            model = ScoringModelJson.Parse(data.ToArray());
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        // A model that was read is written and read back alike, and scores a lead without failing.
        var text = ScoringModelJson.Serialize(model);
        var again = ScoringModelJson.Parse(text);
        if (ScoringModelJson.Serialize(again) != text)
        {
            throw new FuzzFindingException("the scoring model does not round-trip: " + text);
        }

        var at = Instant.FromUtc(2024, 3, 4, 9, 0);
        var lead = new Lead(new LeadId("L1"), at, source: "web", attributes: [new("industry", AttributeValue.FromText("software")), new("company_size", AttributeValue.FromNumber(50m))]);
        _ = new Scoring.LeadScorer(model, SystemClock.Instance).Score(lead, [new Touchpoint(new LeadId("L1"), at + Duration.FromHours(1), "web", TouchpointKind.Form, TouchpointDirection.Inbound)], at + Duration.FromDays(1));
    }

    /// <summary>The calculators whose serialized state is fuzzed; the first byte of the input picks one.</summary>
    public static ISerializableCalculator[] StateCalculators() =>
    [
        new VolumeCalculator(),
        new FunnelCalculator(),
        new LeadKpiCalculator(),
        new GroupedCalculator<LeadKpiCalculator, LeadKpis>(new LeadGrouping(GroupDimension.Source, TimeBucket.Month), new LeadKpiCalculator()),
        new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd)),
        new LifetimeValueCalculator(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd, horizonMonths: 3)),
        new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source)),
    ];

    private static void State(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var calculators = StateCalculators();
        var calculator = calculators[data[0] % calculators.Length];
        try
        {
            calculator.MergeSerialized(data[1..]);
        }
        catch (ArgumentException)
        {
            return;
        }

        // What was merged is written, and what is written is read back (Serialize refuses nothing MergeSerialized took).
        var bytes = calculator.Serialize();
        var fresh = StateCalculators()[data[0] % calculators.Length];
        try
        {
            fresh.MergeSerialized(bytes);
        }
        catch (ArgumentException e)
        {
            throw new FuzzFindingException("a merged state was written in a form the reader refuses: " + e.Message, e);
        }

        if (!fresh.Serialize().AsSpan().SequenceEqual(bytes))
        {
            throw new FuzzFindingException("a state read back writes other bytes");
        }
    }

    /// <summary>
    /// The receiver's encoding of the state-labels target: some of the seeds' labels, in another order, so that bytes of
    /// the seeds' encoding are merged by label (ids remapped), not read as they are.
    /// </summary>
    private static LeadEncoding ReceiverEncoding()
    {
        var encoding = new LeadEncoding();
        foreach (var label in new[] { "ads", "web" })
        {
            encoding.Sources.Encode(label);
            encoding.Channels.Encode(label);
        }

        encoding.Owners.Encode("bob");
        encoding.Leads.Encode("L3");
        encoding.Leads.Encode("L1");
        return encoding;
    }

    /// <summary>The seeds' encoding (state-labels): ids 0 to 3 of leads, 0 to 2 of sources, as the seed records use them.</summary>
    private static LeadEncoding SeedEncoding()
    {
        var encoding = new LeadEncoding();
        foreach (var label in new[] { "direct", "web", "ads" })
        {
            encoding.Sources.Encode(label);
            encoding.Channels.Encode(label);
        }

        encoding.Campaigns.Encode("spring");
        encoding.Owners.Encode("ann");
        encoding.Owners.Encode("bob");
        foreach (var label in new[] { "L0", "L1", "L2", "L3" })
        {
            encoding.Leads.Encode(label);
        }

        return encoding;
    }

    // Merge by label (state format 4): the bytes merged into a calculator with an encoding of other labels either are
    // refused the documented way (ArgumentException) or are remapped; what was merged is then written with that encoding
    // and must merge by label into a fresh calculator and encoding without being refused.
    private static void StateLabels(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var pick = data[0] % StateCalculators().Length;
        var calculator = StateCalculators()[pick];
        var encoding = ReceiverEncoding();
        try
        {
            calculator.MergeSerialized(data[1..], encoding);
        }
        catch (ArgumentException)
        {
            return;
        }

        var bytes = calculator.Serialize(encoding);
        var fresh = StateCalculators()[pick];
        try
        {
            fresh.MergeSerialized(bytes, ReceiverEncoding());
        }
        catch (ArgumentException e)
        {
            throw new FuzzFindingException("a state merged by label was written in a form the reader refuses: " + e.Message, e);
        }
    }

    /// <summary>Serialized states with their labels (format 4) of each state calculator: the state-labels target's seeds.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> StateLabelSeeds()
    {
        var calculators = StateCalculators();
        for (var i = 0; i < calculators.Length; i++)
        {
            var c = Fed(calculators[i]);
            var name = c.GetType().Name.Split('`')[0] + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return (name, [(byte)i, .. c.Serialize(SeedEncoding())]);
        }
    }

    /// <summary>
    /// Small Parquet leads files for the parquet target's seed corpus: typed columns of every kind the reader knows
    /// (INT64 ids, TIMESTAMP in nanoseconds UTC and microseconds local, INT96, DATE, DECIMAL as INT32 and as fixed bytes,
    /// DOUBLE, BOOLEAN, strings with nulls, dictionary-encoded) and one plain file as the generator writes it.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Bytes)> ParquetSeeds()
    {
        var utc = new DateTime(2024, 3, 30, 9, 0, 0, DateTimeKind.Utc);
        var local = new DateTime(2024, 3, 31, 2, 30, 0, DateTimeKind.Unspecified);
        var fields = new Parquet.Schema.DataField[]
        {
            new Parquet.Schema.DataField<long?>("lead_id"),
            new Parquet.Schema.DateTimeDataField("created_at", Parquet.Schema.DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: Parquet.Schema.DateTimeTimeUnit.Nanos, isNullable: true),
            new Parquet.Schema.DataField<string>("source", true),
            new Parquet.Schema.DataField<string>("owner", true),
            new Parquet.Schema.DateTimeDataField("first_response_at", Parquet.Schema.DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: Parquet.Schema.DateTimeTimeUnit.Micros, isNullable: true),
            new Parquet.Schema.DateTimeDataField("won_at", Parquet.Schema.DateTimeFormat.Impala, isNullable: true),
            new Parquet.Schema.DecimalDataField("value", 9, 2, isNullable: true),
            new Parquet.Schema.BigDecimalDataField("budget", 38, 10, isNullable: true),
            new Parquet.Schema.DataField<double?>("score"),
            new Parquet.Schema.DataField<bool?>("vip"),
            new Parquet.Schema.DataField<DateOnly?>("since"),
            new Parquet.Schema.DataField<string>("industry", true),
        };
        using var stream = new MemoryStream();
        var writer = Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(fields), stream).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            group.WriteAsync(fields[0], new ReadOnlyMemory<long?>([1, 2, 3, 2])).GetAwaiter().GetResult();
            group.WriteAsync(fields[1], new ReadOnlyMemory<DateTime?>([utc, utc.AddTicks(1_234_567), null, utc])).GetAwaiter().GetResult();
            group.WriteAsync(fields[2], (IReadOnlyCollection<string?>)["web", "ads", null, "web"]).GetAwaiter().GetResult();
            group.WriteAsync(fields[3], (IReadOnlyCollection<string?>)["ann", null, "bob", "ann"]).GetAwaiter().GetResult();
            group.WriteAsync(fields[4], new ReadOnlyMemory<DateTime?>([local, null, local.AddDays(200), local])).GetAwaiter().GetResult();
            group.WriteAsync(fields[5], new ReadOnlyMemory<DateTime?>([utc.AddDays(5), null, null, utc.AddDays(-1)])).GetAwaiter().GetResult();
            group.WriteAsync(fields[6], new ReadOnlyMemory<decimal?>([1200.5m, null, -3m, 0.01m])).GetAwaiter().GetResult();
            group.WriteAsync(fields[7], new ReadOnlyMemory<Parquet.Data.BigDecimal?>([new Parquet.Data.BigDecimal(12345, 38, 10), null, new Parquet.Data.BigDecimal(System.Numerics.BigInteger.Pow(10, 30), 38, 10), null])).GetAwaiter().GetResult();
            group.WriteAsync(fields[8], new ReadOnlyMemory<double?>([0.1, double.NaN, null, 1e20])).GetAwaiter().GetResult();
            group.WriteAsync(fields[9], new ReadOnlyMemory<bool?>([true, false, null, true])).GetAwaiter().GetResult();
            group.WriteAsync(fields[10], new ReadOnlyMemory<DateOnly?>([new DateOnly(2020, 1, 1), null, new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31)])).GetAwaiter().GetResult();
            group.WriteAsync(fields[11], (IReadOnlyCollection<string?>)["software", "retail\n\"quoted\",x", null, "software"]).GetAwaiter().GetResult();
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        yield return ("typed.parquet", stream.ToArray());

        var dir = System.IO.Path.Combine(Folder, "generated");
        var exit = CliApp.Run(["generate", "--leads", "12", "--seed", "3", "--days", "30", "--format", "parquet", "--out", dir], TextWriter.Null, TextWriter.Null);
        if (exit != 0)
        {
            throw new FuzzFindingException($"generate exited {exit}");
        }

        yield return ("generated.parquet", File.ReadAllBytes(System.IO.Path.Combine(dir, "leads.parquet")));
    }

    /// <summary>The calculator fed with the seeds' three leads (sources 1 and 2, lead keys 1 to 3; won, lost, open).</summary>
    private static ISerializableCalculator Fed(ISerializableCalculator calculator)
    {
        var t0 = Instant.FromUtc(2024, 3, 4, 9, 0);
        LeadRecord[] records =
        [
            new(1, t0, 1, firstResponseAt: t0 + Duration.FromMinutes(5), outcome: LeadOutcome.Won, closedAt: t0 + Duration.FromDays(3), furthestPosition: 4, dealValue: new Money(500m, Currency.Usd)),
            new(2, t0 + Duration.FromDays(40), 2, outcome: LeadOutcome.Lost, closedAt: t0 + Duration.FromDays(45)),
            new(3, t0 + Duration.FromDays(1), 1),
        ];
        foreach (var r in records)
        {
            ((ILeadSink)calculator).Add(r);
        }

        return calculator;
    }

    /// <summary>Serialized states of each state calculator fed with a few leads: the seed corpus of the state target.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> StateSeeds()
    {
        var calculators = StateCalculators();
        for (var i = 0; i < calculators.Length; i++)
        {
            var c = Fed(calculators[i]);
            yield return (c.GetType().Name.Split('`')[0] + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [(byte)i, .. c.Serialize()]);
            yield return ("empty-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [(byte)i, .. StateCalculators()[i].Serialize()]);
        }
    }
}
