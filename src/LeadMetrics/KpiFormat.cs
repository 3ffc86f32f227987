using System.Globalization;
using NodaTime;

namespace LeadMetrics;

/// <summary>
/// Short, human text for KPI values, as a report shows them: counts with thousands separators, rates and ratios as
/// percentages, money at its currency's minor unit, durations in the largest unit that reads well. Every method is
/// invariant (the same text on every machine) and gives <see cref="Undefined"/> for an undefined value (null), so a
/// report never prints an empty cell, NaN or a type name. The CLI's console and HTML reports use these helpers.
/// </summary>
/// <remarks>
/// These are for display: they round. The results themselves stay exact (their <c>ToString</c> shows every digit),
/// and the CLI's JSON keeps full precision.
/// </remarks>
public static class KpiFormat
{
    /// <summary>The text of an undefined value (an en dash): a rate of no leads, a duration of no events.</summary>
    public const string Undefined = "–";

    private const long SecondsPerMinute = 60;
    private const long SecondsPerHour = 3_600;
    private const long SecondsPerDay = 86_400;
    private const double HoursPerDay = 24;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A count with thousands separators: <c>18,699</c>.</summary>
    /// <param name="count">The count.</param>
    /// <returns>The text.</returns>
    public static string Count(long count) => count.ToString("N0", Invariant);

    /// <summary>
    /// A rate or share (a fraction, 0.1234) as a percentage with one decimal and no separator: <c>12.3%</c>;
    /// <see cref="Undefined"/> when null. Midpoints round away from zero.
    /// </summary>
    /// <param name="rate">The rate as a fraction (1 is 100%), or null when undefined.</param>
    /// <returns>The text.</returns>
    public static string Rate(decimal? rate) => rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : Undefined;

    /// <summary>
    /// A ratio that may run past 100% (ROI, ROAS, an index) as a percentage with one decimal and thousands
    /// separators: <c>2,945.7%</c>; <see cref="Undefined"/> when null.
    /// </summary>
    /// <param name="ratio">The ratio as a fraction (1 is 100%), or null when undefined.</param>
    /// <returns>The text.</returns>
    public static string Ratio(decimal? ratio) => ratio is { } r ? (r * 100).ToString("N1", Invariant) + "%" : Undefined;

    /// <summary>
    /// A plain number (a score, an index, an expected count) with two decimals and thousands separators:
    /// <c>1,024.50</c>; <see cref="Undefined"/> when null.
    /// </summary>
    /// <param name="value">The number, or null when undefined.</param>
    /// <returns>The text.</returns>
    public static string Number(decimal? value) => value is { } v ? v.ToString("N2", Invariant) : Undefined;

    /// <summary>
    /// An amount without its currency, with thousands separators and <paramref name="decimals"/> digits (a table
    /// whose header names the currency): <c>18,698.50</c>; <see cref="Undefined"/> when null.
    /// </summary>
    /// <param name="amount">The amount, or null when undefined.</param>
    /// <param name="decimals">The digits after the decimal point, 0 to 28; 2 by default.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is outside 0 to 28.</exception>
    public static string Amount(decimal? amount, int decimals = 2)
    {
        Preconditions.CheckInRange(decimals, 0, 28);
        return amount is { } a ? a.ToString("N" + decimals.ToString(Invariant), Invariant) : Undefined;
    }

    /// <summary>
    /// Money at its currency's minor unit, with thousands separators and the ISO code: <c>18,698.50 USD</c>,
    /// <c>1,500 JPY</c>; <see cref="Undefined"/> when null. Midpoints round away from zero.
    /// </summary>
    /// <param name="money">The amount, or null when undefined.</param>
    /// <returns>The text.</returns>
    public static string Money(Money? money) =>
        money is { } m ? Amount(m.Amount, m.Currency.MinorUnitDigits) + " " + m.Currency.Code : Undefined;

    /// <summary>
    /// A duration in the largest unit that reads well: under a minute in whole seconds (<c>42s</c>), under an hour
    /// in minutes and seconds (<c>7m 30s</c>), under a day in hours with one decimal (<c>2.5h</c>), else days with
    /// one decimal (<c>3.2d</c>), each unit chosen after rounding (59.6 seconds is <c>1m 00s</c>); negative durations
    /// keep their sign; <see cref="Undefined"/> when null.
    /// </summary>
    /// <param name="duration">The duration, or null when undefined.</param>
    /// <returns>The text.</returns>
    public static string Duration(Duration? duration) =>
        duration is { } d ? Seconds(d.TotalSeconds) : Undefined;

    /// <summary>The text of <see cref="Duration(NodaTime.Duration?)"/> from a number of seconds.</summary>
    private static string Seconds(double seconds)
    {
        if (seconds < 0)
        {
            var positive = Seconds(-seconds);
            return positive == "0s" ? positive : "-" + positive;
        }

        // Each unit is chosen after rounding, so 59.6 s reads "1m 00s" (not "60s") and 23.97 h reads "1.0d".
        var whole = Math.Round(seconds, MidpointRounding.AwayFromZero);
        if (whole < SecondsPerMinute)
        {
            return whole.ToString("0", Invariant) + "s";
        }

        if (whole < SecondsPerHour)
        {
            var minutes = Math.Floor(whole / SecondsPerMinute);
            return string.Create(Invariant, $"{minutes:0}m {whole - (minutes * SecondsPerMinute):00}s");
        }

        var hours = Math.Round(seconds / SecondsPerHour, 1, MidpointRounding.AwayFromZero);
        if (hours < HoursPerDay)
        {
            return hours.ToString("0.0", Invariant) + "h";
        }

        return Math.Round(seconds / SecondsPerDay, 1, MidpointRounding.AwayFromZero).ToString("0.0", Invariant) + "d";
    }
}
