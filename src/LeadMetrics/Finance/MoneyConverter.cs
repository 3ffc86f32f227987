using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Finance;

/// <summary>
/// Brings amounts into the calculation's currency: as they are when the currency matches, through
/// the exchange-rate function otherwise, or throws <see cref="CurrencyMismatchException"/>. Holds a
/// zone offset cache to find the local date of an instant without allocating; one per calculator.
/// </summary>
internal sealed class MoneyConverter
{
    private readonly IExchangeRates? _rates;
    private readonly ZoneOffsetCache _offsets;

    internal MoneyConverter(Currency target, IExchangeRates? rates, DateTimeZone zone)
    {
        Target = target;
        _rates = rates;
        _offsets = new ZoneOffsetCache(zone);
    }

    internal Currency Target { get; }

    /// <summary>The amount in the target currency; <paramref name="date"/> is used only when converting.</summary>
    internal decimal ToTarget(Money amount, LocalDate date) => amount.Currency == Target ? amount.Amount : Convert(amount, date);

    /// <summary>The amount in the target currency; the local date of <paramref name="unixTicks"/> is computed only when converting.</summary>
    internal decimal ToTarget(decimal amount, Currency currency, long unixTicks) =>
        currency == Target ? amount : Convert(new Money(amount, currency), LocalDateOf(unixTicks));

    /// <summary>Throws <see cref="CurrencyMismatchException"/> when <paramref name="currency"/> differs from the target and there is no exchange-rate function.</summary>
    internal void CheckConvertible(Currency currency)
    {
        if (currency != Target && _rates is null)
        {
            throw new CurrencyMismatchException(Target, currency);
        }
    }

    /// <summary>Days since 1970-01-01 of the local date of an instant in the zone.</summary>
    internal int LocalDayOf(long unixTicks)
    {
        var local = _offsets.ToLocalTicks(unixTicks);
        var days = local / NodaConstants.TicksPerDay;
        if (local % NodaConstants.TicksPerDay < 0)
        {
            days--;
        }

        return (int)days;
    }

    internal LocalDate LocalDateOf(long unixTicks) => Periods.DateOf(LocalDayOf(unixTicks));

    private decimal Convert(Money amount, LocalDate date)
    {
        if (_rates is null)
        {
            throw new CurrencyMismatchException(Target, amount.Currency);
        }

        var converted = _rates.Convert(amount, Target, date);
        if (converted.Currency != Target)
        {
            throw new InvalidOperationException(
                $"The exchange-rate function returned {converted} when asked to convert {amount} into {Target.Code} on {date:yyyy-MM-dd}.");
        }

        return converted.Amount;
    }
}
