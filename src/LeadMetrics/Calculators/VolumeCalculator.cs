using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>
/// Lead volume: counts leads. Group it by a time bucket (<see cref="LeadGrouping"/>) for leads per
/// day, week, month or quarter; always read it next to quality and conversion. Internal (tests and benchmarks): the
/// public lead count is <see cref="LeadKpis.Leads"/> of <see cref="LeadKpiCalculator"/>.
/// </summary>
/// <remarks>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</remarks>
internal sealed class VolumeCalculator : ILeadCalculator<VolumeCalculator, VolumeResult>, ICountingCalculator, ISerializableCalculator, ISerializableState
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

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<VolumeCalculator, VolumeResult>(this, state, encoding);

    string ISerializableState.Configuration => "volume";

    void ISerializableState.WriteState(StateWriter writer) => writer.WriteInt64(_leads);

    void ISerializableState.ReadState(ref StateReader reader) => _leads = reader.ReadCounter("leads");

    int ICountingCalculator.CellCount => 1;

    int ICountingCalculator.CellOf(byte outcome, byte furthest, int row) => 0;

    int[] ICountingCalculator.CellTable => CellTable;

    private static int[] CellTable { get; } = new int[3 * 256];

    void ICountingCalculator.AddCells(ReadOnlySpan<long> counts) => _leads += counts[0];
}
