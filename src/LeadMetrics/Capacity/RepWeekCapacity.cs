using System.Globalization;
using NodaTime;

namespace LeadMetrics.Capacity;

/// <summary>One rep in one ISO week: leads assigned against the rep's capacity, and how many of them went dead.</summary>
public sealed class RepWeekCapacity
{
    internal RepWeekCapacity(int owner, LocalDate weekStart, string week, int capacity, int assigned, int answeredInTime, int dead, int pending)
    {
        Owner = owner;
        WeekStart = weekStart;
        Week = week;
        Capacity = capacity;
        Assigned = assigned;
        AnsweredInTime = answeredInTime;
        Dead = dead;
        Pending = pending;
    }

    /// <summary>The rep's owner id.</summary>
    public int Owner { get; }

    /// <summary>The Monday the ISO week starts on.</summary>
    public LocalDate WeekStart { get; }

    /// <summary>The ISO week label, such as <c>2024-W05</c>.</summary>
    public string Week { get; }

    /// <summary>Leads created in the week with this rep as owner.</summary>
    public int Assigned { get; }

    /// <summary>The rep's weekly capacity.</summary>
    public int Capacity { get; }

    /// <summary><c>Assigned / Capacity</c>: 1 is full, 2 is twice the capacity; null when the capacity is zero.</summary>
    public decimal? Utilization => Capacity == 0 ? null : (decimal)Assigned / Capacity;

    /// <summary>True when more leads were assigned than the capacity.</summary>
    public bool IsOverCapacity => Assigned > Capacity;

    /// <summary>Leads assigned beyond the capacity (zero when within it).</summary>
    public int Excess => Math.Max(0, Assigned - Capacity);

    /// <summary>Leads answered within the response target.</summary>
    public int AnsweredInTime { get; }

    /// <summary>Dead leads: answered later than the response target, or unanswered and older than it.</summary>
    public int Dead { get; }

    /// <summary>Unanswered leads still within the response target at <see cref="CapacityOptions.AsOf"/>.</summary>
    public int Pending { get; }

    /// <summary><c>Dead / Assigned</c>; null without leads.</summary>
    public decimal? DeadShare => Assigned == 0 ? null : (decimal)Dead / Assigned;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(RepWeekCapacity? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Owner == other.Owner &&
             WeekStart == other.WeekStart &&
             Week == other.Week &&
             Capacity == other.Capacity &&
             Assigned == other.Assigned &&
             AnsweredInTime == other.AnsweredInTime &&
             Dead == other.Dead &&
             Pending == other.Pending));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RepWeekCapacity);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Owner);
        hash.Add(WeekStart);
        hash.Add(Week);
        hash.Add(Capacity);
        hash.Add(Assigned);
        hash.Add(AnsweredInTime);
        hash.Add(Dead);
        hash.Add(Pending);
        return hash.ToHashCode();
    }

    /// <summary>The rep's week: leads against capacity and their fate.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"owner {Owner} {Week}: {Assigned} leads for capacity {Capacity}, {AnsweredInTime} answered in time, {Dead} dead, {Pending} pending");
}
