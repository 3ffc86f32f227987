using System.Globalization;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// The share of a group's leads converted within a time of their creation, from the Kaplan-Meier curve
/// (<see cref="ConversionSurvivalResult.Within"/>), its interval, and whether the group is old enough for it to be a
/// plain share (mature) rather than an estimate from its older leads. Immutable, with value equality.
/// </summary>
public sealed class ConvertedWithin
{
    internal ConvertedWithin(Duration time, decimal share, ConfidenceInterval? interval, bool isMature)
    {
        Time = time;
        Share = share;
        Interval = interval;
        IsMature = isMature;
    }

    /// <summary>The time since creation.</summary>
    public Duration Time { get; }

    /// <summary>1 − S(t): the share converted within <see cref="Time"/>, 0 to 1.</summary>
    public decimal Share { get; }

    /// <summary>The interval of <see cref="Share"/> (Greenwood, log-log; Wilson's 0 of n before the first conversion of a mature group), or null where none can be given.</summary>
    public ConfidenceInterval? Interval { get; }

    /// <summary>True when every lead of the group is at least <see cref="Time"/> old at the as-of instant; false marks an immature cell.</summary>
    public bool IsMature { get; }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ConvertedWithin? other) =>
        other is not null && Time == other.Time && Share == other.Share && Interval == other.Interval && IsMature == other.IsMature;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConvertedWithin);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Time, Share, Interval, IsMature);

    /// <summary>The cell as text, such as <c>within 30d 00:00:00: 0.12 [0.09, 0.16] (95%)</c>, "(immature)" when it is.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"within {ValueEquality.Show(Time)}: {decimal.Round(Share, 4)} {Interval?.ToString() ?? "-"}{(IsMature ? string.Empty : " (immature)")}");
}
