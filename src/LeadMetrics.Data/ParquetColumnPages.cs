using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Parquet.Meta;
using PType = Parquet.Meta.Type;

namespace LeadMetrics.Data;

/// <summary>
/// The page reader of our own for the columns the report reads most (issue 14): a top-level required or optional
/// column of BYTE_ARRAY (strings, byte-array decimals), FIXED_LEN_BYTE_ARRAY (decimals), INT32, INT64, FLOAT or DOUBLE,
/// PLAIN or dictionary encoded (PLAIN_DICTIONARY, RLE_DICTIONARY), in data pages v1, uncompressed or Snappy. The
/// column chunk is read with one file read into a reused buffer and each page decompressed into another; a string's
/// bytes are copied into one reused heap per column (its value is a slice of it), where Parquet.Net's reading makes a
/// <c>byte[]</c> per string value and one per compressed page. Anything else (another codec or encoding, data pages v2,
/// nested or repeated levels, a chunk whose pages do not add up) is read by Parquet.Net as before, from the start of the chunk: a
/// corrupt file gets Parquet.Net's reading and its message, as before.
/// </summary>
internal sealed partial class ParquetColumn
{
    private const int DataPage = 0;
    private const int IndexPage = 1;
    private const int DictionaryPage = 2;

    private PType? _physical;
    private int _typeLength;
    private byte[] _chunkBytes = [];
    private byte[] _pageBytes = [];
    private int[] _dictionaryIndexes = [];

    // The values' bytes of the current row group (strings, decimal bytes): _bytes[i] are slices of _heap (PLAIN pages)
    // or of _dictionary (dictionary pages); _heapUsed and _dictionaryUsed bytes of each hold values only (no length
    // prefixes), so one scan of each decides whether any string of the group may be malformed text.
    private byte[] _heap = [];
    private int _heapUsed;
    private byte[] _dictionary = [];
    private int _dictionaryUsed;
    private int[] _dictionaryStart = [];
    private int[] _dictionaryLength = [];
    private int _dictionaryCount;
    private bool _hasDictionary;
    private bool _pagesRead;

    /// <summary>True when the current row group's values were read by the page reader (not by Parquet.Net).</summary>
    internal bool PagesRead => _pagesRead;

    /// <summary>The byte width of a fixed-width value kept in _ints, _longs, _floats or _doubles; 0 for byte values; -1 when not read here.</summary>
    private int PageWidth => Kind switch
    {
        ParquetValueKind.String or ParquetValueKind.DecimalBytes when _physical == PType.BYTE_ARRAY => 0,
        ParquetValueKind.DecimalBytes when _physical == PType.FIXED_LEN_BYTE_ARRAY && _typeLength > 0 => 0,
        ParquetValueKind.Int32 or ParquetValueKind.UInt32 or ParquetValueKind.DecimalInt32 or ParquetValueKind.Date when _physical == PType.INT32 => 4,
        ParquetValueKind.Int64 or ParquetValueKind.UInt64 or ParquetValueKind.DecimalInt64 or ParquetValueKind.Timestamp when _physical == PType.INT64 => 8,
        ParquetValueKind.Float when _physical == PType.FLOAT => 4,
        ParquetValueKind.Double when _physical == PType.DOUBLE => 8,
        _ => -1,
    };

    /// <summary>
    /// Reads the column chunk's pages into this column's arrays (definition levels into _definitions); false, with
    /// nothing to rely on in the arrays, when the chunk is not one this reader reads (Parquet.Net then reads it).
    /// </summary>
    private bool TryReadPages(FileStream? file, ColumnChunk chunk, int rows)
    {
        _pagesRead = false;
        var width = PageWidth;
        if (file is null || width < 0 || _maxDefinition > 1 || chunk.FilePath is not null || chunk.MetaData is not { } meta
            || meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY))
        {
            return false;
        }

