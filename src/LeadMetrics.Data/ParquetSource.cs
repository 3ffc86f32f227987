using System.Globalization;
using Parquet;

namespace LeadMetrics.Data;

/// <summary>
/// One input Parquet file (Parquet.Net), read one row group at a time: typed by the leads, stages and touchpoints
/// readers (<see cref="ReadGroup"/> and <see cref="Columns"/>, ParquetRows.cs), or handed to the CSV readers as text: each
/// typed value is written in the canonical text form the CSV checks read (ISO 8601 instants, exact decimal numbers),
/// so that a Parquet file goes through the same column mapping, checks, rejection reasons and columnar path as a CSV
/// file, with no second copy of the rules. Fields are separated by U+001F (quoted when a value holds it, a quote or a
/// line break), so that a text value with a comma is never taken for a stray quote.
/// </summary>
/// <remarks>
/// <para>How each Parquet type is written (see docs/cli.md, "Parquet input"):</para>
/// <list type="bullet">
/// <item>TIMESTAMP (INT64, milli-, micro- or nanoseconds) with isAdjustedToUTC: the instant (<c>...Z</c>); without it
/// (a zone-less local date-time): the local date-time, read in <c>--zone</c> as a CSV local date-time is (a DST gap or
/// overlap resolved leniently). Nanoseconds are truncated to 100 ns ticks, as a CSV fraction of 9 digits is. Legacy
/// TIMESTAMP_MILLIS / TIMESTAMP_MICROS are instants (the format says UTC). INT96 (Impala, Spark, older pandas) is an
/// instant in UTC, as those writers mean it. DATE: the date, the start of that day in <c>--zone</c>. A value outside
/// years 1 to 9999 is written as a text no check accepts (unparseable_date, the value saying why).</item>
/// <item>DECIMAL (INT32, INT64, FIXED_LEN_BYTE_ARRAY, BYTE_ARRAY, any scale): the exact number at the column's scale
/// (DECIMAL(18,2) 12.3 is 12.30, as that CSV text reads); past 28 places the fraction's trailing zeros are dropped. A
/// value that System.Decimal cannot hold exactly (more than 28 significant places after the point, or beyond about
/// 7.9e28) is written as a text no check accepts (unparseable_number, the value saying why): never rounded.</item>
/// <item>DOUBLE and FLOAT: the shortest text that reads back as the same binary value ("R"), then read as CSV text is:
/// 0.1 is 0.1, 1e20 is an amount out of range, NaN and infinities are unparseable_number.</item>
/// <item>Strings (STRING, ENUM, JSON, UTF8 and unannotated BYTE_ARRAY as UTF-8), integers of any width, booleans and
/// UUIDs: their invariant text.</item>
/// <item>Nested columns (lists, maps, structs), repeated columns, TIME, INTERVAL, FLOAT16, BSON and other binary
/// columns: empty (such a column can be no canonical column: <see cref="ParquetHeader.Check"/>).</item>
/// </list>
/// <para>Memory: one row group's decoded columns at a time (the writer chose the row group size; strings as UTF-8 bytes), plus a 64 KB text buffer.</para>
/// </remarks>
internal sealed class ParquetSource : TextReader
{
    /// <summary>The field separator of the text (U+001F, the unit separator).</summary>
    public const char Separator = '\u001F';

    /// <summary>The most rows of one row group read (a larger one is refused: it would be held in memory whole).</summary>
    public const long MaxRowGroupRows = 64L << 20;

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly long MinTicks = DateTime.MinValue.Ticks - UnixEpochTicks;
    private static readonly long MaxTicks = DateTime.MaxValue.Ticks - UnixEpochTicks;

    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly ParquetColumn[] _columns;
    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _headerWritten;
    private int _group;
    private long _row;
    private long _rows;
    private long _position;

    private ParquetSource(string path, FileStream stream, ParquetReader reader, ParquetColumn[] columns)
    {
        Path = path;
        _stream = stream;
        _reader = reader;
        _columns = columns;
        Header = new ParquetHeader(path, columns);
    }

    /// <summary>The file as named in messages.</summary>
    public string Path { get; }

