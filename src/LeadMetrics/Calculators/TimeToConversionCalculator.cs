using LeadMetrics.Encoding;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Time to conversion: creation to won, as a distribution; and stage velocity: how long leads stay
/// in each open stage, so that users see where leads get stuck.
/// </summary>
/// <remarks>
/// A lead is in the first stage from its creation. Each recorded visit to a different stage ends the
/// current stay and starts a new one; a repeated visit to the current stage continues the stay. The
/// stay in the last open stage ends when the lead is won or lost. The current stay of an open lead is
/// censored: it is not counted (it has not ended). Terminal stages have no stay.
/// </remarks>
public sealed class TimeToConversionCalculator : ILeadCalculator<TimeToConversionCalculator, TimeToConversionResult>, IColumnarCalculator<TimeToConversionCalculator>, ISerializableCalculator, ISerializableState
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
    /// (conversion) and the ids after it (stages), which the caller drains. The stage walk of simple
    /// histories (see <see cref="LeadColumns.WalkBounds"/>) runs over the batch's stretches (see
    /// <see cref="LeadColumns.StretchStarts"/>) as one flat sequence, so no lead costs a loop of its own;
    /// the rest are walked lead by lead. A block has at most 65,536 rows: stretches name their row modulo
    /// 65,536 (see <see cref="LeadColumns.StretchRows"/>).
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

        Debug.Assert(length <= ushort.MaxValue + 1, "A block finds its stretches' rows modulo 65,536.");

        var created = columns.CreatedTicks.AsSpan(start, length);
        var closed = columns.ClosedTicks.AsSpan(start, length);
        var outcomes = columns.Outcomes.AsSpan(start, length);
        var starts = columns.StageStarts.AsSpan(start, length + 1);
        var first = starts[0];
        var visits = columns.Visits.AsSpan(first, starts[length] - first);
        var open = calculators[slots[0]]._openCount;
        var stretchFirst = columns.StretchStarts[start];
        var stretchCount = columns.StretchStarts[start + length] - stretchFirst;
        var bounds = columns.WalkBounds.AsSpan(start, length);
        scratch ??= new VisitScratch();
        scratch.Reserve(length);
        var simple = scratch.Simple.AsSpan(0, length);

        var stageIds = scratch.StageIds.AsSpan(0, length);
        block.Reserve((2 * length) + visits.Length + Vector512<long>.Count);
        ref var ids = ref MemoryMarshal.GetArrayDataReference(block.Ids);
        ref var ticks = ref MemoryMarshal.GetArrayDataReference(block.Ticks);
        var n = block.Count;

        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot
        // overflow; a difference that is not kept may be anything. Ids and ticks are written without
        // bounds checks: Reserve made room for two pairs per row, one per visit (there are at most as many
        // stretches), and one vector's slack for the vectorized loops' full-width stores.
        unchecked
        {
            // Per row: time to conversion, and whether the stage walk is simple (see
            // LeadColumns.WalkBounds): each visit ends the stretch in the previous visit's stage (stage 0
            // from creation for the first), the last visit, if not terminal, starts the stretch the close
            // ends, and no state is carried from visit to visit. The others are walked in full below.
            n = EmitRows(slots, created, closed, outcomes, bounds, columns.LastSince.AsSpan(start, length), columns.LastStage.AsSpan(start, length), stride, offset, open, simple, stageIds, ref ids, ref ticks, n);

            // The stretches visits end, in order (they stream in from memory here).
            var stretches = new StretchColumns(
                columns.StretchRows.AsSpan(stretchFirst, stretchCount),
                columns.StretchFrom.AsSpan(stretchFirst, stretchCount),
                columns.StretchTicks.AsSpan(stretchFirst, stretchCount));
            n = EmitStretches(stretches, start, stageIds, ref ids, ref ticks, n);


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

    // Per row: time to conversion of a won lead; whether the stage walk is simple (all ones) or not
    // (zero); the id of its stage 0, or -1 (all bits set) when the walk is not simple; and, for a simple walk of a closed lead whose last visit is not
    // terminal, its last stretch: from its last visit (from creation in stage 0 without visits) to the close.
    private static int EmitRows(
        ReadOnlySpan<int> slots, ReadOnlySpan<long> created, ReadOnlySpan<long> closed, ReadOnlySpan<byte> outcomes, ReadOnlySpan<int> bounds,
        ReadOnlySpan<long> lastSince, ReadOnlySpan<int> lastStage, int stride, int offset, int open, Span<int> simple, Span<int> stageIds, ref int ids, ref long ticks, int n)
    {
        var i = 0;
        var length = Math.Min(Math.Min(Math.Min(slots.Length, created.Length), Math.Min(closed.Length, outcomes.Length)), Math.Min(Math.Min(bounds.Length, simple.Length), Math.Min(stageIds.Length, Math.Min(lastSince.Length, lastStage.Length))));

        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            if (ColumnKernels.UseVectors && Avx512F.VL.IsSupported)
            {
                // Eight rows at a time, the kept pairs compressed into the block.
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var openV = Vector256.Create(open);
                var won = Vector512.Create((long)LeadOutcome.Won);
                var none = Vector512.Create(LeadRecord.None);
                for (; i + Vector256<int>.Count <= length; i += Vector256<int>.Count)
                {
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    var outcome = Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(outcomes.Slice(i, 8))).AsByte());
                    var close = Vector512.Create(closed.Slice(i, 8));
                    var keep = Vector512.Equals(outcome, won);
                    Avx512F.VL.Compress(Vector256<int>.Zero, Avx512F.ConvertToVector256Int32(keep), id).StoreUnsafe(ref ids, (nuint)n);
                    Avx512F.Compress(Vector512<long>.Zero, keep, close - Vector512.Create(created.Slice(i, 8))).StoreUnsafe(ref ticks, (nuint)n);
                    n += BitOperations.PopCount(keep.ExtractMostSignificantBits());
                    var isSimple = Vector256.LessThan(Vector256.Create(bounds.Slice(i, 8)), openV);
                    var stageId = id + Vector256<int>.One;
                    isSimple.CopyTo(simple.Slice(i, 8));
                    (stageId | ~isSimple).CopyTo(stageIds.Slice(i, 8));

                    // The last stretch.
                    var since = Vector512.Create(lastSince.Slice(i, 8));
                    var stage = Vector256.Create(lastStage.Slice(i, 8));
                    var last = Avx512F.ConvertToVector512Int64(isSimple & Vector256.LessThan(stage, openV))
                        & ~Vector512.Equals(close, none) & Vector512.GreaterThanOrEqual(close, since);
                    Avx512F.VL.Compress(Vector256<int>.Zero, Avx512F.ConvertToVector256Int32(last), stageId + stage).StoreUnsafe(ref ids, (nuint)n);
                    Avx512F.Compress(Vector512<long>.Zero, last, close - since).StoreUnsafe(ref ticks, (nuint)n);
                    n += BitOperations.PopCount(last.ExtractMostSignificantBits());
                }
            }

            for (; i < length; i++)
            {
                var id = (slots[i] * stride) + offset;
                Unsafe.Add(ref ids, n) = id;
                Unsafe.Add(ref ticks, n) = closed[i] - created[i];
                n += BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Won);
                simple[i] = -BranchFree.Bit(bounds[i] < open);
                stageIds[i] = (id + 1) | ~simple[i];

                var stage = lastStage[i];
                Unsafe.Add(ref ids, n) = id + 1 + stage;
                Unsafe.Add(ref ticks, n) = closed[i] - lastSince[i];
                n += simple[i] & BranchFree.Bit(closed[i] != LeadRecord.None) & BranchFree.Bit(stage < open) & BranchFree.Bit(closed[i] >= lastSince[i]);
            }
        }

        return n;
    }

    // The stretches visits end (see LeadColumns.StretchStarts), kept for the rows whose walk is simple: those
    // whose stage 0 id (stageIds, by row of the block) is not negative.
    private static int EmitStretches(in StretchColumns stretches, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n)
    {
        var k = 0;
        if (ColumnKernels.UseVectors && Avx512F.VL.IsSupported && Avx2.IsSupported)
        {
            n = EmitStretchesVectorized(stretches, start, stageIds, ref ids, ref ticks, n, out k);
        }

        // Unchecked on purpose: ids are small sums. The per-row column is read without bounds checks: each
        // stretch's row is a row of the block, found from its row modulo 65,536 (a block has at most 65,536 rows).
        unchecked
        {
            ref readonly var stageIdRef = ref MemoryMarshal.GetReference(stageIds);
            for (; k < stretches.Rows.Length && k < stretches.From.Length && k < stretches.Ticks.Length; k++)
            {
                var stageId = Unsafe.Add(ref Unsafe.AsRef(in stageIdRef), (stretches.Rows[k] - start) & ushort.MaxValue);
                Unsafe.Add(ref ids, n) = stageId + stretches.From[k];
                Unsafe.Add(ref ticks, n) = stretches.Ticks[k];
                n += BranchFree.Bit(stageId >= 0);
            }
        }

        return n;
    }

    // The same eight stretches at a time (AVX-512): rows and stages widened from 16 and 8 bits, the row's stage
    // id gathered, the kept stretches compressed into the block. Sets walked to the number of stretches it did.
    private static unsafe int EmitStretchesVectorized(in StretchColumns stretches, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n, out int walked)
    {
        ref var ticksRef = ref MemoryMarshal.GetReference(stretches.Ticks);
        var first = Vector256.Create(start);
        var length = Math.Min(Math.Min(stretches.Rows.Length, stretches.From.Length), stretches.Ticks.Length);
        var k = 0;

        // Unchecked on purpose: ids are small sums.
        unchecked
        {
            var rowMask = Vector256.Create((int)ushort.MaxValue);
            fixed (int* stageIdPointer = stageIds)
            fixed (ushort* rowPointer = stretches.Rows)
            fixed (byte* fromPointer = stretches.From)
            {
                for (; k + Vector256<int>.Count <= length; k += Vector256<int>.Count)
                {
                    var row = (Avx2.ConvertToVector256Int32(rowPointer + k) - first) & rowMask;
                    var stageId = Avx2.GatherVector256(stageIdPointer, row, 4);
                    var keep = Vector256.GreaterThanOrEqual(stageId, Vector256<int>.Zero);
                    var id = stageId + Avx2.ConvertToVector256Int32(fromPointer + k);
                    Avx512F.VL.Compress(Vector256<int>.Zero, keep, id).StoreUnsafe(ref ids, (nuint)n);
                    Avx512F.Compress(Vector512<long>.Zero, Avx512F.ConvertToVector512Int64(keep), Vector512.LoadUnsafe(ref ticksRef, (nuint)k)).StoreUnsafe(ref ticks, (nuint)n);
                    n += BitOperations.PopCount(keep.ExtractMostSignificantBits());
                }
            }
        }

        walked = k;
        return n;
    }

    // A block's stretches (see LeadColumns.StretchStarts).
    private readonly ref struct StretchColumns(ReadOnlySpan<ushort> rows, ReadOnlySpan<byte> from, ReadOnlySpan<long> ticks)
    {
        internal readonly ReadOnlySpan<ushort> Rows = rows;
        internal readonly ReadOnlySpan<byte> From = from;
        internal readonly ReadOnlySpan<long> Ticks = ticks;
    }

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

    // The time in each stage of one lead's history: a stretch ends where the lead enters another
    // stage; a terminal stage ends the walk; an open lead's last stretch is not counted.
    private void AddStages(long createdTicks, long closedTicks, ReadOnlySpan<StageVisit> visits)
    {
        // Unchecked on purpose: differences of in-range tick instants cannot overflow.
        unchecked
        {
            var current = 0;
            var since = createdTicks;
            foreach (ref readonly var visit in visits)
            {
                var stage = visit.Stage;
                if (stage == current)
                {
                    continue;
                }

                var at = visit.EnteredTicks;
                _stages[current].AddTicks(at - since);
                if (stage >= _openCount)
                {
                    return;
                }

                current = stage;
                since = at;
            }

            if (closedTicks != LeadRecord.None && closedTicks >= since)
            {
                _stages[current].AddTicks(closedTicks - since);
            }
        }
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
