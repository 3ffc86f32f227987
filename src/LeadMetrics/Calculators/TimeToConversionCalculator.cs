using LeadMetrics.Encoding;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeadMetrics.Engine;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Time to conversion: creation to won, as a distribution; and stage velocity: how long leads stay
/// in each open stage, so that users see where leads get stuck. Internal: one part of <see cref="LeadKpiCalculator"/>
/// (<see cref="LeadKpis.TimeToConversion"/>), the public way to these KPIs.
/// </summary>
/// <remarks>
/// A lead is in the first stage from its creation. Each recorded visit to a different stage ends the
/// current stay and starts a new one; a repeated visit to the current stage continues the stay. The
/// stay in the last open stage ends when the lead is won or lost. The current stay of an open lead is
/// censored: it is not counted (it has not ended). Terminal stages have no stay.
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
internal sealed class TimeToConversionCalculator : ILeadCalculator<TimeToConversionCalculator, TimeToConversionResult>, IColumnarCalculator<TimeToConversionCalculator>, ISerializableCalculator, ISerializableState
{
    private readonly DurationStatistics _conversion;
    private readonly DurationStatistics[] _stages;
    private readonly int _stageCount;
    private readonly int _openCount;
    private long _leads;
    private DurationBlock? _block;
    private VisitScratch? _visitScratch;

