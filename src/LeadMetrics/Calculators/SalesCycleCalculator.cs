using LeadMetrics.Encoding;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeadMetrics.Engine;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Sales cycle length: from a configurable start (creation by default, or the first entry into a
/// start stage or any later funnel stage) to closing, won and lost apart. Open leads are not counted. Internal: one part
/// of <see cref="LeadKpiCalculator"/> (<see cref="LeadKpis.SalesCycle"/>), the public way to this KPI.
/// </summary>
/// <remarks>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</remarks>
internal sealed class SalesCycleCalculator : ILeadCalculator<SalesCycleCalculator, SalesCycleResult>, IColumnarCalculator<SalesCycleCalculator>, ISerializableCalculator, ISerializableState
{
    private readonly DurationStatistics _won;
    private readonly DurationStatistics _lost;
    private readonly int _startIndex;
    private readonly int _wonIndex;
    private long _withoutStart;
    private DurationBlock? _block;

    /// <summary>Creates a calculator.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="startStage">The open stage the cycle starts at, or null for creation.</param>
    /// <param name="distribution">Quantiles, histogram and accuracy; <see cref="DistributionOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The start stage is not an open stage of the pipeline.</exception>
    public SalesCycleCalculator(Pipeline? pipeline = null, Stage? startStage = null, DistributionOptions? distribution = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        if (startStage is not null)
        {
            Pipeline.CheckOwns(startStage, nameof(startStage));
            if (startStage.IsTerminal)
            {
                throw new ArgumentException($"startStage '{startStage.Name}' is a terminal stage; the cycle must start at an open stage.", nameof(startStage));
            }
        }

        StartStage = startStage;
        Distribution = distribution ?? DistributionOptions.Default;
        _won = new DurationStatistics(Distribution);
        _lost = new DurationStatistics(Distribution);
        _startIndex = startStage?.Index ?? -1;
        _wonIndex = Pipeline.OpenStageCount;
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The start stage, or null for creation.</summary>
    public Stage? StartStage { get; }

    /// <summary>The distribution options.</summary>
    public DistributionOptions Distribution { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The start stage was entered after the lead closed.</exception>
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        Add(lead.Outcome, lead.CreatedTicks, lead.ClosedTicks, lead.Stages.Span, lead.Lead);
    }

    /// <inheritdoc />
    void IColumnarCalculator<SalesCycleCalculator>.CheckColumns(LeadColumns columns)
    {
        if (!AllValid(columns))
        {
            columns.CheckRows(Check);
        }
    }

    /// <inheritdoc />
    bool IColumnarCalculator<SalesCycleCalculator>.NeedsGroupRows => false;

    /// <inheritdoc />
    void IColumnarCalculator<SalesCycleCalculator>.EndColumns() => _block?.Release();

    /// <inheritdoc />
    void IColumnarCalculator<SalesCycleCalculator>.AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, SalesCycleCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows)
    {
        var block = _block ??= new DurationBlock();
        for (var slot = block.Groups; slot < groupCount; slot++)
        {
            calculators[slot].Register(block, slot * 2);
        }

        block.Groups = groupCount;
        AddColumns(columns, start, slots, calculators, block, 2, 0);
        block.Drain();
    }

    /// <summary>Registers this calculator's statistics in <paramref name="block"/>: won as id <paramref name="id"/>, lost as the next.</summary>
    internal void Register(DurationBlock block, int id)
    {
        block.Register(id, _won);
        block.Register(id + 1, _lost);
    }

    /// <summary>
    /// Adds a block of rows of a columnar batch, row <c>start + i</c> to <c>calculators[slots[i]]</c>:
    /// the durations as pairs into <paramref name="block"/> with ids <c>slot * stride + offset</c> (won)
    /// and the next (lost), which the caller drains.
    /// </summary>
    internal static void AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, SalesCycleCalculator[] calculators, DurationBlock block, int stride, int offset)
    {
        var created = columns.CreatedTicks.AsSpan(start, slots.Length);
        var closed = columns.ClosedTicks.AsSpan(start, slots.Length);
        var outcomes = columns.Outcomes.AsSpan(start, slots.Length);
        if (slots.Length == 0)
        {
            return;
        }

        if (calculators[slots[0]]._startIndex > 0)
        {
            // From a stage: each closed lead searches its visits; add row by row.
            var starts = columns.StageStarts.AsSpan(start, slots.Length + 1);
            var leads = columns.LeadKeys.AsSpan(start, slots.Length);
            for (var row = 0; row < slots.Length; row++)
            {
                calculators[slots[row]].Add((LeadOutcome)outcomes[row], created[row], closed[row], columns.Visits.AsSpan(starts[row], starts[row + 1] - starts[row]), leads[row]);
            }

            return;
        }

        block.Reserve(slots.Length + ColumnKernels.PairSlack);
        var n = SalesCycleKernel.Emit(slots, outcomes, created, closed, stride, offset, ref MemoryMarshal.GetArrayDataReference(block.Ids), ref MemoryMarshal.GetArrayDataReference(block.Ticks), block.Count);
        block.Count = n;
    }

    /// <summary>Whether <see cref="Add(in LeadRecord)"/> accepts every row of <paramref name="columns"/>.</summary>
    internal bool AllValid(LeadColumns columns)
    {
        // From creation every row of a batch built from valid records is valid; from a stage, a row is
        // rejected only when it enters the start stage after it closed, which valid records cannot do.
        if (_startIndex <= 0)
        {
            return true;
        }

        var starts = columns.StageStarts;
        for (var row = 0; row < columns.Count; row++)
        {
            var closed = columns.ClosedTicks[row];
            if (closed == LeadRecord.None)
            {
                continue;
            }

            foreach (ref readonly var visit in columns.Visits.AsSpan(starts[row], starts[row + 1] - starts[row]))
            {
                if (visit.Stage >= _startIndex && visit.Stage <= _wonIndex)
                {
                    if (visit.EnteredTicks > closed)
                    {
                        return false;
                    }

                    break;
                }
            }
        }

        return true;
    }

    /// <summary>Throws what <see cref="Add(in LeadRecord)"/> would throw for <paramref name="lead"/>; changes nothing.</summary>
    internal void Check(in LeadRecord lead)
    {
        if (_startIndex > 0 && lead.Outcome != LeadOutcome.Open)
        {
            _ = StartOf(lead.CreatedTicks, lead.ClosedTicks, lead.Stages.Span, lead.Lead);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(LeadOutcome outcome, long createdTicks, long closedTicks, ReadOnlySpan<StageVisit> visits, int lead)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            if (outcome == LeadOutcome.Open)
            {
                return;
            }

            var start = _startIndex > 0 ? StartOf(createdTicks, closedTicks, visits, lead) : createdTicks;
            if (start == LeadRecord.None)
            {
                _withoutStart++;
                return;
            }

            (outcome == LeadOutcome.Won ? _won : _lost).AddTicks(closedTicks - start);
        }
    }

    // The instant the lead first entered the start stage or a later open stage (or won), or None.
    private long StartOf(long createdTicks, long closedTicks, ReadOnlySpan<StageVisit> visits, int lead)
    {
        foreach (ref readonly var visit in visits)
        {
            if (visit.Stage >= _startIndex && visit.Stage <= _wonIndex)
            {
                if (visit.EnteredTicks > closedTicks)
                {
                    throw new ArgumentException($"lead.Stages of lead {lead} enters the start stage at {NodaTime.Instant.FromUnixTimeTicks(visit.EnteredTicks)}, after the lead closed at {NodaTime.Instant.FromUnixTimeTicks(closedTicks)}.", nameof(lead));
                }

                return visit.EnteredTicks;
            }
        }

        return LeadRecord.None;
    }

    /// <inheritdoc />
    string ISerializableState.Configuration => "salesCycle;" + Describe.Of(Pipeline) + ";start=" + (StartStage?.Index ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";" + Describe.Of(Distribution);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64(_withoutStart);
        _won.WriteState(writer);
        _lost.WriteState(writer);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _withoutStart = reader.ReadCounter("withoutStart");
        _won.ReadState(ref reader, "won");
        _lost.ReadState(ref reader, "lost");
    }

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<SalesCycleCalculator, SalesCycleResult>(this, state, encoding);

    /// <inheritdoc />
    public void Merge(SalesCycleCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Describe.Same(other.Pipeline, Pipeline) || !Describe.Same(other.StartStage, StartStage) || !other.Distribution.Equals(Distribution))
        {
            throw new ArgumentException("other has a different pipeline, start stage or distribution options; only equal configurations merge.", nameof(other));
        }

        _won.Merge(other._won);
        _lost.Merge(other._lost);
        _withoutStart += other._withoutStart;
    }

    /// <inheritdoc />
    public SalesCycleResult Snapshot() => new(StartStage, _won.Snapshot(), _lost.Snapshot(), _withoutStart);

    /// <inheritdoc />
    public SalesCycleCalculator CreateEmpty() => new(Pipeline, StartStage, Distribution);
}
