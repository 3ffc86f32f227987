namespace LeadMetrics.Finance;

/// <summary>
/// Cumulative rounding: splits a whole into parts that are each rounded yet sum exactly to the
/// whole. Part <c>i</c> is <c>R(total × C_i) − R(total × C_(i−1))</c>, where <c>C_i</c> is the
/// cumulative share up to and including part <c>i</c> and <c>R</c> rounds half to even at a fixed
/// scale; the last part is the exact remainder. Parts are never negative when the shares are not.
/// </summary>
internal static class ExactSplit
{
    /// <summary>The number of decimal places attribution credits are rounded to.</summary>
    internal const int CreditScale = 18;

    /// <summary><c>R(total × numerator / denominator)</c> at <paramref name="scale"/> places, half to even.</summary>
    internal static decimal RoundedShare(decimal total, decimal numerator, decimal denominator, int scale) =>
        Math.Round(total * numerator / denominator, scale, MidpointRounding.ToEven);

    /// <summary><c>R(total × share)</c> at <paramref name="scale"/> places, half to even.</summary>
    internal static decimal RoundedShare(decimal total, decimal share, int scale) =>
        Math.Round(total * share, scale, MidpointRounding.ToEven);
}
