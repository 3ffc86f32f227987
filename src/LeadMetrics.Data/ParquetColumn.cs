using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.File.Values.Primitives;
using Parquet.Meta;
using Parquet.Schema;
using PType = Parquet.Meta.Type;

namespace LeadMetrics.Data;

/// <summary>How a Parquet column's values are read and written as text.</summary>
internal enum ParquetValueKind
{
    /// <summary>Nested, repeated, TIME, INTERVAL, FLOAT16, BSON or other binary: written empty, usable as no canonical column.</summary>
    Unreadable,
    String,
    Bool,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float,
    Double,
    DecimalInt32,
    DecimalInt64,
    DecimalBytes,
    Timestamp,
    Int96,
    Date,
    Uuid,
}

/// <summary>
/// One top-level column of a Parquet file: its type, as classified from the schema element (physical type, logical
/// type or legacy converted type), and the values of the current row group, read as their physical values (raw
/// integers for timestamps, dates and decimals: no conversion by the Parquet library) and written as text.
/// </summary>
internal sealed partial class ParquetColumn
{
    private const long UnixEpochJulianDay = 2_440_588;
    private static readonly BigInteger MaxUnscaled = BigInteger.One << 96;

    private DataField? _field;
    private int _maxDefinition;
    private int[] _definitions = [];
    private char[] _chars = new char[256];
    private bool[] _bools = [];
    private int[] _ints = [];
    private long[] _longs = [];
    private float[] _floats = [];
    private double[] _doubles = [];
    private ReadOnlyMemory<byte>[] _bytes = [];
    private Interval[] _int96 = [];
    private Guid[] _guids = [];

    private ParquetColumn(string name, string typeName, ParquetValueKind kind)
    {
        Name = name;
        TypeName = typeName;
        Kind = kind;
    }

    public string Name { get; }

    /// <summary>The Parquet type as named in messages ("INT64 TIMESTAMP(MICROS, UTC)", "BYTE_ARRAY STRING", "group").</summary>
    public string TypeName { get; }

    public ParquetValueKind Kind { get; }

    /// <summary>The scale of a decimal.</summary>
    public int Scale { get; private init; }

    /// <summary>The unit of a timestamp.</summary>
    public TimestampUnit Unit { get; private init; }

    /// <summary>True for an instant (isAdjustedToUTC, a legacy timestamp, INT96); false for a zone-less local date-time.</summary>
    public bool Utc { get; private init; }

    /// <summary>The index of the next value (non-null values are stored compactly) for the row being written.</summary>
    public int Cursor { get; set; }

    /// <summary>True for a timestamp, INT96, date or string: what a timestamp column can be.</summary>
    public bool IsTemporal => Kind is ParquetValueKind.Timestamp or ParquetValueKind.Int96 or ParquetValueKind.Date or ParquetValueKind.String;

    /// <summary>True for a decimal, a floating-point number, an integer or a string: what an amount column can be.</summary>
    public bool IsNumeric => Kind is ParquetValueKind.DecimalInt32 or ParquetValueKind.DecimalInt64 or ParquetValueKind.DecimalBytes
        or ParquetValueKind.Float or ParquetValueKind.Double or ParquetValueKind.Int32 or ParquetValueKind.UInt32
        or ParquetValueKind.Int64 or ParquetValueKind.UInt64 or ParquetValueKind.String;

    /// <summary>True for a string, an integer, a decimal or a UUID: what a label or id column can be.</summary>
    public bool IsTextual => Kind is ParquetValueKind.String or ParquetValueKind.Int32 or ParquetValueKind.UInt32 or ParquetValueKind.Int64
        or ParquetValueKind.UInt64 or ParquetValueKind.DecimalInt32 or ParquetValueKind.DecimalInt64 or ParquetValueKind.DecimalBytes
        or ParquetValueKind.Uuid;

