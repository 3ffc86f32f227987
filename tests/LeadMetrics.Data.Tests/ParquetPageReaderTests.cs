using System.Text;
using LeadMetrics.Data;
using Parquet;
using Parquet.Schema;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// Issue 14, Parquet speed: the page reader of our own (ParquetColumnPages.cs) reads a column chunk as Parquet.Net
/// reads it: for every row the same null or value index, text, string bytes, instant, amount and malformed-text verdict,
/// over PLAIN and dictionary pages, Snappy and uncompressed chunks, required and optional columns, several row groups;
/// a codec it does not read (gzip) and a type it does not read (boolean, DATE is read: INT32) go to Parquet.Net.
/// </summary>
public sealed class ParquetPageReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "leadmetrics-pages-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public ParquetPageReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, bool> Cases => new()
    {
        { "Snappy", true },
        { "Snappy", false },
        { "None", true },
        { "None", false },
        { "Gzip", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_reader_reads_every_column_as_Parquet_Net_does(string compression, bool dictionary)
    {
        const int rows = 250;
        var random = new Random(7);
        string?[] labels = ["web", "Zürich", string.Empty, "a\0b", "  padded ", "ünïcödé ☃", null];
        var text = Enumerable.Range(0, rows).Select(i => labels[random.Next(labels.Length)]).ToArray();
        var ids = Enumerable.Range(0, rows).Select(i => i % 17 == 0 ? null : "L" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var required = Enumerable.Range(0, rows).Select(i => "r" + (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var ints = Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? (int?)null : random.Next(-1000, 1000)).ToArray();
        var longs = Enumerable.Range(0, rows).Select(i => i % 9 == 0 ? (long?)null : random.NextInt64()).ToArray();
        var doubles = Enumerable.Range(0, rows).Select(i => i % 11 == 0 ? (double?)null : random.NextDouble() * 1e6).ToArray();
        var decimals = Enumerable.Range(0, rows).Select(i => i % 13 == 0 ? (decimal?)null : random.Next(0, 1_000_000) / 100m).ToArray();
        var stamps = Enumerable.Range(0, rows).Select(i => i % 6 == 0 ? (DateTime?)null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(0, 10_000_000))).ToArray();
        var flags = Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? (bool?)null : i % 2 == 0).ToArray();
        var dates = Enumerable.Range(0, rows).Select(i => i % 8 == 0 ? (DateOnly?)null : new DateOnly(2024, 1, 1).AddDays(i)).ToArray();
        var options = new ParquetOptions
        {
            CompressionMethod = Enum.Parse<CompressionMethod>(compression),
            DictionaryEncodingThreshold = dictionary ? 1.0 : 0.0,
        };
        var path = Path.Combine(_dir, "columns.parquet");
        var fields = new DataField[]
        {
            new DataField<string>("label", true),
            new DataField<string>("id", true),
            new DataField<string>("required", false),
            new DataField<int?>("int"),
            new DataField<long?>("long"),
            new DataField<double?>("double"),
            new DecimalDataField("decimal", 18, 2, isNullable: true),
            new DecimalDataField("big", 38, 4, forceByteArrayEncoding: true, isNullable: true),
            new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            new DataField<bool?>("flag"),
            new DataField<DateOnly?>("date"),
        };
        using (var stream = File.Create(path))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options);
            for (var start = 0; start < rows; start += 90)
            {
                var n = Math.Min(90, rows - start);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(fields[0], new ArraySegment<string?>(text, start, n), null);
                await group.WriteAsync(fields[1], new ArraySegment<string?>(ids, start, n), null);
                await group.WriteAsync(fields[2], new ArraySegment<string?>(required!, start, n), null);
                await group.WriteAsync(fields[3], new ReadOnlyMemory<int?>(ints, start, n), null);
                await group.WriteAsync(fields[4], new ReadOnlyMemory<long?>(longs, start, n), null);
                await group.WriteAsync(fields[5], new ReadOnlyMemory<double?>(doubles, start, n), null);
                await group.WriteAsync(fields[6], new ReadOnlyMemory<decimal?>(decimals, start, n), null);
                await group.WriteAsync(fields[7], new ReadOnlyMemory<decimal?>(decimals, start, n), null);
                await group.WriteAsync(fields[8], new ReadOnlyMemory<DateTime?>(stamps, start, n), null);
                await group.WriteAsync(fields[9], new ReadOnlyMemory<bool?>(flags, start, n), null);
                await group.WriteAsync(fields[10], new ReadOnlyMemory<DateOnly?>(dates, start, n), null);
            }

            await writer.DisposeAsync();
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        await using var reader = await ParquetReader.CreateAsync(file, new ParquetOptions { TreatByteArrayAsString = true, TreatBigIntegersAsDates = true }, leaveStreamOpen: true);
        using var again = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var checkedRows = 0;
        foreach (var field in reader.Schema.Fields)
        {
            var ours = ParquetColumn.Of(field);
            var theirs = ParquetColumn.Of(field);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = (int)group.RowCount;
                ours.Read(group, n, again);
                theirs.Read(group, n, file: null);
                var expected = compression != "Gzip" && field.Name != "flag";
                Assert.True(ours.PagesRead == expected, $"{field.Name}, group {g}: read by the page reader {ours.PagesRead}, expected {expected}");
                Assert.False(theirs.PagesRead);
                Assert.Equal(theirs.MaybeBadGroup, ours.MaybeBadGroup);
                for (var r = 0; r < n; r++)
                {
                    var where = $"{field.Name}, group {g}, row {r}";
                    Assert.True(theirs.IndexOf(r) == ours.IndexOf(r), where);
                    Assert.True(theirs.Text(r).ToString() == ours.Text(r).ToString(), $"{where}: '{theirs.Text(r)}' against '{ours.Text(r)}'");
                    Assert.True(theirs.TryRawString(r, out var a) == ours.TryRawString(r, out var b), where);
                    Assert.True(a.Span.SequenceEqual(b.Span), where);
                    Assert.True(theirs.TryInstant(r, out var ta) == ours.TryInstant(r, out var tb) && ta == tb, where);
                    Assert.True(theirs.TryAmount(r, out var ma) == ours.TryAmount(r, out var mb) && ma == mb, where);
                    Assert.True(theirs.MaybeBadText(r) == ours.MaybeBadText(r), where);
                    checkedRows++;
                }
            }
        }

        Assert.Equal(rows * fields.Length, checkedRows);
    }

    [Fact]
    public void Hybrid_decodes_runs_and_bit_packed_groups()
    {
        // A run of 5 threes (header 5 << 1, value 3 in one byte), then one bit-packed group of 8 values of 3 bits
        // (header 1 << 1 | 1): 0..7 packed least significant bit first.
        byte[] encoded = [10, 3, 3, 0b10_001_000, 0b1_100_011_0, 0b111_110_10];
        var values = new int[13];
        Assert.True(ParquetColumn.Hybrid(encoded, 3, values));
        Assert.Equal([3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7], values);

        // Cut short: the bytes end before the values are all read.
        Assert.False(ParquetColumn.Hybrid(encoded.AsSpan(0, 4), 3, new int[13]));
    }

    [Fact]
    public async Task A_report_reads_the_same_from_a_gzip_file_and_a_snappy_file()
    {
        // The gzip chunks go to Parquet.Net, the Snappy ones to the page reader: the same leads either way.
        var created = Enumerable.Range(0, 40).Select(i => (DateTime?)new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(i)).ToArray();
        var leads = Enumerable.Range(0, 40).Select(i => (string?)("L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var sources = Enumerable.Range(0, 40).Select(i => (string?)(i % 3 == 0 ? "web" : i % 3 == 1 ? "ads" : null)).ToArray();
        async Task<string> Write(string name, CompressionMethod method)
        {
            var path = Path.Combine(_dir, name);
            var fields = new DataField[] { new DataField<string>("lead_id", true), new DateTimeDataField("created_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true), new DataField<string>("source", true) };
            using var stream = File.Create(path);
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions { CompressionMethod = method });
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(fields[0], new ArraySegment<string?>(leads), null);
                await group.WriteAsync(fields[1], new ReadOnlyMemory<DateTime?>(created), null);
                await group.WriteAsync(fields[2], new ArraySegment<string?>(sources), null);
            }

            await writer.DisposeAsync();
            return path;
        }

        string Leads(string path)
        {
            var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = path });
            var text = new StringBuilder();
            foreach (var batch in data.ReadBatches())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    text.Append(batch[i].Lead).Append('|').Append(batch[i].CreatedAt).Append('|').Append(data.Encoding.Sources.Decode(batch[i].Source)).Append('\n');
                }
            }

            return text.ToString();
        }

        var snappy = Leads(await Write("snappy.parquet", CompressionMethod.Snappy));
        Assert.Equal(snappy, Leads(await Write("gzip.parquet", CompressionMethod.Gzip)));
        Assert.Equal(40, snappy.Count(c => c == '\n'));
    }
}
