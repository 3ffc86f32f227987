namespace LeadMetrics.Serialization;

/// <summary>
/// The serialized form shared by the calculators: a magic number, a format version, the calculator's type and its
/// configuration (so that a partial of another configuration is refused, not merged wrongly), then its state.
/// </summary>
internal static class CalculatorState
{
    /// <summary>"LMS1" read as a little-endian 32-bit integer.</summary>
    private const int Magic = 0x31534D4C;

    private const int Version = 1;

    internal static byte[] Serialize(ISerializableState calculator)
    {
        var writer = new StateWriter();
        writer.WriteInt32(Magic);
        writer.WriteInt32(Version);
        writer.WriteString(calculator.GetType().Name);
        writer.WriteString(calculator.Configuration);
        calculator.WriteState(writer);
        return writer.ToArray();
    }

    /// <summary>Reads serialized state into <paramref name="empty"/> (a new calculator of the receiver's configuration) after checking the header.</summary>
    internal static void Read(ISerializableState empty, ReadOnlySpan<byte> state)
    {
        var reader = new StateReader(state);
        if (state.Length < 8 || reader.ReadInt32("magic") != Magic)
        {
            throw new ArgumentException("state is not a serialized LeadMetrics calculator (it does not start with \"LMS1\").", StateReader.ParamName);
        }

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
        if (configuration != empty.Configuration)
        {
            throw reader.Error($"its configuration is [{configuration}], this calculator's is [{empty.Configuration}]");
        }

        empty.ReadState(ref reader);
        reader.CheckAtEnd();
    }
}