    /// <summary>Classifies a top-level field of a file's schema.</summary>
    public static ParquetColumn Of(Field field)
    {
        if (field is not DataField data || field.SchemaElement is not { } se)
        {
            return new ParquetColumn(field.Name, $"group ({field.SchemaType.ToString().ToLowerInvariant()})", ParquetValueKind.Unreadable);
        }

        if (data.IsArray || se.RepetitionType == FieldRepetitionType.REPEATED)
        {
            return new ParquetColumn(field.Name, "repeated " + se.Type, ParquetValueKind.Unreadable);
        }

        var column = Classify(field.Name, se);
        column._physical = se.Type;
        column._typeLength = se.TypeLength ?? 0;
        column._field = column.Kind switch
        {
            ParquetValueKind.String => new DataField<byte[]>(field.Name, data.IsNullable), // UTF-8 bytes, decoded when read (Decode): no string per value
            ParquetValueKind.Bool => new DataField<bool>(field.Name, data.IsNullable),
            ParquetValueKind.Int32 or ParquetValueKind.UInt32 or ParquetValueKind.DecimalInt32 or ParquetValueKind.Date => new DataField<int>(field.Name, data.IsNullable),
            ParquetValueKind.Int64 or ParquetValueKind.UInt64 or ParquetValueKind.DecimalInt64 or ParquetValueKind.Timestamp => new DataField<long>(field.Name, data.IsNullable),
            ParquetValueKind.Float => new DataField<float>(field.Name, data.IsNullable),
            ParquetValueKind.Double => new DataField<double>(field.Name, data.IsNullable),
            ParquetValueKind.DecimalBytes => new DataField<byte[]>(field.Name, data.IsNullable),
            ParquetValueKind.Int96 => new DataField<Interval>(field.Name, data.IsNullable),
            ParquetValueKind.Uuid => new DataField<Guid>(field.Name, data.IsNullable),
            _ => null,
        };
        if (column._field is not null)
        {
            // A field of its own, attached to a schema of its own (the reader needs its levels): the physical values,
            // read without the library's conversions (which round decimals and fail a whole column on one odd timestamp).
            _ = new ParquetSchema(column._field);
            column._maxDefinition = column._field.MaxDefinitionLevel;
        }

        return column;
    }

