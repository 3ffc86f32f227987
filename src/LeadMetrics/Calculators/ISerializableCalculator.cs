using LeadMetrics.Encoding;

namespace LeadMetrics.Calculators;

/// <summary>
/// A calculator whose partial result travels as bytes: <see cref="Serialize"/> on one machine (or before a restart),
/// <see cref="MergeSerialized"/> into a calculator of the same configuration elsewhere, with the same result as
/// <c>Merge</c> with the calculator that wrote the bytes (in the style of Apache DataSketches).
/// </summary>
/// <remarks>
/// <para><b>Format.</b> Little-endian, versioned bytes: the magic "LMS1", the format version, an optional encoding
/// fingerprint, the calculator's type name and canonical configuration, its state, and a checksum (the layout is
/// drawn in docs/architecture.md). Equal partials give equal bytes, whatever the order their leads arrived in.</para>
/// <para><b>Compatibility.</b> Two partials merge when their configurations are equal by value (equal options built
/// separately merge), for <c>Merge</c> and <see cref="MergeSerialized"/> alike. Bytes of another type, another
/// configuration, another format version, or a truncated or damaged copy are refused with an
/// <see cref="ArgumentException"/> naming <c>state</c>, and the receiver is unchanged; so is a merge that would
/// overflow a sum.</para>
/// <para><b>Ids.</b> The state holds dense ids (sources, campaigns, owners, attributes and, for the money
/// calculators, leads), not labels. Partials encoded by different processes mean the same thing only when their
/// <see cref="LeadEncoding"/>s gave the same labels the same ids. Pass the encoding to both calls to have that
/// checked: <see cref="Serialize"/> writes a fingerprint of its labels and <see cref="MergeSerialized"/> refuses
/// bytes whose fingerprint differs from the receiver's encoding (or that carry none).</para>
/// </remarks>
public interface ISerializableCalculator
{
    /// <summary>Serializes this partial result: its type, configuration and state, and the fingerprint of <paramref name="encoding"/> when given.</summary>
    /// <param name="encoding">
    /// The encoding the leads were encoded with, or null to write no fingerprint. The fingerprint covers the labels of
    /// every dimension (sources, campaigns, owners, channels, attributes) in id order, and the lead ids when the state
    /// holds lead keys; computing it reads every label once.
    /// </param>
    /// <returns>The bytes.</returns>
    /// <exception cref="NotSupportedException">A grouped calculator's per-group calculator type cannot be serialized.</exception>
    byte[] Serialize(LeadEncoding? encoding = null);

    /// <summary>Merges a partial result written by <see cref="Serialize"/> into this calculator: the same as <c>Merge</c> with the calculator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <param name="encoding">
    /// This calculator's encoding, to refuse bytes encoded with other labels (their fingerprint differs, or they have
    /// none); null to merge without that check (the caller vouches that the ids mean the same labels).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The bytes are not a serialized calculator of this type and configuration, are of another format version, are
    /// truncated or damaged (checksum), were encoded with other labels, hold counts no calculator could reach, or
    /// would overflow a sum or repeat a lead when merged; the message says what is wrong, the parameter is
    /// <c>state</c>, and this calculator is unchanged.
    /// </exception>
    /// <exception cref="NotSupportedException">A grouped calculator's per-group calculator type cannot be serialized.</exception>
    void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null);
}
