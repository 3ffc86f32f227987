using NodaTime;

namespace LeadMetrics.Finance;

/// <summary>
/// Converts an amount of money into another currency at a date. Supply one in the options of a
/// money calculator to accept costs, deal values and revenue in currencies other than the
/// calculation's; without one, such an amount throws <see cref="CurrencyMismatchException"/>.
/// </summary>
/// <remarks>
/// The calculators call <see cref="Convert"/> only for amounts whose currency differs from the
/// calculation's, and use the result as returned (round inside the implementation if the rate
/// source requires it). An implementation used by a streaming calculator should not allocate, and
/// must be deterministic: the same arguments must always give the same result, or merged partial
/// results will not equal one pass.
/// </remarks>
public interface IExchangeRates
{
    /// <summary>Converts <paramref name="amount"/> into <paramref name="target"/> at the rate of <paramref name="asOf"/>.</summary>
    /// <param name="amount">The amount to convert; its currency differs from <paramref name="target"/>.</param>
    /// <param name="target">The currency of the calculation.</param>
    /// <param name="asOf">The local date (in the calculation's time zone) of the fact the amount belongs to: a cost's first day, a deal's close date, a payment's date.</param>
    /// <returns>The amount in <paramref name="target"/>; a result in any other currency is an error.</returns>
    Money Convert(Money amount, Currency target, LocalDate asOf);
}