    private static ParquetColumn Classify(string name, SchemaElement se)
    {
        var t = se.Type;
        var lt = se.LogicalType;
        var ct = se.ConvertedType;
        var physical = t == PType.FIXED_LEN_BYTE_ARRAY ? $"FIXED_LEN_BYTE_ARRAY({se.TypeLength})" : t?.ToString() ?? "group";

        if (lt?.DECIMAL is not null || ct == ConvertedType.DECIMAL)
        {
            var scale = lt?.DECIMAL?.Scale ?? se.Scale ?? 0;
            var precision = lt?.DECIMAL?.Precision ?? se.Precision ?? 0;
            var typeName = string.Create(CultureInfo.InvariantCulture, $"{physical} DECIMAL({precision},{scale})");
            var kind = t switch
            {
                PType.INT32 => ParquetValueKind.DecimalInt32,
                PType.INT64 => ParquetValueKind.DecimalInt64,
                PType.FIXED_LEN_BYTE_ARRAY or PType.BYTE_ARRAY => ParquetValueKind.DecimalBytes,
                _ => ParquetValueKind.Unreadable,
            };
            return new ParquetColumn(name, typeName, scale is < 0 or > 76 ? ParquetValueKind.Unreadable : kind) { Scale = scale };
        }

        if (lt?.STRING is not null || lt?.ENUM is not null || lt?.JSON is not null || ct is ConvertedType.UTF8 or ConvertedType.ENUM or ConvertedType.JSON)
        {
            var annotation = lt?.ENUM is not null || ct == ConvertedType.ENUM ? "ENUM" : lt?.JSON is not null || ct == ConvertedType.JSON ? "JSON" : "STRING";
            return new ParquetColumn(name, $"{physical} {annotation}", t == PType.BYTE_ARRAY ? ParquetValueKind.String : ParquetValueKind.Unreadable);
        }

        if (lt?.TIMESTAMP is { } ts)
        {
            var unit = ts.Unit.NANOS is not null ? TimestampUnit.Nanos : ts.Unit.MICROS is not null ? TimestampUnit.Micros : TimestampUnit.Millis;
            var typeName = $"{physical} TIMESTAMP({unit.ToString().ToUpperInvariant()}, {(ts.IsAdjustedToUTC ? "adjusted to UTC" : "not adjusted to UTC")})";
            return new ParquetColumn(name, typeName, t == PType.INT64 ? ParquetValueKind.Timestamp : ParquetValueKind.Unreadable) { Unit = unit, Utc = ts.IsAdjustedToUTC };
        }

        if (ct is ConvertedType.TIMESTAMP_MILLIS or ConvertedType.TIMESTAMP_MICROS)
        {
            var unit = ct == ConvertedType.TIMESTAMP_MILLIS ? TimestampUnit.Millis : TimestampUnit.Micros;
            return new ParquetColumn(name, $"{physical} {ct}", t == PType.INT64 ? ParquetValueKind.Timestamp : ParquetValueKind.Unreadable) { Unit = unit, Utc = true };
        }

        if (lt?.DATE is not null || ct == ConvertedType.DATE)
        {
            return new ParquetColumn(name, $"{physical} DATE", t == PType.INT32 ? ParquetValueKind.Date : ParquetValueKind.Unreadable);
        }

        if (lt?.UUID is not null)
        {
            return new ParquetColumn(name, $"{physical} UUID", t == PType.FIXED_LEN_BYTE_ARRAY && se.TypeLength == 16 ? ParquetValueKind.Uuid : ParquetValueKind.Unreadable);
        }

        if (lt?.TIME is not null || ct is ConvertedType.TIME_MILLIS or ConvertedType.TIME_MICROS)
        {
            return new ParquetColumn(name, $"{physical} TIME", ParquetValueKind.Unreadable);
        }

        if (lt?.BSON is not null || lt?.FLOAT16 is not null || lt?.VARIANT is not null || lt?.GEOMETRY is not null || lt?.GEOGRAPHY is not null
            || ct is ConvertedType.BSON or ConvertedType.INTERVAL)
        {
            var annotation = lt?.BSON is not null || ct == ConvertedType.BSON ? "BSON" : lt?.FLOAT16 is not null ? "FLOAT16" : ct == ConvertedType.INTERVAL ? "INTERVAL" : "VARIANT/GEO";
            return new ParquetColumn(name, $"{physical} {annotation}", ParquetValueKind.Unreadable);
        }

        var unsigned = (lt?.INTEGER is { IsSigned: false }) || ct is ConvertedType.UINT_8 or ConvertedType.UINT_16 or ConvertedType.UINT_32 or ConvertedType.UINT_64;
        var integer = lt?.INTEGER is { } it ? string.Create(CultureInfo.InvariantCulture, $" INT({it.BitWidth}, {(it.IsSigned ? "signed" : "unsigned")})") : ct is { } c ? " " + c : string.Empty;
        return t switch
        {
            PType.BOOLEAN => new ParquetColumn(name, "BOOLEAN", ParquetValueKind.Bool),
            PType.INT32 => new ParquetColumn(name, "INT32" + integer, unsigned ? ParquetValueKind.UInt32 : ParquetValueKind.Int32),
            PType.INT64 => new ParquetColumn(name, "INT64" + integer, unsigned ? ParquetValueKind.UInt64 : ParquetValueKind.Int64),
            PType.INT96 => new ParquetColumn(name, "INT96", ParquetValueKind.Int96) { Utc = true },
            PType.FLOAT => new ParquetColumn(name, "FLOAT", ParquetValueKind.Float),
            PType.DOUBLE => new ParquetColumn(name, "DOUBLE", ParquetValueKind.Double),
            PType.BYTE_ARRAY => new ParquetColumn(name, "BYTE_ARRAY", ParquetValueKind.String),
            _ => new ParquetColumn(name, physical, ParquetValueKind.Unreadable),
        };
    }

