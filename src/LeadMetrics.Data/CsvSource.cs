using System.Text;
using nietras.SeparatedValues;

namespace LeadMetrics.Data;

/// <summary>
/// One input CSV file read with Sep: the delimiter (comma, semicolon, tab, pipe: the most frequent in the header line
/// outside quotes) is detected, a UTF-8 BOM is skipped, CRLF and LF line ends and RFC 4180 quoting are handled. Fields
/// are read as trimmed spans of the current row; nothing is allocated per row.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly Stream _stream;
    private readonly TextReader _text;
    private readonly SepReader _reader;
    private readonly ParquetSource? _parquet;

    private CsvSource(string path, string display, Stream stream, TextReader text, SepReader reader, char separator)
    {
        Separator = separator;
        Path = display;
        FullPath = path;
        _stream = stream;
        _text = text;
        _reader = reader;
        _parquet = text as ParquetSource;
        Header = _parquet?.Header ?? (IReadOnlyList<string>)[.. reader.Header.ColNames];
    }

    /// <summary>The delimiter detected.</summary>
    public char Separator { get; }

    /// <summary>The file as named in messages.</summary>
    public string Path { get; }

    public string FullPath { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The characters of the data rows read so far, with one line end each (for estimating the rows of the file).</summary>
    public long Chars { get; private set; }

    /// <summary>Data rows read so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The line of the current record, counting the header as line 1 (the physical line unless a quoted field spans lines).</summary>
    public long Line => Rows + 1;

    public long Length => _parquet?.Length ?? _stream.Length;

    public long Position => _parquet?.Position ?? _stream.Position;

    public static CsvSource Open(string path, string? display = null)
    {
        display ??= path;
        if (ParquetSource.IsParquet(path))
        {
            return OpenParquet(path, display);
        }

        if (!File.Exists(path))
        {
            throw new DataSetException($"input file '{display}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var separator = DetectSeparator(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
        try
        {
            var reader = Sep.New(separator).Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true }).From(text);
            if (reader.Header.IsEmpty || reader.Header.ColNames.All(n => n.Trim().Length == 0))
            {
                reader.Dispose();
                throw new DataSetException($"input file '{path}' is empty: it has no header line.");
            }

            return new CsvSource(path, display, stream, text, reader, separator);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            text.Dispose();
            throw new DataSetException($"input file '{path}' is not readable CSV: {e.Message}", e);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>A Parquet file read as text (<see cref="ParquetSource"/>): the same rows, checks and columnar path as CSV.</summary>
    private static CsvSource OpenParquet(string path, string display)
    {
        var parquet = ParquetSource.Open(path, display);
        try
        {
            var reader = Sep.New(ParquetSource.Separator).Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true }).From(parquet);
            return new CsvSource(path, display, Stream.Null, parquet, reader, ParquetSource.Separator);
        }
        catch
        {
            parquet.Dispose();
            throw;
        }
    }

    /// <summary>The delimiter of a file: the most frequent of , ; tab | in its first line outside quotes (a comma on a tie or none).</summary>
    internal static char DetectSeparator(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        Span<int> counts = stackalloc int[4];
        ReadOnlySpan<char> candidates = [',', '\t', ';', '|'];
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                break;
            }
            else if (!quoted && candidates.IndexOf((char)c) is var k and >= 0)
            {
                counts[k]++;
            }
        }

        var best = 0;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[best])
            {
                best = k;
            }
        }

        return candidates[best];
    }

    public bool Read()
    {
        try
        {
            if (!_reader.MoveNext())
            {
                return false;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataSetException($"{Path}, near line {Rows + 2}: malformed CSV ({e.Message}).", e);
        }

        var raw = _reader.Current.Span;
        if (raw.Count('"') % 2 != 0)
        {
            // Only a quote left open leaves an odd number of quotes in a record: it ran to the end of the file.
            throw new DataSetException($"{Path}, near line {Rows + 2}: malformed CSV (A quoted field at the end of the input ends without a closing quote.).");
        }

        Rows++;
        Chars += raw.Length + 1;
        return true;
    }

    /// <summary>
    /// The data rows as values made by <paramref name="select"/>, in file order: on the calling thread, or with
    /// <paramref name="threads"/> &gt; 1 on that many threads (Sep's parallel enumeration; <paramref name="select"/> must
    /// then be thread-safe). Each value is counted with <see cref="Count"/> by the caller, in order.
    /// </summary>
    public IEnumerable<T> Select<T>(SepReader.RowFunc<T> select, int threads)
    {
        using var rows = (threads > 1 ? _reader.ParallelEnumerate(select, threads) : Serial(select)).GetEnumerator();
        while (true)
        {
            try
            {
                if (!rows.MoveNext())
                {
                    yield break;
                }
            }
            catch (InvalidDataException e)
            {
                throw new DataSetException($"{Path}, near line {Rows + 2}: malformed CSV ({e.Message}).", e);
            }
            catch (AggregateException e) when (e.InnerException is InvalidDataException inner)
            {
                throw new DataSetException($"{Path}, near line {Rows + 2}: malformed CSV ({inner.Message}).", inner);
            }

            yield return rows.Current;
        }
    }

    private IEnumerable<T> Serial<T>(SepReader.RowFunc<T> select)
    {
        while (_reader.MoveNext())
        {
            yield return select(_reader.Current);
        }
    }

    /// <summary>Counts a row made by <see cref="Select"/> (its characters, and whether it holds an odd number of quotes: a quote left open).</summary>
    public void Count(int chars, bool oddQuotes)
    {
        if (oddQuotes)
        {
            throw new DataSetException($"{Path}, near line {Rows + 2}: malformed CSV (A quoted field at the end of the input ends without a closing quote.).");
        }

        Rows++;
        Chars += chars + 1;
    }

    /// <summary>The trimmed text of a field of <paramref name="row"/>; empty when the field is empty or absent.</summary>
    public static ReadOnlySpan<char> Field(SepReader.Row row, int ordinal) => ordinal < row.ColCount ? row[ordinal].Span.Trim() : default;

    /// <summary>The value of a bound canonical column in <paramref name="row"/> (see <see cref="Get(ColumnBinding?)"/>).</summary>
    public static ReadOnlySpan<char> Get(SepReader.Row row, ColumnBinding? binding)
    {
        if (binding is null)
        {
            return default;
        }

        if (binding.Literal is not null)
        {
            return binding.Literal;
        }

        for (var i = 0; i < binding.Ordinals.Count; i++)
        {
            var value = Field(row, binding.Ordinals[i]);
            if (!value.IsEmpty)
            {
                return value;
            }
        }

        return default;
    }

    /// <summary>The column a bound value of <paramref name="row"/> came from (see <see cref="ColumnOf(ColumnBinding?)"/>).</summary>
    public static string ColumnOf(SepReader.Row row, ColumnBinding? binding)
    {
        if (binding is null)
        {
            return string.Empty;
        }

        if (binding.Literal is not null)
        {
            return binding.Display;
        }

        for (var i = 0; i < binding.Ordinals.Count; i++)
        {
            if (!Field(row, binding.Ordinals[i]).IsEmpty)
            {
                return binding.Names[i];
            }
        }

        return binding.Names[0];
    }

    /// <summary>The current row's rejection when a quoted field of it runs over lines and holds the delimiter (see <see cref="StrayQuote"/>), else null.</summary>
    public BadRow? StrayQuoteOf() => StrayQuoteOf(_reader.Current, Header, Separator, Path);

    /// <summary>The rejection of <paramref name="row"/> when a quoted field of it runs over lines and holds the delimiter, else null (one comparison for a one-line row).</summary>
    public static BadRow? StrayQuoteOf(SepReader.Row row, IReadOnlyList<string> header, char separator, string path)
    {
        if (row.LineNumberToExcl - row.LineNumberFrom <= 1)
        {
            return null;
        }

        long line = row.LineNumberFrom;
        for (var i = 0; i < row.ColCount; i++)
        {
            var field = row[i].Span;
            if (StrayQuote.Check(path, line, i < header.Count ? header[i] : $"column {i + 1}", field, separator) is { } bad)
            {
                return bad;
            }

            line += StrayQuote.Breaks(field);
        }

        return null;
    }

    /// <summary>True when the row's text holds an odd number of quotes (only a quote left open does).</summary>
    public static bool OddQuotes(SepReader.Row row) => row.Span.Count('"') % 2 != 0;

    /// <summary>The trimmed text of a field; empty when the field is empty or absent in a short row.</summary>
    public ReadOnlySpan<char> Field(int ordinal)
    {
        var row = _reader.Current;
        return ordinal < row.ColCount ? row[ordinal].Span.Trim() : default;
    }

    /// <summary>The value of a bound canonical column (a literal, or the first non-empty of its columns); empty when none.</summary>
    public ReadOnlySpan<char> Get(ColumnBinding? binding)
    {
        if (binding is null)
        {
            return default;
        }

        if (binding.Literal is not null)
        {
            return binding.Literal;
        }

        for (var i = 0; i < binding.Ordinals.Count; i++)
        {
            var value = Field(binding.Ordinals[i]);
            if (!value.IsEmpty)
            {
                return value;
            }
        }

        return default;
    }

    /// <summary>The column a bound value came from, as Get found it (for messages only).</summary>
    public string ColumnOf(ColumnBinding? binding)
    {
        if (binding is null)
        {
            return string.Empty;
        }

        if (binding.Literal is not null)
        {
            return binding.Display;
        }

        for (var i = 0; i < binding.Ordinals.Count; i++)
        {
            if (!Field(binding.Ordinals[i]).IsEmpty)
            {
                return binding.Names[i];
            }
        }

        return binding.Names[0];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }
}
