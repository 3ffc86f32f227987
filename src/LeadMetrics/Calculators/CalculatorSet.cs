using LeadMetrics.Encoding;
using System.Collections.Immutable;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>
/// One calculator per group under one or several groupings in one pass (for example the total, by source, and by
/// owner and ISO week; or only by month). Mergeable like any calculator.
/// </summary>
/// <typeparam name="TCalculator">The per-group calculator.</typeparam>
/// <typeparam name="TResult">The per-group result.</typeparam>
/// <remarks>
/// A grouping without a dimension (such as <see cref="LeadGrouping.Total"/>) whose time bucket,
/// zone and period instant match a grouping by a dimension is not fed: at snapshot it is computed
/// exactly by merging that grouping's groups, since every lead is in exactly one of them. This halves
/// the work of the common "totals plus by source" set.
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class CalculatorSet<TCalculator, TResult> : ILeadCalculator<CalculatorSet<TCalculator, TResult>, CalculatorSetResult<TResult>>, ISerializableCalculator, ISerializableState
    where TCalculator : class, ILeadCalculator<TCalculator, TResult>
{
    private readonly TCalculator _prototype;
    private readonly GroupedCalculator<TCalculator, TResult>[] _all;
    private readonly GroupedCalculator<TCalculator, TResult>[] _fed;
    private readonly int[] _derivedFrom;

    /// <summary>Creates a set.</summary>
    /// <param name="prototype">A calculator whose configuration every group copies; it is not fed.</param>
    /// <param name="groupings">The groupings; at least one, all different. Pass <see cref="LeadGrouping.Total"/> for the totals.</param>
    /// <exception cref="ArgumentException">No grouping, or the same grouping twice.</exception>
    public CalculatorSet(TCalculator prototype, params IReadOnlyList<LeadGrouping> groupings)
    {
        Preconditions.CheckNotNull(prototype);
        Preconditions.CheckNotNull(groupings);
        if (groupings.Count == 0)
        {
            throw new ArgumentException("groupings must hold at least one grouping (LeadGrouping.Total for the totals).", nameof(groupings));
        }

        if (groupings.Distinct().Count() != groupings.Count)
        {
            throw new ArgumentException("groupings holds the same grouping twice.", nameof(groupings));
        }

        _prototype = prototype.CreateEmpty();
        Groupings = [.. groupings];
        _all = [.. Groupings.Select(g => new GroupedCalculator<TCalculator, TResult>(g, _prototype))];
        _derivedFrom = new int[_all.Length];
        for (var i = 0; i < _all.Length; i++)
        {
            _derivedFrom[i] = -1;
            var g = Groupings[i];
            if (g.Dimension != GroupDimension.None)
            {
                continue;
            }

            for (var j = 0; j < _all.Length; j++)
            {
                var h = Groupings[j];
                if (h.Dimension != GroupDimension.None && h.Bucket == g.Bucket && h.PeriodOf == g.PeriodOf && (g.Bucket == TimeBucket.None || h.Zone.Id == g.Zone.Id))
                {
                    _derivedFrom[i] = j;
                    break;
                }
            }
        }

        _fed = [.. _all.Where((_, i) => _derivedFrom[i] < 0)];
    }

    /// <summary>The groupings, in the order given.</summary>
    public ImmutableArray<LeadGrouping> Groupings { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        // The first grouping rejects a default record before any grouping adds it.
        foreach (var grouped in _fed)
        {
            grouped.Add(lead);
        }
    }

    /// <summary>
    /// Adds every lead of a columnar batch to each grouping. <see cref="LeadKpiCalculator"/> and
    /// <see cref="CohortMaturityCalculator"/> run column kernels a block of rows at a time; any other calculator reads
    /// the batch row by row. The result equals adding the same records one by one.
    /// </summary>
    /// <param name="columns">The batch.</param>
    public void AddRange(LeadColumns columns)
    {
        foreach (var grouped in _fed)
        {
            grouped.AddRange(columns);
        }
    }

    /// <inheritdoc />
    public void Merge(CalculatorSet<TCalculator, TResult> other)
    {
        Preconditions.CheckNotNull(other);
        if (!other.Groupings.SequenceEqual(Groupings))
        {
            throw new ArgumentException("other has different groupings; only sets of the same configuration merge.", nameof(other));
        }

        for (var i = 0; i < _all.Length; i++)
        {
            if (_derivedFrom[i] < 0)
            {
                _all[i].Merge(other._all[i]);
            }
        }
    }

    /// <inheritdoc />
    public CalculatorSetResult<TResult> Snapshot()
    {
        var results = ImmutableArray.CreateBuilder<GroupedResult<TResult>>(_all.Length);
        for (var i = 0; i < _all.Length; i++)
        {
            if (_derivedFrom[i] < 0)
            {
                results.Add(_all[i].Snapshot());
            }
            else
            {
                var derived = _all[i].CreateEmpty();
                derived.MergeCollapsed(_all[_derivedFrom[i]]);
                results.Add(derived.Snapshot());
            }
        }

        return new CalculatorSetResult<TResult>(results.MoveToImmutable(), _prototype.CreateEmpty().Snapshot());
    }

    /// <inheritdoc />
    public CalculatorSet<TCalculator, TResult> CreateEmpty() => new(_prototype, Groupings);

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<CalculatorSet<TCalculator, TResult>, CalculatorSetResult<TResult>>(this, state, encoding);

    /// <summary>Merges serialized state whose labels of one dimension fold (<see cref="LabelFold"/>; see <see cref="GroupedCalculator{TCalculator, TResult}"/>'s).</summary>
    internal void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding encoding, LabelFold fold) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other), fold);

    string ISerializableState.Configuration => "set;" + string.Join("|", _all.Select(g => ((ISerializableState)g).Configuration));

    void ISerializableState.WriteState(StateWriter writer)
    {
        foreach (var grouped in _fed)
        {
            ((ISerializableState)grouped).WriteState(writer);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        foreach (var grouped in _fed)
        {
            ((ISerializableState)grouped).ReadState(ref reader);
        }
    }
}
