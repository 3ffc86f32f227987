using System.Globalization;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// One step of a <see cref="SurvivalCurve"/>: at <see cref="Time"/> (the bucket's representative duration since
/// creation), <see cref="Events"/> of the <see cref="AtRisk"/> leads converted, and the share still unconverted is
/// <see cref="Survival"/>. Immutable, equal when every field is.
/// </summary>
public sealed class SurvivalPoint
{
    internal SurvivalPoint(Duration time, long atRisk, long events, long censored, decimal survival, ConfidenceInterval? interval)
    {
        Time = time;
        AtRisk = atRisk;
        Events = events;
        Censored = censored;
        Survival = survival;
        ConvertedInterval = interval;
    }

    /// <summary>The time since creation of this step (within the curve's relative accuracy of the exact durations in it).</summary>
    public Duration Time { get; }

    /// <summary>The leads still unconverted and observed just before <see cref="Time"/>.</summary>
    public long AtRisk { get; }

    /// <summary>The conversions at this step.</summary>
    public long Events { get; }

    /// <summary>The leads censored at this step (still open, or lost when lost leads are censored), counted as at risk here.</summary>
    public long Censored { get; }

    /// <summary>The Kaplan-Meier share still unconverted after this step, 0 to 1.</summary>
    public decimal Survival { get; }

    /// <summary>The share converted by this step: 1 − <see cref="Survival"/>.</summary>
    public decimal Converted => 1 - Survival;

    /// <summary>The interval of <see cref="Converted"/> (Greenwood's variance on the log-log scale), or null when the step has no events before it to estimate from.</summary>
    public ConfidenceInterval? ConvertedInterval { get; }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(SurvivalPoint? other) =>
        other is not null && Time == other.Time && AtRisk == other.AtRisk && Events == other.Events && Censored == other.Censored
        && Survival == other.Survival && Nullable.Equals(ConvertedInterval, other.ConvertedInterval);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SurvivalPoint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Time, AtRisk, Events, Censored, Survival);

    /// <summary>The step as <c>t = 6:00:00:00, at risk 21, converted 3, censored 1, survival 0.857143</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"t = {Time}, at risk {AtRisk}, converted {Events}, censored {Censored}, survival {decimal.Round(Survival, 6)}");
}