    /// <summary>Creates a calculator.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="distribution">Quantiles, histogram and accuracy; <see cref="DistributionOptions.Default"/> when null.</param>
    public TimeToConversionCalculator(Pipeline? pipeline = null, DistributionOptions? distribution = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        Distribution = distribution ?? DistributionOptions.Default;
        _conversion = new DurationStatistics(Distribution);
        _openCount = Pipeline.OpenStageCount;
        _stageCount = Pipeline.Stages.Length;
        _stages = new DurationStatistics[_openCount];
        for (var i = 0; i < _stages.Length; i++)
        {
            _stages[i] = new DurationStatistics(Distribution);
        }
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The distribution options.</summary>
    public DistributionOptions Distribution { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A stage visit's index is not a stage of the pipeline.</exception>
    public void Add(in LeadRecord lead)
    {
        // Check every visit before changing anything: a rejected lead leaves the calculator as it was.
        RecordChecks.CheckRecord(lead);
        Check(lead);
        AddChecked(lead);
    }

    /// <inheritdoc />
    void IColumnarCalculator<TimeToConversionCalculator>.CheckColumns(LeadColumns columns)
    {
        if (!AllValid(columns))
        {
            columns.CheckRows(Check);
        }
    }

    /// <inheritdoc />
    bool IColumnarCalculator<TimeToConversionCalculator>.NeedsGroupRows => true;

    /// <inheritdoc />
    void IColumnarCalculator<TimeToConversionCalculator>.EndColumns() => _block?.Release();

    /// <inheritdoc />
    void IColumnarCalculator<TimeToConversionCalculator>.AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, TimeToConversionCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows)
    {
        var block = _block ??= new DurationBlock();
        var stride = 1 + _openCount;
        for (var slot = block.Groups; slot < groupCount; slot++)
        {
            calculators[slot].Register(block, slot * stride);
        }

        block.Groups = groupCount;
        AddColumns(columns, start, slots, calculators, groupRows, block, stride, 0, ref _visitScratch);
        block.Drain();
    }

    /// <summary>
    /// Registers this calculator's statistics in <paramref name="block"/>: time to conversion as id
    /// <paramref name="id"/>, then the time in each open stage as the ids after it.
    /// </summary>
    internal void Register(DurationBlock block, int id)
    {
        block.Register(id, _conversion);
        for (var stage = 0; stage < _stages.Length; stage++)
        {
            block.Register(id + 1 + stage, _stages[stage]);
        }
    }

    /// <summary>
    /// Adds a block of rows of a columnar batch, row <c>start + i</c> to <c>calculators[slots[i]]</c>:
    /// the durations as pairs into <paramref name="block"/> with ids <c>slot * stride + offset</c>
    /// (conversion) and the ids after it (stages), which the caller drains: <see cref="TimeToConversionKernel"/> for
    /// the simple histories, <see cref="StageWalk.Walk{TSink}"/> lead by lead for the rest.
    /// </summary>
    internal static void AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, TimeToConversionCalculator[] calculators, ReadOnlySpan<long> groupRows, DurationBlock block, int stride, int offset,
        ref VisitScratch? scratch)
    {
        var length = slots.Length;
        if (length == 0)
        {
            return;
        }

        Debug.Assert(length <= StageWalk.StretchRowModulus, "A block finds its stretches' rows modulo StretchRowModulus.");

        var created = columns.CreatedTicks.AsSpan(start, length);
        var closed = columns.ClosedTicks.AsSpan(start, length);
        var outcomes = columns.Outcomes.AsSpan(start, length);
        var starts = columns.StageStarts.AsSpan(start, length + 1);
        var first = starts[0];
        var visits = columns.Visits.AsSpan(first, starts[length] - first);
        var open = calculators[slots[0]]._openCount;
        var stretchFirst = columns.StretchStarts[start];
        var stretchCount = columns.StretchStarts[start + length] - stretchFirst;
        var n = block.Count;
        block.Reserve((2 * length) + visits.Length + ColumnKernels.PairSlack);
        if (visits.IsEmpty && stretchCount == 0)
        {
            // No visits in the block: every history is simple, stage 0 since the creation (no layout columns read).
            block.Count = TimeToConversionKernel.EmitRowsWithoutVisits(
                slots, created, closed, outcomes, stride, offset, open, ref MemoryMarshal.GetArrayDataReference(block.Ids), ref MemoryMarshal.GetArrayDataReference(block.Ticks), n);
            for (var slot = 0; slot < groupRows.Length; slot++)
            {
                calculators[slot]._leads += groupRows[slot];
            }

            return;
        }

        var bounds = columns.WalkBounds.AsSpan(start, length);
        scratch ??= new VisitScratch();
        scratch.Reserve(length);
        var simple = scratch.Simple.AsSpan(0, length);

        var stageIds = scratch.StageIds.AsSpan(0, length);
        ref var ids = ref MemoryMarshal.GetArrayDataReference(block.Ids);
        ref var ticks = ref MemoryMarshal.GetArrayDataReference(block.Ticks);

        // Reserve made room for two pairs per row, one per visit (there are at most as many stretches), and the
        // vector stores' slack.
        unchecked
        {
            n = TimeToConversionKernel.EmitRows(
                slots, created, closed, outcomes, bounds, columns.LastSince.AsSpan(start, length), columns.LastStage.AsSpan(start, length), stride, offset, open, simple, stageIds, ref ids, ref ticks, n);
            n = TimeToConversionKernel.EmitStretches(
                columns.StretchRows.AsSpan(stretchFirst, stretchCount), columns.StretchFrom.AsSpan(stretchFirst, stretchCount), columns.StretchTicks.AsSpan(stretchFirst, stretchCount),
                start, stageIds, ref ids, ref ticks, n);

            for (var slot = 0; slot < groupRows.Length; slot++)
            {
                calculators[slot]._leads += groupRows[slot];
            }

            for (var i = 0; i < length; i++)
            {
                if (simple[i] == 0)
                {
                    calculators[slots[i]].AddStages(created[i], closed[i], visits.Slice(starts[i] - first, starts[i + 1] - starts[i]));
                }
            }
        }

        block.Count = n;
    }

    /// <summary>Whether <see cref="Add(in LeadRecord)"/> accepts every row of <paramref name="columns"/>.</summary>
    internal bool AllValid(LeadColumns columns) => columns.MaxVisitStage < _stageCount;

    /// <summary>Throws what <see cref="Add(in LeadRecord)"/> would throw for <paramref name="lead"/>; changes nothing.</summary>
    internal void Check(in LeadRecord lead) => CheckVisits(lead.Stages.Span, lead.Lead);

