namespace LeadMetrics.Calculators;

/// <summary>
/// Lead volume: counts leads. Group it by a time bucket (<see cref="LeadGrouping"/>) for leads per
/// day, week, month or quarter; always read it next to quality and conversion.
/// </summary>
public sealed class VolumeCalculator : ILeadCalculator<VolumeCalculator, VolumeResult>, ICountingCalculator
{
    private long _leads;

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        Preconditions.CheckRecord(lead);
        _leads++;
    }

    /// <inheritdoc />
    public void Merge(VolumeCalculator other) => _leads += Preconditions.CheckNotNull(other)._leads;

    /// <inheritdoc />
    public VolumeResult Snapshot() => new(_leads);

    /// <inheritdoc />
    public VolumeCalculator CreateEmpty() => new();

    int ICountingCalculator.CellCount => 1;

    int ICountingCalculator.CellOf(byte outcome, byte furthest, int row) => 0;

    int[] ICountingCalculator.CellTable => CellTable;

    private static int[] CellTable { get; } = new int[3 * 256];

    void ICountingCalculator.AddCells(ReadOnlySpan<long> counts) => _leads += counts[0];
}