    /// <summary>The columns' names with their Parquet types.</summary>
    public ParquetHeader Header { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length => _stream.Length;

    /// <summary>About how far the reading is, in bytes of the file (the row groups read so far).</summary>
    public long Position => Math.Min(_position, Length);

    /// <summary>True for a path that names a Parquet file (its extension is <c>.parquet</c>, any case).</summary>
    /// <param name="path">The path.</param>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a Parquet file and reads its footer (schema and row groups).</summary>
    /// <param name="path">The file.</param>
    /// <param name="display">The file as named in messages.</param>
    /// <returns>The source, positioned before the header line.</returns>
    /// <exception cref="DataSetException">The file is missing, or not a readable Parquet file.</exception>
    public static ParquetSource Open(string path, string display)
    {
        if (!File.Exists(path))
        {
            throw new DataSetException($"input file '{display}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            if (stream.Length < 12)
            {
                throw new DataSetException($"input file '{display}' is not a readable Parquet file: {stream.Length} bytes, too short for the PAR1 markers and a footer.");
            }

            if (ParquetFooter.Check(stream) is { } why)
            {
                throw new DataSetException($"input file '{display}' is not a readable Parquet file: {why}.");
            }

            var options = new ParquetOptions { TreatByteArrayAsString = true, TreatBigIntegersAsDates = true };
            var reader = Sync(ParquetReader.CreateAsync(new ParquetGuardStream(stream), options, leaveStreamOpen: true));
            var columns = new List<ParquetColumn>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in reader.Schema.Fields)
            {
                if (!names.Add(field.Name))
                {
                    throw new DataSetException($"input file '{display}' is not a readable Parquet file: the column '{field.Name}' appears twice in its schema.");
                }

                columns.Add(ParquetColumn.Of(field));
            }

            return new ParquetSource(display, stream, reader, [.. columns]);
        }
        catch (DataSetException)
        {
            stream.Dispose();
            throw;
        }
        catch (Exception e)
        {
            stream.Dispose();
            throw NotReadable(display, e);
        }
    }

    /// <summary>The error of a file Parquet.Net cannot read (corrupt, truncated, not Parquet at all): no stack trace reaches the user.</summary>
    internal static DataSetException NotReadable(string display, Exception e) =>
        new($"input file '{display}' is not a readable Parquet file: {Printable(e.Message)} ({e.GetType().Name}).", e);

    private static string Printable(string message)
    {
        var text = message.Length > 300 ? message[..300] + "..." : message;
        return string.Create(text.Length, text, static (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                span[i] = char.IsControl(t[i]) ? ' ' : t[i];
            }
        });
    }

    public override int Peek()
    {
        if (_start == _end && !Fill())
        {
            return -1;
        }

        return _buffer[_start];
    }

    public override int Read()
    {
        if (_start == _end && !Fill())
        {
            return -1;
        }

        return _buffer[_start++];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_start == _end && !Fill())
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

