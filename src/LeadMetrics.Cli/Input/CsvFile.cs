using System.Text;
using LeadMetrics.Data;
using Sylvan.Data.Csv;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// One input CSV file read with Sylvan.Data.Csv: the delimiter (comma, semicolon, tab, pipe) is detected from
/// the header, a UTF-8 BOM is skipped, CRLF and LF line ends and RFC 4180 quoting are handled by the reader.
/// </summary>
internal sealed class CsvFile : IDisposable
{
    private readonly Stream _stream;
    private readonly TextReader _text;
    private readonly CsvDataReader _reader;
    private readonly ParquetSource? _parquet;

    private long _start;
    private long _nextStart = 2;
    private int _breaks;

    private CsvFile(string path, string display, Stream stream, TextReader text, CsvDataReader reader)
    {
        _parquet = text as ParquetSource;
        Separator = _parquet is not null ? ParquetSource.Separator : CsvSource.DetectSeparator(path);
        Path = display;
        FullPath = path;
        _stream = stream;
        _text = text;
        _reader = reader;
        var header = new string[reader.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = reader.GetName(i);
        }

        Header = _parquet?.Header ?? (IReadOnlyList<string>)header;
    }

    /// <summary>The delimiter (detected as the columnar reader detects it).</summary>
    public char Separator { get; }

    /// <summary>
    /// The current row's rejection when a quoted field of it runs over lines and holds the delimiter (a stray quote
    /// that merged rows; the line named is where the quote opened), when it is short, or when a field is not UTF-8
    /// text, else null. The same checks as the columnar reader's (CsvSource.ProblemOf).
    /// </summary>
    public BadRow? StrayQuoteOf()
    {
        if (_breaks > 0)
        {
            var line = _start;
            for (var i = 0; i < _reader.RowFieldCount; i++)
            {
                var field = _reader.GetFieldSpan(i);
                if (StrayQuote.Check(Path, line, i < Header.Count ? Header[i] : $"column {i + 1}", field, Separator) is { } stray)
                {
                    return stray;
                }

                line += StrayQuote.Breaks(field);
            }
        }

        // The columnar reader's other whole-row checks (issue 15, item 9): a short row, text that is not UTF-8.
        if (CsvSource.ShortRowOf(Path, Line, Header, _reader.RowFieldCount) is { } shortRow)
        {
            return shortRow;
        }

        for (var i = 0; i < _reader.RowFieldCount; i++)
        {
            if (CsvSource.BadTextOf(Path, Line, i < Header.Count ? Header[i] : $"column {i + 1}", _reader.GetFieldSpan(i)) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    /// <summary>The file as named in messages.</summary>
    public string Path { get; }

    public string FullPath { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The line of the current record, counting the header as line 1 (the physical line unless a quoted field spans lines).</summary>
    public long Line => _reader.RowNumber + 1;

    public long Length => _parquet?.Length ?? _stream.Length;

    public long Position => _parquet?.Position ?? _stream.Position;

    public static CsvFile Open(string path, string? display = null)
    {
        display ??= path;
        if (ParquetSource.IsParquet(path))
        {
            return OpenParquet(path, display);
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"input file '{display}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        try
        {
            var options = new CsvDataReaderOptions
            {
                HasHeaders = true,
                // Large enough for any sane record; a record larger than this is a malformed file.
                MaxBufferSize = 1 << 24,
            };
            var reader = CsvDataReader.Create(text, options);
            if (reader.FieldCount == 0)
            {
                throw new UsageException($"input file '{path}' is empty: it has no header line.");
            }

            return new CsvFile(path, display, stream, text, reader);
        }
        catch (Exception e) when (e is CsvFormatException or CsvConfigurationException or CsvMissingHeadersException)
        {
            text.Dispose();
            throw new UsageException($"input file '{path}' is not readable CSV: {e.Message}", e);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>A Parquet file read as text (<see cref="ParquetSource"/>): the same rows and checks as CSV.</summary>
    private static CsvFile OpenParquet(string path, string display)
    {
        ParquetSource parquet;
        try
        {
            parquet = ParquetSource.Open(path, display);
        }
        catch (DataSetException e)
        {
            throw new UsageException(e.Message, e);
        }

        try
        {
            var reader = CsvDataReader.Create(parquet, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ParquetSource.Separator, MaxBufferSize = 1 << 24 });
            return new CsvFile(path, display, Stream.Null, parquet, reader);
        }
        catch
        {
            parquet.Dispose();
            throw;
        }
    }

    public bool Read()
    {
        try
        {
            _start = _nextStart;
            _breaks = 0;
            if (!_reader.Read())
            {
                return false;
            }

            var raw = _reader.GetRawRecordSpan().TrimEnd("\r\n");
            while (raw.IsWhiteSpace())
            {
                // A blank line is not a row (as in the columnar reader, issue 15 item 9): skipped, not counted.
                _start = _nextStart = _start + 1;
                if (!_reader.Read())
                {
                    return false;
                }

                raw = _reader.GetRawRecordSpan().TrimEnd("\r\n");
            }

            if (raw.IndexOfAny('\r', '\n') >= 0)
            {
                _breaks = StrayQuote.Breaks(raw);
            }

            _nextStart = _start + 1 + _breaks;
            return true;
        }
        catch (CsvFormatException e)
        {
            throw new UsageException($"{Path}, near line {_reader.RowNumber + 2}: malformed CSV ({e.Message}).", e);
        }
    }

    /// <summary>The trimmed text of a field, or null when it is empty or absent in a short row.</summary>
    public string? Get(int ordinal)
    {
        if (ordinal >= _reader.RowFieldCount)
        {
            return null;
        }

        var s = _reader.GetString(ordinal).Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>The value of a bound canonical column: a literal, or the first non-empty of its columns.</summary>
    public string? Get(ColumnBinding? binding, out string column)
    {
        column = binding?.Display ?? string.Empty;
        if (binding is null)
        {
            return null;
        }

        if (binding.Literal is not null)
        {
            return binding.Literal.Length == 0 ? null : binding.Literal;
        }

        for (var i = 0; i < binding.Ordinals.Count; i++)
        {
            var value = Get(binding.Ordinals[i]);
            if (value is not null)
            {
                column = binding.Names[i];
                return value;
            }
        }

        column = binding.Names[0];
        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }
}
