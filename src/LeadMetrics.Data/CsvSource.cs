using System.Runtime.CompilerServices;
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
    private SepReader? _sep;
    private bool _disposed;
    private long _blank;
    private readonly ParquetSource? _parquet;

    private CsvSource(string path, string display, Stream stream, TextReader text, SepReader? reader, char separator)
    {
        Separator = separator;
        Path = display;
        FullPath = path;
        _stream = stream;
        _text = text;
        _sep = reader;
        _parquet = text as ParquetSource;
        Header = _parquet?.Header ?? (IReadOnlyList<string>)[.. reader!.Header.ColNames];
    }

    // A Parquet file's text form is made on its first read (OpenParquet): opening one for its header decodes nothing.
    private SepReader _reader => _sep ??= ParquetText(_parquet!);

    /// <summary>The longest row (or field) Sep can hold, in characters.</summary>
    public const int MaxRowChars = 1 << 24;

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
    public long Line => Rows + _blank + 1;

    /// <summary>Blank lines skipped so far (lines of only white space: not rows, neither read nor rejected).</summary>
    public long BlankLines => _blank;

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
        CheckHeaderNames(display, HeaderNames(path, separator));
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

    /// <summary>
    /// Refuses a header that names a column twice (trimmed, any case, as columns are matched): which of the two a
    /// canonical column or attribute would read is not clear (issue 15, item 9).
    /// </summary>
    /// <exception cref="DataSetException">Two columns have the same name.</exception>
    internal static void CheckHeaderNames(string display, IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!seen.TryAdd(name, i))
            {
                var what = name.Length == 0 ? "two columns without a name" : $"the column '{name}' twice";
                throw new DataSetException($"input file '{display}' has {what} in its header (columns {seen[name] + 1} and {i + 1}); rename or remove one.");
            }
        }
    }

    /// <summary>The column names of a file's first line (RFC 4180 quotes removed), split at <paramref name="separator"/>.</summary>
    internal static List<string> HeaderNames(string path, char separator)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var names = new List<string>();
        var name = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '"')
            {
                if (quoted && reader.Peek() == '"')
                {
                    name.Append('"');
                    reader.Read();
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                break;
            }
            else if (!quoted && c == separator)
            {
                names.Add(name.ToString());
                name.Clear();
            }
            else
            {
                name.Append((char)c);
            }

            if (name.Length > MaxRowChars)
            {
                break;
            }
        }

        names.Add(name.ToString());
        return names;
    }

    /// <summary>
    /// A Parquet file (<see cref="ParquetSource"/>): its header (the columns and their types) from the footer; no row group
    /// is decoded until it is read, typed (<see cref="TakeParquet"/>) or as text (the same rows, checks and columnar path
    /// as CSV: the text form is made on the first read).
    /// </summary>
    private static CsvSource OpenParquet(string path, string display)
    {
        var parquet = ParquetSource.Open(path, display);
        return new CsvSource(path, display, Stream.Null, parquet, null, ParquetSource.Separator);
    }

    private static SepReader ParquetText(ParquetSource parquet) =>
        Sep.New(ParquetSource.Separator).Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true }).From(parquet);

    /// <summary>
    /// The Parquet file of this source for a typed reading (ParquetRows.cs), when it is one and has not been read as text:
    /// the same open file (no second footer read); null otherwise. Disposing this source closes it.
    /// </summary>
    internal ParquetSource? TakeParquet() => _sep is null && !_disposed ? _parquet : null;

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
        if (!MoveNext())
        {
            return false;
        }

        var raw = _reader.Current.Span;
        if (raw.Count('"') % 2 != 0)
        {
            // Only a quote left open leaves an odd number of quotes in a record: it ran to the end of the file.
            throw new DataSetException($"{Path}, near line {Line + 1}: malformed CSV (A quoted field at the end of the input ends without a closing quote.).");
        }

        Rows++;
        Chars += raw.Length + 1;
        return true;
    }

    /// <summary>Moves to the next data row (see <see cref="Current"/>) without counting it: the caller counts it with <see cref="Count"/>.</summary>
    public bool MoveNext()
    {
        try
        {
            while (_reader.MoveNext())
            {
                if (!_reader.Current.Span.IsWhiteSpace())
                {
                    return true;
                }

                // A blank line (an empty line, or only white space) is not a row: skipped, not counted (issue 15, item 9).
                _blank++;
            }

            return false;
        }
        catch (InvalidDataException e)
        {
            throw new DataSetException($"{Path}, near line {Line + 1}: malformed CSV ({e.Message}).", e);
        }
        catch (NotSupportedException e)
        {
            // Sep holds a row in one buffer of at most 16,777,216 characters: a longer field or row, most often a quote
            // left open that swallows the rest of the file (issue 15, item 9).
            throw new DataSetException(
                $"{Path}, line {Line + 1}: the row starting here is longer than {MaxRowChars:N0} characters, the most a row can hold; " +
                "a quote left open (a field starting with \" that never ends) makes such a row: check the quotes from this line on.", e);
        }
    }

    /// <summary>The row <see cref="MoveNext"/> moved to (valid until the next move).</summary>
    public SepReader.Row Current => _reader.Current;

    /// <summary>Counts a row moved to by <see cref="MoveNext"/> (its characters, and whether it holds an odd number of quotes: a quote left open).</summary>
    public void Count(int chars, bool oddQuotes)
    {
        if (oddQuotes)
        {
            throw new DataSetException($"{Path}, near line {Line + 1}: malformed CSV (A quoted field at the end of the input ends without a closing quote.).");
        }

        Rows++;
        Chars += chars + 1;
    }

    /// <summary>The trimmed text of a field of <paramref name="row"/>; empty when the field is empty or absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>The current row's rejection as a whole (see <see cref="ProblemOf(SepReader.Row, IReadOnlyList{string}, char, string)"/>), else null.</summary>
    public BadRow? ProblemOf() => ProblemOf(_reader.Current, Header, Separator, Path);

    /// <summary>
    /// The rejection of <paramref name="row"/> as a whole, else null (issue 15, items 3 and 9), all <see cref="Reasons.MalformedRow"/>:
    /// a quoted field that runs over lines holding the delimiter (a stray quote); fewer fields than the header (a short
    /// row is not padded with empty fields); a NUL character or bytes that are not UTF-8 (read as U+FFFD), which
    /// would make two different ids or labels one.
    /// </summary>
    public static BadRow? ProblemOf(SepReader.Row row, IReadOnlyList<string> header, char separator, string path)
    {
        if (StrayQuoteOf(row, header, separator, path) is { } stray)
        {
            return stray;
        }

        if (ShortRowOf(path, 0, header, row.ColCount) is { } shortRow)
        {
            return shortRow;
        }

        if (row.Span.IndexOfAny('\0', '\uFFFD') >= 0)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                if (BadTextOf(path, 0, i < header.Count ? header[i] : $"column {i + 1}", row[i].Span) is { } bad)
                {
                    return bad;
                }
            }
        }

        return null;
    }

    /// <summary>The rejection of a row of <paramref name="fields"/> fields when the header has more (a short row), else null. Shared with the CLI's row reader.</summary>
    internal static BadRow? ShortRowOf(string path, long line, IReadOnlyList<string> header, int fields) =>
        fields < header.Count
            ? new BadRow(path, line, header[fields], string.Empty, Reasons.MalformedRow,
                $"the row has {fields} of the header's {header.Count} fields; a short row is rejected, not padded with empty fields.")
            : null;

    /// <summary>The rejection of a field holding a NUL or U+FFFD (bytes that were not UTF-8), else null. Shared with the CLI's row reader.</summary>
    internal static BadRow? BadTextOf(string path, long line, string column, ReadOnlySpan<char> field) =>
        field.IndexOfAny('\0', '\uFFFD') >= 0
            ? new BadRow(path, line, column, field.ToString(), Reasons.MalformedRow,
                "the field holds a NUL character or bytes that are not UTF-8 text (read as U+FFFD); save the file as UTF-8.")
            : null;

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

    /// <summary>
    /// The row checks of a data row with one look at its text: its characters, whether it holds an odd number of quotes
    /// (<see cref="OddQuotes"/>) and, when it does not, its rejection as a whole (<see cref="ProblemOf(SepReader.Row, IReadOnlyList{string}, char, string)"/>),
    /// else null. A one-line row without a quote, NUL or U+FFFD (almost every row) is scanned once for the three
    /// characters and then only its field count is checked (no quote: no stray quote, no quote left open; no NUL or
    /// U+FFFD: no bad text); any other row is checked as those two methods check it, so the results are theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static BadRow? CheckRow(SepReader.Row row, IReadOnlyList<string> header, char separator, string path, out int chars, out bool oddQuotes)
    {
        var span = row.Span;
        chars = span.Length;
        if (span.IndexOfAny('"', '\0', '\uFFFD') < 0 && row.LineNumberToExcl - row.LineNumberFrom <= 1)
        {
            oddQuotes = false;
            return ShortRowOf(path, 0, header, row.ColCount);
        }

        oddQuotes = span.Count('"') % 2 != 0;
        return oddQuotes ? null : ProblemOf(row, header, separator, path);
    }

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
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sep?.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }
}

/// <summary>
/// A bound column read row by row on the hot path: a binding of one file column (the usual case) is read by its
/// ordinal directly, without the binding's list (an interface call per field); any other binding as
/// <see cref="CsvSource.Get(SepReader.Row, ColumnBinding?)"/> reads it.
/// </summary>
internal readonly struct ColumnReader(ColumnBinding? binding)
{
    private readonly int _single = binding is { Literal: null, Ordinals.Count: 1 } ? binding.Ordinals[0] : -1;
    private readonly ColumnBinding? _binding = binding;

    /// <summary>The binding read (null for a column the file does not have).</summary>
    public ColumnBinding? Binding => _binding;

    /// <summary>The value of the column in <paramref name="row"/>, as <see cref="CsvSource.Get(SepReader.Row, ColumnBinding?)"/> gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<char> Get(SepReader.Row row) => _single >= 0 ? CsvSource.Field(row, _single) : CsvSource.Get(row, _binding);
}
