using System.Buffers.Binary;

namespace LeadMetrics.Data;

/// <summary>
/// Checks a Parquet file's markers and that its footer is well-formed Thrift (compact protocol) before Parquet.Net
/// decodes it: Parquet.Net reads a footer from memory and takes the end of it for bytes 0xFF, so a footer cut short in
/// a varint or a list loops forever (found by fuzzing, issue 15). The walk reads every field, value, list, map and
/// nested struct within the footer's bytes, with each element count bounded by the bytes left and a depth limit.
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
        var at = 0;
        return Struct(footer, ref at, 0) ? null : "its footer (the schema and row groups) is not well-formed";
    }

    private static bool Struct(ReadOnlySpan<byte> b, ref int at, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        while (true)
        {
            if (at >= b.Length)
            {
                return false;
            }

            var header = b[at++];
            if (header == 0)
            {
                return true;
            }

            if ((header >> 4) == 0 && !Varint(b, ref at, out _))
            {
                return false;
            }

            var type = header & 0x0F;
            if (type is 1 or 2)
            {
                continue; // a boolean field holds its value in the header
            }

            if (!Value(b, ref at, type, depth))
            {
                return false;
            }
        }
    }

    private static bool Value(ReadOnlySpan<byte> b, ref int at, int type, int depth)
    {
        switch (type)
        {
            case 1 or 2 or 3:
                // a boolean or a byte as a list element: one byte
                return ++at <= b.Length;
            case 4 or 5 or 6:
                return Varint(b, ref at, out _);
            case 7:
                at += 8;
                return at <= b.Length;
            case 8:
                if (!Varint(b, ref at, out var size) || size > (ulong)(b.Length - at))
                {
                    return false;
                }

                at += (int)size;
                return true;
            case 9 or 10:
            {
                if (at >= b.Length)
                {
                    return false;
                }

                var sizeAndType = b[at++];
                var count = (ulong)(sizeAndType >> 4);
                if (count == 15 && !Varint(b, ref at, out count))
                {
                    return false;
                }

                return Elements(b, ref at, count, sizeAndType & 0x0F, depth);
            }

            case 11:
            {
                if (!Varint(b, ref at, out var count))
                {
                    return false;
                }

                if (count == 0)
                {
                    return true;
                }

                if (at >= b.Length || count > (ulong)(b.Length - at))
                {
                    return false;
                }

                var types = b[at++];
                for (ulong i = 0; i < count; i++)
                {
                    if (!Value(b, ref at, types >> 4, depth + 1) || !Value(b, ref at, types & 0x0F, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            case 12:
                return Struct(b, ref at, depth + 1);
            default:
                return false;
        }
    }

    private static bool Elements(ReadOnlySpan<byte> b, ref int at, ulong count, int type, int depth)
    {
        // Every element takes at least one byte: a count beyond the bytes left is corrupt.
        if (count > (ulong)(b.Length - at))
        {
            return false;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!Value(b, ref at, type, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Varint(ReadOnlySpan<byte> b, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= b.Length)
            {
                return false;
            }

            var x = b[at++];
            value |= (ulong)(x & 0x7F) << shift;
            if ((x & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
