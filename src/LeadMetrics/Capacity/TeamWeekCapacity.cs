using System.Globalization;
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

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(TeamWeekCapacity? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (WeekStart == other.WeekStart &&
             Week == other.Week &&
             Leads == other.Leads &&
             Unassigned == other.Unassigned &&
             Capacity == other.Capacity &&
             Dead == other.Dead &&
             Reps == other.Reps &&
             RepsOverCapacity == other.RepsOverCapacity));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TeamWeekCapacity);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(WeekStart);
        hash.Add(Week);
        hash.Add(Leads);
        hash.Add(Unassigned);
        hash.Add(Capacity);
        hash.Add(Dead);
        hash.Add(Reps);
        hash.Add(RepsOverCapacity);
        return hash.ToHashCode();
    }

    /// <summary>The team's week: leads against capacity.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Week}: {Leads} leads ({Unassigned} unassigned) for capacity {Capacity} of {Reps} reps ({RepsOverCapacity} over capacity), {Dead} dead");
}
