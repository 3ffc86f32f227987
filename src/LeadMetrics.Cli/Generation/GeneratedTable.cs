using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Parquet;
using Parquet.Schema;

namespace LeadMetrics.Cli.Generation;

/// <summary>The file format of a generated data set.</summary>
internal enum GeneratedFormat
{
    /// <summary>CSV files (leads.csv, ...).</summary>
    Csv,

    /// <summary>Parquet files (leads.parquet, ...) with typed columns.</summary>
    Parquet,
}

/// <summary>The type of a generated column.</summary>
internal enum CellType
{
    /// <summary>Text (Parquet: a STRING column; empty text is null).</summary>
    Text,

    /// <summary>An instant (Parquet: TIMESTAMP(MICROS, adjusted to UTC); CSV: ISO 8601 with Z).</summary>
    Instant,

    /// <summary>A date (Parquet: DATE; CSV: yyyy-MM-dd).</summary>
    Date,

    /// <summary>Money with no decimals (Parquet: DECIMAL(18,0)).</summary>
    Money0,

    /// <summary>Money with cents (Parquet: DECIMAL(18,2)).</summary>
    Money2,

    /// <summary>A whole number (Parquet: INT32).</summary>
    Int,

    /// <summary>A floating-point number (Parquet: DOUBLE).</summary>
    Real,
}

/// <summary>
/// One generated file written a cell at a time: as CSV text (each value as the generator always wrote it) or as a Parquet
/// file with typed columns (buffered per column, one row group per <see cref="RowGroupRows"/> rows). The same cells give
/// the same data in both formats (money: the same decimal value; a CSV text of another scale, such as 18000 in a column
/// of cents, is 18000.00 in Parquet).
/// </summary>
internal abstract class GeneratedTable : IDisposable
{
    /// <summary>Rows per Parquet row group.</summary>
    public const int RowGroupRows = 100_000;

    public static GeneratedTable Create(GeneratedFormat format, string directory, string name, params (string Name, CellType Type)[] columns) =>
        format == GeneratedFormat.Parquet
            ? new ParquetTable(Path.Combine(directory, name + ".parquet"), columns)
            : new CsvTable(Path.Combine(directory, name + ".csv"), columns);

    /// <summary>The file name of a table in a format.</summary>
    public static string FileName(string name, GeneratedFormat format) => name + (format == GeneratedFormat.Parquet ? ".parquet" : ".csv");

    public abstract void Text(string? value);

    public abstract void Time(Instant? value);

    public abstract void Date(LocalDate? value);

    public abstract void Money(decimal? value);

    public abstract void Int(int value);

    public abstract void Real(double value);

    public abstract void EndRow();

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    protected abstract void Close();

    private sealed class CsvTable : GeneratedTable
    {
        private static readonly CultureInfo C = CultureInfo.InvariantCulture;
        private readonly StreamWriter _writer;
        private bool _first = true;

        public CsvTable(string path, (string Name, CellType Type)[] columns)
        {
            _writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            _writer.WriteLine(string.Join(',', columns.Select(c => c.Name)));
        }

        private void Cell(string? text)
        {
            if (!_first)
            {
                _writer.Write(',');
            }

            _first = false;
            _writer.Write(text);
        }

        public override void Text(string? value) => Cell(value);

        public override void Time(Instant? value) => Cell(value is { } v ? InstantPattern.General.Format(v) : null);

        public override void Date(LocalDate? value) => Cell(value is { } v ? LocalDatePattern.Iso.Format(v) : null);

        public override void Money(decimal? value) => Cell(value?.ToString(C));

        public override void Int(int value) => Cell(value.ToString(C));

        public override void Real(double value) => Cell(value.ToString(C));

        public override void EndRow()
        {
            _writer.Write('\n');
            _first = true;
        }

        protected override void Close() => _writer.Dispose();
    }

