using LeadMetrics.Encoding;

namespace LeadMetrics.Calculators;

/// <summary>
/// A calculator whose partial result travels as bytes: <see cref="Serialize"/> on one machine (or before a restart),
/// <see cref="MergeSerialized"/> into a calculator of the same configuration elsewhere, with the same result as
/// <c>Merge</c> with the calculator that wrote the bytes (in the style of Apache DataSketches).
/// </summary>
/// <remarks>
/// <para><b>Format.</b> Little-endian, versioned bytes: the magic "LMS1", the format version, an optional encoding
/// fingerprint, the calculator's type name and canonical configuration, the encoding's labels (when serialized with
/// one), its state, and a checksum (the layout is drawn in docs/architecture.md). Equal partials of equal encodings
/// give equal bytes, whatever the order their leads arrived in.</para>
/// <para><b>Compatibility.</b> Two partials merge when their configurations are equal by value (equal options built
/// separately merge), for <c>Merge</c> and <see cref="MergeSerialized"/> alike. Bytes of another type, another
/// configuration, another format version, or a truncated or damaged copy are refused with an
/// <see cref="ArgumentException"/> naming <c>state</c>, and the receiver is unchanged; so is a merge that would
/// overflow a sum.</para>
/// <para><b>Ids and labels.</b> The state holds dense ids (sources, campaigns, owners, channels, attributes and, for the
/// money calculators, leads). Pass the encoding to both calls and partials encoded by different processes merge by
/// label: <see cref="Serialize"/> writes a fingerprint of the encoding and its labels in id order (the lead ids too when
/// the state holds lead keys and the encoding has them); <see cref="MergeSerialized"/> reads bytes of the receiver's
/// fingerprint as they are, and remaps the ids of bytes of another fingerprint to the receiver encoding's ids of the
/// same labels, adding the labels it lacks (once the merge has succeeded). Bytes without an encoding, and bytes of an
/// older format version (3 and before, which carry no labels) of another fingerprint, are refused when the receiver
/// passes its encoding. Lead keys of bytes without lead labels (a reader that numbers leads itself) are kept as they are.</para>
/// </remarks>
public interface ISerializableCalculator
{
    /// <summary>Serializes this partial result: its type, configuration and state, and the fingerprint and labels of <paramref name="encoding"/> when given.</summary>
    /// <param name="encoding">
    /// The encoding the leads were encoded with, or null to write neither fingerprint nor labels. The fingerprint and
    /// the labels cover every dimension (sources, campaigns, owners, channels, attributes) in id order, and the lead ids
    /// when the state holds lead keys; the bytes grow by the labels' length.
    /// </param>
    /// <returns>The bytes.</returns>
    /// <exception cref="NotSupportedException">A grouped calculator's per-group calculator type cannot be serialized.</exception>
    byte[] Serialize(LeadEncoding? encoding = null);

    /// <summary>Merges a partial result written by <see cref="Serialize"/> into this calculator: the same as <c>Merge</c> with the calculator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <param name="encoding">
    /// This calculator's encoding: bytes of another encoding are merged by label (their ids remapped to this
    /// encoding's, labels it lacks added to it); bytes without labels are refused. Null to merge the ids as they are
    /// (the caller vouches that they mean the same labels).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The bytes are not a serialized calculator of this type and configuration (the message names the part of the
    /// configuration that differs), are of another format version, are truncated or damaged (checksum), were encoded
    /// with other labels and carry none, carry labels that are one label in this encoding, hold counts no calculator
    /// could reach, or would overflow a sum or repeat a lead when merged; the message says what is wrong, the parameter
    /// is <c>state</c>, and this calculator and the encoding are unchanged.
    /// </exception>
    /// <exception cref="NotSupportedException">A grouped calculator's per-group calculator type cannot be serialized.</exception>
    void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null);
}
