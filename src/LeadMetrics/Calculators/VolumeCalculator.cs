namespace LeadMetrics.Calculators;

/// <summary>
/// Lead volume: counts leads. Group it by a time bucket (<see cref="LeadGrouping"/>) for leads per
/// day, week, month or quarter; always read it next to quality and conversion.
/// </summary>
public sealed class VolumeCalculator : ILeadCalculator<VolumeCalculator, VolumeResult>
{
    private long _leads;

    /// <inheritdoc />
    public void Add(in LeadRecord lead) => _leads++;

    /// <inheritdoc />
    public void Merge(VolumeCalculator other) => _leads += Preconditions.CheckNotNull(other)._leads;

    /// <inheritdoc />
    public VolumeResult Snapshot() => new(_leads);

    /// <inheritdoc />
    public VolumeCalculator CreateEmpty() => new();
}
