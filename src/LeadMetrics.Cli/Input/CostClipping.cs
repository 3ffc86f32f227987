using NodaTime;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// How the cost rows were clipped to the data's span (issue 15, item 2): cost rows that reached outside it, rows wholly
/// outside it, and the spend left out. Null in <see cref="LoadedData.CostClip"/> when every cost lies inside.
/// </summary>
internal sealed record CostClip(LocalDate First, LocalDate Last, int RowsClipped, int RowsOutside, decimal AmountLeftOut);

/// <summary>
/// Clips cost periods to the data's span: the calendar quarters from the one of the first lead's creation to the one of
/// the last lead event (creation, win or loss) or revenue payment, in the report zone. A cost spread over <c>D</c> days is split pro rata by days (as
/// the library's allocation does): its part inside the span, days <c>s..e</c> of its <c>D</c>, is
/// <c>R(A × e / D) − R(A × (s − 1) / D)</c> with <c>R</c> rounding half to even to the currency's minor unit. Days outside
/// the span create no group and no period (an open-ended row such as <c>from=2024-01-01,to=9999-12-31</c> otherwise
/// creates one group per day or month to the end of the calendar); the spend left out is reported in a note.
/// </summary>
internal static class CostClipping
{
    public static (List<CostEntry> Costs, CostClip? Clip) Clip(List<CostEntry> costs, List<Lead> leads, List<RevenueEntry> revenue, DateTimeZone zone, Currency currency)
    {
        if (costs.Count == 0 || leads.Count == 0)
        {
            return (costs, null);
        }

        var first = Instant.MaxValue;
        var last = Instant.MinValue;
        foreach (var lead in leads)
        {
            first = Min(first, lead.CreatedAt);
            last = Max(last, lead.ClosedAt ?? lead.CreatedAt);
        }

        foreach (var r in revenue)
        {
            last = Max(last, r.At);
        }

        // Whole calendar quarters (the largest --period): costs of the periods the data lies in are kept whole, so
        // a monthly or quarterly budget row is not cut because the last lead came a day before its end.
        var from = StartOfQuarter(first.InZone(zone).Date);
        var to = EndOfQuarter(last.InZone(zone).Date);
        var result = new List<CostEntry>(costs.Count);
        int clipped = 0, outside = 0;
        var leftOut = 0m;
        foreach (var cost in costs)
        {
            var start = cost.Interval.Start;
            var end = cost.Interval.End;
            if (start >= from && end <= to)
            {
                result.Add(cost);
                continue;
            }

            var amount = cost.Amount.Amount;
            if (end < from || start > to)
            {
                outside++;
                leftOut += amount;
                continue;
            }

            var days = Day(end) - Day(start) + 1;
            var clipStart = start < from ? from : start;
            var clipEnd = end > to ? to : end;
            var inside = Share(amount, Day(clipEnd) - Day(start) + 1, days, currency.MinorUnitDigits)
                - Share(amount, Day(clipStart) - Day(start), days, currency.MinorUnitDigits);
            clipped++;
            leftOut += amount - inside;
            result.Add(new CostEntry(cost.Source, new DateInterval(clipStart, clipEnd), new Money(inside, cost.Amount.Currency), cost.Category, cost.Campaign));
        }

        return (result, clipped + outside == 0 ? null : new CostClip(from, to, clipped, outside, leftOut));
    }

    /// <summary>The rounded share of the first <paramref name="upTo"/> of <paramref name="days"/> days of <paramref name="amount"/>; exact at both ends.</summary>
    private static decimal Share(decimal amount, int upTo, int days, int digits) =>
        upTo <= 0 ? 0m : upTo >= days ? amount : Math.Round(amount * upTo / days, digits, MidpointRounding.ToEven);

    private static LocalDate StartOfQuarter(LocalDate date) => new(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);

    private static LocalDate EndOfQuarter(LocalDate date) =>
        date.Year == 9999 && date.Month > 9 ? LocalDate.MaxIsoValue : StartOfQuarter(date).PlusMonths(3).PlusDays(-1);

    private static int Day(LocalDate date) => date.ToDateOnly().DayNumber;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
