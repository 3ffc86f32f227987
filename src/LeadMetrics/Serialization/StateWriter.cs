using System.Buffers;
using System.Buffers.Binary;

namespace LeadMetrics.Serialization;

/// <summary>Writes a calculator's state: little-endian fixed-width integers, decimals as their four words, length-prefixed UTF-8 text.</summary>
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

    internal void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
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

    internal byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
