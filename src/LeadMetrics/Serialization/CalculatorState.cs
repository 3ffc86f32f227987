using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LeadMetrics.Serialization;

/// <summary>
/// The one serialized form of LeadMetrics state (every serializable calculator and <c>DurationSketch</c>): a fixed
/// preamble, the type and configuration texts, the labels of the encoding, the state, and a checksum. The layout of
/// format version 4, little-endian throughout:
/// <code>
///  byte  0        4        8                 16       20       24       28       32
///        +--------+--------+-----------------+--------+--------+--------+--------+
///        | magic  |version | encoding        | type   | config | state  | labels |   preamble (32 bytes)
///        | "LMS1" |   4    | fingerprint     | length | length | length | length |
///        +--------+--------+-----------------+--------+--------+--------+--------+
///  32    | type name, UTF-8 (type length bytes): "LeadKpiCalculator"              |
///        +------------------------------------------------------------------------+
///  32+T  | configuration, UTF-8 (config length bytes): canonical text             |
///        +------------------------------------------------------------------------+
///  32+T+C| labels (labels length bytes, 0 without an encoding): see StateLabels   |
///        +------------------------------------------------------------------------+
///  +L    | state (state length bytes): the type's own fields                      |
///        +------------------------------------------------------------------------+
///  end-8 | checksum: the first 8 bytes of SHA-256 of every byte before it         |
///        +------------------------------------------------------------------------+
/// </code>
/// Versions 2 and 3 had a 28-byte preamble (no labels length) and no labels section. The encoding fingerprint is 0
/// when the state was serialized without its encoding. A reader checks, in this order: the magic, the version, that
/// the lengths add up to the length of the bytes (so a truncated copy is named as such), the checksum, the type, the
/// configuration, the fingerprint (when the receiver asks: equal, or else the labels remap the ids), then the state
/// field by field.
/// </summary>
internal static class CalculatorState
{
    /// <summary>"LMS1" (LeadMetrics state) read as a little-endian 32-bit integer.</summary>
    internal const int Magic = 0x31534D4C;

    /// <summary>
    /// The format version this build writes (version 1, before the preamble, is not read: see docs/architecture.md).
    /// Version 4 added the labels section (and its length in the preamble), so that state encoded with other labels
    /// merges by label (issue 20 (a)); the state fields are laid out as in version 3. Version 3 added to the money calculator's state each lead's creation instant and outcome and, per group, the
    /// customer revenue (issue 16 item 4); every other type's state is laid out as in version 2.
    /// </summary>
    internal const int Version = 4;

    /// <summary>The oldest format version this build reads: version 2 state reads as it was written (its money groups' customer revenue is unknown).</summary>
    internal const int OldestReadVersion = 2;

    /// <summary>Offset of the magic number (int32).</summary>
    internal const int MagicOffset = 0;

    /// <summary>Offset of the format version (int32).</summary>
    internal const int VersionOffset = 4;

    /// <summary>Offset of the encoding fingerprint (uint64, 0 for none).</summary>
    internal const int FingerprintOffset = 8;

    /// <summary>Offset of the type name's length in bytes (int32).</summary>
    internal const int TypeLengthOffset = 16;

    /// <summary>Offset of the configuration's length in bytes (int32).</summary>
    internal const int ConfigurationLengthOffset = 20;

    /// <summary>Offset of the state's length in bytes (int32).</summary>
    internal const int StateLengthOffset = 24;

    /// <summary>Offset of the labels' length in bytes (int32; format version 4 and later).</summary>
    internal const int LabelsLengthOffset = 28;

    /// <summary>The preamble's length: the type name starts here.</summary>
    internal const int PreambleBytes = 32;

    /// <summary>The preamble's length in format versions 2 and 3 (no labels length).</summary>
    internal const int PreambleBytesBeforeLabels = 28;

    /// <summary>The first format version with the labels section.</summary>
    internal const int LabelsVersion = 4;

    /// <summary>The checksum's length: the last bytes.</summary>
    internal const int ChecksumBytes = 8;

    /// <summary>Serializes a calculator: its type name, configuration, the encoding's labels (when given) and state.</summary>
    internal static byte[] Serialize(ISerializableState calculator, ulong fingerprint, StateLabels? labels = null)
    {
        var writer = new StateWriter();
        calculator.WriteState(writer);
        return Serialize(calculator.GetType().Name, calculator.Configuration, fingerprint, writer.Written, labels is null ? [] : labels.ToBytes());
    }