    /// <summary>Adds a lead <see cref="Check"/> accepted.</summary>
    internal void AddChecked(in LeadRecord lead) => Add(lead.CreatedTicks, lead.Outcome, lead.ClosedTicks, lead.Stages.Span);

    private void CheckVisits(ReadOnlySpan<StageVisit> visits, int lead)
    {
        foreach (ref readonly var visit in visits)
        {
            if (unchecked((uint)visit.Stage >= (uint)_stageCount))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(lead), visit.Stage, $"lead.Stages of lead {lead} has stage index {visit.Stage}, but the pipeline has stages 0 to {_stageCount - 1}.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(long createdTicks, LeadOutcome outcome, long closedTicks, ReadOnlySpan<StageVisit> visits)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            _leads++;
            if (outcome == LeadOutcome.Won)
            {
                _conversion.AddTicks(closedTicks - createdTicks);
            }

            AddStages(createdTicks, closedTicks, visits);
        }
    }

    // The time in each stage of one lead's history, by the one rule (StageWalk).
    private void AddStages(long createdTicks, long closedTicks, ReadOnlySpan<StageVisit> visits)
    {
        var sink = new StageSink(_stages);
        StageWalk.Walk(createdTicks, closedTicks, visits, _openCount, ref sink);
    }

    // The stretches of a walk into the open stages' statistics.
    private readonly struct StageSink(DurationStatistics[] stages) : StageWalk.ISink
    {
        public void Add(int stage, long ticks) => stages[stage].AddTicks(ticks);
    }

    /// <inheritdoc />
    string ISerializableState.Configuration => "timeToConversion;" + Describe.Of(Pipeline) + ";" + Describe.Of(Distribution);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64(_leads);
        _conversion.WriteState(writer);
        foreach (var stage in _stages)
        {
            stage.WriteState(writer);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _leads = reader.ReadCounter("leads");
        _conversion.ReadState(ref reader, "conversion");
        for (var i = 0; i < _stages.Length; i++)
        {
            _stages[i].ReadState(ref reader, $"stages[{i}]");
        }

        if (_conversion.Count > _leads)
        {
            throw reader.Error($"time to conversion has {_conversion.Count} conversions among {_leads} leads");
        }
    }

    /// <summary>Every lead counted.</summary>
    internal long Leads => _leads;

    /// <summary>Won leads (each has one creation-to-won duration).</summary>
    internal long Converted => _conversion.Count;

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<TimeToConversionCalculator, TimeToConversionResult>(this, state, encoding);

    /// <inheritdoc />
    public void Merge(TimeToConversionCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Describe.Same(other.Pipeline, Pipeline) || !other.Distribution.Equals(Distribution))
        {
            throw new ArgumentException("other has a different pipeline or distribution options; only equal configurations merge.", nameof(other));
        }

        _leads += other._leads;
        _conversion.Merge(other._conversion);
        for (var i = 0; i < _stages.Length; i++)
        {
            _stages[i].Merge(other._stages[i]);
        }
    }

    /// <inheritdoc />
    public TimeToConversionResult Snapshot()
    {
        var velocity = ImmutableArray.CreateBuilder<StageDurationResult>(_stages.Length);
        for (var i = 0; i < _stages.Length; i++)
        {
            velocity.Add(new StageDurationResult(Pipeline.Stages[i], _stages[i].Snapshot()));
        }

        return new TimeToConversionResult(_leads, _conversion.Count, _conversion.Snapshot(), velocity.MoveToImmutable());
    }

    /// <inheritdoc />
    public TimeToConversionCalculator CreateEmpty() => new(Pipeline, Distribution);

    /// <summary>Scratch of the flat stage walk, per row: whether its walk is simple (all ones) or not (zero), and its stage 0 id (-1 when not simple).</summary>
    internal sealed class VisitScratch
    {
        internal int[] Simple = [];
        internal int[] StageIds = [];

        internal void Reserve(int rows)
        {
            if (Simple.Length < rows)
            {
                Simple = new int[rows];
                StageIds = new int[rows];
            }
        }
    }
}
