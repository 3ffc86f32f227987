namespace LeadMetrics;

/// <summary>Rates with an undefined value: a zero denominator gives null, never NaN or Infinity.</summary>
internal static class Ratio
{
    internal static double? Of(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;

    internal static decimal? Of(decimal numerator, decimal denominator) => denominator == 0m ? null : numerator / denominator;
}
