using NodaTime;

namespace LeadMetrics.Finance;

/// <summary>
/// The configuration of realized lifetime value: the currency, an optional exchange-rate function,
/// the horizon in months after winning, and the last date the revenue data is complete.
/// Immutable; calculators merge only when their options are equal.
/// </summary>
public sealed record LifetimeValueOptions
{
    /// <summary>The default horizon: 12 months from winning.</summary>
    public const int DefaultHorizonMonths = 12;

    /// <summary>The longest horizon accepted: 600 months (50 years).</summary>
    public const int MaxHorizonMonths = 600;

    /// <summary>Creates the options.</summary>
    /// <param name="currency">The one currency of the calculation.</param>
    /// <param name="exchangeRates">Converts revenue in other currencies; when null, other currencies throw <see cref="CurrencyMismatchException"/>.</param>
    /// <param name="horizonMonths">How many months after winning count, 1 to <see cref="MaxHorizonMonths"/> (12 by default).</param>
    /// <param name="observedUntil">
    /// The last local date the revenue data covers. A customer's month counts only once it has ended
    /// by then, so that recent customers do not pull the curve down; null treats every month as observed.
    /// </param>
    /// <exception cref="ArgumentException">The currency is default or the horizon is out of range.</exception>
    public LifetimeValueOptions(Currency currency, IExchangeRates? exchangeRates = null, int horizonMonths = DefaultHorizonMonths, LocalDate? observedUntil = null)
    {
        if (currency.IsDefault)
        {
            throw new ArgumentException("currency must be an ISO 4217 currency, not default(Currency).", nameof(currency));
        }

        if (horizonMonths is < 1 or > MaxHorizonMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonMonths), horizonMonths, $"horizonMonths must be between 1 and {MaxHorizonMonths}; was {horizonMonths}.");
        }

        Currency = currency;
        ExchangeRates = exchangeRates;
        HorizonMonths = horizonMonths;
        ObservedUntil = observedUntil;
    }

    /// <summary>The currency of the calculation.</summary>
    public Currency Currency { get; }

    /// <summary>The exchange-rate function, or null.</summary>
    public IExchangeRates? ExchangeRates { get; }

    /// <summary>How many months after winning count.</summary>
    public int HorizonMonths { get; }

    /// <summary>The last local date the revenue data covers, or null when every month counts as observed.</summary>
    public LocalDate? ObservedUntil { get; }

    /// <summary>The canonical text compared when serialized state is merged (the exchange-rate function: only whether there is one).</summary>
    internal string CanonicalText() =>
        $"currency={Currency.Code};rates={(ExchangeRates is null ? "none" : "function")};horizon={HorizonMonths.ToString(System.Globalization.CultureInfo.InvariantCulture)};observedUntil={(ObservedUntil is { } until ? until.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "none")}";
}
