using LeadMetrics.Calculators;
using LeadMetrics.Records;

namespace LeadMetrics.Capacity;

/// <summary>The counts of one rep in one week.</summary>
/// <param name="Assigned">Leads assigned (created in the week with the rep as owner).</param>
/// <param name="AnsweredInTime">Leads answered within the response target.</param>
/// <param name="Dead">Leads answered late, or unanswered and older than the target.</param>
/// <param name="Pending">Unanswered leads still within the target at the observation instant.</param>
internal readonly record struct RepWeekCounts(int Assigned, int AnsweredInTime, int Dead, int Pending);

/// <summary>Counts the leads of one rep-week group by response status.</summary>
internal sealed class RepWeekTally : ILeadCalculator<RepWeekTally, RepWeekCounts>
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
}
