using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// An optional lower and upper limit on a sum of points: the cap of a rule group, of the fit or
/// engagement score, or of the total (HubSpot calls these score limits). A sum outside the bounds is
/// clamped to the nearest bound; <c>default</c> has no bounds.
/// </summary>
public readonly struct ScoreBounds : IEquatable<ScoreBounds>
{
    /// <summary>Creates bounds.</summary>
    /// <param name="minimum">The lowest allowed sum, or null for no lower bound.</param>
    /// <param name="maximum">The highest allowed sum, or null for no upper bound.</param>
    /// <exception cref="ArgumentException"><paramref name="minimum"/> is greater than <paramref name="maximum"/>.</exception>
    public ScoreBounds(decimal? minimum, decimal? maximum)
    {
        if (minimum is { } min && maximum is { } max && min > max)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"minimum must not be greater than maximum; was minimum {min} and maximum {max}."),
                nameof(minimum));
        }

        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>No bounds: every sum is kept as it is.</summary>
    public static ScoreBounds Unbounded => default;

    /// <summary>The lowest allowed sum, or null.</summary>
    public decimal? Minimum { get; }

    /// <summary>The highest allowed sum, or null.</summary>
    public decimal? Maximum { get; }

    /// <summary>True when neither bound is set.</summary>
    public bool IsUnbounded => Minimum is null && Maximum is null;

    /// <summary>Bounds with only an upper limit (a cap).</summary>
    /// <param name="maximum">The highest allowed sum.</param>
    /// <returns>The bounds.</returns>
    public static ScoreBounds AtMost(decimal maximum) => new(null, maximum);

    /// <summary>Bounds with only a lower limit (a floor).</summary>
    /// <param name="minimum">The lowest allowed sum.</param>
    /// <returns>The bounds.</returns>
    public static ScoreBounds AtLeast(decimal minimum) => new(minimum, null);

    /// <summary>Bounds with both limits.</summary>
    /// <param name="minimum">The lowest allowed sum.</param>
    /// <param name="maximum">The highest allowed sum; not less than <paramref name="minimum"/>.</param>
    /// <returns>The bounds.</returns>
    public static ScoreBounds Between(decimal minimum, decimal maximum) => new(minimum, maximum);

    /// <summary>Clamps a sum into the bounds.</summary>
    /// <param name="sum">The sum of points.</param>
    /// <returns><paramref name="sum"/>, or the bound it crossed.</returns>
    internal decimal Clamp(decimal sum)
    {
        if (Maximum is { } max && sum > max)
        {
            return max;
        }

        if (Minimum is { } min && sum < min)
        {
            return min;
        }

        return sum;
    }

    /// <inheritdoc />
    public bool Equals(ScoreBounds other) => Minimum == other.Minimum && Maximum == other.Maximum;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ScoreBounds other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Minimum, Maximum);

    /// <summary>The bounds as an interval, such as <c>[0, 60]</c> or <c>(-inf, 60]</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Minimum is { } min ? "[" + min.ToString(CultureInfo.InvariantCulture) : "(-inf")}, {(Maximum is { } max ? max.ToString(CultureInfo.InvariantCulture) + "]" : "+inf)")}");

    /// <summary>True when both bounds are equal.</summary>
    public static bool operator ==(ScoreBounds left, ScoreBounds right) => left.Equals(right);

    /// <summary>True when a bound differs.</summary>
    public static bool operator !=(ScoreBounds left, ScoreBounds right) => !left.Equals(right);
}