        try
        {
            return ReadPages(file, meta, rows, width);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or IOException or OverflowException)
        {
            return false; // Parquet.Net reads it again, and reports it if it cannot
        }
    }

    private bool ReadPages(FileStream file, ColumnMetaData meta, int rows, int width)
    {
        var start = meta.DataPageOffset;
        if (meta.DictionaryPageOffset is > 0 and var d && d < start)
        {
            start = d;
        }

        var length = meta.TotalCompressedSize;
        if (start < 4 || length <= 0 || length > (1 << 30) || start + length > file.Length - 8 || meta.TotalUncompressedSize is < 0 or > (1 << 30))
        {
            return false;
        }

        var n = (int)length;
        Grow(ref _chunkBytes, n);
        for (var read = 0; read < n;)
        {
            var got = RandomAccess.Read(file.SafeFileHandle, _chunkBytes.AsSpan(read, n - read), start + read);
            if (got <= 0)
            {
                return false;
            }

            read += got;
        }

        _heapUsed = 0;
        _dictionaryUsed = 0;
        _hasDictionary = false;
        if (width == 0)
        {
            // Every value's bytes fit in the chunk's uncompressed size (pages and headers included).
            Grow(ref _heap, (int)meta.TotalUncompressedSize);
            Grow(ref _bytes, rows);
        }
        else
        {
            _ = FixedTarget(0, rows, width);
        }

        var chunk = _chunkBytes.AsSpan(0, n);
        var at = 0;
        var rowsRead = 0;
        var stored = 0;
        while (rowsRead < rows)
        {
            if (at >= n || !PageHeaderOf(chunk[at..], out var header, out var headerLength))
            {
                return false;
            }

            at += headerLength;
            if (header.Compressed < 0 || header.Compressed > n - at || header.Uncompressed < 0)
            {
                return false;
            }

            var body = chunk.Slice(at, header.Compressed);
            at += header.Compressed;
            switch (header.Type)
            {
                case DictionaryPage:
                    if (_hasDictionary || header.Encoding is not (0 or 2) || !ReadDictionary(Decompress(body, header.Uncompressed, meta.Codec), header.Values, width))
                    {
                        return false;
                    }

                    break;
                case DataPage:
                {
                    var count = header.Values;
                    if (count <= 0 || count > rows - rowsRead)
                    {
                        return false;
                    }

                    var page = Decompress(body, header.Uncompressed, meta.Codec);
                    var used = 0;
                    if (_maxDefinition > 0)
                    {
                        var levels = page.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(page) : -1;
                        if (header.LevelEncoding != 3 || levels < 0 || levels > page.Length - 4 || !Levels(page.Slice(4, levels), rowsRead, count))
                        {
                            return false;
                        }

                        used = 4 + levels;
                    }

                    var values = page[used..];
                    var present = count;
                    if (_maxDefinition > 0)
                    {
                        present = 0;
                        foreach (var level in _definitions.AsSpan(rowsRead, count))
                        {
                            present += level == _maxDefinition ? 1 : 0;
                        }
                    }

                    var ok = header.Encoding switch
                    {
                        0 => width == 0 ? PlainBytes(values, stored, present) : PlainFixed(values, stored, present, width),
                        2 or 8 => _hasDictionary && FromDictionary(values, stored, present, width),
                        _ => false,
                    };
                    if (!ok)
                    {
                        return false;
                    }

                    rowsRead += count;
                    stored += present;
                    break;
                }

                case IndexPage:
                    break;
                default:
                    return false;
            }
        }

        _pagesRead = true;
        return true;
    }

    /// <summary>A page's body decompressed (into a reused buffer), or the body itself when uncompressed.</summary>
    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, int uncompressed, CompressionCodec codec)
    {
        if (codec == CompressionCodec.UNCOMPRESSED)
        {
            return body.Length == uncompressed ? body : throw new InvalidDataException("page size");
        }

        if (uncompressed < 0 || uncompressed > (1 << 30))
        {
            throw new InvalidDataException("page size");
        }

        Grow(ref _pageBytes, uncompressed);
        var written = Snappier.Snappy.Decompress(body, _pageBytes.AsSpan(0, uncompressed));
        return written == uncompressed ? _pageBytes.AsSpan(0, uncompressed) : throw new InvalidDataException("page size");
    }

    /// <summary>Definition levels (bit width 1: the column is optional at the top) of <paramref name="count"/> rows from row <paramref name="row"/>.</summary>
    private bool Levels(ReadOnlySpan<byte> encoded, int row, int count) =>
        Hybrid(encoded, 1, _definitions.AsSpan(row, count)) && !_definitions.AsSpan(row, count).ContainsAnyExceptInRange(0, 1);

    private bool PlainBytes(ReadOnlySpan<byte> values, int stored, int present)
    {
        Grow(ref _bytes, stored + present);
        var heap = _heap;
        var fixedLength = _physical == PType.FIXED_LEN_BYTE_ARRAY ? _typeLength : -1;
        var at = 0;
        for (var i = 0; i < present; i++)
        {
            int length;
            if (fixedLength >= 0)
            {
                length = fixedLength;
            }
            else
            {
                length = BinaryPrimitives.ReadInt32LittleEndian(values[at..]);
                at += 4;
            }

            if (length < 0 || length > values.Length - at || length > heap.Length - _heapUsed)
            {
                return false;
            }

            values.Slice(at, length).CopyTo(heap.AsSpan(_heapUsed));
            _bytes[stored + i] = new ReadOnlyMemory<byte>(heap, _heapUsed, length);
            _heapUsed += length;
            at += length;
        }

        return true;
    }

    private bool PlainFixed(ReadOnlySpan<byte> values, int stored, int present, int width)
    {
        var bytes = present * width;
        if (bytes > values.Length)
        {
            return false;
        }

        values[..bytes].CopyTo(FixedTarget(stored, present, width));
        return true;
    }

    /// <summary>The bytes of values <paramref name="stored"/> to <paramref name="stored"/> + <paramref name="present"/> of the column's fixed-width array (grown to hold them).</summary>
    private Span<byte> FixedTarget(int stored, int present, int width)
    {
        var total = stored + present;
        switch (Kind)
        {
            case ParquetValueKind.Float:
                Grow(ref _floats, total);
                return MemoryMarshal.AsBytes(_floats.AsSpan(stored, present));
            case ParquetValueKind.Double:
                Grow(ref _doubles, total);
                return MemoryMarshal.AsBytes(_doubles.AsSpan(stored, present));
            default:
                if (width == 4)
                {
                    Grow(ref _ints, total);
                    return MemoryMarshal.AsBytes(_ints.AsSpan(stored, present));
                }

                Grow(ref _longs, total);
                return MemoryMarshal.AsBytes(_longs.AsSpan(stored, present));
        }
    }

    private bool ReadDictionary(ReadOnlySpan<byte> page, int count, int width)
    {
        if (count < 0 || count > page.Length + 1)
        {
            return false;
        }

        _dictionaryCount = count;
        _hasDictionary = true;
        if (width > 0)
        {
            if ((long)count * width > page.Length)
            {
                return false;
            }

            Grow(ref _dictionary, count * width);
            page[..(count * width)].CopyTo(_dictionary);
            return true;
        }

        Grow(ref _dictionary, page.Length);
        Grow(ref _dictionaryStart, count);
        Grow(ref _dictionaryLength, count);
        var fixedLength = _physical == PType.FIXED_LEN_BYTE_ARRAY ? _typeLength : -1;
        var at = 0;
        _dictionaryUsed = 0;
        for (var i = 0; i < count; i++)
        {
            int length;
            if (fixedLength >= 0)
            {
                length = fixedLength;
            }
            else
            {
                length = BinaryPrimitives.ReadInt32LittleEndian(page[at..]);
                at += 4;
            }

            if (length < 0 || length > page.Length - at)
            {
                return false;
            }

            page.Slice(at, length).CopyTo(_dictionary.AsSpan(_dictionaryUsed));
            _dictionaryStart[i] = _dictionaryUsed;
            _dictionaryLength[i] = length;
            _dictionaryUsed += length;
            at += length;
        }

        return true;
    }

    private bool FromDictionary(ReadOnlySpan<byte> values, int stored, int present, int width)
    {
        if (present == 0)
        {
            return true;
        }

        if (values.IsEmpty || values[0] > 32)
        {
            return false;
        }

        Grow(ref _dictionaryIndexes, present);
        var indexes = _dictionaryIndexes.AsSpan(0, present);
        if (!Hybrid(values[1..], values[0], indexes) || indexes.ContainsAnyExceptInRange(0, _dictionaryCount - 1))
        {
            return false;
        }

        switch (width)
        {
            case 0:
                Grow(ref _bytes, stored + present);
                var target = _bytes.AsSpan(stored, present);
                for (var i = 0; i < indexes.Length; i++)
                {
                    var j = indexes[i];
                    target[i] = new ReadOnlyMemory<byte>(_dictionary, _dictionaryStart[j], _dictionaryLength[j]);
                }

                break;
            case 4:
                Gather(MemoryMarshal.Cast<byte, int>(_dictionary.AsSpan(0, _dictionaryCount * 4)), indexes, MemoryMarshal.Cast<byte, int>(FixedTarget(stored, present, 4)));
                break;
            default:
                Gather(MemoryMarshal.Cast<byte, long>(_dictionary.AsSpan(0, _dictionaryCount * 8)), indexes, MemoryMarshal.Cast<byte, long>(FixedTarget(stored, present, 8)));
                break;
        }

        return true;
    }

    private static void Gather<T>(ReadOnlySpan<T> dictionary, ReadOnlySpan<int> indexes, Span<T> target)
    {
        for (var i = 0; i < indexes.Length; i++)
        {
            target[i] = dictionary[indexes[i]];
        }
    }

    /// <summary>
    /// Decodes the RLE / bit-packed hybrid encoding (values of <paramref name="bitWidth"/> bits) until
    /// <paramref name="target"/> is full; false when the bytes end first.
    /// </summary>
    internal static bool Hybrid(ReadOnlySpan<byte> encoded, int bitWidth, Span<int> target)
    {
        var at = 0;
        var filled = 0;
        var valueBytes = (bitWidth + 7) / 8;
        var mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        while (filled < target.Length)
        {
            var header = VarUInt(encoded, ref at);
            if ((header & 1) == 0)
            {
                // A run: one value repeated.
                var run = header >> 1;
                if (at + valueBytes > encoded.Length)
                {
                    return false;
                }

                var value = 0u;
                for (var b = 0; b < valueBytes; b++)
                {
                    value |= (uint)encoded[at + b] << (8 * b);
                }

                at += valueBytes;
                var take = (int)Math.Min(run, (uint)(target.Length - filled));
                target.Slice(filled, take).Fill((int)value);
                filled += take;
                if (run == 0)
                {
                    return false; // no progress: a corrupt run
                }
            }
            else
            {
                // Groups of 8 values, bit-packed, least significant bit first.
                var groups = header >> 1;
                if (groups == 0 || groups > int.MaxValue / 8)
                {
                    return false;
                }

                var values = (int)Math.Min(groups * 8, (uint)(target.Length - filled));
                var bytes = (long)groups * bitWidth;
                var available = encoded.Length - at;
                ulong buffer = 0;
                var bits = 0;
                var p = at;
                for (var i = 0; i < values; i++)
                {
                    while (bits < bitWidth)
                    {
                        if (p >= encoded.Length)
                        {
                            return false;
                        }

                        buffer |= (ulong)encoded[p++] << bits;
                        bits += 8;
                    }

                    target[filled + i] = (int)((uint)buffer & mask);
                    buffer >>= bitWidth;
                    bits -= bitWidth;
                }

                filled += values;
                at += (int)Math.Min(bytes, available); // the last group may be cut short at the end of the page
            }
        }

        return true;
    }

    private static uint VarUInt(ReadOnlySpan<byte> s, ref int at)
    {
        var result = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = s[at++];
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint");
    }

    /// <summary>What a page header holds for this reader (Thrift compact protocol, parquet.thrift's PageHeader).</summary>
    private struct PageHeader
    {
        public int Type;
        public int Uncompressed;
        public int Compressed;
        public int Values;
        public int Encoding;
        public int LevelEncoding;
    }

    private static bool PageHeaderOf(ReadOnlySpan<byte> s, out PageHeader header, out int length)
    {
        header = new PageHeader { Type = -1, Uncompressed = -1, Compressed = -1, LevelEncoding = 3, Encoding = -1, Values = -1 };
        var at = 0;
        var last = (short)0;
        while (Field(s, ref at, ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == 5:
                    header.Type = I32(s, ref at);
                    break;
                case 2 when type == 5:
                    header.Uncompressed = I32(s, ref at);
                    break;
                case 3 when type == 5:
                    header.Compressed = I32(s, ref at);
                    break;
                case 5 or 7 when type == 12:
                    SubHeader(s, ref at, id, ref header);
                    break;
                default:
                    Skip(s, ref at, type, 0);
                    break;
            }
        }

        length = at;
        return header.Type >= 0 && header.Compressed >= 0 && header.Uncompressed >= 0;
    }

    // DataPageHeader (5): num_values 1, encoding 2, definition_level_encoding 3 (repetition_level_encoding 4 and the
    // statistics skipped); DictionaryPageHeader (7): num_values 1, encoding 2.
    private static void SubHeader(ReadOnlySpan<byte> s, ref int at, short which, ref PageHeader header)
    {
        var last = (short)0;
        while (Field(s, ref at, ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == 5:
                    header.Values = I32(s, ref at);
                    break;
                case 2 when type == 5:
                    header.Encoding = I32(s, ref at);
                    break;
                case 3 when type == 5 && which == 5:
                    header.LevelEncoding = I32(s, ref at);
                    break;
                default:
                    Skip(s, ref at, type, 0);
                    break;
            }
        }
    }

    /// <summary>The next field's id and type; false at the struct's end.</summary>
    private static bool Field(ReadOnlySpan<byte> s, ref int at, ref short last, out short id, out int type)
    {
        var b = s[at++];
        type = b & 0x0F;
        if (b == 0)
        {
            id = 0;
            return false;
        }

        var delta = b >> 4;
        id = delta != 0 ? checked((short)(last + delta)) : checked((short)ZigZag(VarUInt(s, ref at)));
        last = id;
        return true;
    }

    private static int I32(ReadOnlySpan<byte> s, ref int at) => ZigZag(VarUInt(s, ref at));

    private static int ZigZag(uint n) => (int)(n >> 1) ^ -(int)(n & 1);

    private static void Skip(ReadOnlySpan<byte> s, ref int at, int type, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidDataException("nesting");
        }

        switch (type)
        {
            case 1 or 2:
                break;
            case 3:
                at++;
                break;
            case 4 or 5:
                VarUInt(s, ref at);
                break;
            case 6:
                for (var i = 0; i < 10 && s[at++] >= 0x80; i++)
                {
                }

                break;
            case 7:
                at += 8;
                break;
            case 8:
            {
                var n = VarUInt(s, ref at);
                if (n > (uint)(s.Length - at))
                {
                    throw new InvalidDataException("binary");
                }

                at += (int)n;
                break;
            }

            case 9 or 10:
            {
                var b = s[at++];
                var n = (uint)(b >> 4);
                if (n == 15)
                {
                    n = VarUInt(s, ref at);
                }

                var element = b & 0x0F;
                if (n > (uint)(s.Length - at))
                {
                    throw new InvalidDataException("list");
                }

                for (var i = 0u; i < n; i++)
                {
                    if (element is 1 or 2)
                    {
                        at++;
                    }
                    else
                    {
                        Skip(s, ref at, element, depth + 1);
                    }
                }

                break;
            }

            case 11:
            {
                var n = VarUInt(s, ref at);
                if (n == 0)
                {
                    break;
                }

                if (n > (uint)(s.Length - at))
                {
                    throw new InvalidDataException("map");
                }

                var kv = s[at++];
                for (var i = 0u; i < n; i++)
                {
                    Skip(s, ref at, kv >> 4, depth + 1);
                    Skip(s, ref at, kv & 0x0F, depth + 1);
                }

                break;
            }

            case 12:
            {
                var last = (short)0;
                while (Field(s, ref at, ref last, out _, out var t))
                {
                    Skip(s, ref at, t, depth + 1);
                }

                break;
            }

            default:
                throw new InvalidDataException("type");
        }

        if (at > s.Length)
        {
            throw new InvalidDataException("past the end");
        }
    }
}
