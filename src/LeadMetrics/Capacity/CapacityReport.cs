using System.Collections.Immutable;
using System.Globalization;

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

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(CapacityReport? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Options.Equals(other.Options) &&
             ValueEquality.Sequence(RepWeeks, other.RepWeeks) &&
             ValueEquality.Sequence(Reps, other.Reps) &&
             ValueEquality.Sequence(TeamWeeks, other.TeamWeeks)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CapacityReport);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Options);
        ValueEquality.Add(ref hash, RepWeeks);
        ValueEquality.Add(ref hash, Reps);
        ValueEquality.Add(ref hash, TeamWeeks);
        return hash.ToHashCode();
    }

    /// <summary>The number of weeks, reps and rep-weeks over capacity.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TeamWeeks.Length} weeks, {Reps.Length} reps, {RepWeeks.Count(r => r.IsOverCapacity)} rep-weeks over capacity");
}