    /// <summary>Lays out the preamble, texts, labels, state and checksum.</summary>
    internal static byte[] Serialize(string type, string configuration, ulong fingerprint, ReadOnlySpan<byte> state, ReadOnlySpan<byte> labels = default)
    {
        var utf8 = System.Text.Encoding.UTF8;
        var typeLength = utf8.GetByteCount(type);
        var configurationLength = utf8.GetByteCount(configuration);
        var bytes = new byte[checked(PreambleBytes + typeLength + configurationLength + labels.Length + state.Length + ChecksumBytes)];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span[MagicOffset..], Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(span[FingerprintOffset..], fingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(span[TypeLengthOffset..], typeLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[ConfigurationLengthOffset..], configurationLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[StateLengthOffset..], state.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[LabelsLengthOffset..], labels.Length);
        var at = PreambleBytes;
        at += utf8.GetBytes(type, span[at..]);
        at += utf8.GetBytes(configuration, span[at..]);
        labels.CopyTo(span[at..]);
        at += labels.Length;
        state.CopyTo(span[at..]);
        Seal(bytes);
        return bytes;
    }

    /// <summary>Writes the checksum of <paramref name="bytes"/> into its last 8 bytes (tests re-seal bytes they altered, to reach the checks behind it).</summary>
    internal static void Seal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumBytes), Checksum(bytes.AsSpan(0, bytes.Length - ChecksumBytes)));

    /// <summary>
    /// Checks the preamble, lengths and checksum of <paramref name="bytes"/> and returns a reader over the state, with
    /// the type, configuration and fingerprint. Errors are <see cref="ArgumentException"/>s naming <paramref name="paramName"/>.
    /// </summary>
    internal static StateReader Open(ReadOnlySpan<byte> bytes, string paramName, out string type, out string configuration, out ulong fingerprint) =>
        Open(bytes, paramName, out type, out configuration, out fingerprint, out _);

    /// <summary>
    /// As <see cref="Open(ReadOnlySpan{byte}, string, out string, out string, out ulong)"/>, also returning the labels
    /// section (empty before format version 4 or without an encoding) and reading ids through <paramref name="ids"/>.
    /// </summary>
    internal static StateReader Open(ReadOnlySpan<byte> bytes, string paramName, out string type, out string configuration, out ulong fingerprint, out ReadOnlySpan<byte> labels, IdMap? ids = null)
    {
        if (bytes.Length < PreambleBytesBeforeLabels + ChecksumBytes || BinaryPrimitives.ReadInt32LittleEndian(bytes[MagicOffset..]) != Magic)
        {
            throw new ArgumentException($"{paramName} is not serialized LeadMetrics state (it does not start with \"LMS1\" and a {PreambleBytes}-byte preamble).", paramName);
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[VersionOffset..]);
        if (version < OldestReadVersion || version > Version)
        {
            throw new ArgumentException($"{paramName} has format version {version}; this build reads versions {OldestReadVersion} to {Version}.", paramName);
        }

        var preamble = version >= LabelsVersion ? PreambleBytes : PreambleBytesBeforeLabels;
        if (bytes.Length < preamble + ChecksumBytes)
        {
            throw new ArgumentException($"{paramName} is {bytes.Length} bytes long, shorter than the {preamble}-byte preamble and checksum of format version {version}: it is truncated.", paramName);
        }

        var typeLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[TypeLengthOffset..]);
        var configurationLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[ConfigurationLengthOffset..]);
        var stateLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[StateLengthOffset..]);
        var labelsLength = version >= LabelsVersion ? BinaryPrimitives.ReadInt32LittleEndian(bytes[LabelsLengthOffset..]) : 0;
        var expected = (long)preamble + typeLength + configurationLength + labelsLength + stateLength + ChecksumBytes;
        if (typeLength < 0 || configurationLength < 0 || stateLength < 0 || labelsLength < 0 || expected != bytes.Length)
        {
            throw new ArgumentException(
                $"{paramName} is {bytes.Length} bytes long, but its preamble gives a type of {typeLength}, a configuration of {configurationLength}, labels of {labelsLength} and a state of {stateLength} bytes ({expected} in all): it is truncated or extended.", paramName);
        }

        var body = bytes[..^ChecksumBytes];
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[^ChecksumBytes..]) != Checksum(body))
        {
            throw new ArgumentException($"{paramName} is damaged: its checksum does not match its bytes.", paramName);
        }

        fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(bytes[FingerprintOffset..]);
        var utf8 = System.Text.Encoding.UTF8;
        type = utf8.GetString(body.Slice(preamble, typeLength));
        configuration = utf8.GetString(body.Slice(preamble + typeLength, configurationLength));
        labels = body.Slice(preamble + typeLength + configurationLength, labelsLength);
        return new StateReader(body.Slice(preamble + typeLength + configurationLength + labelsLength, stateLength), paramName, version, ids);
    }

    /// <summary>
    /// Reads serialized state into <paramref name="empty"/> (a new calculator of the receiver's configuration) after
    /// checking the preamble, checksum, type, configuration and, when <paramref name="expectedFingerprint"/> is not 0,
    /// the encoding: bytes of the receiver's fingerprint are read as they are; bytes of another fingerprint that carry
    /// their labels are read through the ids <paramref name="remap"/> builds from those labels (null: refused); bytes
    /// without a fingerprint, or of another one without labels (format versions 2 and 3), are refused. With
    /// <paramref name="remapAlways"/> (a merge that folds labels, <see cref="LabelFold"/>) the ids are read through
    /// <paramref name="remap"/> whatever the fingerprint, so the bytes must carry their labels.
    /// </summary>
    internal static void Read(ISerializableState empty, ReadOnlySpan<byte> state, ulong expectedFingerprint, Func<StateLabels, IdMap>? remap = null, bool remapAlways = false)
    {
        // First, so that a calculator that cannot be serialized says so whatever the bytes.
        var expected = empty.Configuration;
        var reader = Open(state, nameof(state), out var type, out var configuration, out var fingerprint, out var labels);
        if (type != empty.GetType().Name)
        {
            throw reader.Error($"it is a {type}, not a {empty.GetType().Name}");
        }

        if (configuration != expected)
        {
            throw new ArgumentException(
                $"state cannot be merged into this calculator: its configuration differs, {ConfigurationDifference(configuration, expected)} (the state's configuration is [{configuration}], this calculator's is [{expected}]). Only equal groupings, options, currencies, zones and pipelines merge.",
                nameof(state));
        }

        if (expectedFingerprint != 0 && (fingerprint != expectedFingerprint || remapAlways))
        {
            if (fingerprint == 0)
            {
                throw new ArgumentException(
                    "state carries no encoding fingerprint (it was serialized without its LeadEncoding), so its ids cannot be checked against this encoding's labels.", nameof(state));
            }

            if (labels.IsEmpty || remap is null)
            {
                throw new ArgumentException(
                    $"state was encoded with other labels (encoding fingerprint {fingerprint:x16}; this encoding's is {expectedFingerprint:x16}) and carries no labels to remap its ids by (format version {reader.Version}; version {LabelsVersion} and later carry them): its ids would name other sources, campaigns, owners, attributes or leads here.",
                    nameof(state));
            }

            reader = reader.WithIds(remap(StateLabels.Read(labels, nameof(state))));
        }

        try
        {
            empty.ReadState(ref reader);
        }
        catch (Exception e) when (e is OverflowException or IndexOutOfRangeException or InvalidOperationException or ArgumentException && e is not ArgumentException { ParamName: nameof(state) })
        {
            // The checks in ReadState name what they find wrong; anything else that breaks on the values read is bad state too.
            throw new ArgumentException($"state is not a serialized calculator of this configuration: {e.Message}", nameof(state), e);
        }

        reader.CheckAtEnd();
    }

    /// <summary>
    /// Merges serialized state into <paramref name="receiver"/>: reads it into a new empty calculator of the receiver's
    /// configuration, merges the receiver and it into a second empty one first (so that a merge that would overflow or
    /// repeat a lead fails before the receiver changes), then merges it into the receiver. Every serializable type
    /// (the KPI calculators and the scoring-quality accumulators) merges bytes through here.
    /// </summary>
    internal static void MergeInto<T>(T receiver, ReadOnlySpan<byte> state, Func<T, ulong> expectedFingerprint, Func<T, T> createEmpty, Action<T, T> merge)
        where T : ISerializableState =>
        MergeInto(receiver, state, expectedFingerprint, null, createEmpty, merge, null);

    /// <summary>
    /// As <see cref="MergeInto{T}(T, ReadOnlySpan{byte}, Func{T, ulong}, Func{T, T}, Action{T, T})"/>, remapping the
    /// ids of bytes encoded with other labels through <paramref name="remap"/>, and calling <paramref name="merged"/>
    /// once the merge is done (not when it is refused); with <paramref name="remapAlways"/>, through <paramref name="remap"/>
    /// whatever the fingerprint (a merge that folds labels).
    /// </summary>
    internal static void MergeInto<T>(
        T receiver, ReadOnlySpan<byte> state, Func<T, ulong> expectedFingerprint, Func<StateLabels, IdMap>? remap, Func<T, T> createEmpty, Action<T, T> merge, Action? merged, bool remapAlways = false)
        where T : ISerializableState
    {
        var part = createEmpty(receiver);
        Read(part, state, expectedFingerprint(part), remap, remapAlways);
        try
        {
            var trial = createEmpty(receiver);
            merge(trial, receiver);
            merge(trial, part);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"state cannot be merged into this calculator: a sum would overflow ({e.Message}).", nameof(state), e);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"state cannot be merged into this calculator: {e.Message}", nameof(state), e);
        }

        merge(receiver, part);
        merged?.Invoke();
    }

    /// <summary>
    /// Names the first part in which two configuration texts differ: the texts are split at the semicolons outside
    /// parentheses (<c>currency=USD</c>, <c>grouping(Source;Month;Europe/London;Created)</c>, ...), and a part that
    /// differs is split again inside its parentheses, so that the message names the innermost field.
    /// </summary>
    internal static string ConfigurationDifference(string state, string receiver)
    {
        var (a, b) = (Split(state), Split(receiver));
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : "(nothing)";
            var y = i < b.Count ? b[i] : "(nothing)";
            if (x != y)
            {
                var (openX, openY) = (x.IndexOf('('), y.IndexOf('('));
                if (openX > 0 && openX == openY && x[..openX] == y[..openX] && x.EndsWith(')') && y.EndsWith(')'))
                {
                    return x[..openX] + ": " + ConfigurationDifference(x[(openX + 1)..^1], y[(openY + 1)..^1]);
                }

                return $"the state has {x} where this calculator has {y}";
            }
        }

        return "in its text only";
    }

    // Splits at the semicolons outside parentheses.
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ';' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
