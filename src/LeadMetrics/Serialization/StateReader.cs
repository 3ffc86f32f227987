using System.Buffers.Binary;

namespace LeadMetrics.Serialization;

/// <summary>
/// Reads what <see cref="StateWriter"/> wrote. Every read names the field it reads, so that bad bytes fail with an
/// <see cref="ArgumentException"/> that says where, naming the parameter the bytes came in ("state" for
/// <c>MergeSerialized</c>, "bytes" for <c>DurationSketch.Deserialize</c>).
/// </summary>
internal ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _paramName;
    private readonly IdMap? _ids;
    private int _position;

    internal StateReader(ReadOnlySpan<byte> bytes, string paramName = "state", int version = CalculatorState.Version, IdMap? ids = null)
    {
        _bytes = bytes;
        _paramName = paramName;
        _position = 0;
        Version = version;
        _ids = ids;
    }

    /// <summary>
    /// Whether the group keys read next are touchpoint facts (the attribution calculators' groups: a source key is
    /// the touchpoint's channel, an owner key its acting rep), so that <see cref="MapId"/> remaps a source id as a channel.
    /// </summary>
    internal bool TouchpointKeys { get; set; }

    /// <summary>
    /// The receiver's id of an id read from the state: the id itself when the state's encoding is the receiver's (or
    /// the caller vouches for the ids), else the id of the same label in the receiver's encoding (<see cref="IdMap"/>).
    /// </summary>
    /// <param name="dimension">The dimension (a <see cref="StateLabels"/> constant, or an attribute's).</param>
    /// <param name="id">The id as read.</param>
    /// <param name="field">The field, named in the error when the state has no label for the id.</param>
    internal readonly int MapId(string dimension, int id, string field)
    {
        if (_ids is null)
        {
            return id;
        }

        if (TouchpointKeys && dimension == StateLabels.Sources)
        {
            dimension = StateLabels.Channels;
        }

        return _ids.Map(dimension, id, field, this);
    }

    /// <summary>
    /// Whether the ids are read through a fold (<see cref="LabelFold"/>): several groups of the state may be one group of
    /// the receiver, which a grouped calculator then merges by its calculators' <c>Merge</c> instead of refusing.
    /// </summary>
    internal readonly bool Folds => _ids?.Folds == true;

    /// <summary>The format version of the bytes (from <see cref="CalculatorState.OldestReadVersion"/> to <see cref="CalculatorState.Version"/>): a type whose layout changed reads the older one by it.</summary>
    internal int Version { get; }

    /// <summary>A reader of the same bytes from their start that reads ids through <paramref name="ids"/>.</summary>
    internal readonly StateReader WithIds(IdMap ids) => new(_bytes, _paramName, Version, ids);

    internal readonly bool AtEnd => _position == _bytes.Length;

    internal int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    internal long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    internal Int128 ReadInt128(string field) => BinaryPrimitives.ReadInt128LittleEndian(Take(16, field));

    internal double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    /// <summary>A flag written as one byte, 0 or 1.</summary>
    internal bool ReadBoolean(string field) => Take(1, field)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw Error($"{field} is {other}, not 0 or 1"),
    };

    /// <summary>A 32-bit counter: zero or more.</summary>
    internal int ReadCount32(string field)
    {
        var value = ReadInt32(field);
        return value >= 0 ? value : throw Error($"{field} is {value}, a negative count");
    }

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
        Invalid($"{_paramName} is not serialized state of this type and configuration: {what} (at byte {_position} of the state).", _paramName);

    // The bytes are the argument (paramName) of the public method that reads them.
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
