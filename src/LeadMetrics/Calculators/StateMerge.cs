using System.Buffers.Binary;
using System.Security.Cryptography;
using LeadMetrics.Encoding;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>The steps every <see cref="ISerializableCalculator"/> shares (the format is <see cref="CalculatorState"/>'s).</summary>
internal static class StateMerge
{
    /// <summary>Serializes a calculator with the fingerprint of <paramref name="encoding"/> (0 without one).</summary>
    internal static byte[] Serialize(ISerializableState calculator, LeadEncoding? encoding)
    {
        _ = calculator.Configuration; // a calculator that cannot be serialized says so before the fingerprint is computed
        return CalculatorState.Serialize(calculator, encoding is null ? 0 : Fingerprint(encoding, calculator.HoldsLeadKeys));
    }

    /// <summary>The generic form of <see cref="MergeSerialized{TCalculator}"/> for lead calculators.</summary>
    internal static void MergeSerialized<TCalculator, TResult>(TCalculator receiver, ReadOnlySpan<byte> state, LeadEncoding? encoding)
        where TCalculator : ILeadCalculator<TCalculator, TResult>, ISerializableState =>
        MergeSerialized(receiver, state, encoding, static r => r.CreateEmpty(), static (into, other) => into.Merge(other));

    /// <summary>
    /// Merges serialized state into <paramref name="receiver"/>: reads it into a new empty calculator of the receiver's
    /// configuration, merges the receiver and it into a second empty one first (so that a merge that would overflow or
    /// repeat a lead fails before the receiver changes), then merges it into the receiver.
    /// </summary>
    internal static void MergeSerialized<TCalculator>(
        TCalculator receiver, ReadOnlySpan<byte> state, LeadEncoding? encoding, Func<TCalculator, TCalculator> createEmpty, Action<TCalculator, TCalculator> merge)
        where TCalculator : ISerializableState
    {
        CalculatorState.MergeInto(receiver, state, part => encoding is null ? 0 : Fingerprint(encoding, part.HoldsLeadKeys), createEmpty, merge);
    }

    /// <summary>
    /// The encoding fingerprint: the first 8 bytes of SHA-256 over every dimension's name and labels in id order
    /// (sources, campaigns, owners, channels, then the attributes by name), and over the lead ids when
    /// <paramref name="withLeads"/>; never 0 (0 means "none" in the preamble).
    /// </summary>
    internal static ulong Fingerprint(LeadEncoding encoding, bool withLeads)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = new byte[4];
        void Add(string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        void AddEncoder(DimensionEncoder encoder)
        {
            Add(encoder.Name.ToUpperInvariant());
            Add(encoder.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var id = 0; id < encoder.Count; id++)
            {
                Add(encoder.Decode(id));
            }
        }

        AddEncoder(encoding.Sources);
        AddEncoder(encoding.Campaigns);
        AddEncoder(encoding.Owners);
        AddEncoder(encoding.Channels);
        foreach (var name in encoding.AttributeNames.Order(StringComparer.OrdinalIgnoreCase))
        {
            AddEncoder(encoding.Attribute(name));
        }

        if (withLeads)
        {
            AddEncoder(encoding.Leads);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        var fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        return fingerprint == 0 ? 1 : fingerprint;
    }
}
