using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>
/// Lead volume: counts leads. Group it by a time bucket (<see cref="LeadGrouping"/>) for leads per
/// day, week, month or quarter; always read it next to quality and conversion.
/// </summary>
public sealed class VolumeCalculator : ILeadCalculator<VolumeCalculator, VolumeResult>, ICountingCalculator, ISerializableState
{
    private long _leads;

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        _leads++;
    }

    /// <inheritdoc />
    public void Merge(VolumeCalculator other) => _leads += Preconditions.CheckNotNull(other)._leads;

    /// <inheritdoc />
    public VolumeResult Snapshot() => new(_leads);

    /// <inheritdoc />
    public VolumeCalculator CreateEmpty() => new();

    /// <summary>
    /// Serializes this partial result (its configuration and state) so that it can be merged on another machine or
    /// later into a calculator of the same configuration with <see cref="MergeSerialized"/>.
    /// </summary>
    /// <returns>The bytes (little-endian, versioned, with a checksum).</returns>
    /// <remarks>Dimension ids are written as ids: merge only partials encoded with the same labels-to-ids mapping.</remarks>
    public byte[] Serialize() => CalculatorState.Serialize(this);

    /// <summary>
    /// Merges a partial result written by <see cref="Serialize"/> into this calculator: the same as
    /// <c>Merge</c> with the calculator that wrote it.
    /// </summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">
    /// The bytes are not a serialized calculator of this type and configuration, are damaged (checksum), hold counts no
    /// calculator could reach, or would overflow a sum when merged; the message says what is wrong, and this calculator
    /// is unchanged.
    /// </exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) => StateMerge.MergeSerialized<VolumeCalculator, VolumeResult>(this, state);

    string ISerializableState.Configuration => "volume";

    void ISerializableState.WriteState(StateWriter writer) => writer.WriteInt64(_leads);

    void ISerializableState.ReadState(ref StateReader reader) => _leads = reader.ReadCounter("leads");

    int ICountingCalculator.CellCount => 1;

    int ICountingCalculator.CellOf(byte outcome, byte furthest, int row) => 0;

    int[] ICountingCalculator.CellTable => CellTable;

    private static int[] CellTable { get; } = new int[3 * 256];

    void ICountingCalculator.AddCells(ReadOnlySpan<long> counts) => _leads += counts[0];
}
