using System.Buffers.Binary;

namespace LeadMetrics.Serialization;

/// <summary>
/// Reads what <see cref="StateWriter"/> wrote. Every read names the field it reads, so that bad bytes fail with an
/// <see cref="ArgumentException"/> that says where (parameter "state").
/// </summary>
internal ref struct StateReader
{
    internal const string ParamName = "state";

    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    internal StateReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    internal readonly bool AtEnd => _position == _bytes.Length;

    internal int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    internal long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    /// <summary>A counter: zero or more.</summary>
    internal long ReadCounter(string field)
    {
        var value = ReadInt64(field);
        return value >= 0 ? value : throw Error($"{field} is {value}, a negative count");
    }

    /// <summary>A count: zero or more, and at most what the remaining bytes can hold at <paramref name="bytesEach"/> bytes each.</summary>
    internal int ReadCount(string field, int bytesEach)
    {
        var count = ReadInt32(field);
        if (count < 0 || (long)count * bytesEach > _bytes.Length - _position)
        {
            throw Error($"{field} is {count}, which the {_bytes.Length - _position} remaining bytes cannot hold");
        }

        return count;
    }

    internal decimal ReadDecimal(string field)
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = ReadInt32(field);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw Error($"{field} is not a valid decimal");
        }
    }

    internal string ReadString(string field)
    {
        var count = ReadCount(field, 1);
        return System.Text.Encoding.UTF8.GetString(Take(count, field));
    }

    internal ReadOnlySpan<byte> ReadBytes(string field) => Take(ReadCount(field, 1), field);

    /// <summary>Reads an array of 64-bit counters into <paramref name="into"/>, which must have as many entries (the receiver's configuration decides it).</summary>
    internal void ReadInt64s(string field, Span<long> into)
    {
        var count = ReadCount(field, 8);
        if (count != into.Length)
        {
            throw Error($"{field} has {count} entries where this configuration has {into.Length}");
        }

        for (var i = 0; i < count; i++)
        {
            into[i] = ReadCounter($"{field}[{i}]");
        }
    }

    internal readonly void CheckAtEnd()
    {
        if (!AtEnd)
        {
            throw Error($"{_bytes.Length - _position} bytes follow the end of the state");
        }
    }

    internal readonly ArgumentException Error(string what) =>
        Invalid($"state is not a serialized calculator of this configuration: {what} (at byte {_position}).", ParamName);

    // The bytes are the "state" argument of the public MergeSerialized that reads them.
    private static ArgumentException Invalid(string message, string paramName) => new(message, paramName);

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > _bytes.Length - _position)
        {
            throw Error($"it ends inside {field}");
        }

        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }
}
