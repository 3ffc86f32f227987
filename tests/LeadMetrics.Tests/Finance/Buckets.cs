using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>Plain period arithmetic for reference implementations (independent of the library's ordinals).</summary>
internal static class Buckets
{
    internal static readonly DateTimeZone[] Zones = [DateTimeZone.Utc, DateTimeZoneProviders.Tzdb["America/New_York"], DateTimeZoneProviders.Tzdb["Asia/Jerusalem"]];

    internal static readonly TimeBucket[] DatedBuckets = [TimeBucket.None, TimeBucket.Day, TimeBucket.IsoWeek, TimeBucket.Month, TimeBucket.Quarter];

    internal static LocalDate? Start(TimeBucket bucket, LocalDate date) => bucket switch
    {
        TimeBucket.None => null,
        TimeBucket.Day => date,
        TimeBucket.IsoWeek => date.PlusDays(1 - (int)date.DayOfWeek),
        TimeBucket.Month => new LocalDate(date.Year, date.Month, 1),
        TimeBucket.Quarter => new LocalDate(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
        TimeBucket.Year => new LocalDate(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket)),
    };

    internal static LocalDate? Start(TimeBucket bucket, Instant at, DateTimeZone zone) => Start(bucket, at.InZone(zone).Date);

    internal static decimal ToUsd(Money amount, LocalDate date) =>
        amount.Currency == Currency.Usd ? amount.Amount : amount.Amount * LeadMetrics.Testing.TestExchangeRates.RateToUsd(amount.Currency, date);

    internal static T[] Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }

    /// <summary>Splits items into <paramref name="parts"/> random parts.</summary>
    internal static List<T>[] Split<T>(IEnumerable<T> items, int parts, Random random)
    {
        var result = Enumerable.Range(0, parts).Select(_ => new List<T>()).ToArray();
        foreach (var item in items)
        {
            result[random.Next(parts)].Add(item);
        }

        return result;
    }
}
