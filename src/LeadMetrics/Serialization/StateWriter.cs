using System.Buffers;
using System.Buffers.Binary;

namespace LeadMetrics.Serialization;

/// <summary>Writes a calculator's state (the part after the preamble, see <see cref="CalculatorState"/>): little-endian fixed-width integers and doubles, decimals as their four words, flags as one byte, length-prefixed UTF-8 text.</summary>
internal sealed class StateWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    internal void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    internal void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    internal void WriteInt128(Int128 value)
    {
        BinaryPrimitives.WriteInt128LittleEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
    }

    internal void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>A flag as one byte, 0 or 1.</summary>
    internal void WriteBoolean(bool value)
    {
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    internal void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (value == 0m)
        {
            // Zero is written positive: a sum can reach -0.00 or 0.00 depending on the order of its terms (equal values), and equal partials must give equal bytes.
            bits[3] &= int.MaxValue;
        }

        foreach (var word in bits)
        {
            WriteInt32(word);
        }
    }

    internal void WriteString(string value)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        System.Text.Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    internal void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    internal void WriteInt64s(ReadOnlySpan<long> values)
    {
        WriteInt32(values.Length);
        foreach (var value in values)
        {
            WriteInt64(value);
        }
    }

    /// <summary>The bytes written so far.</summary>
    internal ReadOnlySpan<byte> Written => _buffer.WrittenSpan;
}
