using System.Collections.Immutable;

namespace LeadMetrics.Capacity;

/// <summary>Rep capacity per ISO week, per rep and for the team.</summary>
public sealed class CapacityReport
{
    internal CapacityReport(
        CapacityOptions options,
        ImmutableArray<RepWeekCapacity> repWeeks,
        ImmutableArray<RepCapacitySummary> reps,
        ImmutableArray<TeamWeekCapacity> teamWeeks)
    {
        Options = options;
        RepWeeks = repWeeks;
        Reps = reps;
        TeamWeeks = teamWeeks;
    }

    /// <summary>The options.</summary>
    public CapacityOptions Options { get; }

    /// <summary>
    /// One row per rep and week, ordered by week then owner id: every rep with leads that week, and
    /// every rep of the roster in every week the report covers. Leads without an owner are in <see cref="TeamWeeks"/> only.
    /// </summary>
    public ImmutableArray<RepWeekCapacity> RepWeeks { get; }

    /// <summary>One summary per rep, ordered by owner id.</summary>
    public ImmutableArray<RepCapacitySummary> Reps { get; }

    /// <summary>One row per week with any lead, in order.</summary>
    public ImmutableArray<TeamWeekCapacity> TeamWeeks { get; }
}
