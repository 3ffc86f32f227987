using System.Globalization;

namespace LeadMetrics.Statistics;

/// <summary>
/// A two-sided confidence interval of a rate or a ratio: <see cref="Lower"/> to <see cref="Upper"/> at a
/// <see cref="Confidence"/> level. Built by <see cref="Wilson"/> (a proportion such as a conversion rate) or
/// <see cref="Byar"/> (observed against expected counts, such as a rep's performance index). Definitions in
/// docs/metrics.md ("Intervals and tests").
/// </summary>
/// <remarks>
/// The bounds are computed in double precision (they involve square roots and normal quantiles) and given as
/// <see cref="decimal"/> like every rate of the library; they are exact at the extremes (0 of n has lower bound
/// exactly 0, n of n upper bound exactly 1).
/// </remarks>
public readonly struct ConfidenceInterval : IEquatable<ConfidenceInterval>
{
    /// <summary>The confidence level used when none is given: 0.95.</summary>
    public const double DefaultConfidence = 0.95;

    private ConfidenceInterval(decimal lower, decimal upper, double confidence)
    {
        Lower = lower;
        Upper = upper;
        Confidence = confidence;
    }

    /// <summary>The lower bound.</summary>
    public decimal Lower { get; }

    /// <summary>The upper bound (at least <see cref="Lower"/>).</summary>
    public decimal Upper { get; }

    /// <summary>The confidence level, strictly between 0 and 1 (0.95 for a 95% interval).</summary>
    public double Confidence { get; }

    /// <summary>Whether a value lies in the interval, bounds included.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when <see cref="Lower"/> ≤ value ≤ <see cref="Upper"/>.</returns>
    public bool Contains(decimal value) => Lower <= value && value <= Upper;

    /// <summary>
    /// The Wilson score interval of a proportion: successes of trials (Wilson 1927; Newcombe 1998, method 3).
    /// With p̂ = x/n and z the normal quantile of 1 − (1 − confidence)/2, the bounds are
    /// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Unlike the textbook p̂ ± z·√(p̂(1 − p̂)/n) it stays
    /// within [0, 1], is not empty at 0 of n or n of n, and keeps close to its nominal coverage for small n.
    /// </summary>
    /// <param name="successes">The successes (converted leads, won deals), 0 to <paramref name="trials"/>.</param>
    /// <param name="trials">The trials (leads, closed deals), 0 or more.</param>
    /// <param name="confidence">The confidence level, strictly between 0 and 1; 0.95 by default.</param>
    /// <returns>The interval, or null when there are no trials (the rate is undefined).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, successes exceed trials, or the confidence is not strictly between 0 and 1.</exception>
    public static ConfidenceInterval? Wilson(long successes, long trials, double confidence = DefaultConfidence)
    {
        CheckCounts(successes, trials);
        var z = Z(confidence);
        if (trials == 0)
        {
            return null;
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        var scale = 1 + (z2 / n);
        var lower = successes == 0 ? 0m : Clamp01((centre - half) / scale);
        var upper = successes == trials ? 1m : Clamp01((centre + half) / scale);
        return new ConfidenceInterval(lower, upper, confidence);
    }

    /// <summary>
    /// The interval of an observed count against an expected count, observed/expected, by Byar's approximation to the
    /// exact Poisson interval (Breslow and Day 1987, §2.3): lower = O·(1 − 1/(9O) − z/(3√O))³ / E and
    /// upper = (O + 1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³ / E, the lower bound 0 when O is 0. Used for a rep's
    /// performance index (wins against the wins the team's rates predict).
    /// </summary>
    /// <param name="observed">The observed count, 0 or more.</param>
    /// <param name="expected">The expected count, more than 0.</param>
    /// <param name="confidence">The confidence level, strictly between 0 and 1; 0.95 by default.</param>
    /// <returns>The interval of observed/expected, or null when nothing was expected (the ratio is undefined).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The observed count or the expected count is negative, or the confidence is not strictly between 0 and 1.</exception>
    public static ConfidenceInterval? Byar(long observed, decimal expected, double confidence = DefaultConfidence)
    {
        if (observed < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(observed), observed, $"observed must be zero or more; was {observed}.");
        }

        Preconditions.CheckNonNegative(expected);
        var z = Z(confidence);
        if (expected == 0)
        {
            return null;
        }

        var e = (double)expected;
        double o = observed;
        var lower = observed == 0 ? 0 : o * Math.Pow(1 - (1 / (9 * o)) - (z / (3 * Math.Sqrt(o))), 3) / e;
        var o1 = o + 1;
        var upper = o1 * Math.Pow(1 - (1 / (9 * o1)) + (z / (3 * Math.Sqrt(o1))), 3) / e;
        return new ConfidenceInterval(ToDecimal(Math.Max(lower, 0)), ToDecimal(upper), confidence);
    }

    /// <inheritdoc/>
    public bool Equals(ConfidenceInterval other) => Lower == other.Lower && Upper == other.Upper && Confidence.Equals(other.Confidence);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConfidenceInterval other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Lower, Upper, Confidence);

    /// <summary>The interval as <c>[0.2553, 0.3662] (95%)</c>, bounds rounded to 4 decimals.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{decimal.Round(Lower, 4)}, {decimal.Round(Upper, 4)}] ({Confidence * 100:0.##}%)");

    /// <summary>Whether two intervals are equal (same bounds and level).</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ConfidenceInterval left, ConfidenceInterval right) => left.Equals(right);

    /// <summary>Whether two intervals differ.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when not equal.</returns>
    public static bool operator !=(ConfidenceInterval left, ConfidenceInterval right) => !left.Equals(right);

    /// <summary>An interval from bounds computed elsewhere (the survival curve's).</summary>
    internal static ConfidenceInterval FromBounds(double lower, double upper, double confidence) =>
        new(Clamp01(lower), Clamp01(upper), confidence);

    /// <summary>The two-sided normal quantile z of a confidence level, after checking the level.</summary>
    internal static double Z(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, $"confidence must be strictly between 0 and 1 (0.95 for 95%); was {confidence}.");
        }

        return SpecialFunctions.NormalQuantile(1 - ((1 - confidence) / 2));
    }

    internal static void CheckCounts(long successes, long trials, string successesName = "successes", string trialsName = "trials")
    {
        if (trials < 0)
        {
            throw new ArgumentOutOfRangeException(trialsName, trials, $"{trialsName} must be zero or more; was {trials}.");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(successesName, successes, $"{successesName} must be between 0 and {trialsName} ({trials}); was {successes}.");
        }
    }

    private static decimal Clamp01(double value) => ToDecimal(Math.Clamp(value, 0, 1));

    private static decimal ToDecimal(double value) => decimal.Round((decimal)value, 15);
}
