using LeadMetrics.Events;
using NodaTime;

namespace LeadMetrics.Records;

/// <summary>
/// Folds a stream of value-type lead events (created, stage changed, first response, touchpoint) into
/// the per-lead <see cref="LeadRecord"/>s the calculators ingest. State lives in arrays indexed by the
/// dense lead key, so applying an event allocates nothing once the arrays have grown.
/// </summary>
/// <remarks>
/// <para>A lead's <see cref="LeadCreatedEvent"/> must come before its other events. Stage changes of a
/// lead come in time order; entering the won stage wins the lead (with the event's value as deal
/// value; zero means none), entering a lost stage loses it, and a closed lead does not move again. The first response
/// is the earliest of explicit first-response events and outbound touchpoints.</para>
/// <para>At any moment, <see cref="FeedTo{TSink}"/> adds the current record of every lead to a
/// calculator; records are snapshots, so feed a fresh calculator each time. Not thread-safe.</para>
/// </remarks>
public sealed class LeadRecordAssembler
{
    private const byte NotCreated = 0;
    private const byte Created = 1;

    private readonly int _maxVisits;
    private readonly int _openCount;
    private readonly int _stageCount;
    private byte[] _state = new byte[16];
    private long[] _created = new long[16];
    private long[] _response = new long[16];
    private long[] _closed = new long[16];
    private int[] _source = new int[16];
    private int[] _campaign = new int[16];
    private int[] _owner = new int[16];
    private int[] _segment = new int[16];
    private byte[] _outcome = new byte[16];
    private byte[] _furthest = new byte[16];
    private byte[] _visitCount = new byte[16];
    private decimal[] _value = new decimal[16];
    private StageVisit[] _visits;

    /// <summary>Creates an empty assembler.</summary>
    /// <param name="pipeline">The pipeline the stage indexes refer to; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="currency">The currency of deal values in stage events; USD when null.</param>
    /// <param name="maxVisitsPerLead">The most stage visits kept per lead; twice the pipeline's stage count when null.</param>
    public LeadRecordAssembler(Pipeline? pipeline = null, Currency? currency = null, int? maxVisitsPerLead = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        Currency = currency ?? Currency.Usd;
        _openCount = Pipeline.OpenStageCount;
        _stageCount = Pipeline.Stages.Length;
        _maxVisits = Preconditions.CheckPositive(maxVisitsPerLead ?? (2 * _stageCount), nameof(maxVisitsPerLead));
        if (_maxVisits > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(maxVisitsPerLead), _maxVisits, $"maxVisitsPerLead must be at most {byte.MaxValue}; was {_maxVisits}.");
        }

        _visits = new StageVisit[16 * _maxVisits];
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The currency of deal values.</summary>
    public Currency Currency { get; }

    /// <summary>The number of leads created so far.</summary>
    public int Count { get; private set; }

    /// <summary>Applies a lead's creation.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentException">The lead was already created.</exception>
    public void Apply(in LeadCreatedEvent e)
    {
        var k = e.Lead;
        if (k <= 0)
        {
            throw new ArgumentException($"e.Lead must be a dense lead key (1 or more); was {k} (default(LeadCreatedEvent) is not an event).", nameof(e));
        }

        EnsureCapacity(k);
        if (_state[k] != NotCreated)
        {
            throw new ArgumentException($"e.Lead {k} was already created.", nameof(e));
        }

        _state[k] = Created;
        _created[k] = e.At.ToUnixTimeTicks();
        _response[k] = LeadRecord.None;
        _closed[k] = LeadRecord.None;
        _source[k] = e.Source;
        _campaign[k] = e.Campaign;
        _owner[k] = e.Owner;
        _segment[k] = e.Segment;
        Count++;
    }

    /// <summary>Applies a stage change.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentException">The lead is unknown or closed, the stage is not in the pipeline, the instant goes back in time, or the lead has too many visits.</exception>
    public void Apply(in StageChangedEvent e)
    {
        var k = CheckCreated(e.Lead, nameof(e));
        var stage = e.Stage;
        if (stage >= _stageCount)
        {
            throw new ArgumentException($"e.Stage {stage} of lead {k} is not a stage of the pipeline (0 to {_stageCount - 1}).", nameof(e));
        }

        if (_outcome[k] != (byte)LeadOutcome.Open)
        {
            throw new ArgumentException($"e moves lead {k} to stage {stage}, but the lead is already {(LeadOutcome)_outcome[k]}.", nameof(e));
        }

        var at = e.At.ToUnixTimeTicks();
        var count = _visitCount[k];
        var last = count == 0 ? _created[k] : _visits[(k * _maxVisits) + count - 1].EnteredTicks;
        if (at < last)
        {
            throw new ArgumentException($"e.At {e.At} of lead {k} is before its creation or previous stage change at {Instant.FromUnixTimeTicks(last)}.", nameof(e));
        }

        if (count == _maxVisits)
        {
            throw new ArgumentException($"lead {k} has more than {_maxVisits} stage visits; create the assembler with a larger maxVisitsPerLead.", nameof(e));
        }

        _visits[(k * _maxVisits) + count] = new StageVisit(stage, e.At);
        _visitCount[k] = (byte)(count + 1);
        if (stage < _openCount)
        {
            if (stage > _furthest[k])
            {
                _furthest[k] = (byte)stage;
            }
        }
        else
        {
            _outcome[k] = (byte)(stage == _openCount ? LeadOutcome.Won : LeadOutcome.Lost);
            _closed[k] = at;
            _value[k] = e.Value;
        }
    }