    private sealed class ParquetTable : GeneratedTable
    {
        private readonly FileStream _stream;
        private readonly ParquetWriter _writer;
        private readonly DataField[] _fields;
        private readonly CellType[] _types;
        private readonly string?[][] _texts;
        private readonly DateTime?[][] _times;
        private readonly DateOnly?[][] _dates;
        private readonly decimal?[][] _money;
        private readonly int?[][] _ints;
        private readonly double?[][] _reals;
        private int _row;
        private int _column;

        public ParquetTable(string path, (string Name, CellType Type)[] columns)
        {
            _types = [.. columns.Select(c => c.Type)];
            _fields = [.. columns.Select(c => Field(c.Name, c.Type))];
            var n = columns.Length;
            _texts = new string?[n][];
            _times = new DateTime?[n][];
            _dates = new DateOnly?[n][];
            _money = new decimal?[n][];
            _ints = new int?[n][];
            _reals = new double?[n][];
            for (var i = 0; i < n; i++)
            {
                switch (_types[i])
                {
                    case CellType.Text: _texts[i] = new string?[RowGroupRows]; break;
                    case CellType.Instant: _times[i] = new DateTime?[RowGroupRows]; break;
                    case CellType.Date: _dates[i] = new DateOnly?[RowGroupRows]; break;
                    case CellType.Money0 or CellType.Money2: _money[i] = new decimal?[RowGroupRows]; break;
                    case CellType.Int: _ints[i] = new int?[RowGroupRows]; break;
                    default: _reals[i] = new double?[RowGroupRows]; break;
                }
            }

            _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream).GetAwaiter().GetResult();
        }

        private static DataField Field(string name, CellType type) => type switch
        {
            CellType.Text => new DataField<string>(name, true),
            CellType.Instant => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            CellType.Date => new DataField<DateOnly?>(name),
            CellType.Money0 => new DecimalDataField(name, 18, 0, isNullable: true),
            CellType.Money2 => new DecimalDataField(name, 18, 2, isNullable: true),
            CellType.Int => new DataField<int?>(name),
            _ => new DataField<double?>(name),
        };

        public override void Text(string? value) => _texts[_column++][_row] = string.IsNullOrEmpty(value) ? null : value;

        public override void Time(Instant? value) =>
            _times[_column++][_row] = value is { } v ? Instant.FromUnixTimeSeconds(v.ToUnixTimeSeconds()).ToDateTimeUtc() : null; // whole seconds, as the CSV text

        public override void Date(LocalDate? value) => _dates[_column++][_row] = value?.ToDateOnly();

        public override void Money(decimal? value) => _money[_column++][_row] = value;

        public override void Int(int value) => _ints[_column++][_row] = value;

        public override void Real(double value) => _reals[_column++][_row] = value;

        public override void EndRow()
        {
            _column = 0;
            if (++_row == RowGroupRows)
            {
                Flush();
            }
        }

        private void Flush()
        {
            if (_row == 0)
            {
                return;
            }

            using (var group = _writer.CreateRowGroup())
            {
                for (var i = 0; i < _fields.Length; i++)
                {
                    var field = _fields[i];
                    var task = _types[i] switch
                    {
                        CellType.Text => group.WriteAsync(field, new ArraySegment<string?>(_texts[i], 0, _row), null),
                        CellType.Instant => group.WriteAsync(field, new ReadOnlyMemory<DateTime?>(_times[i], 0, _row), null),
                        CellType.Date => group.WriteAsync(field, new ReadOnlyMemory<DateOnly?>(_dates[i], 0, _row), null),
                        CellType.Money0 or CellType.Money2 => group.WriteAsync(field, new ReadOnlyMemory<decimal?>(_money[i], 0, _row), null),
                        CellType.Int => group.WriteAsync(field, new ReadOnlyMemory<int?>(_ints[i], 0, _row), null),
                        _ => group.WriteAsync(field, new ReadOnlyMemory<double?>(_reals[i], 0, _row), null),
                    };
                    task.GetAwaiter().GetResult();
                }

                group.CompleteValidate();
            }

            _row = 0;
        }

        protected override void Close()
        {
            Flush();
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}
