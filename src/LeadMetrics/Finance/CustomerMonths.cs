using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Finance;

/// <summary>
/// Months since winning. Month <c>m</c> of a customer won on local date <c>w</c> covers the dates
/// from <c>w + m months</c> to the day before <c>w + (m + 1) months</c> (NodaTime month arithmetic:
/// a customer won on January 31 enters month 1 on the last day of February).
/// </summary>
internal static class CustomerMonths
{
    /// <summary>The month of <paramref name="date"/> since <paramref name="won"/>; negative before winning.</summary>
    internal static int MonthIndex(LocalDate won, LocalDate date)
    {
        var m = ((date.Year - won.Year) * 12) + date.Month - won.Month;
        if (won.PlusMonths(m) > date)
        {
            m--;
        }

        return m;
    }

    /// <summary>How many whole months after <paramref name="wonDay"/> have ended by <paramref name="observedUntil"/>, capped at <paramref name="horizon"/>.</summary>
    internal static int ObservedMonths(int wonDay, LocalDate? observedUntil, int horizon)
    {
        if (observedUntil is not { } until)
        {
            return horizon;
        }

        // A month has ended by `until` when the next month starts by the day after. The last date of the calendar
        // (9999-12-31, a common "never" marker) has no day after: there, the month it lies in has ended only when
        // that month's last day is it (the customer was won on a first of the month).
        var won = Periods.DateOf(wonDay);
        var full = until == LocalDate.MaxIsoValue
            ? MonthIndex(won, until) + (won.Day == 1 ? 1 : 0)
            : MonthIndex(won, until.PlusDays(1));
        return Math.Clamp(full, 0, horizon);
    }
}
