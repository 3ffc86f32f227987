using NodaTime;

namespace LeadMetrics.Scoring;

/// <summary>
/// How an engagement rule weighs a touchpoint by its age (the time from the touchpoint to the instant
/// of scoring): a half-life, a recency window, both, or neither.
/// </summary>
/// <remarks>
/// <para>With a half-life <c>h</c>, a touchpoint of age <c>a</c> gives <c>points × 2^(-a / h)</c>: full
/// points when it just happened, half after one half-life, a quarter after two.</para>
/// <para>With a window <c>w</c>, only touchpoints of age at most <c>w</c> count (inclusive).</para>
/// <para>Decayed points are rounded to 4 decimal places (<c>DecimalPlaces</c>) per touchpoint
/// (banker's rounding) before they are summed, so that sums and explanations stay exact decimals.</para>
/// </remarks>
public readonly struct EngagementDecay : IEquatable<EngagementDecay>
{
    /// <summary>The decimal places of a decayed touchpoint's points: 4.</summary>
    internal const int DecimalPlaces = 4;

    /// <summary>Creates a decay.</summary>
    /// <param name="halfLife">The half-life, or null for no decay.</param>
    /// <param name="window">The recency window, or null for no window.</param>
    /// <exception cref="ArgumentOutOfRangeException">A duration is zero or negative.</exception>
    public EngagementDecay(Duration? halfLife, Duration? window)
    {
        if (halfLife is { } h)
        {
            Preconditions.CheckPositive(h, nameof(halfLife));
        }

        if (window is { } w)
        {
            Preconditions.CheckPositive(w, nameof(window));
        }

        HalfLife = halfLife;
        Window = window;
    }

    /// <summary>No decay and no window: every touchpoint up to the instant of scoring counts fully.</summary>
    public static EngagementDecay None => default;

    /// <summary>The half-life, or null.</summary>
    public Duration? HalfLife { get; }

    /// <summary>The recency window, or null.</summary>
    public Duration? Window { get; }

    /// <summary>Exponential decay with the given half-life.</summary>
    /// <param name="halfLife">The half-life; positive.</param>
    /// <returns>The decay.</returns>
    public static EngagementDecay FromHalfLife(Duration halfLife) => new(halfLife, null);

    /// <summary>Full points within the window, none outside it.</summary>
    /// <param name="window">The window; positive.</param>
    /// <returns>The decay.</returns>
    public static EngagementDecay FromWindow(Duration window) => new(null, window);

    /// <summary>Returns the points a touchpoint of the given age gives.</summary>
    /// <param name="points">The full points of one touchpoint.</param>
    /// <param name="age">The touchpoint's age; not negative.</param>
    /// <param name="decayed">The points after decay, rounded to <see cref="DecimalPlaces"/> places when a half-life applies.</param>
    /// <returns>False when the touchpoint is outside the window (it does not count).</returns>
    internal bool TryApply(decimal points, Duration age, out decimal decayed)
    {
        if (Window is { } window && age > window)
        {
            decayed = 0m;
            return false;
        }

        if (HalfLife is { } halfLife && age > Duration.Zero)
        {
            var factor = Math.Pow(2.0, -(age.TotalTicks / halfLife.TotalTicks));
            decayed = Math.Round(points * (decimal)factor, DecimalPlaces, MidpointRounding.ToEven);
        }
        else
        {
            decayed = points;
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(EngagementDecay other) => HalfLife == other.HalfLife && Window == other.Window;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EngagementDecay other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HalfLife, Window);

    /// <summary>A description such as <c>half-life 14:00:00:00, window 30:00:00:00</c> or <c>none</c>.</summary>
    public override string ToString() => (HalfLife, Window) switch
    {
        (null, null) => "none",
        ({ } h, null) => "half-life " + h.ToString(),
        (null, { } w) => "window " + w.ToString(),
        ({ } h, { } w) => "half-life " + h.ToString() + ", window " + w.ToString(),
    };

    /// <summary>True when half-life and window are equal.</summary>
    public static bool operator ==(EngagementDecay left, EngagementDecay right) => left.Equals(right);

    /// <summary>True when the half-life or window differ.</summary>
    public static bool operator !=(EngagementDecay left, EngagementDecay right) => !left.Equals(right);
}