    /// <summary>
    /// Reads this column's values of a row group (a required or optional top-level column has one value or null per row):
    /// by the page reader of ParquetColumnPages.cs from <paramref name="file"/> when it reads the chunk, else by Parquet.Net.
    /// </summary>
    public void Read(ParquetRowGroupReader group, int rows, FileStream? file = null)
    {
        Cursor = 0;
        _rows = rows;
        _indexed = false;
        _clean = 0;
        if (_field is null)
        {
            return;
        }

        var chunk = group.GetMetadata(_field) ?? throw new DataSetException($"the column '{Name}' has no data in a row group.");
        var values = chunk.MetaData?.NumValues ?? -1;
        if (values != rows)
        {
            throw new DataSetException($"the column '{Name}' holds {values:N0} values in a row group of {rows:N0} rows.");
        }

        Memory<int>? definitions = null;
        if (_maxDefinition > 0)
        {
            Grow(ref _definitions, rows);
            _definitions.AsSpan(0, rows).Clear();
            definitions = _definitions.AsMemory(0, rows);
        }

        if (TryReadPages(file, chunk, rows))
        {
            return;
        }

        if (_maxDefinition > 0)
        {
            _definitions.AsSpan(0, rows).Clear();
        }

        switch (Kind)
        {
            case ParquetValueKind.String:
            case ParquetValueKind.DecimalBytes:
                Grow(ref _bytes, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _bytes.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Bool:
                Grow(ref _bools, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _bools.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Int32 or ParquetValueKind.UInt32 or ParquetValueKind.DecimalInt32 or ParquetValueKind.Date:
                Grow(ref _ints, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _ints.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Int64 or ParquetValueKind.UInt64 or ParquetValueKind.DecimalInt64 or ParquetValueKind.Timestamp:
                Grow(ref _longs, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _longs.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Float:
                Grow(ref _floats, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _floats.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Double:
                Grow(ref _doubles, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _doubles.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Int96:
                Grow(ref _int96, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _int96.AsMemory(0, rows), definitions, null).AsTask());
                break;
            case ParquetValueKind.Uuid:
                Grow(ref _guids, rows);
                ParquetSource.Sync(group.ReadRawAsync(_field, _guids.AsMemory(0, rows), definitions, null).AsTask());
                break;
        }
    }

    // The value index of each row of the current row group (-1 for a null), for the typed reader (ParquetRows.cs): built
    // once per row group of an optional column; a required column's row is its value index.
    private int[] _index = [];
    private int _rows;
    private bool _indexed;
    private char[] _scratch = new char[128];

    /// <summary>The index of a row's value in the current row group (values are stored compactly), or -1 for a null or a column not read.</summary>
    public int IndexOf(int row)
    {
        if (_field is null)
        {
            return -1;
        }

        if (_maxDefinition == 0)
        {
            return row;
        }

        if (!_indexed)
        {
            // Built lazily: a column no row reads costs nothing.
            BuildIndex();
        }

        return _index[row];
    }

    /// <summary>
    /// Drops the values read (a file read typed by another source: the text form's reader may have read its first row
    /// group ahead while its header was read); a later <see cref="Read"/> reads again.
    /// </summary>
    public void Release()
    {
        _definitions = [];
        _bools = [];
        _ints = [];
        _longs = [];
        _floats = [];
        _doubles = [];
        _bytes = [];
        _int96 = [];
        _guids = [];
        _heap = [];
        _dictionary = [];
        _chunkBytes = [];
        _pageBytes = [];
        _pagesRead = false;
        _index = [];
        _rows = 0;
        _indexed = false;
        _clean = 0;
        Cursor = 0;
    }

    private void BuildIndex()
    {
        var rows = _rows;
        Grow(ref _index, rows);
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            _index[r] = _definitions[r] == _maxDefinition ? k++ : -1;
        }

        _indexed = true;
    }

    /// <summary>
    /// The text of a row's value as the text form of the file reads it (a CSV field, trimmed): a string as it is, any
    /// other value as <see cref="Write"/> writes it; empty for a null. Valid until the next call on this column.
    /// </summary>
    public ReadOnlySpan<char> Text(int row)
    {
        var i = IndexOf(row);
        if (i < 0)
        {
            return default;
        }

        if (Kind == ParquetValueKind.String)
        {
            return Decode(i).Trim();
        }

        if (Kind == ParquetValueKind.Unreadable)
        {
            return default;
        }

        while (true)
        {
            var w = new ParquetSource.LineWriter(_scratch);
            var saved = Cursor;
            Cursor = i;
            var written = WriteValue(i, ref w);
            Cursor = saved;
            if (written)
            {
                return _scratch.AsSpan(0, w.Length).Trim();
            }

            _scratch = new char[_scratch.Length * 2];
        }
    }

    /// <summary>
    /// The bytes of a row's string value as the Parquet library holds them (rows of one dictionary entry share them), or
    /// false for a null, another kind or a column not read.
    /// </summary>
    public bool TryRawString(int row, out ReadOnlyMemory<byte> raw)
    {
        raw = default;
        if (Kind != ParquetValueKind.String || IndexOf(row) is not (var i and >= 0))
        {
            return false;
        }

        raw = _bytes[i];
        return true;
    }

    /// <summary>The untrimmed string of a row (for the checks of text that is not UTF-8), or empty for a null or another kind.</summary>
    public ReadOnlySpan<char> RawString(int row) => Kind == ParquetValueKind.String && IndexOf(row) is var i and >= 0 ? Decode(i) : default;

    /// <summary>
    /// False when a row's string is certainly clean UTF-8 text without NUL or U+FFFD (checked on its bytes, without
    /// decoding); true for a string that may be rejected (<see cref="RawString"/> then decides), false for any other kind.
    /// </summary>
    public bool MaybeBadText(int row)
    {
        if (Kind != ParquetValueKind.String)
        {
            return false;
        }

        if (_clean == 0)
        {
            CheckGroup();
        }

        return _clean == 2 && IndexOf(row) is var i and >= 0 && MaybeBad(_bytes[i].Span);
    }

    /// <summary>True when some string of the current row group may be malformed text (NUL, not UTF-8, U+FFFD); false for any other kind.</summary>
    public bool MaybeBadGroup
    {
        get
        {
            if (Kind != ParquetValueKind.String)
            {
                return false;
            }

            if (_clean == 0)
            {
                CheckGroup();
            }

            return _clean == 2;
        }
    }

    // Whether every string of the current row group is clean (1) or some may not be (2); 0 before the first check of
    // a group. One pass over the group's values, each distinct value checked once where values repeat (a dictionary
    // column's values share their entry's bytes), instead of three scans of every value of every row.
    private int _clean;

    private void CheckGroup()
    {
        if (_pagesRead)
        {
            // Read by the page reader: every value's bytes lie in the heap (PLAIN pages) or the dictionary, without
            // length prefixes, so one scan of each decides (valid UTF-8 strings joined are valid UTF-8, and neither NUL
            // nor U+FFFD can span two of them).
            _clean = MaybeBad(_heap.AsSpan(0, _heapUsed)) || (_hasDictionary && MaybeBad(_dictionary.AsSpan(0, _dictionaryUsed))) ? 2 : 1;
            return;
        }

        var values = _rows;
        if (_maxDefinition > 0)
        {
            values = 0;
            foreach (var d in _definitions.AsSpan(0, _rows))
            {
                values += d == _maxDefinition ? 1 : 0;
            }
        }

        // The last four values checked, when each is a whole array of its own (as the Parquet library gives a value):
        // the rows of one dictionary entry share that array, so a low-cardinality column is checked once per entry.
        object? a0 = null, a1 = null, a2 = null, a3 = null;
        _clean = 1;
        foreach (var value in _bytes.AsSpan(0, values))
        {
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            {
                var array = segment.Array;
                if (ReferenceEquals(array, a0) || ReferenceEquals(array, a1) || ReferenceEquals(array, a2) || ReferenceEquals(array, a3))
                {
                    continue;
                }

                if (MaybeBad(array))
                {
                    _clean = 2;
                    return;
                }

                (a3, a2, a1, a0) = (a2, a1, a0, array);
            }
            else if (MaybeBad(value.Span))
            {
                _clean = 2;
                return;
            }
        }
    }

    private static bool MaybeBad(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOfAnyExceptInRange((byte)1, (byte)0x7F) >= 0
        && (bytes.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(bytes) || bytes.IndexOf("\uFFFD"u8) >= 0);

    /// <summary>The characters of string value <paramref name="i"/> (UTF-8, bytes that are not UTF-8 read as U+FFFD), valid until the next decode of this column.</summary>
    private ReadOnlySpan<char> Decode(int i)
    {
        var bytes = _bytes[i].Span;
        if (bytes.Length > _chars.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        var n = System.Text.Encoding.UTF8.GetChars(bytes, _chars);
        return _chars.AsSpan(0, n);
    }

    /// <summary>
    /// The instant of a row's value when it is one without any reading in a zone: a TIMESTAMP adjusted to UTC (or a
    /// legacy one) or an INT96 within years 1 to 9999, as Unix ticks (nanoseconds truncated as the text is); false for
    /// anything else (a null, a local date-time, a date, a string, a value out of range: the caller reads its text).
    /// </summary>
    public bool TryInstant(int row, out long ticks)
    {
        ticks = 0;
        if (Kind == ParquetValueKind.Timestamp && Utc && IndexOf(row) is var i and >= 0)
        {
            return ParquetSource.TryTicks(_longs[i], Unit, out ticks);
        }

        return false;
    }

    /// <summary>
    /// The exact amount of a row's value when it is a DECIMAL stored as INT32 or INT64 (at most 28 places) or an integer:
    /// the decimal that its text reads as (at the column's scale: 12.30 for DECIMAL(18,2) 1230); false for anything else.
    /// </summary>
    public bool TryAmount(int row, out decimal amount)
    {
        amount = 0;
        var i = IndexOf(row);
        if (i < 0)
        {
            return false;
        }

        long unscaled;
        switch (Kind)
        {
            case ParquetValueKind.DecimalInt32 or ParquetValueKind.Int32:
                unscaled = _ints[i];
                break;
            case ParquetValueKind.DecimalInt64 or ParquetValueKind.Int64:
                unscaled = _longs[i];
                break;
            case ParquetValueKind.UInt32:
                unscaled = unchecked((uint)_ints[i]);
                break;
            default:
                return false;
        }

        var scale = Kind is ParquetValueKind.DecimalInt32 or ParquetValueKind.DecimalInt64 ? Scale : 0;
        if (scale > 28 || unscaled == long.MinValue)
        {
            return false;
        }

        var magnitude = (ulong)Math.Abs(unscaled);
        amount = new decimal(unchecked((int)magnitude), (int)(magnitude >> 32), 0, unscaled < 0, (byte)scale);
        return true;
    }

    private static void Grow<T>(ref T[] array, int rows)
    {
        if (array.Length < rows)
        {
            array = new T[rows];
        }
    }

    /// <summary>Writes the value of a row (nothing for a null); false when it does not fit the writer.</summary>
    public bool Write(long row, ref ParquetSource.LineWriter w)
    {
        if (_field is null || (_maxDefinition > 0 && _definitions[row] < _maxDefinition))
        {
            return true;
        }

        return WriteValue(Cursor++, ref w);
    }

    private bool WriteValue(int i, ref ParquetSource.LineWriter w)
    {
        return Kind switch
        {
            ParquetValueKind.String => w.Text(Decode(i)),
            ParquetValueKind.Bool => w.Plain(_bools[i] ? "true" : "false"),
            ParquetValueKind.Int32 => w.Format(_ints[i], default),
            ParquetValueKind.UInt32 => w.Format(unchecked((uint)_ints[i]), default),
            ParquetValueKind.Int64 => w.Format(_longs[i], default),
            ParquetValueKind.UInt64 => w.Format(unchecked((ulong)_longs[i]), default),
            ParquetValueKind.Float => w.Format(_floats[i], "R"),
            ParquetValueKind.Double => w.Format(_doubles[i], "R"),
            ParquetValueKind.DecimalInt32 => WriteDecimal(_ints[i], Scale, ref w),
            ParquetValueKind.DecimalInt64 => WriteDecimal(_longs[i], Scale, ref w),
            ParquetValueKind.DecimalBytes => WriteDecimal(new BigInteger(_bytes[i].Span, isUnsigned: false, isBigEndian: true), Scale, ref w),
            ParquetValueKind.Timestamp => WriteTimestamp(_longs[i], ref w),
            ParquetValueKind.Int96 => WriteInt96(_int96[i], ref w),
            ParquetValueKind.Date => WriteDate(_ints[i], ref w),
            ParquetValueKind.Uuid => w.Format(_guids[i], "D"),
            _ => true,
        };
    }

    private bool WriteTimestamp(long value, ref ParquetSource.LineWriter w)
    {
        if (ParquetSource.TryTicks(value, Unit, out var ticks))
        {
            return ParquetSource.WriteInstant(ticks, Utc, ref w);
        }

        return w.Text(string.Create(CultureInfo.InvariantCulture, $"{value} {Unit.ToString().ToLowerInvariant()} from 1970 (outside years 1 to 9999)"));
    }

    private static bool WriteInt96(Interval raw, ref ParquetSource.LineWriter w)
    {
        // INT96 as Impala wrote it: 8 bytes of nanoseconds in the day, then 4 bytes of Julian day, little-endian
        // (read as the 12-byte INTERVAL struct: Months and Days hold the nanoseconds, Millis the day).
        var nanos = unchecked((long)(uint)raw.Months | ((long)raw.Days << 32));
        var julian = (long)unchecked((uint)raw.Millis);
        if (nanos is >= 0 and < 86_400_000_000_000L && julian - UnixEpochJulianDay is var days and >= -719_162 and <= 2_932_896)
        {
            var ticks = (days * TimeSpan.TicksPerDay) + (nanos / 100);
            return ParquetSource.WriteInstant(ticks, utc: true, ref w);
        }

        return w.Text(string.Create(CultureInfo.InvariantCulture, $"INT96 Julian day {julian}, {nanos} ns (not a time of years 1 to 9999)"));
    }

    private static bool WriteDate(int days, ref ParquetSource.LineWriter w)
    {
        if (days is >= -719_162 and <= 2_932_896)
        {
            Span<char> text = stackalloc char[10];
            ParquetSource.WriteDate(days, text);
            return w.Plain(text);
        }

        return w.Text(string.Create(CultureInfo.InvariantCulture, $"{days} days from 1970-01-01 (outside years 1 to 9999)"));
    }

    /// <summary>
    /// Writes <paramref name="unscaled"/> × 10^-<paramref name="scale"/> exactly, trailing zeros of the fraction dropped;
    /// a value that System.Decimal cannot hold exactly is written with a note that no number check accepts.
    /// </summary>
    internal static bool WriteDecimal(BigInteger unscaled, int scale, ref ParquetSource.LineWriter w)
    {
        // At the column's scale when a decimal holds that (12.30 stays 12.30, as the same CSV text reads); past 28 places
        // or 96 bits the fraction's trailing zeros are dropped (the value unchanged); what is still not held is marked.
        while (scale > 0 && (scale > 28 || BigInteger.Abs(unscaled) >= MaxUnscaled) && !unscaled.IsZero && BigInteger.Remainder(unscaled, 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        if (unscaled.IsZero && scale > 28)
        {
            scale = 28;
        }

        var negative = unscaled.Sign < 0;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var text = scale == 0 ? digits : digits.Length > scale ? digits[..^scale] + "." + digits[^scale..] : "0." + new string('0', scale - digits.Length) + digits;
        if (negative)
        {
            text = "-" + text;
        }

        var exact = scale <= 28 && BigInteger.Abs(unscaled) < MaxUnscaled;
        return exact ? w.Plain(text) : w.Text(text + " (not held exactly by a decimal: more than 28 decimal places or beyond 7.9e28)");
    }

    private static bool WriteDecimal(long unscaled, int scale, ref ParquetSource.LineWriter w)
    {
        if (scale == 0)
        {
            return w.Format(unscaled, default);
        }

        return WriteDecimal(new BigInteger(unscaled), scale, ref w);
    }
}

/// <summary>
/// The header of a Parquet file as the CSV readers see it (the column names), with each column's Parquet type, so that
/// <see cref="ColumnMap.Resolve"/> can refuse a canonical column bound to a column of a type it cannot be.
/// </summary>
internal sealed class ParquetHeader(string file, IReadOnlyList<ParquetColumn> columns) : IReadOnlyList<string>
{
    private static readonly HashSet<string> Temporal = new(StringComparer.Ordinal) { "created_at", "first_response_at", "won_at", "lost_at", "at", "date", "from", "to" };
    private static readonly HashSet<string> Amounts = new(StringComparer.Ordinal) { "value", "amount" };

    public IReadOnlyList<ParquetColumn> Columns => columns;

    public int Count => columns.Count;

    public string this[int index] => columns[index].Name;

    public IEnumerator<string> GetEnumerator() => columns.Select(c => c.Name).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Fails when a canonical column is bound to a Parquet column of a type it cannot be (a usage error naming both).</summary>
    /// <param name="header">A header; nothing is checked unless it is a Parquet file's.</param>
    /// <param name="resolved">The resolved columns of the file.</param>
    /// <exception cref="DataSetException">A canonical column is bound to a column of an unusable type.</exception>
    public static void Check(IReadOnlyList<string> header, FileColumns resolved)
    {
        if (header is not ParquetHeader parquet)
        {
            return;
        }

        foreach (var (canonical, binding) in resolved.Bindings)
        {
            foreach (var ordinal in binding.Ordinals)
            {
                var column = parquet.Columns[ordinal];
                var (ok, accepted) = Temporal.Contains(canonical)
                    ? (column.IsTemporal, "a TIMESTAMP (milli-, micro- or nanoseconds), INT96, DATE or string column")
                    : Amounts.Contains(canonical)
                        ? (column.IsNumeric, "a DECIMAL, DOUBLE, FLOAT, integer or string column")
                        : (column.IsTextual, "a string, integer, DECIMAL or UUID column");
                if (!ok)
                {
                    throw new DataSetException(
                        $"{parquet.File}: the column '{column.Name}' is {column.TypeName}, which cannot be {CanonicalColumns.FileName(resolved.Kind)}.{canonical}: that needs {accepted}" +
                        (binding.Entry is null ? "; map another column with --map " + CanonicalColumns.FileName(resolved.Kind) + "." + canonical + "=<column>." : "."));
                }
            }
        }
    }

    public string File => file;
}
