using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LeadMetrics.Serialization;

/// <summary>
/// The serialized form shared by the calculators: a magic number, a format version, the calculator's type and its
/// configuration (so that a partial of another configuration is refused, not merged wrongly), its state, and a
/// checksum (the first 8 bytes of the SHA-256 of everything before it) so that damaged bytes are refused.
/// </summary>
internal static class CalculatorState
{
    /// <summary>"LMS1" read as a little-endian 32-bit integer.</summary>
    private const int Magic = 0x31534D4C;

    private const int Version = 1;

    private const int ChecksumLength = 8;

    internal static byte[] Serialize(ISerializableState calculator)
    {
        var writer = new StateWriter();
        writer.WriteInt32(Magic);
        writer.WriteInt32(Version);
        writer.WriteString(calculator.GetType().Name);
        writer.WriteString(calculator.Configuration);
        calculator.WriteState(writer);
        writer.WriteInt64(0);
        var bytes = writer.ToArray();
        Seal(bytes);
        return bytes;
    }

    /// <summary>Writes the checksum of <paramref name="bytes"/> into its last 8 bytes (tests re-seal bytes they altered, to reach the checks behind it).</summary>
    internal static void Seal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumLength), Checksum(bytes.AsSpan(0, bytes.Length - ChecksumLength)));

    /// <summary>Reads serialized state into <paramref name="empty"/> (a new calculator of the receiver's configuration) after checking the header and checksum.</summary>
    internal static void Read(ISerializableState empty, ReadOnlySpan<byte> state)
    {
        // First, so that a calculator that cannot be serialized says so whatever the bytes.
        var expected = empty.Configuration;
        if (state.Length < 8 + ChecksumLength || BinaryPrimitives.ReadInt32LittleEndian(state) != Magic)
        {
            throw new ArgumentException("state is not a serialized LeadMetrics calculator (it does not start with \"LMS1\").", nameof(state));
        }

        var body = state[..^ChecksumLength];
        if (BinaryPrimitives.ReadUInt64LittleEndian(state[^ChecksumLength..]) != Checksum(body))
        {
            throw new ArgumentException("state is damaged: its checksum does not match its bytes.", nameof(state));
        }

        var reader = new StateReader(body);
        reader.ReadInt32("magic");
        var version = reader.ReadInt32("version");
        if (version != Version)
        {
            throw reader.Error($"format version {version}; this build reads version {Version}");
        }

        var type = reader.ReadString("type");
        if (type != empty.GetType().Name)
        {
            throw reader.Error($"it is a {type}, not a {empty.GetType().Name}");
        }

        var configuration = reader.ReadString("configuration");
        if (configuration != expected)
        {
            throw reader.Error($"its configuration is [{configuration}], this calculator's is [{expected}]");
        }

        try
        {
            empty.ReadState(ref reader);
        }
        catch (Exception e) when (e is OverflowException or IndexOutOfRangeException or InvalidOperationException)
        {
            // The checks in ReadState name what they find wrong; anything else that breaks on the values read is bad state too.
            throw new ArgumentException($"state is not a serialized calculator of this configuration: {e.Message}", nameof(state), e);
        }

        reader.CheckAtEnd();
    }

    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
