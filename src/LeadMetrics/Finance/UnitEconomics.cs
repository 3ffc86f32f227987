namespace LeadMetrics.Finance;

/// <summary>
/// The formula forms of customer economics, for callers who supply the figures: lifetime value
/// from average revenue per account, gross margin and churn; the LTV:CAC ratio; CAC payback.
/// </summary>
/// <remarks>Every method returns null when its denominator is zero (undefined), never infinity.</remarks>
public static class UnitEconomics
{
    /// <summary>
    /// Lifetime value by formula: <c>ARPA × gross margin / churn rate</c>. With monthly ARPA and a
    /// monthly churn rate, the expected gross profit of a customer over a lifetime of <c>1 / churn</c> months.
    /// </summary>
    /// <param name="averageRevenuePerAccount">Average revenue per account per period.</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1.</param>
    /// <param name="churnRate">The share of customers lost per period, 0 to 1.</param>
    /// <returns>The lifetime value, unrounded; null when the churn rate is zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The margin or churn rate is outside 0 to 1.</exception>
    public static Money? FormulaLifetimeValue(Money averageRevenuePerAccount, decimal grossMargin, decimal churnRate)
    {
        CheckMargin(grossMargin, nameof(grossMargin));
        CheckMargin(churnRate, nameof(churnRate));
        return churnRate == 0m ? null : averageRevenuePerAccount * grossMargin * (1m / churnRate);
    }

    /// <summary>The LTV:CAC ratio: <c>lifetime value / customer acquisition cost</c> (3 is a common target).</summary>
    /// <param name="lifetimeValue">The lifetime value.</param>
    /// <param name="acquisitionCost">The customer acquisition cost, in the same currency.</param>
    /// <returns>The ratio; null when the cost is zero.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static decimal? LtvToCacRatio(Money lifetimeValue, Money acquisitionCost)
    {
        CheckSame(lifetimeValue, acquisitionCost);
        return acquisitionCost.Amount == 0m ? null : lifetimeValue.Amount / acquisitionCost.Amount;
    }

    /// <summary>CAC payback by formula: <c>CAC / (monthly revenue per customer × gross margin)</c>, in months (fractional).</summary>
    /// <param name="acquisitionCost">The customer acquisition cost.</param>
    /// <param name="monthlyRevenuePerCustomer">Average monthly revenue per customer, in the same currency.</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1.</param>
    /// <returns>Months; null when the monthly gross profit is zero or less (never paid back).</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static decimal? CacPaybackMonths(Money acquisitionCost, Money monthlyRevenuePerCustomer, decimal grossMargin)
    {
        CheckMargin(grossMargin, nameof(grossMargin));
        CheckSame(acquisitionCost, monthlyRevenuePerCustomer);
        var profit = monthlyRevenuePerCustomer.Amount * grossMargin;
        return profit <= 0m ? null : acquisitionCost.Amount / profit;
    }

    internal static void CheckMargin(decimal value, string paramName)
    {
        if (value < 0m || value > 1m)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between 0 and 1; was {value}.");
        }
    }

    private static void CheckSame(Money a, Money b)
    {
        if (a.Currency != b.Currency)
        {
            throw new CurrencyMismatchException(a.Currency, b.Currency);
        }
    }
}
