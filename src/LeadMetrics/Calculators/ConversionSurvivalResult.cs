using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// The Kaplan-Meier conversion curve of a group of leads and the age of its youngest lead at the as-of instant, with
/// "converted within t" marked mature only when every lead of the group was observed at least t. Immutable, with
/// value equality.
/// </summary>
public sealed class ConversionSurvivalResult
{
    private readonly double _confidence;

    internal ConversionSurvivalResult(SurvivalCurve curve, Duration? youngestAge, double confidence)
    {
        _confidence = confidence;
        Curve = curve;
        YoungestAge = youngestAge;
    }

    /// <summary>The Kaplan-Meier curve of conversion over time since creation.</summary>
    public SurvivalCurve Curve { get; }

    /// <summary>The youngest lead's age at the as-of instant; null without leads.</summary>
    public Duration? YoungestAge { get; }

    /// <summary>
    /// The share converted within <paramref name="time"/> of creation (1 − S(t)) with its interval, or null when no lead
    /// was observed that long. <see cref="ConvertedWithin.IsMature"/> is true when the youngest lead is at least
    /// <paramref name="time"/> old: then no lead is censored before it and (with lost leads at risk until as-of) the
    /// share is the plain share of leads won within the time; false marks an estimate from the older leads only.
    /// </summary>
    /// <param name="time">The time since creation (7, 30, 90 days), zero or more.</param>
    /// <returns>The cell, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative.</exception>
    public ConvertedWithin? Within(Duration time)
    {
        if (Curve.ConvertedWithin(time) is not { } share)
        {
            return null;
        }

        var mature = YoungestAge >= time;

        // Before the first conversion the curve has no interval; where every lead was observed that long, 0 of them
        // converted: Wilson's interval of 0 of n (lower bound exactly 0).
        var interval = Curve.ConvertedWithinInterval(time)
            ?? (mature && share == 0 ? ConfidenceInterval.Wilson(0, Curve.Leads, _confidence) : null);
        return new ConvertedWithin(time, share, interval, mature);
    }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ConversionSurvivalResult? other) => other is not null && Curve.Equals(other.Curve) && YoungestAge == other.YoungestAge;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConversionSurvivalResult);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Curve, YoungestAge);

    /// <summary>The curve and the youngest age as text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Curve}; youngest {ValueEquality.Show(YoungestAge)}";
}