    /// <summary>Applies an explicit first response (the earliest response wins).</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentException">The lead is unknown or the response is before its creation.</exception>
    public void Apply(in FirstResponseEvent e) => Respond(CheckCreated(e.Lead, nameof(e)), e.At.ToUnixTimeTicks(), nameof(e));

    /// <summary>Applies a touchpoint: an outbound touchpoint is a response (the earliest response wins); inbound ones change nothing here.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentException">The lead is unknown or an outbound touchpoint is before its creation.</exception>
    public void Apply(in TouchpointEvent e)
    {
        var k = CheckCreated(e.Lead, nameof(e));
        if (e.Direction == TouchpointDirection.Outbound)
        {
            Respond(k, e.At.ToUnixTimeTicks(), nameof(e));
        }
    }

    /// <summary>The current record of a lead.</summary>
    /// <param name="lead">The dense lead key.</param>
    /// <returns>The record; its stage visits are a view of the assembler's buffer, valid until the next event of that lead.</returns>
    /// <exception cref="ArgumentException">The lead was not created.</exception>
    public LeadRecord GetRecord(int lead)
    {
        var k = CheckCreated(lead, nameof(lead));
        var outcome = (LeadOutcome)_outcome[k];
        return new LeadRecord(
            k,
            Instant.FromUnixTimeTicks(_created[k]),
            _source[k],
            _campaign[k],
            _owner[k],
            _segment[k],
            _response[k] == LeadRecord.None ? null : Instant.FromUnixTimeTicks(_response[k]),
            outcome,
            _closed[k] == LeadRecord.None ? null : Instant.FromUnixTimeTicks(_closed[k]),
            _furthest[k],
            outcome == LeadOutcome.Won && _value[k] != 0m ? new Money(_value[k], Currency) : null,
            new ReadOnlyMemory<StageVisit>(_visits, k * _maxVisits, _visitCount[k]));
    }

    /// <summary>Adds the current record of every created lead, in key order, to a calculator.</summary>
    /// <typeparam name="TSink">The calculator type.</typeparam>
    /// <param name="sink">The calculator (usually a fresh one).</param>
    /// <returns>The calculator.</returns>
    public TSink FeedTo<TSink>(TSink sink)
        where TSink : ILeadSink
    {
        ArgumentNullException.ThrowIfNull(sink);
        for (var k = 1; k < _state.Length; k++)
        {
            if (_state[k] == Created)
            {
                sink.Add(GetRecord(k));
            }
        }

        return sink;
    }

    private void Respond(int k, long at, string paramName)
    {
        if (at < _created[k])
        {
            throw new ArgumentException($"{paramName} responds to lead {k} at {Instant.FromUnixTimeTicks(at)}, before its creation at {Instant.FromUnixTimeTicks(_created[k])}.", paramName);
        }

        if (_response[k] == LeadRecord.None || at < _response[k])
        {
            _response[k] = at;
        }
    }

    private int CheckCreated(int lead, string paramName)
    {
        if (lead <= 0 || lead >= _state.Length || _state[lead] != Created)
        {
            throw new ArgumentException($"lead {lead} has no LeadCreatedEvent yet; apply a lead's creation before its other events.", paramName);
        }

        return lead;
    }

    private void EnsureCapacity(int k)
    {
        if (k < _state.Length)
        {
            return;
        }

        var size = Math.Max(k + 1, _state.Length * 2);
        Array.Resize(ref _state, size);
        Array.Resize(ref _created, size);
        Array.Resize(ref _response, size);
        Array.Resize(ref _closed, size);
        Array.Resize(ref _source, size);
        Array.Resize(ref _campaign, size);
        Array.Resize(ref _owner, size);
        Array.Resize(ref _segment, size);
        Array.Resize(ref _outcome, size);
        Array.Resize(ref _furthest, size);
        Array.Resize(ref _visitCount, size);
        Array.Resize(ref _value, size);
        Array.Resize(ref _visits, size * _maxVisits);
    }
}
