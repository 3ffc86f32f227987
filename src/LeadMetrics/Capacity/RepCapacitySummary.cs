namespace LeadMetrics.Capacity;

/// <summary>One rep over every week of a report: how often the rep was over capacity and how many leads went dead.</summary>
public sealed class RepCapacitySummary
{
    internal RepCapacitySummary(int owner, int weeks, int weeksOverCapacity, int assigned, int capacity, int dead)
    {
        Owner = owner;
        Weeks = weeks;
        WeeksOverCapacity = weeksOverCapacity;
        Assigned = assigned;
        Capacity = capacity;
        Dead = dead;
    }

    /// <summary>The rep's owner id.</summary>
    public int Owner { get; }

    /// <summary>The weeks the rep appears in (every week of the report for a rep on the roster).</summary>
    public int Weeks { get; }

    /// <summary>The weeks the rep was assigned more leads than the capacity.</summary>
    public int WeeksOverCapacity { get; }

    /// <summary>Leads assigned over all weeks.</summary>
    public int Assigned { get; }

    /// <summary>The sum of the weekly capacities over the rep's weeks.</summary>
    public int Capacity { get; }

    /// <summary><c>Assigned / Capacity</c> over all weeks; null when the capacity is zero.</summary>
    public decimal? Utilization => Capacity == 0 ? null : (decimal)Assigned / Capacity;

    /// <summary>Dead leads over all weeks.</summary>
    public int Dead { get; }

    /// <summary><c>Dead / Assigned</c>; null without leads.</summary>
    public decimal? DeadShare => Assigned == 0 ? null : (decimal)Dead / Assigned;
}
