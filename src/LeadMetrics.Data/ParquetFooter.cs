using System.Buffers.Binary;

namespace LeadMetrics.Data;

/// <summary>
/// Checks a Parquet file's markers and footer before Parquet.Net decodes it, reading the footer (Thrift, compact
/// protocol) the way Parquet.Net 6.1 reads it: by field id, with the type the format gives that id whatever type the
/// field declares, skipping unknown fields by their declared type. Parquet.Net reads the footer from memory and takes
/// the end of it for bytes 0xFF, so a footer cut short in a varint or a list, or a field whose declared type differs
/// from what its id is read as, sends it reading past the end forever (found by fuzzing, issue 15). Here every read
/// must stay within the footer's bytes; every list holds at most as many elements as bytes are left; skipped lists
/// nest at most 64 deep; the schema's groups nest at most 64 deep (Parquet.Net builds its schema tree recursively).
/// A footer that passes is one Parquet.Net decodes within its bytes.
/// </summary>
internal static class ParquetFooter
{
    private const int MaxDepth = 64;

    /// <summary>Null when the file's markers and footer are sound, else why not.</summary>
    public static string? Check(Stream stream)
    {
        var length = stream.Length;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(head);
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
        {
            return "it does not start and end with the PAR1 marker";
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            return $"its footer length {footerLength} does not fit the file's {length} bytes";
        }

        var footer = new byte[footerLength];
        stream.Seek(-8 - footerLength, SeekOrigin.End);
        stream.ReadExactly(footer);
        stream.Seek(0, SeekOrigin.Begin);
        var reader = new Reader(footer);
        if (!reader.Struct(S.FileMetaData, 0))
        {
            return "its footer (the schema and row groups) is not well-formed";
        }

        return reader.SchemaDepthWithin(MaxDepth) ? null : $"its schema nests groups more than {MaxDepth} deep";
    }

    private enum K : byte
    {
        None,
        Bool,
        Byte,
        I16,
        I32,
        I64,
        Double,
        Binary,
        Struct,
        List,
    }

    /// <summary>A field as Parquet.Net reads it: id, kind, a list's element kind, and the struct read (of the field or of a list's elements).</summary>
    private readonly record struct Field(short Id, K Kind, K Element, S Shape);

    private sealed class Reader(byte[] bytes)
    {
        private readonly List<int> _children = [];
        private int _at;