    public override int ReadBlock(Span<char> buffer)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = Read(buffer[total..])) > 0)
        {
            total += n;
        }

        return total;
    }

    public override int ReadBlock(char[] buffer, int index, int count) => ReadBlock(buffer.AsSpan(index, count));

    public override string ReadToEnd()
    {
        var text = new System.Text.StringBuilder();
        while (_start < _end || Fill())
        {
            text.Append(_buffer, _start, _end - _start);
            _start = _end;
        }

        return text.ToString();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                Sync(_reader.DisposeAsync());
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // closing what was only read
            }

            _stream.Dispose();
        }

        base.Dispose(disposing);
    }

    // Writes the next lines (the header first) into the buffer, at least 32K characters unless the file ends; false at
    // the end of the file. A row longer than the buffer grows it (to the longest row).
    private bool Fill()
    {
        _start = 0;
        _end = 0;
        var length = 0;
        if (!_headerWritten)
        {
            _headerWritten = true;
            int n;
            while ((n = WriteHeader(_buffer)) < 0)
            {
                Array.Resize(ref _buffer, checked(_buffer.Length * 2));
            }

            _end = n;
            return true;
        }

        while (length < (1 << 15))
        {
            if (_row == _rows && !NextGroup())
            {
                break;
            }

            int n;
            while ((n = WriteRow(_buffer.AsSpan(length))) < 0)
            {
                Array.Resize(ref _buffer, checked(_buffer.Length * 2));
            }

            length += n;
            _row++;
        }

        _end = length;
        return length > 0;
    }

    private int WriteHeader(Span<char> destination)
    {
        var writer = new LineWriter(destination);
        for (var c = 0; c < _columns.Length; c++)
        {
            if ((c > 0 && !writer.Char(Separator)) || !writer.Text(_columns[c].Name))
            {
                return -1;
            }
        }

        return writer.Char('\n') ? writer.Length : -1;
    }

    // One row: its fields and a line end; the characters written, or -1 (cursors restored) when it does not fit.
    private int WriteRow(Span<char> destination)
    {
        var writer = new LineWriter(destination);
        Span<int> cursors = _columns.Length <= 64 ? stackalloc int[_columns.Length] : new int[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            cursors[c] = _columns[c].Cursor;
        }

        var ok = true;
        for (var c = 0; c < _columns.Length && ok; c++)
        {
            ok = (c == 0 || writer.Char(Separator)) && _columns[c].Write(_row, ref writer);
        }

        if (ok && writer.Char('\n'))
        {
            return writer.Length;
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c].Cursor = cursors[c];
        }

        return -1;
    }

    /// <summary>The columns of the file, holding the current row group's values (typed reading: ParquetRows.cs).</summary>
    internal IReadOnlyList<ParquetColumn> Columns => _columns;

    /// <summary>The rows of the file, as its footer counts them.</summary>
    internal long TotalRows => _reader.Metadata?.NumRows ?? 0;

    /// <summary>
    /// Typed reading (ParquetRows.cs): reads the next row group with rows into <see cref="Columns"/>; its rows, or 0 at
    /// the end of the file. The rows are not written as text (a source is read typed or as text, not both).
    /// </summary>
    internal int ReadGroup()
    {
        if (!NextGroup())
        {
            return 0;
        }

        _row = _rows;
        return (int)_rows;
    }

    private bool NextGroup()
    {
        while (_group < _reader.RowGroupCount)
        {
            var group = _reader.OpenRowGroupReader(_group++);
            var rows = group.RowCount;
            if (rows < 0 || rows > MaxRowGroupRows)
            {
                throw new DataSetException($"input file '{Path}' is not a readable Parquet file: row group {_group} claims {rows:N0} rows (at most {MaxRowGroupRows:N0} are read at once).");
            }

            try
            {
                foreach (var column in _columns)
                {
                    column.Read(group, (int)rows, _stream);
                }
            }
            catch (DataSetException e)
            {
                throw new DataSetException($"input file '{Path}' is not a readable Parquet file: {e.Message}", e);
            }
            catch (Exception e)
            {
                throw NotReadable(Path, e);
            }

            _position += group.RowGroup.TotalCompressedSize ?? group.RowGroup.TotalByteSize;
            _row = 0;
            _rows = rows;
            if (rows > 0)
            {
                return true;
            }
        }

        _position = Length;
        return false;
    }

    public override string? ReadLine()
    {
        var line = new System.Text.StringBuilder();
        int c;
        while ((c = Read()) >= 0)
        {
            if (c == '\n')
            {
                return line.ToString();
            }

            line.Append((char)c);
        }

        return line.Length > 0 ? line.ToString() : null;
    }

    private static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Sync(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    internal static void Sync(Task task) => task.GetAwaiter().GetResult();

    /// <summary>Appends characters to a span; each call returns false when the text does not fit (the row is then written again into a larger buffer).</summary>
    internal ref struct LineWriter(Span<char> span)
    {
        private readonly Span<char> _span = span;

        public int Length { get; private set; }

        public bool Char(char c)
        {
            if (Length >= _span.Length)
            {
                return false;
            }

            _span[Length++] = c;
            return true;
        }

        /// <summary>A text value, quoted when it holds the separator, a quote or a line break.</summary>
        public bool Text(scoped ReadOnlySpan<char> text)
        {
            if (text.IndexOfAny(Separator, '"', '\n') < 0 && text.IndexOf('\r') < 0)
            {
                return Plain(text);
            }

            if (!Char('"'))
            {
                return false;
            }

            foreach (var c in text)
            {
                if ((c == '"' && !Char('"')) || !Char(c))
                {
                    return false;
                }
            }

            return Char('"');
        }

        /// <summary>A text known to need no quotes.</summary>
        public bool Plain(scoped ReadOnlySpan<char> text)
        {
            if (text.Length > _span.Length - Length)
            {
                return false;
            }

            text.CopyTo(_span[Length..]);
            Length += text.Length;
            return true;
        }

        public bool Format<T>(T value, ReadOnlySpan<char> format)
            where T : ISpanFormattable
        {
            if (value.TryFormat(_span[Length..], out var n, format, CultureInfo.InvariantCulture))
            {
                Length += n;
                return true;
            }

            return false;
        }
    }

    /// <summary>Unix ticks of a timestamp, or false when the value lies outside years 1 to 9999.</summary>
    internal static bool TryTicks(long value, TimestampUnit unit, out long ticks)
    {
        ticks = 0;
        switch (unit)
        {
            case TimestampUnit.Millis:
                if (value < MinTicks / TimeSpan.TicksPerMillisecond || value > MaxTicks / TimeSpan.TicksPerMillisecond)
                {
                    return false;
                }

                ticks = value * TimeSpan.TicksPerMillisecond;
                break;
            case TimestampUnit.Micros:
                if (value < MinTicks / 10 || value > MaxTicks / 10)
                {
                    return false;
                }

                ticks = value * 10;
                break;
            default:
                ticks = Math.DivRem(value, 100, out var rest);
                if (rest < 0)
                {
                    ticks--; // toward the past, as a 9-digit fraction in CSV text is truncated
                }

                break;
        }

        return ticks >= MinTicks && ticks <= MaxTicks;
    }

    /// <summary>Writes Unix ticks (within years 1 to 9999) as <c>uuuu-MM-ddTHH:mm:ss[.fffffff][Z]</c> (the form the timestamp parser reads fastest).</summary>
    internal static bool WriteInstant(long ticks, bool utc, ref LineWriter writer)
    {
        var days = Math.DivRem(ticks, TimeSpan.TicksPerDay, out var inDay);
        if (inDay < 0)
        {
            inDay += TimeSpan.TicksPerDay;
            days--;
        }

        var fraction = inDay % TimeSpan.TicksPerSecond;
        var seconds = inDay / TimeSpan.TicksPerSecond;
        Span<char> text = stackalloc char[28];
        WriteDate(days, text);
        text[10] = 'T';
        Two(text[11..], (int)(seconds / 3600));
        text[13] = ':';
        Two(text[14..], (int)(seconds / 60 % 60));
        text[16] = ':';
        Two(text[17..], (int)(seconds % 60));
        var n = 19;
        if (fraction != 0)
        {
            text[n++] = '.';
            for (var div = 1_000_000L; div > 0; div /= 10)
            {
                text[n++] = (char)('0' + (fraction / div % 10));
            }
        }

        if (utc)
        {
            text[n++] = 'Z';
        }

        return writer.Plain(text[..n]);
    }

    /// <summary>Writes the date of days since 1970-01-01 (within years 1 to 9999) as <c>uuuu-MM-dd</c> into 10 characters.</summary>
    internal static void WriteDate(long days, Span<char> text)
    {
        // Civil date from days (Howard Hinnant's algorithm), proleptic Gregorian.
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - (era * 146_097);
        var yoe = (doe - (doe / 1460) + (doe / 36_524) - (doe / 146_096)) / 365;
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var day = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = (int)(yoe + (era * 400) + (month <= 2 ? 1 : 0));
        Two(text, year / 100);
        Two(text[2..], year % 100);
        text[4] = '-';
        Two(text[5..], month);
        text[7] = '-';
        Two(text[8..], day);
    }

    private static void Two(Span<char> text, int value)
    {
        text[0] = (char)('0' + (value / 10));
        text[1] = (char)('0' + (value % 10));
    }
}

/// <summary>The units of a Parquet TIMESTAMP.</summary>
internal enum TimestampUnit
{
    Millis,
    Micros,
    Nanos,
}
