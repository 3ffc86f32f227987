using System.Collections.Immutable;

namespace LeadMetrics.Calculators;

/// <summary>
/// Every lead KPI under several groupings in one pass (for example the total, by source, and by
/// owner and ISO week). Mergeable like any calculator.
/// </summary>
public sealed class LeadKpiSet : ILeadCalculator<LeadKpiSet, LeadKpiSetResult>
{
    private readonly GroupedCalculator<LeadKpiCalculator, LeadKpis>[] _grouped;
    private readonly LeadKpiCalculator _prototype;

    /// <summary>Creates a set.</summary>
    /// <param name="options">The KPI options; <see cref="KpiOptions.Default"/> when null.</param>
    /// <param name="groupings">The groupings; at least one. Pass <see cref="LeadGrouping.Total"/> for the totals.</param>
    /// <exception cref="ArgumentException">No grouping, or the same grouping twice.</exception>
    public LeadKpiSet(KpiOptions? options, params IReadOnlyList<LeadGrouping> groupings)
    {
        Preconditions.CheckNotNull(groupings);
        if (groupings.Count == 0)
        {
            throw new ArgumentException("groupings must hold at least one grouping (LeadGrouping.Total for the totals).", nameof(groupings));
        }

        if (groupings.Distinct().Count() != groupings.Count)
        {
            throw new ArgumentException("groupings holds the same grouping twice.", nameof(groupings));
        }

        Options = options ?? KpiOptions.Default;
        Groupings = [.. groupings];
        _prototype = new LeadKpiCalculator(Options);
        _grouped = [.. Groupings.Select(g => new GroupedCalculator<LeadKpiCalculator, LeadKpis>(g, _prototype))];
    }

    /// <summary>The options.</summary>
    public KpiOptions Options { get; }

    /// <summary>The groupings, in the order given.</summary>
    public ImmutableArray<LeadGrouping> Groupings { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        foreach (var grouped in _grouped)
        {
            grouped.Add(lead);
        }
    }

    /// <inheritdoc />
    public void Merge(LeadKpiSet other)
    {
        Preconditions.CheckNotNull(other);
        if (!ReferenceEquals(other.Options, Options) || !other.Groupings.SequenceEqual(Groupings))
        {
            throw new ArgumentException("other has different options or groupings; only sets of the same configuration merge.", nameof(other));
        }

        for (var i = 0; i < _grouped.Length; i++)
        {
            _grouped[i].Merge(other._grouped[i]);
        }
    }

    /// <inheritdoc />
    public LeadKpiSetResult Snapshot() => new([.. _grouped.Select(g => g.Snapshot())]);

    /// <inheritdoc />
    public LeadKpiSet CreateEmpty() => new(Options, Groupings);
}