        /// <summary>True when the schema's groups (num_children) nest at most <paramref name="limit"/> deep.</summary>
        public bool SchemaDepthWithin(int limit)
        {
            // As Parquet.Net's schema tree: the first element is the root, its num_children elements follow, each
            // with its own children after it.
            if (_children.Count == 0)
            {
                return true;
            }

            var open = new Stack<int>();
            open.Push(_children[0]);
            for (var i = 1; i < _children.Count && open.Count > 0; i++)
            {
                while (open.Count > 0 && open.Peek() <= 0)
                {
                    open.Pop();
                }

                if (open.Count == 0)
                {
                    break;
                }

                open.Push(open.Pop() - 1);
                if (_children[i] > 0)
                {
                    open.Push(_children[i]);
                    if (open.Count > limit)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>Reads a struct of a shape as Parquet.Net does; false when a read would leave the bytes.</summary>
        public bool Struct(S shape, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            var fields = Shapes[(int)shape];
            short last = 0;
            while (true)
            {
                if (!Next(ref last, out var id, out var type))
                {
                    return false;
                }

                if (type < 0)
                {
                    return true; // the stop byte
                }

                var known = Array.FindIndex(fields, f => f.Id == id);
                if (known < 0)
                {
                    if (!Skip(type, depth + 1))
                    {
                        return false;
                    }

                    continue;
                }

                var field = fields[known];
                if (field.Kind == K.List)
                {
                    if (!ListHeader(out var count, out _))
                    {
                        return false;
                    }

                    if (shape == S.FileMetaData && field.Shape == S.SchemaElement)
                    {
                        _children.Clear(); // a repeated schema field replaces the schema, as in Parquet.Net
                    }

                    for (var i = 0; i < count; i++)
                    {
                        if (field.Shape == S.SchemaElement && field.Element == K.Struct)
                        {
                            _children.Add(0);
                        }

                        if (!Value(field.Element, field.Shape, depth + 1))
                        {
                            return false;
                        }
                    }

                    continue;
                }

                if (shape == S.SchemaElement && id == 5)
                {
                    // num_children, kept for the depth check of the schema tree
                    if (!VarInt32(out var n))
                    {
                        return false;
                    }

                    if (_children.Count > 0)
                    {
                        _children[^1] = ZigZag(n);
                    }

                    continue;
                }

                if (!Value(field.Kind, field.Shape, depth + 1))
                {
                    return false;
                }
            }
        }

        private bool Value(K kind, S shape, int depth) => kind switch
        {
            K.Bool => true, // a boolean field is its header's type; nothing follows
            K.Byte => Advance(1),
            K.I16 or K.I32 => VarInt32(out _),
            K.I64 => VarInt64(),
            K.Double => Advance(8),
            K.Binary => Binary(),
            K.Struct => Struct(shape, depth),
            _ => false,
        };

        // Parquet.Net's SkipField: a skipped struct reads field headers only (not their values), a skipped list reads
        // each element as its declared type, a set, map or unknown type is an error.
        private bool Skip(int type, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (type)
            {
                case 1 or 2:
                    return true;
                case 3:
                    return Advance(1);
                case 4 or 5:
                    return VarInt32(out _);
                case 6:
                    return VarInt64();
                case 7:
                    return Advance(8);
                case 8:
                    return Binary();
                case 12:
                {
                    short last = 0;
                    while (true)
                    {
                        if (!Next(ref last, out _, out var t))
                        {
                            return false;
                        }

                        if (t < 0)
                        {
                            return true;
                        }
                    }
                }

                case 9:
                {
                    if (!ListHeader(out var count, out var element))
                    {
                        return false;
                    }

                    for (var i = 0; i < count; i++)
                    {
                        if (!Skip(element, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                default:
                    return false;
            }
        }

        // A field header: type -1 for the stop byte; a delta of 0 reads the id as a zigzag varint (i16).
        private bool Next(ref short last, out short id, out int type)
        {
            id = 0;
            type = -1;
            if (_at >= bytes.Length)
            {
                return false;
            }

            var header = bytes[_at++];
            if (header == 0)
            {
                return true;
            }

            var modifier = (short)((header & 0xF0) >> 4);
            type = header & 0x0F;
            if (modifier == 0)
            {
                if (!VarInt32(out var raw))
                {
                    return false;
                }

                id = (short)ZigZag(raw);
            }
            else
            {
                id = (short)(last + modifier);
            }

            last = id;
            return true;
        }

        // A list header: the size in the high nibble, or 15 and a varint; Parquet.Net takes the varint as an int, so a
        // negative size fails in its list constructor. Every element takes at least one byte: a size beyond the bytes
        // left is corrupt (and would make Parquet.Net allocate for it).
        private bool ListHeader(out int count, out int element)
        {
            count = 0;
            element = 0;
            if (_at >= bytes.Length)
            {
                return false;
            }

            var sizeAndType = bytes[_at++];
            element = sizeAndType & 0x0F;
            count = (sizeAndType >> 4) & 0x0F;
            if (count == 15)
            {
                if (!VarInt32(out var size))
                {
                    return false;
                }

                count = (int)size;
            }

            return count >= 0 && count <= bytes.Length - _at;
        }

        private bool Binary()
        {
            if (!VarInt32(out var raw))
            {
                return false;
            }

            var length = (int)raw;
            return length >= 0 && Advance(length);
        }

        private bool Advance(int count)
        {
            if (count > bytes.Length - _at)
            {
                return false;
            }

            _at += count;
            return true;
        }

        // Parquet.Net reads a varint until a byte without the high bit, however long (the shift wraps); so does this,
        // within the bytes.
        private bool VarInt32(out uint value)
        {
            value = 0;
            var shift = 0;
            while (true)
            {
                if (_at >= bytes.Length)
                {
                    return false;
                }

                var b = bytes[_at++];
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return true;
                }

                shift += 7;
            }
        }

        private bool VarInt64()
        {
            while (true)
            {
                if (_at >= bytes.Length)
                {
                    return false;
                }

                if ((bytes[_at++] & 0x80) == 0)
                {
                    return true;
                }
            }
        }

        private static int ZigZag(uint n) => (int)(n >> 1) ^ -(int)(n & 1);
    }

    // The structs of FileMetaData and every field Parquet.Net 6.1.0 reads of them (parquet.thrift: id, type; a list's
    // element type; the struct read), listed from its generated Meta/Parquet.cs. S.FileMetaData stands for "no struct".
    private enum S : byte { FileMetaData, EncryptionAlgorithm, AesGcmCtrV1, AesGcmV1, ColumnOrder, TypeDefinedOrder, KeyValue, RowGroup, SortingColumn, ColumnChunk, ColumnCryptoMetaData, EncryptionWithColumnKey, EncryptionWithFooterKey, ColumnMetaData, GeospatialStatistics, BoundingBox, SizeStatistics, PageEncodingStats, Statistics, SchemaElement, LogicalType, GeographyType, GeometryType, VariantType, Float16Type, UUIDType, BsonType, JsonType, NullType, IntType, TimestampType, TimeUnit, NanoSeconds, MicroSeconds, MilliSeconds, TimeType, DateType, DecimalType, EnumType, ListType, MapType, StringType }

    private static readonly Field[][] Shapes =
    [
        /* FileMetaData */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.List, K.Struct, S.SchemaElement), new(3, K.I64, K.None, S.FileMetaData), new(4, K.List, K.Struct, S.RowGroup), new(5, K.List, K.Struct, S.KeyValue), new(6, K.Binary, K.None, S.FileMetaData), new(7, K.List, K.Struct, S.ColumnOrder), new(8, K.Struct, K.None, S.EncryptionAlgorithm), new(9, K.Binary, K.None, S.FileMetaData)],
        /* EncryptionAlgorithm */ [new(1, K.Struct, K.None, S.AesGcmV1), new(2, K.Struct, K.None, S.AesGcmCtrV1)],
        /* AesGcmCtrV1 */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.Binary, K.None, S.FileMetaData), new(3, K.Bool, K.None, S.FileMetaData)],
        /* AesGcmV1 */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.Binary, K.None, S.FileMetaData), new(3, K.Bool, K.None, S.FileMetaData)],
        /* ColumnOrder */ [new(1, K.Struct, K.None, S.TypeDefinedOrder)],
        /* TypeDefinedOrder */ [],
        /* KeyValue */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.Binary, K.None, S.FileMetaData)],
        /* RowGroup */ [new(1, K.List, K.Struct, S.ColumnChunk), new(2, K.I64, K.None, S.FileMetaData), new(3, K.I64, K.None, S.FileMetaData), new(4, K.List, K.Struct, S.SortingColumn), new(5, K.I64, K.None, S.FileMetaData), new(6, K.I64, K.None, S.FileMetaData), new(7, K.I16, K.None, S.FileMetaData)],
        /* SortingColumn */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.Bool, K.None, S.FileMetaData), new(3, K.Bool, K.None, S.FileMetaData)],
        /* ColumnChunk */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.I64, K.None, S.FileMetaData), new(3, K.Struct, K.None, S.ColumnMetaData), new(4, K.I64, K.None, S.FileMetaData), new(5, K.I32, K.None, S.FileMetaData), new(6, K.I64, K.None, S.FileMetaData), new(7, K.I32, K.None, S.FileMetaData), new(8, K.Struct, K.None, S.ColumnCryptoMetaData), new(9, K.Binary, K.None, S.FileMetaData)],
        /* ColumnCryptoMetaData */ [new(1, K.Struct, K.None, S.EncryptionWithFooterKey), new(2, K.Struct, K.None, S.EncryptionWithColumnKey)],
        /* EncryptionWithColumnKey */ [new(1, K.List, K.Binary, S.FileMetaData), new(2, K.Binary, K.None, S.FileMetaData)],
        /* EncryptionWithFooterKey */ [],
        /* ColumnMetaData */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.List, K.I32, S.FileMetaData), new(3, K.List, K.Binary, S.FileMetaData), new(4, K.I32, K.None, S.FileMetaData), new(5, K.I64, K.None, S.FileMetaData), new(6, K.I64, K.None, S.FileMetaData), new(7, K.I64, K.None, S.FileMetaData), new(8, K.List, K.Struct, S.KeyValue), new(9, K.I64, K.None, S.FileMetaData), new(10, K.I64, K.None, S.FileMetaData), new(11, K.I64, K.None, S.FileMetaData), new(12, K.Struct, K.None, S.Statistics), new(13, K.List, K.Struct, S.PageEncodingStats), new(14, K.I64, K.None, S.FileMetaData), new(15, K.I32, K.None, S.FileMetaData), new(16, K.Struct, K.None, S.SizeStatistics), new(17, K.Struct, K.None, S.GeospatialStatistics)],
        /* GeospatialStatistics */ [new(1, K.Struct, K.None, S.BoundingBox), new(2, K.List, K.I32, S.FileMetaData)],
        /* BoundingBox */ [new(1, K.Double, K.None, S.FileMetaData), new(2, K.Double, K.None, S.FileMetaData), new(3, K.Double, K.None, S.FileMetaData), new(4, K.Double, K.None, S.FileMetaData), new(5, K.Double, K.None, S.FileMetaData), new(6, K.Double, K.None, S.FileMetaData), new(7, K.Double, K.None, S.FileMetaData), new(8, K.Double, K.None, S.FileMetaData)],
        /* SizeStatistics */ [new(1, K.I64, K.None, S.FileMetaData), new(2, K.List, K.I64, S.FileMetaData), new(3, K.List, K.I64, S.FileMetaData)],
        /* PageEncodingStats */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.I32, K.None, S.FileMetaData), new(3, K.I32, K.None, S.FileMetaData)],
        /* Statistics */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.Binary, K.None, S.FileMetaData), new(3, K.I64, K.None, S.FileMetaData), new(4, K.I64, K.None, S.FileMetaData), new(5, K.Binary, K.None, S.FileMetaData), new(6, K.Binary, K.None, S.FileMetaData), new(7, K.Bool, K.None, S.FileMetaData), new(8, K.Bool, K.None, S.FileMetaData)],
        /* SchemaElement */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.I32, K.None, S.FileMetaData), new(3, K.I32, K.None, S.FileMetaData), new(4, K.Binary, K.None, S.FileMetaData), new(5, K.I32, K.None, S.FileMetaData), new(6, K.I32, K.None, S.FileMetaData), new(7, K.I32, K.None, S.FileMetaData), new(8, K.I32, K.None, S.FileMetaData), new(9, K.I32, K.None, S.FileMetaData), new(10, K.Struct, K.None, S.LogicalType)],
        /* LogicalType */ [new(1, K.Struct, K.None, S.StringType), new(2, K.Struct, K.None, S.MapType), new(3, K.Struct, K.None, S.ListType), new(4, K.Struct, K.None, S.EnumType), new(5, K.Struct, K.None, S.DecimalType), new(6, K.Struct, K.None, S.DateType), new(7, K.Struct, K.None, S.TimeType), new(8, K.Struct, K.None, S.TimestampType), new(10, K.Struct, K.None, S.IntType), new(11, K.Struct, K.None, S.NullType), new(12, K.Struct, K.None, S.JsonType), new(13, K.Struct, K.None, S.BsonType), new(14, K.Struct, K.None, S.UUIDType), new(15, K.Struct, K.None, S.Float16Type), new(16, K.Struct, K.None, S.VariantType), new(17, K.Struct, K.None, S.GeometryType), new(18, K.Struct, K.None, S.GeographyType)],
        /* GeographyType */ [new(1, K.Binary, K.None, S.FileMetaData), new(2, K.I32, K.None, S.FileMetaData)],
        /* GeometryType */ [new(1, K.Binary, K.None, S.FileMetaData)],
        /* VariantType */ [new(1, K.Byte, K.None, S.FileMetaData)],
        /* Float16Type */ [],
        /* UUIDType */ [],
        /* BsonType */ [],
        /* JsonType */ [],
        /* NullType */ [],
        /* IntType */ [new(1, K.Byte, K.None, S.FileMetaData), new(2, K.Bool, K.None, S.FileMetaData)],
        /* TimestampType */ [new(1, K.Bool, K.None, S.FileMetaData), new(2, K.Struct, K.None, S.TimeUnit)],
        /* TimeUnit */ [new(1, K.Struct, K.None, S.MilliSeconds), new(2, K.Struct, K.None, S.MicroSeconds), new(3, K.Struct, K.None, S.NanoSeconds)],
        /* NanoSeconds */ [],
        /* MicroSeconds */ [],
        /* MilliSeconds */ [],
        /* TimeType */ [new(1, K.Bool, K.None, S.FileMetaData), new(2, K.Struct, K.None, S.TimeUnit)],
        /* DateType */ [],
        /* DecimalType */ [new(1, K.I32, K.None, S.FileMetaData), new(2, K.I32, K.None, S.FileMetaData)],
        /* EnumType */ [],
        /* ListType */ [],
        /* MapType */ [],
        /* StringType */ [],
    ];
}
