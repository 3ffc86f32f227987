using NodaTime;

namespace LeadMetrics.Capacity;

/// <summary>The team in one ISO week: total lead volume against total capacity.</summary>
public sealed class TeamWeekCapacity
{
    internal TeamWeekCapacity(LocalDate weekStart, string week, int leads, int unassigned, int capacity, int dead, int reps, int repsOverCapacity)
    {
        WeekStart = weekStart;
        Week = week;
        Leads = leads;
        Unassigned = unassigned;
        Capacity = capacity;
        Dead = dead;
        Reps = reps;
        RepsOverCapacity = repsOverCapacity;
    }

    /// <summary>The Monday the ISO week starts on.</summary>
    public LocalDate WeekStart { get; }

    /// <summary>The ISO week label, such as <c>2024-W05</c>.</summary>
    public string Week { get; }

    /// <summary>Every lead created in the week, assigned or not.</summary>
    public int Leads { get; }

    /// <summary>Leads created in the week without an owner.</summary>
    public int Unassigned { get; }

    /// <summary>The sum of the weekly capacities of the week's reps (the roster and every other rep with leads that week).</summary>
    public int Capacity { get; }

    /// <summary><c>Leads / Capacity</c>; null when the capacity is zero.</summary>
    public decimal? Utilization => Capacity == 0 ? null : (decimal)Leads / Capacity;

    /// <summary>Dead leads of the week, unassigned ones included.</summary>
    public int Dead { get; }

    /// <summary><c>Dead / Leads</c>; null without leads.</summary>
    public decimal? DeadShare => Leads == 0 ? null : (decimal)Dead / Leads;

    /// <summary>The reps counted in <see cref="Capacity"/>.</summary>
    public int Reps { get; }

    /// <summary>The reps assigned more leads than their capacity.</summary>
    public int RepsOverCapacity { get; }
}
