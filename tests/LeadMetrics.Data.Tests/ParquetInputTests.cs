using System.Globalization;
using System.Numerics;
using System.Text;
using LeadMetrics.Data;
using NodaTime;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// Parquet input (issue 14): typed Parquet columns read as the CSV text of the same values (the same batches, labels
/// and data-quality counts), the column types a canonical column cannot be (a usage error naming column and type),
/// nulls and out-of-range values as counted bad rows with the CSV reasons, and files that are not readable Parquet.
/// </summary>
public sealed class ParquetInputTests : IDisposable
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "leadmetrics-parquet-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public ParquetInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes a Parquet file of one row group (or several of <paramref name="groupRows"/> rows) with the given typed columns.</summary>
    private string Parquet(string name, (DataField Field, Array Values)[] columns, int groupRows = int.MaxValue)
    {
        var path = Path.Combine(_dir, name);
        var rows = columns[0].Values.Length;
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), stream).GetAwaiter().GetResult();
        try
        {
            for (var start = 0; start < Math.Max(rows, 1); start += groupRows)
            {
                var n = Math.Min(groupRows, rows - start);
                using var group = writer.CreateRowGroup();
                foreach (var (field, values) in columns)
                {
                    Task task = values switch
                    {
                        string?[] s => group.WriteAsync(field, new ArraySegment<string?>(s, start, n), null),
                        DateTime?[] d => group.WriteAsync(field, new ReadOnlyMemory<DateTime?>(d, start, n), null),
                        decimal?[] m => group.WriteAsync(field, new ReadOnlyMemory<decimal?>(m, start, n), null),
                        BigDecimal?[] b => group.WriteAsync(field, new ReadOnlyMemory<BigDecimal?>(b, start, n), null),
                        double?[] x => group.WriteAsync(field, new ReadOnlyMemory<double?>(x, start, n), null),
                        long?[] l => group.WriteAsync(field, new ReadOnlyMemory<long?>(l, start, n), null),
                        int?[] i => group.WriteAsync(field, new ReadOnlyMemory<int?>(i, start, n), null),
                        bool?[] f => group.WriteAsync(field, new ReadOnlyMemory<bool?>(f, start, n), null),
                        DateOnly?[] o => group.WriteAsync(field, new ReadOnlyMemory<DateOnly?>(o, start, n), null),
                        _ => throw new ArgumentException(values.GetType().Name),
                    };
                    task.GetAwaiter().GetResult();
                }
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return path;
    }

    private static DataField<string> Text(string name) => new DataField<string>(name, true);

    private static DateTimeDataField Stamp(string name, DateTimeTimeUnit unit, bool utc = true) => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: utc, unit: unit, isNullable: true);

    private static DateTime? Utc(int y, int mo, int d, int h, int mi, int s = 0) => new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc);

    private static DateTime? Local(int y, int mo, int d, int h, int mi) => new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified);

    /// <summary>Reads a data set; returns each lead as text, and the data-quality counts.</summary>
    private static (List<string> Leads, LeadDataSet Data) Read(LeadDataSetOptions options)
    {
        var data = LeadDataSet.Open(options);
        var leads = new List<string>();
        foreach (var batch in data.ReadBatches())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                var stages = string.Join(";", r.Stages.ToArray().Select(s => $"{s.Stage}@{s.EnteredAt}"));
                leads.Add($"{r.Lead}|{r.CreatedAt}|{data.Encoding.Sources.Decode(r.Source)}|{data.Encoding.Owners.Decode(r.Owner)}|{r.FirstResponseAt}|{r.Outcome}|{r.ClosedAt}|{r.DealValue?.Amount.ToString(CultureInfo.InvariantCulture)}|{stages}");
            }
        }

        return (leads, data);
    }

    private static string Quality(LeadDataSet data) => string.Join(
        "\n",
        data.Quality.Files.Select(f => $"{f.Kind}: read {f.RowsRead}, accepted {f.RowsAccepted}, rejected {string.Join(",", f.Rejected.Select(r => r.Key + "=" + r.Value))}, values {string.Join(",", f.RejectedValues.Select(r => r.Key + "=" + r.Value))}; "
            + string.Join(" / ", f.Examples.SelectMany(e => e.Value).Select(b => $"{b.Line}:{b.Column}:{b.Value}:{b.Reason}"))));

    [Fact]
    public void Typed_columns_read_as_the_csv_text_of_the_same_values()
    {
        // Instants (millisecond and nanosecond, UTC), zone-less local date-times in a zone with DST (one in the spring gap,
        // one in the autumn overlap), INT96, exact decimals of another scale, doubles for money, integer ids.
        var csv = Csv("leads.csv",
            "lead_id,created_at,source,owner,first_response_at,won_at,lost_at,value\n" +
            "101,2024-03-30T09:00:00Z,web,ann,2024-03-31T02:30:00,2024-04-05T10:00:00Z,,1200.5\n" +
            "102,2024-10-26T23:00:00.1234567Z,ads,bob,2024-10-27T02:30:00,,2024-11-01T08:00:00Z,\n" +
            "103,2024-06-01T12:00:00Z,,ann,,2024-06-10T00:00:00Z,,0.1\n" +
            "104,2024-06-02T12:00:00Z,web,,2024-06-02T14:00:00,2024-06-11T00:00:00Z,,99999999.99\n");
        var parquet = Parquet("leads.parquet",
        [
            (new DataField<long?>("lead_id"), new long?[] { 101, 102, 103, 104 }),
            (Stamp("created_at", DateTimeTimeUnit.Nanos), new[] { Utc(2024, 3, 30, 9, 0), new DateTime(2024, 10, 26, 23, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567), Utc(2024, 6, 1, 12, 0), Utc(2024, 6, 2, 12, 0) }),
            (Text("source"), new string?[] { "web", "ads", null, "web" }),
            (Text("owner"), new string?[] { "ann", "bob", "ann", null }),
            (Stamp("first_response_at", DateTimeTimeUnit.Micros, utc: false), new[] { Local(2024, 3, 31, 2, 30), Local(2024, 10, 27, 2, 30), null, Local(2024, 6, 2, 14, 0) }),
            (new DateTimeDataField("won_at", DateTimeFormat.Impala, isNullable: true), new[] { Utc(2024, 4, 5, 10, 0), null, Utc(2024, 6, 10, 0, 0), Utc(2024, 6, 11, 0, 0) }),
            (Stamp("lost_at", DateTimeTimeUnit.Millis), new[] { null, Utc(2024, 11, 1, 8, 0), null, null }),
            (new DataField<double?>("value"), new double?[] { 1200.5, null, 0.1, 99999999.99 }),
        ]);
        var fromCsv = Read(new LeadDataSetOptions { LeadsPath = csv, Zone = Berlin });
        var fromParquet = Read(new LeadDataSetOptions { LeadsPath = parquet, Zone = Berlin });
        Assert.Equal(4, fromCsv.Leads.Count);
        Assert.Equal(fromCsv.Leads, fromParquet.Leads);
        Assert.Equal(Quality(fromCsv.Data), Quality(fromParquet.Data));
        Assert.Equal(["web", "ads"], Enumerable.Range(1, 2).Select(fromParquet.Data.Encoding.Sources.Decode));

        // The local 02:30 of 2024-03-31 lies in Berlin's spring gap: shifted forward, as the CSV text is (03:30 CEST = 01:30Z).
        Assert.Contains("2024-03-31T01:30:00Z", fromParquet.Leads[0], StringComparison.Ordinal);
        Assert.Contains("|1200.5|", fromParquet.Leads[0], StringComparison.Ordinal);
        Assert.Contains("|0.1|", fromParquet.Leads[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Decimals_of_any_physical_type_and_scale_are_exact_or_rejected_never_rounded()
    {
        // DECIMAL(38,30) and DECIMAL(38,2) columns (FIXED_LEN_BYTE_ARRAY): unscaled values × 10^-scale.
        static BigDecimal? D(string unscaled, int scale) => new BigDecimal(BigInteger.Parse(unscaled, CultureInfo.InvariantCulture), 38, scale);
        string File(string name, int scale, params BigDecimal?[] values) => Parquet(name,
        [
            (Text("lead_id"), Enumerable.Range(0, values.Length).Select(i => (string?)("L" + i.ToString(CultureInfo.InvariantCulture))).ToArray()),
            (Stamp("created_at", DateTimeTimeUnit.Micros), Enumerable.Repeat(Utc(2024, 1, 1, 9, 0), values.Length).ToArray()),
            (Stamp("won_at", DateTimeTimeUnit.Micros), Enumerable.Repeat(Utc(2024, 2, 1, 9, 0), values.Length).ToArray()),
            (new BigDecimalDataField("value", 38, scale, isNullable: true), values),
        ]);
        var fine = File("fine.parquet", 30,
            D("123456", 30),                                     // 1.23456e-25: 30 places, more than a decimal holds: rejected
            D("1500000000000000000000000000000", 30),            // 1.5: exact
            D("1000000000000000000000000000001", 30),            // 1 + 1e-30: rejected, not rounded to 1
            D("-2500000000000000000000000000000", 30));          // -2.5: negative
        var (leads, data) = Read(new LeadDataSetOptions { LeadsPath = fine, OnBadRow = BadRowPolicy.Skip });
        var q = data.Quality.Files[0];
        Assert.Equal(4, q.RowsRead);
        Assert.Equal(1, q.RowsAccepted);
        Assert.Equal(q.RowsRead, q.RowsAccepted + q.Rejected.Values.Sum());
        Assert.Equal("1.5000000000000000000000000000", Assert.Single(leads).Split('|')[7]);
        var examples = q.Examples.SelectMany(e => e.Value).ToList();
        var inexact = Assert.Single(examples, b => b.Value.StartsWith("1.000000000000000000000000000001", StringComparison.Ordinal));
        Assert.Equal(Reasons.UnparseableNumber, inexact.Reason);
        Assert.Contains("not held exactly", inexact.Value, StringComparison.Ordinal);
        Assert.Equal(4, inexact.Line);
        Assert.Contains(examples, b => b.Reason == Reasons.UnparseableNumber && b.Line == 2 && b.Value.StartsWith("0.000000000000000000000000123456 (", StringComparison.Ordinal));
        Assert.Contains(examples, b => b.Reason == Reasons.NegativeValue && b.Value == "-2.5000000000000000000000000000");

        var large = File("large.parquet", 2,
            D("1" + new string('0', 21), 2),                     // 1e19: read exactly, out of the amount range
            D("1" + new string('0', 33), 2));                    // 1e31: beyond a decimal
        (leads, data) = Read(new LeadDataSetOptions { LeadsPath = large, OnBadRow = BadRowPolicy.Skip });
        q = data.Quality.Files[0];
        Assert.Empty(leads);
        Assert.Equal(2, q.RowsRead);
        examples = [.. q.Examples.SelectMany(e => e.Value)];
        Assert.Contains(examples, b => b.Reason == Reasons.AmountOutOfRange && b.Value == "10000000000000000000.00");
        Assert.Contains(examples, b => b.Reason == Reasons.UnparseableNumber && b.Value.StartsWith("10000000000000000000000000000000 (", StringComparison.Ordinal));
    }

    [Fact]
    public void Decimals_stored_as_int32_and_int64_keep_their_scale()
    {
        var path = Parquet("leads.parquet",
        [
            (Text("lead_id"), new string?[] { "A", "B" }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0) }),
            (Stamp("won_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 2, 1, 9, 0), Utc(2024, 2, 1, 9, 0) }),
            (new DecimalDataField("value", 9, 2, isNullable: true), new decimal?[] { 12.3m, 0.07m }),
        ]);
        var int64 = Parquet("leads64.parquet",
        [
            (Text("lead_id"), new string?[] { "A", "B" }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0) }),
            (Stamp("won_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 2, 1, 9, 0), Utc(2024, 2, 1, 9, 0) }),
            (new DecimalDataField("value", 18, 4, isNullable: true), new decimal?[] { 12.3m, -0.0001m }),
        ]);
        Assert.Equal(["12.30", "0.07"], Read(new LeadDataSetOptions { LeadsPath = path }).Leads.Select(l => l.Split('|')[7]));
        var (leads, data) = Read(new LeadDataSetOptions { LeadsPath = int64, OnBadRow = BadRowPolicy.Skip });
        Assert.Equal("12.3000", Assert.Single(leads).Split('|')[7]);
        Assert.Equal(1, data.Quality.Files[0].Rejected[Reasons.NegativeValue]);
    }

    [Fact]
    public void Nulls_in_required_columns_and_bad_values_are_counted_with_the_csv_reasons()
    {
        var path = Parquet("leads.parquet",
        [
            (Text("lead_id"), new string?[] { "A", null, "C", "D", "E", "F", "A" }),
            (Stamp("created_at", DateTimeTimeUnit.Millis), new[] { Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0), null, Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 1, 9, 0) }),
            (Stamp("won_at", DateTimeTimeUnit.Millis), new[] { null, null, null, Utc(2023, 1, 1, 9, 0), null, Utc(2024, 3, 1, 0, 0), null }),
            (new DataField<double?>("value"), new double?[] { null, null, null, null, double.NaN, double.PositiveInfinity, null }),
        ]);
        var (leads, data) = Read(new LeadDataSetOptions { LeadsPath = path, OnBadRow = BadRowPolicy.Skip });
        var q = data.Quality.Files[0];
        Assert.Single(leads);
        Assert.Equal(7, q.RowsRead);
        Assert.Equal(1, q.RowsAccepted);
        Assert.Equal(q.RowsRead, q.RowsAccepted + q.Rejected.Values.Sum());
        Assert.Equal(1, q.Rejected[Reasons.MissingLeadId]);
        Assert.Equal(1, q.Rejected[Reasons.MissingCreatedAt]);
        Assert.Equal(1, q.Rejected[Reasons.WonBeforeCreated]);
        Assert.Equal(2, q.Rejected[Reasons.UnparseableNumber]);
        Assert.Equal(1, q.Rejected[Reasons.DuplicateLeadId]);
        Assert.Contains(q.Examples[Reasons.UnparseableNumber], b => b.Value == "NaN" && b.Line == 6);
        Assert.Equal(3, q.Examples[Reasons.MissingLeadId][0].Line);

        // With --on-bad-row fail the first bad row stops the read, naming file, line and column.
        var e = Assert.Throws<BadRowException>(() => Read(new LeadDataSetOptions { LeadsPath = path }));
        Assert.Contains("leads.parquet", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_stage_rows_read_while_the_leads_are_read_give_the_results_of_one_thread()
    {
        // Two threads read the stages file while the leads file is read and read again the rows that fail a check
        // (LeadDataSet.Stages.cs): with a Parquet stages file too, the rejections, lines and results of one thread.
        var leads = Csv("leads.csv", "lead_id,created_at\nL1,2024-01-01T00:00:00Z\nL2,2024-01-02T00:00:00Z\nL3,bad\n");
        var stages = Parquet("stages.parquet",
        [
            (Text("lead_id"), new string?[] { "L1", "L1", "L2", "L9", "L3", "L2", "L2", null, "L1" }),
            (Text("stage"), new string?[] { "New", "Working", "New", "New", "New", "Bogus", "Working", "New", "Qualified" }),
            (Stamp("at", DateTimeTimeUnit.Millis), new[] { Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 2, 0, 0), Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 3, 0, 0), Utc(2024, 1, 3, 0, 0), Utc(2024, 1, 3, 0, 0), Utc(2024, 1, 4, 0, 0), Utc(2024, 1, 4, 0, 0), null }),
        ]);
        string Run(int threads)
        {
            var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, OnBadRow = BadRowPolicy.Skip });
            var rows = new List<string>();
            data.Read(
                batch =>
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        rows.Add($"{batch[i].Lead}:{string.Join(";", batch[i].Stages.ToArray().Select(s => $"{s.Stage}@{s.EnteredAt}"))}");
                    }
                },
                threads);
            return string.Join("\n", rows) + "\n" + Quality(data);
        }

        var one = Run(1);
        Assert.Equal(one, Run(2));
        foreach (var reason in new[] { Reasons.StageBeforeCreated, Reasons.UnknownLead, Reasons.LeadRejected, Reasons.UnknownStage, Reasons.MissingLeadId, Reasons.MissingDate })
        {
            Assert.Contains(reason, one, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Timestamps_outside_years_1_to_9999_are_refused_and_nanoseconds_truncate_as_csv_text_does()
    {
        // A TIMESTAMP value that no DateTime holds (10^15 ms after 1970: year 33658) is written as a text no check
        // accepts (unparseable_date); within range the conversion is exact.
        Assert.False(ParquetSource.TryTicks(1_000_000_000_000_000, TimestampUnit.Millis, out _));
        Assert.False(ParquetSource.TryTicks(long.MinValue, TimestampUnit.Micros, out _));
        Assert.True(ParquetSource.TryTicks(-1, TimestampUnit.Nanos, out var ticks));
        Assert.Equal(-1, ticks);
        Assert.True(ParquetSource.TryTicks(199, TimestampUnit.Nanos, out ticks));
        Assert.Equal(1, ticks);
        Assert.True(ParquetSource.TryTicks(1_704_099_600_000, TimestampUnit.Millis, out ticks));
        Assert.Equal(Instant.FromUtc(2024, 1, 1, 9, 0).ToUnixTimeTicks(), ticks);
        var parser = new TimestampParser(DateTimeZone.Utc);
        Assert.True(parser.TryParseTicks("1970-01-01T00:00:00.0000001Z", out var csv));
        Assert.Equal(1, csv);
    }

    [Fact]
    public void Instants_and_dates_are_written_as_iso_text_across_the_whole_range()
    {
        var random = new Random(14);
        var min = DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks;
        var max = DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks;
        long[] edges = [min, max, 0, -1, 1, TimeSpan.TicksPerDay - 1, -TimeSpan.TicksPerDay, 951_782_400L * TimeSpan.TicksPerSecond];
        foreach (var ticks in edges.Concat(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(min, max))))
        {
            var buffer = new char[40];
            var writer = new ParquetSource.LineWriter(buffer);
            Assert.True(ParquetSource.WriteInstant(ticks, utc: true, ref writer));
            var time = new DateTime(ticks + DateTime.UnixEpoch.Ticks, DateTimeKind.Utc);
            var expected = time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "Z";
            Assert.Equal(expected, new string(buffer, 0, writer.Length));
        }
    }

    [Theory]
    [InlineData("created_at", "BOOLEAN")]
    [InlineData("created_at", "DOUBLE")]
    [InlineData("created_at", "INT64")]
    [InlineData("value", "INT64 TIMESTAMP(MILLIS, adjusted to UTC)")]
    [InlineData("source", "DOUBLE")]
    public void A_canonical_column_of_an_unusable_type_is_a_usage_error_naming_column_and_type(string column, string type)
    {
        DataField Of(string name, string t) => t switch
        {
            "BOOLEAN" => new DataField<bool?>(name),
            "DOUBLE" => new DataField<double?>(name),
            "INT64" => new DataField<long?>(name),
            _ => Stamp(name, DateTimeTimeUnit.Millis),
        };
        Array Values(string t) => t switch
        {
            "BOOLEAN" => new bool?[] { true },
            "DOUBLE" => new double?[] { 1.0 },
            "INT64" => new long?[] { 1 },
            _ => new[] { Utc(2024, 1, 1, 9, 0) },
        };
        var columns = new List<(DataField, Array)> { (Text("lead_id"), new string?[] { "A" }) };
        columns.Add(column == "created_at" ? (Of("created_at", type), Values(type)) : (Stamp("created_at", DateTimeTimeUnit.Millis), new[] { Utc(2024, 1, 1, 9, 0) }));
        if (column != "created_at")
        {
            columns.Add((Of(column, type), Values(type)));
        }

        var path = Parquet("leads.parquet", [.. columns]);
        var e = Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = path }));
        Assert.Contains($"'{column}' is {type}", e.Message, StringComparison.Ordinal);
        Assert.Contains("leads." + column, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_column_is_a_usage_error_and_mapping_works_as_for_csv()
    {
        var path = Parquet("leads.parquet",
        [
            (Text("mql_id"), new string?[] { "A" }),
            (Stamp("created", DateTimeTimeUnit.Millis), new[] { Utc(2024, 1, 1, 9, 0) }),
        ]);
        var e = Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = path }));
        Assert.Contains("no lead_id column", e.Message, StringComparison.Ordinal);
        var (leads, _) = Read(new LeadDataSetOptions { LeadsPath = path, Map = ColumnMap.Parse(["lead_id=mql_id,created_at=created"]) });
        Assert.Single(leads);

        // A file with no rows is read as an empty leads file.
        var empty = Parquet("empty.parquet", [(Text("lead_id"), Array.Empty<string?>()), (Stamp("created_at", DateTimeTimeUnit.Millis), Array.Empty<DateTime?>())]);
        var (none, data) = Read(new LeadDataSetOptions { LeadsPath = empty });
        Assert.Empty(none);
        Assert.Equal(0, data.Quality.Files[0].RowsRead);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("csv")]
    [InlineData("truncated")]
    [InlineData("garbage-footer")]
    [InlineData("flipped-page")]
    public void A_file_that_is_not_readable_parquet_is_a_clear_error(string kind)
    {
        var good = Parquet("good.parquet",
        [
            (Text("lead_id"), Enumerable.Range(0, 500).Select(i => (string?)("L" + i)).ToArray()),
            (Stamp("created_at", DateTimeTimeUnit.Millis), Enumerable.Range(0, 500).Select(i => Utc(2024, 1, 1, 9, 0)).ToArray()),
        ]);
        var bytes = File.ReadAllBytes(good);
        var path = Path.Combine(_dir, "leads.parquet");
        switch (kind)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "csv":
                File.WriteAllText(path, "lead_id,created_at\nL1,2024-01-01\n");
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "garbage-footer":
                var footer = (byte[])bytes.Clone();
                for (var i = footer.Length - 60; i < footer.Length - 8; i++)
                {
                    footer[i] ^= 0x5A;
                }

                File.WriteAllBytes(path, footer);
                break;
            default:
                var page = (byte[])bytes.Clone();
                for (var i = 4; i < 200; i++)
                {
                    page[i] ^= 0xFF;
                }

                File.WriteAllBytes(path, page);
                break;
        }

        var e = Record.Exception(() => Read(new LeadDataSetOptions { LeadsPath = path, OnBadRow = BadRowPolicy.Skip }));
        var error = Assert.IsType<DataSetException>(e);
        Assert.Contains("'" + path + "' is not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_row_groups_and_long_text_values_stream_through_in_order()
    {
        const int n = 25_000;
        var longText = new string('x', 200_000) + ",\"quoted\"\u001F\nand the next line, with a comma";
        var ids = Enumerable.Range(0, n).Select(i => (string?)("L" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        var owners = Enumerable.Range(0, n).Select(i => (string?)(i == 7 ? longText : "rep" + (i % 3).ToString(CultureInfo.InvariantCulture))).ToArray();
        var created = Enumerable.Range(0, n).Select(i => (DateTime?)new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i)).ToArray();
        var path = Parquet("leads.parquet", [(Text("lead_id"), ids), (Text("owner"), owners), (Stamp("created_at", DateTimeTimeUnit.Micros), created)], groupRows: 4_000);
        var (leads, data) = Read(new LeadDataSetOptions { LeadsPath = path, BlockSize = 3000 });
        Assert.Equal(n, leads.Count);
        Assert.Equal(n, data.Quality.Files[0].RowsAccepted);
        Assert.Equal(longText, leads[7].Split('|')[3]);
        Assert.StartsWith("8|2024-01-01T00:07:00Z|", leads[7], StringComparison.Ordinal);
        Assert.StartsWith("25000|2024-01-18T08:39:00Z|", leads[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Costs_dates_and_revenue_read_from_parquet_as_from_csv()
    {
        var leadsCsv = Csv("leads.csv", "lead_id,created_at,source,won_at,value\nA,2024-01-05T10:00:00Z,web,2024-02-01T00:00:00Z,100\n");
        var costsCsv = Csv("costs.csv", "date,from,to,source,amount\n2024-01-05,,,web,10.50\n,2024-01-01,2024-01-31,web,300\n");
        var revenueCsv = Csv("revenue.csv", "lead_id,at,amount\nA,2024-02-01T00:00:00Z,100.00\nA,2024-03-01T00:00:00Z,25.25\n");
        var costs = Parquet("costs.parquet",
        [
            (new DataField<DateOnly?>("date"), new DateOnly?[] { new DateOnly(2024, 1, 5), null }),
            (new DataField<DateOnly?>("from"), new DateOnly?[] { null, new DateOnly(2024, 1, 1) }),
            (new DataField<DateOnly?>("to"), new DateOnly?[] { null, new DateOnly(2024, 1, 31) }),
            (Text("source"), new string?[] { "web", "web" }),
            (new DataField<double?>("amount"), new double?[] { 10.5, 300 }),
        ]);
        var revenue = Parquet("revenue.parquet",
        [
            (Text("lead_id"), new string?[] { "A", "A" }),
            (Stamp("at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 2, 1, 0, 0), Utc(2024, 3, 1, 0, 0) }),
            (new DecimalDataField("amount", 18, 2, isNullable: true), new decimal?[] { 100m, 25.25m }),
        ]);
        var a = Read(new LeadDataSetOptions { LeadsPath = leadsCsv, CostsPath = costsCsv, RevenuePath = revenueCsv, Zone = Berlin }).Data;
        var b = Read(new LeadDataSetOptions { LeadsPath = leadsCsv, CostsPath = costs, RevenuePath = revenue, Zone = Berlin }).Data;
        Assert.Equal(a.Costs.Select(c => (c.From, c.To, c.Source, c.Campaign, c.Amount)), b.Costs.Select(c => (c.From, c.To, c.Source, c.Campaign, c.Amount)));
        Assert.Equal(a.Revenue.Select(r => (r.Lead, r.At, r.Amount)), b.Revenue.Select(r => (r.Lead, r.At, r.Amount)));
        Assert.Equal(2, b.Costs.Count);
        Assert.Equal(2, b.Revenue.Count);
        Assert.Equal(a.Costs.Sum(c => c.Amount.Amount), b.Costs.Sum(c => c.Amount.Amount));
    }
    [Fact]
    public void Typed_stage_and_touchpoint_rows_give_the_csv_results_rejections_and_lines()
    {
        // Read typed (ParquetRows.cs): integer ids, UTC timestamps of each unit, a local date-time and a string
        // timestamp (read from their text), nulls, the epoch, unknown leads, stages and kinds: the same leads, visits,
        // counts, reasons, columns, values and lines as the same data as CSV.
        var leadsCsv = Csv("leads.csv",
            "lead_id,created_at,source,won_at,value\n" +
            "1,2024-01-01T08:00:00Z,web,2024-02-01T00:00:00Z,100.50\n" +
            "2,2024-01-02T08:00:00Z,ads,,\n" +
            "3,1970-01-01T00:00:00Z,web,,\n" +
            "4,2024-01-04T08:00:00,,2024-01-10T00:00:00Z,-1.00\n" +
            "2,2024-01-05T08:00:00Z,web,,\n");
        // Row 4 of the CSV has a local created_at (read in the zone): the Parquet row has the instant it reads as.
        var leads = Parquet("leads.parquet",
        [
            (new DataField<long?>("lead_id"), new long?[] { 1, 2, 3, 4, 2 }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 8, 0), Utc(2024, 1, 2, 8, 0), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), Utc(2024, 1, 4, 7, 0), Utc(2024, 1, 5, 8, 0) }),
            (Text("source"), new string?[] { "web", " ads ", "web", null, "web" }),
            (Stamp("won_at", DateTimeTimeUnit.Nanos), new[] { Utc(2024, 2, 1, 0, 0), null, null, Utc(2024, 1, 10, 0, 0), null }),
            (new DecimalDataField("value", 18, 2, isNullable: true), new decimal?[] { 100.5m, null, null, -1m, null }),
        ]);
        var stagesCsv = Csv("stages.csv",
            "lead_id,stage,at\n" +
            "1,New,2024-01-01T08:00:00Z\n" +
            "1,Working,2024-01-02 10:00\n" +
            "2,New,2024-01-02T08:00:00.123Z\n" +
            "9,New,2024-01-03T00:00:00Z\n" +
            "3,New,2024-01-03T00:00:00Z\n" +
            "2,Bogus,2024-01-03T00:00:00Z\n" +
            "1,Qualified,\n" +
            ",New,2024-01-03T00:00:00Z\n" +
            "2,Working,2023-12-01T00:00:00Z\n" +
            "1,Won,2024-02-01T00:00:00Z\n");
        var stages = Parquet("stages.parquet",
        [
            (new DataField<int?>("lead_id"), new int?[] { 1, 1, 2, 9, 3, 2, 1, null, 2, 1 }),
            (Text("stage"), new string?[] { "New", "Working", "New", "New", "New", "Bogus", "Qualified", "New", "Working", "Won" }),
            (Stamp("at", DateTimeTimeUnit.Millis), new[] { Utc(2024, 1, 1, 8, 0), null, new DateTime(2024, 1, 2, 8, 0, 0, 123, DateTimeKind.Utc), Utc(2024, 1, 3, 0, 0), Utc(2024, 1, 3, 0, 0), Utc(2024, 1, 3, 0, 0), null, Utc(2024, 1, 3, 0, 0), Utc(2023, 12, 1, 0, 0), Utc(2024, 2, 1, 0, 0) }),
            (Text("at_text"), new string?[] { null, "2024-01-02 10:00", null, null, null, null, null, null, null, null }),
        ]);
        var touchCsv = Csv("touchpoints.csv",
            "lead_id,at,channel,kind,direction\n" +
            "1,2024-01-01T09:00:00Z,email,email,outbound\n" +
            "2,2024-01-02T09:30:00Z,phone,call,outbound\n" +
            "2,2024-01-02T09:00:00Z,web,visit,inbound\n" +
            "1,2024-01-01T10:00:00Z,,email,outbound\n" +
            "1,2024-01-01T10:00:00Z,email,fax,outbound\n" +
            "1,2024-01-01T10:00:00Z,email,email,sideways\n" +
            "7,2024-01-01T10:00:00Z,email,email,outbound\n" +
            "1,2023-01-01T10:00:00Z,email,email,outbound\n");
        var touch = Parquet("touchpoints.parquet",
        [
            (Text("lead_id"), new string?[] { "1", "2", "2", "1", "1", "1", "7", "1" }),
            (Stamp("at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 9, 0), Utc(2024, 1, 2, 9, 30), Utc(2024, 1, 2, 9, 0), Utc(2024, 1, 1, 10, 0), Utc(2024, 1, 1, 10, 0), Utc(2024, 1, 1, 10, 0), Utc(2024, 1, 1, 10, 0), Utc(2023, 1, 1, 10, 0) }),
            (Text("channel"), new string?[] { "email", "phone", "web", "  ", "email", "email", "email", "email" }),
            (Text("kind"), new string?[] { "email", "call", "visit", "email", "fax", "email", "email", "email" }),
            (Text("direction"), new string?[] { "outbound", "outbound", "inbound", "outbound", "outbound", "sideways", "outbound", "outbound" }),
        ]);
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var map = ColumnMap.Parse(["stages.at=at|at_text"]);
        var csvMap = ColumnMap.Parse([]);
        foreach (var threads in new[] { 1, 2 })
        {
            string Run(string l, string st, string t, ColumnMap m)
            {
                var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = l, StagesPath = st, TouchpointsPath = t, Zone = zone, Map = m, OnBadRow = BadRowPolicy.Skip });
                var rows = new List<string>();
                data.Read(
                    batch =>
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            var r = batch[i];
                            rows.Add($"{r.Lead}|{r.CreatedAt}|{data.Encoding.Sources.Decode(r.Source)}|{r.FirstResponseAt}|{r.Outcome}|{r.DealValue?.Amount.ToString(CultureInfo.InvariantCulture)}|{string.Join(";", r.Stages.ToArray().Select(s => $"{s.Stage}@{s.EnteredAt}"))}");
                        }
                    },
                    threads);
                return string.Join("\n", rows) + "\n" + Quality(data).Replace(".parquet", ".x", StringComparison.Ordinal).Replace(".csv", ".x", StringComparison.Ordinal).Replace("at|at_text", "at", StringComparison.Ordinal);
            }

            var fromCsv = Run(leadsCsv, stagesCsv, touchCsv, csvMap);
            var fromParquet = Run(leads, stages, touch, map);
            Assert.Equal(fromCsv, fromParquet);
            foreach (var reason in new[] { Reasons.DuplicateLeadId, Reasons.NegativeValue, Reasons.UnknownLead, Reasons.LeadRejected, Reasons.UnknownStage, Reasons.MissingDate, Reasons.MissingLeadId, Reasons.StageBeforeCreated, Reasons.MissingChannel, Reasons.UnknownKind, Reasons.UnknownDirection, Reasons.TouchpointBeforeCreated })
            {
                Assert.Contains(reason, fromParquet, StringComparison.Ordinal);
            }

            Assert.Contains("|2024-01-01T09:00:00Z|", fromParquet, StringComparison.Ordinal); // lead 1's response from its outbound email
        }
    }

    [Fact]
    public void Duplicate_lead_ids_under_first_last_and_fail_give_the_same_leads_and_report_from_csv_and_parquet()
    {
        // One leads row step for both readers (LeadDataSet.LeadsRow.cs): the same rows as CSV and as typed Parquet give
        // the same leads, counts, examples (line, column, value, reason, message) and, under fail, the same stop. The
        // rows repeat accepted ids, an id rejected before the duplicate check (no created_at) and ids rejected after it
        // (won before created, a negative value), with a dropped response and new labels on the replacing rows.
        var csv = Csv("leads.csv",
            "lead_id,created_at,source,owner,first_response_at,won_at,lost_at,value\n" +
            "1,2024-01-01T08:00:00Z,web,ann,,,,\n" +
            "2,,ads,ann,,,,\n" +
            "3,2024-01-03T08:00:00Z,web,bob,,2024-01-02T00:00:00Z,,\n" +
            "1,2024-01-04T08:00:00Z,ads,bob,2024-01-03T00:00:00Z,,,\n" +
            "2,2024-01-05T08:00:00Z,web,bob,,,,\n" +
            "3,,web,ann,,,,\n" +
            "4,2024-01-06T08:00:00Z,ads,ann,,,,-5.00\n" +
            "1,2024-01-07T08:00:00Z,mail,cy,,,2024-01-08T00:00:00Z,10.00\n" +
            ",2024-01-01T08:00:00Z,web,ann,,,,\n" +
            "5,2024-01-09T08:00:00Z,,,,,,\n" +
            "4,2024-01-10T08:00:00Z,web,ann,,,,\n" +
            "5,2024-01-11T08:00:00Z,web,ann,,bad,,\n");
        var parquet = Parquet("leads.parquet",
        [
            (new DataField<long?>("lead_id"), new long?[] { 1, 2, 3, 1, 2, 3, 4, 1, null, 5, 4, 5 }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 8, 0), null, Utc(2024, 1, 3, 8, 0), Utc(2024, 1, 4, 8, 0), Utc(2024, 1, 5, 8, 0), null, Utc(2024, 1, 6, 8, 0), Utc(2024, 1, 7, 8, 0), Utc(2024, 1, 1, 8, 0), Utc(2024, 1, 9, 8, 0), Utc(2024, 1, 10, 8, 0), Utc(2024, 1, 11, 8, 0) }),
            (Text("source"), new string?[] { "web", "ads", "web", "ads", "web", "web", "ads", "mail", "web", null, "web", "web" }),
            (Text("owner"), new string?[] { "ann", "ann", "bob", "bob", "bob", "ann", "ann", "cy", "ann", null, "ann", "ann" }),
            (Stamp("first_response_at", DateTimeTimeUnit.Millis), new[] { null, null, null, Utc(2024, 1, 3, 0, 0), null, null, null, null, null, null, null, null }),
            (Text("won_at"), new string?[] { null, null, "2024-01-02T00:00:00Z", null, null, null, null, null, null, null, null, "bad" }),
            (Stamp("lost_at", DateTimeTimeUnit.Nanos), new[] { null, null, null, null, null, null, null, Utc(2024, 1, 8, 0, 0), null, null, null, null }),
            (new DecimalDataField("value", 18, 2, isNullable: true), new decimal?[] { null, null, null, null, null, null, -5m, 10m, null, null, null, null }),
        ]);

        static string Report(string path, DuplicateLeadPolicy policy)
        {
            var (leads, data) = Read(new LeadDataSetOptions { LeadsPath = path, OnBadRow = BadRowPolicy.Skip, OnDuplicate = policy });
            var f = data.Quality.Files[0];
            return string.Join("\n", leads) + "\n"
                + $"read {f.RowsRead}, accepted {f.RowsAccepted}, rejected {string.Join(",", f.Rejected.Select(r => r.Key + "=" + r.Value))}, values {string.Join(",", f.RejectedValues.Select(r => r.Key + "=" + r.Value))}\n"
                + string.Join("\n", f.Examples.SelectMany(e => e.Value).Select(b => $"{Path.GetFileNameWithoutExtension(b.File)}:{b.Line}:{b.Column}:{b.Value}:{b.Reason}:{b.Message}"));
        }

        var first = Report(csv, DuplicateLeadPolicy.First);
        var last = Report(csv, DuplicateLeadPolicy.Last);
        Assert.Equal(first, Report(parquet, DuplicateLeadPolicy.First));
        Assert.Equal(last, Report(parquet, DuplicateLeadPolicy.Last));

        // first: the first row of an id stays; every later row of an accepted or rejected id is a duplicate, checked
        // before the row's own late rejection (line 13's bad won_at) but after an early one (line 7's missing created_at).
        Assert.Contains("read 12, accepted 2, rejected duplicate_lead_id=5,", first, StringComparison.Ordinal);
        Assert.Contains($"leads:6:lead_id:2:{Reasons.DuplicateLeadId}:this lead_id appeared on an earlier line.", first, StringComparison.Ordinal);
        Assert.Contains($"leads:7:created_at::{Reasons.MissingCreatedAt}:", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Reasons.DuplicateLeadReplaced, first, StringComparison.Ordinal);
        Assert.DoesNotContain(Reasons.ResponseBeforeCreated, first, StringComparison.Ordinal);

        // last: each later row takes the earlier accepted row's place (counted as replaced, its own dropped response
        // counted), an id whose rows were all rejected is added by its next good row, and a late rejection still applies.
        Assert.Contains("read 12, accepted 4, rejected ", last, StringComparison.Ordinal);
        Assert.Contains($"{Reasons.DuplicateLeadReplaced}=2", last, StringComparison.Ordinal);
        Assert.Contains($"values {Reasons.ResponseBeforeCreated}=1", last, StringComparison.Ordinal);
        Assert.Contains($"leads:2:lead_id:1:{Reasons.DuplicateLeadReplaced}:replaced by line 5, a later row of this lead_id (--on-duplicate last).", last, StringComparison.Ordinal);
        Assert.Contains($"leads:5:lead_id:1:{Reasons.DuplicateLeadReplaced}:replaced by line 9, a later row of this lead_id (--on-duplicate last).", last, StringComparison.Ordinal);
        Assert.Contains($"leads:13:won_at:bad:{Reasons.UnparseableDate}:", last, StringComparison.Ordinal);
        Assert.DoesNotContain(Reasons.DuplicateLeadId + "=", last, StringComparison.Ordinal);
        Assert.Contains("|mail|cy|", last, StringComparison.Ordinal);
        Assert.DoesNotContain("|ads|bob|", last, StringComparison.Ordinal);

        // fail: the first repeated id stops the read, naming the line, the column, the id and the earlier line.
        string Fail(string path) => Assert.Throws<BadRowException>(() => Read(new LeadDataSetOptions { LeadsPath = path, OnBadRow = BadRowPolicy.Skip, OnDuplicate = DuplicateLeadPolicy.Fail })).Message;
        var stop = Fail(csv);
        Assert.Equal(stop.Replace(".csv", ".x", StringComparison.Ordinal), Fail(parquet).Replace(".parquet", ".x", StringComparison.Ordinal));
        Assert.Contains("line 5", stop, StringComparison.Ordinal);
        Assert.Contains("this lead_id appeared on line 2; --on-duplicate fail", stop, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_values_are_read_exactly_without_text()
    {
        // The typed readings themselves: UTC timestamps of each unit as ticks; a local date-time, a date and a string
        // are not typed instants (read from their text); INT32/INT64 decimals and integers as exact decimals at the scale.
        var path = Parquet("typed.parquet",
        [
            (Stamp("ms", DateTimeTimeUnit.Millis), new[] { Utc(2024, 5, 6, 7, 8, 9), null }),
            (Stamp("us", DateTimeTimeUnit.Micros), new DateTime?[] { new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_560), null }),
            (Stamp("ns", DateTimeTimeUnit.Nanos), new DateTime?[] { new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_567), null }),
            (Stamp("local", DateTimeTimeUnit.Micros, utc: false), new[] { Local(2024, 5, 6, 7, 8), null }),
            (new DecimalDataField("d9", 9, 2, isNullable: true), new decimal?[] { 12.3m, null }),
            (new DecimalDataField("d18", 18, 4, isNullable: true), new decimal?[] { -0.0001m, null }),
            (new DataField<long?>("n"), new long?[] { long.MaxValue, null }),
            (Text("s"), new string?[] { "  text ", null }),
        ]);
        using var source = ParquetSource.Open(path, path);
        Assert.Equal(2, source.ReadGroup());
        var c = source.Columns;
        var at = Instant.FromUtc(2024, 5, 6, 7, 8, 9).ToUnixTimeTicks();
        Assert.True(c[0].TryInstant(0, out var t));
        Assert.Equal(at, t);
        Assert.True(c[1].TryInstant(0, out t));
        Assert.Equal(at + 1_234_560, t);
        Assert.True(c[2].TryInstant(0, out t));
        Assert.Equal(at + 1_234_567, t);
        Assert.False(c[3].TryInstant(0, out _));
        Assert.Equal("2024-05-06T07:08:00", c[3].Text(0).ToString());
        Assert.True(c[4].TryAmount(0, out var amount));
        Assert.Equal("12.30", amount.ToString(CultureInfo.InvariantCulture));
        Assert.True(c[5].TryAmount(0, out amount));
        Assert.Equal("-0.0001", amount.ToString(CultureInfo.InvariantCulture));
        Assert.True(c[6].TryAmount(0, out amount));
        Assert.Equal(long.MaxValue, amount);
        Assert.Equal("text", c[7].Text(0).ToString());
        Assert.Equal("  text ", c[7].RawString(0).ToString());
        for (var i = 0; i < c.Count; i++)
        {
            // Row 1 is all nulls: no typed value, empty text.
            Assert.False(c[i].TryInstant(1, out _));
            Assert.False(c[i].TryAmount(1, out _));
            Assert.True(c[i].Text(1).IsEmpty);
        }

        Assert.Equal(0, source.ReadGroup());
    }
    [Fact]
    public void Typed_text_with_nul_or_replacement_characters_is_a_malformed_row_as_in_csv()
    {
        // Checked on the UTF-8 bytes (NUL, invalid UTF-8, an encoded U+FFFD), in any column, bound or not.
        var csv = Csv("leads.csv", "lead_id,created_at,owner,note\nA,2024-01-01T00:00:00Z,ann,ok\nB,2024-01-01T00:00:00Z,b\0b,ok\nC,2024-01-01T00:00:00Z,ann,x\uFFFDy\nD,2024-01-01T00:00:00Z,ann,\n");
        var parquet = Parquet("leads.parquet",
        [
            (Text("lead_id"), new string?[] { "A", "B", "C", "D" }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 1, 0, 0) }),
            (Text("owner"), new string?[] { "ann", "b\0b", "ann", "ann" }),
            (Text("note"), new string?[] { "ok", "ok", "x\uFFFDy", null }),
        ]);
        var fromCsv = Read(new LeadDataSetOptions { LeadsPath = csv, OnBadRow = BadRowPolicy.Skip });
        var fromParquet = Read(new LeadDataSetOptions { LeadsPath = parquet, OnBadRow = BadRowPolicy.Skip });
        Assert.Equal(fromCsv.Leads, fromParquet.Leads);
        Assert.Equal(Quality(fromCsv.Data).Replace(".csv", ".x", StringComparison.Ordinal), Quality(fromParquet.Data).Replace(".parquet", ".x", StringComparison.Ordinal));
        Assert.Equal(2, fromParquet.Data.Quality.Files[0].Rejected[Reasons.MalformedRow]);
    }

    [Fact]
    public void Typed_costs_and_revenue_give_the_csv_rejections_values_and_lines()
    {
        // Costs and revenue read typed (LeadDataSet.Cells.cs): each bad row counted with the reason, column, value and
        // line that the same data as CSV gives; the accepted rows the same.
        var leadsCsv = Csv("leads.csv", "lead_id,created_at,source,won_at,value\nA,2024-01-05T10:00:00Z,web,2024-02-01T00:00:00Z,100\nB,bad,web,,\nC,2024-01-06T10:00:00Z,ads,,\n");
        var costsCsv = Csv("costs.csv",
            "date,source,amount,category\n" +
            "2024-01-05,web,10.50,media\n" +
            "2024-01-06,,5.00,media\n" +
            "2024-01-07,web,,media\n" +
            "2024-01-08,web,-1.00,media\n" +
            "2024-01-09,web,2.00,bogus\n" +
            ",web,3.00,media\n" +
            "2024-01-10,ads,9999999999999999999.00,tools\n" +
            "2024-01-11,ads,7.25,\n");
        var costs = Parquet("costs.parquet",
        [
            (new DataField<DateOnly?>("date"), new DateOnly?[] { new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 6), new DateOnly(2024, 1, 7), new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 9), null, new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 11) }),
            (Text("source"), new string?[] { "web", null, "web", "web", "web", "web", "ads", "ads" }),
            (new DecimalDataField("amount", 22, 2, isNullable: true), new decimal?[] { 10.5m, 5m, null, -1m, 2m, 3m, 9999999999999999999m, 7.25m }),
            (Text("category"), new string?[] { "media", "media", "media", "media", "bogus", "media", "tools", null }),
        ]);
        var revenueCsv = Csv("revenue.csv",
            "lead_id,at,amount\n" +
            "A,2024-02-01T00:00:00Z,100.00\n" +
            ",2024-02-01T00:00:00Z,1.00\n" +
            "Z,2024-02-01T00:00:00Z,1.00\n" +
            "B,2024-02-01T00:00:00Z,1.00\n" +
            "A,,1.00\n" +
            "A,1970-01-01T00:00:00Z,1.00\n" +
            "A,2024-03-01T00:00:00Z,\n" +
            "C,2024-03-01T00:00:00Z,-25.25\n");
        var revenue = Parquet("revenue.parquet",
        [
            (Text("lead_id"), new string?[] { "A", null, "Z", "B", "A", "A", "A", "C" }),
            (Stamp("at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 2, 1, 0, 0), Utc(2024, 2, 1, 0, 0), Utc(2024, 2, 1, 0, 0), Utc(2024, 2, 1, 0, 0), null, new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), Utc(2024, 3, 1, 0, 0), Utc(2024, 3, 1, 0, 0) }),
            (new DecimalDataField("amount", 18, 2, isNullable: true), new decimal?[] { 100m, 1m, 1m, 1m, 1m, 1m, null, -25.25m }),
        ]);
        var a = Read(new LeadDataSetOptions { LeadsPath = leadsCsv, CostsPath = costsCsv, RevenuePath = revenueCsv, Zone = Berlin, OnBadRow = BadRowPolicy.Skip }).Data;
        var b = Read(new LeadDataSetOptions { LeadsPath = leadsCsv, CostsPath = costs, RevenuePath = revenue, Zone = Berlin, OnBadRow = BadRowPolicy.Skip }).Data;
        Assert.Equal(a.Costs.Select(c => (c.From, c.To, c.Source, c.Campaign, c.Amount, c.Category)), b.Costs.Select(c => (c.From, c.To, c.Source, c.Campaign, c.Amount, c.Category)));
        Assert.Equal(a.Revenue.Select(r => (r.Lead, r.At, r.Amount)), b.Revenue.Select(r => (r.Lead, r.At, r.Amount)));
        Assert.Equal(Quality(a).Replace(".csv", ".x", StringComparison.Ordinal), Quality(b).Replace(".parquet", ".x", StringComparison.Ordinal));
        Assert.Equal(2, b.Costs.Count);
        Assert.Equal(2, b.Revenue.Count);
        var quality = Quality(b);
        foreach (var reason in new[] { Reasons.MissingSource, Reasons.MissingAmount, Reasons.NegativeCost, Reasons.UnknownCategory, Reasons.MissingDate, Reasons.AmountOutOfRange, Reasons.MissingLeadId, Reasons.UnknownLead, Reasons.LeadRejected, Reasons.UnparseableDate })
        {
            Assert.Contains(reason, quality, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_check_for_malformed_text_finds_a_bad_value_in_any_row_group_and_passes_other_utf8()
    {
        // The check runs once per row group (ParquetColumn.CheckGroup): a repeated clean value, non-ASCII text that is
        // valid UTF-8, and a bad value only in a later group (and after a run of the same value), one and two threads.
        var ids = Enumerable.Range(0, 40).Select(i => "L" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var owners = Enumerable.Range(0, 40).Select(i => i == 33 ? "ann\0" : i % 3 == 0 ? "José" : "ann").ToArray();
        var csv = Csv("leads.csv", "lead_id,created_at,owner\n" + string.Concat(ids.Select((id, i) => $"{id},2024-01-01T00:00:00Z,{owners[i]}\n")));
        var stagesCsv = Csv("stages.csv", "lead_id,stage,at\n" + string.Concat(ids.Select((id, i) => $"{id},{(i == 7 ? "New\uFFFD" : "New")},2024-01-02T00:00:00Z\n")));
        var parquet = Parquet("leads.parquet",
        [
            (Text("lead_id"), ids.Cast<string?>().ToArray()),
            (Stamp("created_at", DateTimeTimeUnit.Micros), ids.Select(_ => Utc(2024, 1, 1, 0, 0)).ToArray()),
            (Text("owner"), owners.Cast<string?>().ToArray()),
        ],
        groupRows: 16);
        var stages = Parquet("stages.parquet",
        [
            (Text("lead_id"), ids.Cast<string?>().ToArray()),
            (Text("stage"), ids.Select((_, i) => (string?)(i == 7 ? "New\uFFFD" : "New")).ToArray()),
            (Stamp("at", DateTimeTimeUnit.Micros), ids.Select(_ => Utc(2024, 1, 2, 0, 0)).ToArray()),
        ],
        groupRows: 16);
        foreach (var threads in new[] { 1, 2 })
        {
            string Run(string l, string st)
            {
                var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = l, StagesPath = st, OnBadRow = BadRowPolicy.Skip });
                var rows = new List<string>();
                data.Read(
                    batch =>
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            rows.Add($"{batch[i].Lead}|{data.Encoding.Owners.Decode(batch[i].Owner)}|{batch[i].Stages.Length}");
                        }
                    },
                    threads);
                return string.Join("\n", rows) + "\n" + Quality(data).Replace(".parquet", ".x", StringComparison.Ordinal).Replace(".csv", ".x", StringComparison.Ordinal);
            }

            var fromCsv = Run(csv, stagesCsv);
            var fromParquet = Run(parquet, stages);
            Assert.Equal(fromCsv, fromParquet);
            Assert.Contains("|José|", fromParquet, StringComparison.Ordinal);
            Assert.Contains("Leads: read 40, accepted 39, rejected malformed_row=1", fromParquet, StringComparison.Ordinal);
            Assert.Contains("Stages: read 40, accepted 38, rejected ", fromParquet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_parquet_file_opened_for_its_header_is_read_typed_from_the_same_open_file()
    {
        // Opening decodes no row group (the text form is made on the first read); a typed reading takes the file
        // opened, unless it was read as text.
        var path = Parquet("leads.parquet",
        [
            (Text("lead_id"), new string?[] { "A", "B" }),
            (Stamp("created_at", DateTimeTimeUnit.Micros), new[] { Utc(2024, 1, 1, 0, 0), Utc(2024, 1, 2, 0, 0) }),
        ]);
        using (var file = CsvSource.Open(path))
        {
            Assert.Equal(["lead_id", "created_at"], file.Header);
            var parquet = file.TakeParquet();
            Assert.NotNull(parquet);
            Assert.Equal(2, parquet.ReadGroup());
        }

        using (var file = CsvSource.Open(path))
        {
            Assert.True(file.Read());
            Assert.Equal("A", file.Field(0).ToString());
            Assert.Null(file.TakeParquet());
        }
    }

    [Fact]
    public void Repeated_values_across_row_groups_are_looked_up_as_each_row_reads_them()
    {
        // Labels, stages and touchpoint channel, kind and direction are looked up once per distinct value of a row group
        // (ParquetCells' cache): repeated good and bad values, over several row groups, give the CSV results, one and two threads.
        var n = 60;
        var ids = Enumerable.Range(0, n).Select(i => "L" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var sources = Enumerable.Range(0, n).Select(i => new[] { "web", "ads", " web", "(none)", "Ads" }[i % 5]).ToArray();
        var stageNames = Enumerable.Range(0, n).Select(i => new[] { "New", "Bogus", "", "Working", "new" }[i % 5]).ToArray();
        var channels = Enumerable.Range(0, n).Select(i => new[] { "email", " ", "phone", "" }[i % 4]).ToArray();
        var kinds = Enumerable.Range(0, n).Select(i => new[] { "email", "fax", "", "call", "Email" }[i % 5]).ToArray();
        var directions = Enumerable.Range(0, n).Select(i => new[] { "outbound", "in", "sideways", "", "Outbound", "inbound" }[i % 6]).ToArray();
        var leadsCsv = Csv("leads.csv", "lead_id,created_at,source\n" + string.Concat(ids.Select((id, i) => $"{id},2024-01-01T00:00:00Z,{sources[i]}\n")));
        var stagesCsv = Csv("stages.csv", "lead_id,stage,at\n" + string.Concat(ids.Select((id, i) => $"{id},{stageNames[i]},2024-01-02T00:00:00Z\n")));
        var touchCsv = Csv("touchpoints.csv", "lead_id,at,channel,kind,direction\n" + string.Concat(ids.Select((id, i) => $"{id},2024-01-01T01:00:00Z,{channels[i]},{kinds[i]},{directions[i]}\n")));
        string?[] Of(string[] values) => values.Select(v => (string?)v).ToArray();
        var leads = Parquet("leads.parquet",
        [
            (Text("lead_id"), Of(ids)),
            (Stamp("created_at", DateTimeTimeUnit.Micros), ids.Select(_ => Utc(2024, 1, 1, 0, 0)).ToArray()),
            (Text("source"), Of(sources)),
        ],
        groupRows: 16);
        var stages = Parquet("stages.parquet",
        [
            (Text("lead_id"), Of(ids)),
            (Text("stage"), Of(stageNames)),
            (Stamp("at", DateTimeTimeUnit.Micros), ids.Select(_ => Utc(2024, 1, 2, 0, 0)).ToArray()),
        ],
        groupRows: 16);
        var touch = Parquet("touchpoints.parquet",
        [
            (Text("lead_id"), Of(ids)),
            (Stamp("at", DateTimeTimeUnit.Micros), ids.Select(_ => Utc(2024, 1, 1, 1, 0)).ToArray()),
            (Text("channel"), Of(channels)),
            (Text("kind"), Of(kinds)),
            (Text("direction"), Of(directions)),
        ],
        groupRows: 16);
        foreach (var threads in new[] { 1, 2 })
        {
            string Run(string l, string st, string t)
            {
                var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = l, StagesPath = st, TouchpointsPath = t, OnBadRow = BadRowPolicy.Skip });
                var rows = new List<string>();
                data.Read(
                    batch =>
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            var r = batch[i];
                            rows.Add($"{r.Lead}|{data.Encoding.Sources.Decode(r.Source)}|{r.FirstResponseAt}|{string.Join(";", r.Stages.ToArray().Select(x => $"{x.Stage}@{x.EnteredAt}"))}");
                        }
                    },
                    threads);
                return string.Join("\n", rows) + "\n" + Quality(data).Replace(".parquet", ".x", StringComparison.Ordinal).Replace(".csv", ".x", StringComparison.Ordinal);
            }

            var fromCsv = Run(leadsCsv, stagesCsv, touchCsv);
            var fromParquet = Run(leads, stages, touch);
            Assert.Equal(fromCsv, fromParquet);
            foreach (var reason in new[] { Reasons.UnknownStage, Reasons.MissingStage, Reasons.MissingChannel, Reasons.UnknownKind, Reasons.UnknownDirection })
            {
                Assert.Contains(reason, fromParquet, StringComparison.Ordinal);
            }
        }
    }
}
