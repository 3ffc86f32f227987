using LeadMetrics.Encoding;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeadMetrics.Engine;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// Response time: creation to first response (elapsed, or working time of a calendar). Count, mean,
/// min, max, quantiles, histogram, share within each target; unanswered leads counted apart and
/// included in the within-target denominator. Group by owner, or by <see cref="TimeBucket.HourOfDay"/>
/// / <see cref="TimeBucket.DayOfWeek"/> of arrival, with a <see cref="LeadGrouping"/>. Internal: one part of
/// <see cref="LeadKpiCalculator"/> (<see cref="LeadKpis.ResponseTime"/>), the public way to this KPI.
/// </summary>
/// <remarks>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</remarks>
internal sealed class ResponseTimeCalculator : ILeadCalculator<ResponseTimeCalculator, ResponseTimeResult>, IColumnarCalculator<ResponseTimeCalculator>, ISerializableCalculator, ISerializableState
{
    private readonly DurationStatistics _statistics;
    private readonly long[] _targetTicks;
    private readonly long[] _within;
    private readonly WorkingCalendar.Evaluator? _calendar;
    private long _leads;
    private DurationBlock? _block;

    /// <summary>Creates a calculator.</summary>
    /// <param name="options">The options; <see cref="ResponseTimeOptions.Default"/> when null.</param>
    public ResponseTimeCalculator(ResponseTimeOptions? options = null)
    {
        Options = options ?? ResponseTimeOptions.Default;
        _statistics = new DurationStatistics(Options.Distribution);
        _targetTicks = Options.TargetTicks;
        _within = new long[_targetTicks.Length];
        _calendar = Options.BusinessHours?.CreateEvaluator();
    }

    /// <summary>The options.</summary>
    public ResponseTimeOptions Options { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        Add(lead.CreatedTicks, lead.ResponseTicks);
    }

    /// <inheritdoc />
    void IColumnarCalculator<ResponseTimeCalculator>.CheckColumns(LeadColumns columns)
    {
        // Every row of a batch built from valid records is valid for response time.
    }

    /// <inheritdoc />
    bool IColumnarCalculator<ResponseTimeCalculator>.NeedsGroupRows => true;

    /// <inheritdoc />
    void IColumnarCalculator<ResponseTimeCalculator>.EndColumns() => _block?.Release();

    /// <inheritdoc />
    void IColumnarCalculator<ResponseTimeCalculator>.AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, ResponseTimeCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows)
    {
        var block = _block ??= new DurationBlock();
        for (var slot = block.Groups; slot < groupCount; slot++)
        {
            calculators[slot].Register(block, slot);
        }

        block.Groups = groupCount;
        AddColumns(columns, start, slots, calculators, groupRows, block, 1, 0);
        block.Drain();
    }

    /// <summary>
    /// Registers this calculator's statistics as id <paramref name="id"/> of <paramref name="block"/>, with
    /// its targets: the block counts the responses within each target as it adds them.
    /// </summary>
    internal void Register(DurationBlock block, int id) => block.Register(id, _statistics, _targetTicks, _within);

    /// <summary>
    /// Adds a block of rows of a columnar batch, row <c>start + i</c> to <c>calculators[slots[i]]</c>
    /// (<paramref name="groupRows"/> of them per group): the counters directly, the durations as pairs into
    /// <paramref name="block"/> with id <c>slot * stride + offset</c> (the caller drains it; the answered
    /// count is the statistics' count, the unanswered the rest).
    /// </summary>
    internal static void AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, ResponseTimeCalculator[] calculators, ReadOnlySpan<long> groupRows, DurationBlock block, int stride, int offset)
    {
        var created = columns.CreatedTicks.AsSpan(start, slots.Length);
        var response = columns.ResponseTicks.AsSpan(start, slots.Length);
        if (slots.Length == 0)
        {
            return;
        }

        var first = calculators[slots[0]];
        if (first._calendar is not null)
        {
            // Working time: the calendar's walk dominates; add row by row.
            for (var i = 0; i < slots.Length; i++)
            {
                calculators[slots[i]].Add(created[i], response[i]);
            }

            return;
        }

        var groupCount = groupRows.Length;
        for (var slot = 0; slot < groupCount; slot++)
        {
            calculators[slot]._leads += groupRows[slot];
        }

        block.Reserve(slots.Length + ColumnKernels.PairSlack);
        block.Count = ResponseTimeKernel.Emit(slots, created, response, stride, offset, ref MemoryMarshal.GetArrayDataReference(block.Ids), ref MemoryMarshal.GetArrayDataReference(block.Ticks), block.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(long createdTicks, long responseTicks)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            _leads++;
            if (responseTicks == LeadRecord.None)
            {
                return;
            }

            var ticks = _calendar is null
                ? responseTicks - createdTicks
                : _calendar.WorkingTicksBetween(createdTicks, responseTicks);
            _statistics.AddTicks(ticks);
            var targets = _targetTicks;
            var within = _within;
            for (var i = 0; i < targets.Length && i < within.Length; i++)
            {
                // Branch-free: whether a response is within a target is data, not a predictable branch.
                within[i] += ticks <= targets[i] ? 1 : 0;
            }
        }
    }

    /// <inheritdoc />
    string ISerializableState.Configuration => Describe.Of(Options);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64(_leads);
        writer.WriteInt64s(_within);
        _statistics.WriteState(writer);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _leads = reader.ReadCounter("leads");
        reader.ReadInt64s("within", _within);
        _statistics.ReadState(ref reader, "responseTimes");
        if (_statistics.Count > _leads || _within.Any(w => w > _statistics.Count))
        {
            throw reader.Error($"response time has {_leads} leads, {_statistics.Count} answered and [{string.Join(", ", _within)}] within targets, which adding leads cannot give");
        }
    }

    /// <summary>Every lead counted, answered or not.</summary>
    internal long Leads => _leads;

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<ResponseTimeCalculator, ResponseTimeResult>(this, state, encoding);

    /// <inheritdoc />
    public void Merge(ResponseTimeCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException("other has different response-time options; only equal configurations merge.", nameof(other));
        }

        _statistics.Merge(other._statistics);
        _leads += other._leads;
        for (var i = 0; i < _within.Length; i++)
        {
            _within[i] += other._within[i];
        }
    }

    /// <inheritdoc />
    public ResponseTimeResult Snapshot()
    {
        var answered = _statistics.Count;
        var leads = _leads;
        var within = ImmutableArray.CreateBuilder<TargetShare>(_within.Length);
        for (var i = 0; i < _within.Length; i++)
        {
            within.Add(new TargetShare(Duration.FromTicks(_targetTicks[i]), _within[i], Ratio.Of(_within[i], leads)));
        }

        return new ResponseTimeResult(leads, answered, leads - answered, _statistics.Snapshot(), within.MoveToImmutable(), _calendar is not null);
    }

    /// <inheritdoc />
    public ResponseTimeCalculator CreateEmpty() => new(Options);
}
