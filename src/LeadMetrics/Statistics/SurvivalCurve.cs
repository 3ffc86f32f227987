using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// The Kaplan-Meier curve of conversion over time since creation (Kaplan and Meier 1958): open leads count as
/// censored at the time they were last observed, so young cohorts are not read as slow or as failing. Built by
/// <see cref="SurvivalCounts.Snapshot"/>; immutable, equal when every step is. Definition in docs/metrics.md.
/// </summary>
public sealed class SurvivalCurve
{
    internal SurvivalCurve(long leads, long events, Duration? lastObserved, ImmutableArray<SurvivalPoint> points)
    {
        Leads = leads;
        Events = events;
        LastObserved = lastObserved;
        Points = points;
    }

    /// <summary>The leads the curve is estimated from (converted and censored).</summary>
    public long Leads { get; }

    /// <summary>The conversions.</summary>
    public long Events { get; }

    /// <summary>The longest time any lead was observed (converted or censored), or null without leads: the curve says nothing beyond it.</summary>
    public Duration? LastObserved { get; }

    /// <summary>One step per time at which some lead converted, in time order.</summary>
    public ImmutableArray<SurvivalPoint> Points { get; }

    /// <summary>
    /// The share of leads converted within a time since creation, 1 − S(t), or null when no lead was observed that long
    /// (the cohort is not old enough to say) or there are no leads.
    /// </summary>
    /// <param name="time">The time since creation (7, 30, 90 days, ...), zero or more.</param>
    /// <returns>The share, 0 to 1, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative.</exception>
    internal decimal? ConvertedWithin(Duration time) => StepAt(time) is var (known, point) && known ? (point?.Converted ?? 0m) : null;

    /// <summary>The interval of <see cref="ConvertedWithin"/> at the curve's confidence, or null where that is null or no conversion happened yet.</summary>
    /// <param name="time">The time since creation, zero or more.</param>
    /// <returns>The interval, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative.</exception>
    internal ConfidenceInterval? ConvertedWithinInterval(Duration time) => StepAt(time) is var (known, point) && known ? point?.ConvertedInterval : null;

    private (bool Known, SurvivalPoint? Point) StepAt(Duration time)
    {
        if (time < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"time must be zero or more; was {time}.");
        }

        if (LastObserved is not { } last || time > last)
        {
            return (false, null);
        }

        SurvivalPoint? step = null;
        foreach (var point in Points)
        {
            if (point.Time > time)
            {
                break;
            }

            step = point;
        }

        return (true, step);
    }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(SurvivalCurve? other) =>
        other is not null && Leads == other.Leads && Events == other.Events && LastObserved == other.LastObserved
        && Points.SequenceEqual(other.Points);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SurvivalCurve);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Leads, Events, LastObserved, Points.Length);

    /// <summary>The curve as <c>Kaplan-Meier: 21 leads, 9 converted, 7 steps</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"Kaplan-Meier: {Leads} leads, {Events} converted, {Points.Length} steps";
}
