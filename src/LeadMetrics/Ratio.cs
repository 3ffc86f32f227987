namespace LeadMetrics;

/// <summary>
/// Rates with an undefined value: a zero denominator gives null, never NaN or Infinity. Every rate of the library
/// is a decimal quotient (28-29 significant digits), so count rates and money rates compare without casts.
/// </summary>
internal static class Ratio
{
    internal static decimal? Of(long numerator, long denominator) => denominator == 0 ? null : (decimal)numerator / denominator;

    /// <summary>
    /// <c>numerator / denominator</c>; null when the denominator is zero, or when the quotient does not fit a decimal
    /// (a tiny denominator such as a cost of 10⁻²⁸: the figure is undefined, not a crash).
    /// </summary>
    internal static decimal? Of(decimal numerator, decimal denominator)
    {
        if (denominator == 0m)
        {
            return null;
        }

        try
        {
            return numerator / denominator;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>True when <c>numerator / denominator</c> is undefined because the quotient does not fit a decimal (not because the denominator is zero).</summary>
    internal static bool Overflows(decimal numerator, decimal denominator) => denominator != 0m && Of(numerator, denominator) is null;

    /// <summary>
    /// The relative change (current − baseline) / |baseline|, so that a rise is positive whatever the baseline's sign
    /// (ROI from −0.5 to −0.2 is +0.6); null when either is null or the baseline is zero.
    /// </summary>
    internal static decimal? Change(decimal? baseline, decimal? current) =>
        baseline is not { } b || current is not { } c || b == 0m ? null : Of(c - b, Math.Abs(b));
}
