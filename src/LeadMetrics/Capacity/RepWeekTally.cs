using LeadMetrics.Calculators;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Capacity;

/// <summary>The counts of one rep in one week.</summary>
/// <param name="Assigned">Leads assigned (created in the week with the rep as owner).</param>
/// <param name="AnsweredInTime">Leads answered within the response target.</param>
/// <param name="Dead">Leads answered late, or unanswered and older than the target.</param>
/// <param name="Pending">Unanswered leads still within the target at the observation instant.</param>
internal readonly record struct RepWeekCounts(int Assigned, int AnsweredInTime, int Dead, int Pending);

/// <summary>Counts the leads of one rep-week group by response status.</summary>
internal sealed class RepWeekTally : ILeadCalculator<RepWeekTally, RepWeekCounts>, ISerializableState
{
    private readonly long _targetTicks;
    private readonly long _asOfTicks;
    private int _assigned;
    private int _inTime;
    private int _dead;
    private int _pending;

    internal RepWeekTally(CapacityOptions options)
    {
        Options = options;
        _targetTicks = options.ResponseTarget.BclCompatibleTicks;
        _asOfTicks = options.AsOf is { } asOf ? asOf.ToUnixTimeTicks() : long.MaxValue;
    }

    internal CapacityOptions Options { get; }

    public void Add(in LeadRecord lead)
    {
        _assigned++;
        if (lead.ResponseTicks != LeadRecord.None)
        {
            if (lead.ResponseTicks - lead.CreatedTicks <= _targetTicks)
            {
                _inTime++;
            }
            else
            {
                _dead++;
            }
        }
        else if (_asOfTicks != long.MaxValue && _asOfTicks - lead.CreatedTicks <= _targetTicks)
        {
            _pending++;
        }
        else
        {
            _dead++;
        }
    }

    public void Merge(RepWeekTally other)
    {
        _assigned += other._assigned;
        _inTime += other._inTime;
        _dead += other._dead;
        _pending += other._pending;
    }

    public RepWeekCounts Snapshot() => new(_assigned, _inTime, _dead, _pending);

    public RepWeekTally CreateEmpty() => new(Options);

    // The owning calculator writes the configuration.
    string ISerializableState.Configuration => "tally";

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt32(_assigned);
        writer.WriteInt32(_inTime);
        writer.WriteInt32(_dead);
        writer.WriteInt32(_pending);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _assigned = reader.ReadCount32("assigned");
        _inTime = reader.ReadCount32("answeredInTime");
        _dead = reader.ReadCount32("dead");
        _pending = reader.ReadCount32("pending");

        // Every assigned lead is answered in time, dead or pending, exactly one of them.
        if ((long)_inTime + _dead + _pending != _assigned)
        {
            throw reader.Error($"a rep's week has {_assigned} leads but {_inTime} answered in time, {_dead} dead and {_pending} pending");
        }
    }
}
