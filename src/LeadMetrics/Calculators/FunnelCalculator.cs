using LeadMetrics.Encoding;
using System.Collections.Immutable;
using LeadMetrics.Engine;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>
/// The funnel and conversion KPIs: how many leads reached each stage, conversion between every pair
/// of consecutive stages, drop-off per stage, lead-to-won conversion, win rate and open leads. Internal: one part of
/// <see cref="LeadKpiCalculator"/> (<see cref="LeadKpis.Funnel"/>), the public way to these KPIs.
/// </summary>
/// <remarks>
/// Skipped-stage rule: a lead's reach is its furthest funnel position (<see cref="LeadRecord.FurthestPosition"/>);
/// it counts as having passed every earlier stage, recorded or not. A won lead reached every stage.
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
internal sealed class FunnelCalculator : ILeadCalculator<FunnelCalculator, FunnelResult>, ICountingCalculator, ISerializableCalculator, ISerializableState
{
    private readonly long[] _furthest;
    private readonly long[] _lostAt;
    private readonly long[] _openAt;
    private readonly int _wonPosition;
    private int[] _cellScratch = [];
    private int[]? _cellTable;

    /// <summary>Creates a funnel calculator.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    public FunnelCalculator(Pipeline? pipeline = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        _wonPosition = Pipeline.OpenStageCount;
        _furthest = new long[Pipeline.FunnelLength];
        _lostAt = new long[Pipeline.FunnelLength];
        _openAt = new long[Pipeline.FunnelLength];
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A lead that is not won has a furthest position outside the open stages.</exception>
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        Check(lead);
        AddChecked(lead);
    }

    /// <summary>Adds a lead <see cref="Check"/> accepted.</summary>
    internal void AddChecked(in LeadRecord lead)
    {
        // Unchecked on purpose: 64-bit counters cannot overflow.
        unchecked
        {
            var outcome = lead.Outcome;
            if (outcome == LeadOutcome.Won)
            {
                _furthest[_wonPosition]++;
                return;
            }

            var position = lead.FurthestPosition;
            _furthest[position]++;
            if (outcome == LeadOutcome.Lost)
            {
                _lostAt[position]++;
            }
            else
            {
                _openAt[position]++;
            }
        }
    }

    /// <inheritdoc />
    public void Merge(FunnelCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Describe.Same(other.Pipeline, Pipeline))
        {
            throw new ArgumentException("other uses a different pipeline; only calculators of equal pipelines (the same stages in the same order) merge.", nameof(other));
        }

        for (var i = 0; i < _furthest.Length; i++)
        {
            _furthest[i] += other._furthest[i];
            _lostAt[i] += other._lostAt[i];
            _openAt[i] += other._openAt[i];
        }
    }

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<FunnelCalculator, FunnelResult>(this, state, encoding);

    string ISerializableState.Configuration => "funnel;" + Describe.Of(Pipeline);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64s(_furthest);
        writer.WriteInt64s(_lostAt);
        writer.WriteInt64s(_openAt);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        reader.ReadInt64s("furthest", _furthest);
        reader.ReadInt64s("lostAt", _lostAt);
        reader.ReadInt64s("openAt", _openAt);
        long leads = 0;
        for (var i = 0; i < _furthest.Length; i++)
        {
            // Each lead whose furthest position is an open stage is lost or open there; won leads are at the won position.
            var split = i == _wonPosition ? _lostAt[i] == 0 && _openAt[i] == 0 : _lostAt[i] <= _furthest[i] && _openAt[i] == _furthest[i] - _lostAt[i];
            if (!split || leads > long.MaxValue - _furthest[i])
            {
                throw reader.Error($"funnel position {i} has {_furthest[i]} leads, {_lostAt[i]} lost and {_openAt[i]} open, which adding leads cannot give");
            }

            leads += _furthest[i];
        }
    }

    /// <summary>Every lead counted.</summary>
    internal long Leads => _furthest.Sum();

    /// <summary>Won leads.</summary>
    internal long Won => _furthest[_wonPosition];

    /// <inheritdoc />
    public FunnelResult Snapshot()
    {
        var n = _furthest.Length;
        var reached = new long[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            reached[i] = reached[i + 1] + _furthest[i];
        }

        var won = _furthest[_wonPosition];
        long lost = 0, open = 0;
        for (var i = 0; i < n; i++)
        {
            lost += _lostAt[i];
            open += _openAt[i];
        }

        var stages = ImmutableArray.CreateBuilder<FunnelStageResult>(n);
        for (var i = 0; i < n; i++)
        {
            var dropped = i == _wonPosition ? 0 : reached[i] - reached[i + 1];
            stages.Add(new FunnelStageResult(
                Pipeline.Stages[i],
                reached[i],
                i == 0 ? null : Ratio.Of(reached[i], reached[i - 1]),
                dropped,
                Ratio.Of(dropped, reached[i]),
                _lostAt[i],
                _openAt[i]));
        }

        var leads = reached[0];
        return new FunnelResult(Pipeline, leads, won, lost, open, stages.MoveToImmutable(), Ratio.Of(won, leads), Ratio.Of(won, won + lost));
    }

    /// <inheritdoc />
    public FunnelCalculator CreateEmpty() => new(Pipeline);

    /// <summary>Throws what <see cref="Add(in LeadRecord)"/> would throw for <paramref name="lead"/>; changes nothing.</summary>
    internal void Check(in LeadRecord lead)
    {
        if (lead.Outcome != LeadOutcome.Won && unchecked((uint)lead.FurthestPosition >= (uint)_wonPosition))
        {
            throw new ArgumentOutOfRangeException(
                nameof(lead), lead.FurthestPosition, $"lead.FurthestPosition of lead {lead.Lead} is {lead.FurthestPosition}, but a lead that is not won must be at an open stage (0 to {_wonPosition - 1}).");
        }
    }

    /// <summary>Whether <see cref="Add(in LeadRecord)"/> accepts every row of <paramref name="columns"/>.</summary>
    internal bool AllValid(LeadColumns columns) => columns.MaxOpenFurthest < _wonPosition;

    /// <summary>
    /// Adds a block of rows of a columnar batch, row <c>start + i</c> to <c>calculators[slots[i]]</c>, by
    /// counting cells in <paramref name="scratch"/> (grown as needed) and handing each group its counts.
    /// Called on a calculator of the same pipeline; the rows were checked by <see cref="AllValid"/>.
    /// </summary>
    internal void AddColumns(LeadColumns columns, int start, ReadOnlySpan<int> slots, FunnelCalculator[] calculators, int groupCount, ref long[] scratch)
    {
        var cells = ((ICountingCalculator)this).CellCount;
        var table = ((ICountingCalculator)this).CellTable;
        if (scratch.Length < groupCount * cells)
        {
            scratch = new long[groupCount * cells];
        }

        var counts = scratch.AsSpan(0, groupCount * cells);
        counts.Clear();
        var outcomes = columns.Outcomes.AsSpan(start, slots.Length);
        var furthest = columns.Furthest.AsSpan(start, slots.Length);
        // Each row's cell from the kernel where it has vectors, then the increments; the rest through the cell table.
        var cellIndex = _cellScratch.Length >= slots.Length ? _cellScratch : (_cellScratch = new int[slots.Length]);
        var i = FunnelKernel.CellIndexes(slots, outcomes, furthest, cells, _wonPosition, cellIndex);
        foreach (var index in cellIndex.AsSpan(0, i))
        {
            counts[index]++;
        }

        for (; i < slots.Length; i++)
        {
            counts[(slots[i] * cells) + table[(outcomes[i] << 8) | furthest[i]]]++;
        }

        for (var slot = 0; slot < groupCount; slot++)
        {
            ((ICountingCalculator)calculators[slot]).AddCells(counts.Slice(slot * cells, cells));
        }
    }

    /// <summary>
    /// The rows of each group of the block <see cref="AddColumns"/> last counted: the sum of the group's
    /// cells in the counts it left in its scratch (group by group), for <paramref name="rows"/>.Length groups.
    /// </summary>
    internal void RowsPerGroup(ReadOnlySpan<long> scratch, Span<long> rows)
    {
        var cells = ((ICountingCalculator)this).CellCount;
        for (var slot = 0; slot < rows.Length; slot++)
        {
            long sum = 0;
            foreach (var count in scratch.Slice(slot * cells, cells))
            {
                sum += count;
            }

            rows[slot] = sum;
        }
    }

    private int[] BuildCellTable()
    {
        var table = new int[3 * 256];
        for (var outcome = 0; outcome < 3; outcome++)
        {
            for (var furthest = 0; furthest < 256; furthest++)
            {
                table[(outcome * 256) + furthest] = outcome == (int)LeadOutcome.Won ? 0
                    : furthest >= _wonPosition ? -1
                    : outcome == (int)LeadOutcome.Lost ? 1 + _wonPosition + furthest : 1 + furthest;
            }
        }

        return table;
    }

    // Cells: 0 = won; 1 + position = open at position; 1 + wonPosition + position = lost at position.
    int ICountingCalculator.CellCount => 1 + (2 * _wonPosition);

    int ICountingCalculator.CellOf(byte outcome, byte furthest, int row)
    {
        if (outcome == (byte)LeadOutcome.Won)
        {
            return 0;
        }

        if (furthest >= _wonPosition)
        {
            throw new ArgumentOutOfRangeException(
                nameof(furthest), furthest, $"lead.FurthestPosition of row {row} is {furthest}, but a lead that is not won must be at an open stage (0 to {_wonPosition - 1}).");
        }

        return outcome == (byte)LeadOutcome.Lost ? 1 + _wonPosition + furthest : 1 + furthest;
    }

    int[] ICountingCalculator.CellTable => _cellTable ??= BuildCellTable();

    void ICountingCalculator.AddCells(ReadOnlySpan<long> counts)
    {
        _furthest[_wonPosition] += counts[0];
        for (var p = 0; p < _wonPosition; p++)
        {
            var open = counts[1 + p];
            var lost = counts[1 + _wonPosition + p];
            _furthest[p] += open + lost;
            _openAt[p] += open;
            _lostAt[p] += lost;
        }
    }
}
