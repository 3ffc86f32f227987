namespace LeadMetrics;

/// <summary>
/// Rates with an undefined value: a zero denominator gives null, never NaN or Infinity. Every rate of the library
/// is a decimal quotient (28-29 significant digits), so count rates and money rates compare without casts.
/// </summary>
internal static class Ratio
{
    internal static decimal? Of(long numerator, long denominator) => denominator == 0 ? null : (decimal)numerator / denominator;

    internal static decimal? Of(decimal numerator, decimal denominator) => denominator == 0m ? null : numerator / denominator;

    /// <summary>
    /// The relative change (current − baseline) / |baseline|, so that a rise is positive whatever the baseline's sign
    /// (ROI from −0.5 to −0.2 is +0.6); null when either is null or the baseline is zero.
    /// </summary>
    internal static decimal? Change(decimal? baseline, decimal? current) =>
        baseline is not { } b || current is not { } c || b == 0m ? null : (c - b) / Math.Abs(b);
}
