using LeadMetrics.Events;
using NodaTime;

namespace LeadMetrics.Data;

/// <summary>
/// How the cost rows were clipped to the data's span (issue 15, item 2): cost rows that reached outside it, rows wholly
/// outside it, and the spend left out. Null when every cost lies inside.
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
    // Shared by the CLI (both reading paths) and the native library, so that every front end clips costs alike.

    /// <summary>Clips the data set's cost events to the span seen in the pass.</summary>
    public static (CostEvent[] Costs, CostClip? Clip) Clip(IReadOnlyList<CostEvent> costs, Span span, DateTimeZone zone, Currency currency)
    {
        if (costs.Count == 0 || span.IsEmpty)
        {
            return ([.. costs], null);
        }

        var (from, to) = span.Quarters(zone);
        var result = new List<CostEvent>(costs.Count);
        var tally = new Tally();
        foreach (var cost in costs)
        {
            if (tally.Inside(cost.From, cost.To, cost.Amount.Amount, from, to, currency) is { } part)
            {
                result.Add(part.Start == cost.From && part.End == cost.To
                    ? cost
                    : new CostEvent(cost.Source, part.Start, part.End, new Money(part.Amount, cost.Amount.Currency), cost.Category, cost.Campaign));
            }
        }

        return ([.. result], tally.Clip(from, to));
    }

    /// <summary>The data's span: the first lead's creation to the last lead event (creation, win or loss) or payment.</summary>
    internal sealed class Span
    {
        private Instant _first = Instant.MaxValue;
        private Instant _last = Instant.MinValue;

        public bool IsEmpty => _first == Instant.MaxValue;

        public void AddLead(Instant created, Instant? closed)
        {
            _first = Min(_first, created);
            _last = Max(_last, closed ?? created);
        }

        public void AddPayment(Instant at) => _last = Max(_last, at);

        /// <summary>The first and last instant in ticks (long.MaxValue and long.MinValue when empty), for a span that travels between partitions.</summary>
        public (long First, long Last) Range => (IsEmpty ? long.MaxValue : _first.ToUnixTimeTicks(), _last == Instant.MinValue ? long.MinValue : _last.ToUnixTimeTicks());

        /// <summary>Widens the span to another's <see cref="Range"/> (the merge of two partitions' spans).</summary>
        public void Merge(long first, long last)
        {
            if (first != long.MaxValue)
            {
                _first = Min(_first, Instant.FromUnixTimeTicks(first));
            }

            if (last != long.MinValue)
            {
                _last = Max(_last, Instant.FromUnixTimeTicks(last));
            }
        }

        /// <summary>
        /// Whole calendar quarters (the largest --period): costs of the periods the data lies in are kept whole, so a
        /// monthly or quarterly budget row is not cut because the last lead came a day before its end.
        /// </summary>
        public (LocalDate From, LocalDate To) Quarters(DateTimeZone zone) =>
            (StartOfQuarter(_first.InZone(zone).Date), EndOfQuarter(_last.InZone(zone).Date));
    }

    /// <summary>Clips one cost row at a time and counts what was clipped and left out.</summary>
    internal sealed class Tally
    {
        private int _clipped;
        private int _outside;
        private decimal _leftOut;

        /// <summary>The part of a cost over <paramref name="start"/>..<paramref name="end"/> inside the span, or null when none is.</summary>
        public (LocalDate Start, LocalDate End, decimal Amount)? Inside(LocalDate start, LocalDate end, decimal amount, LocalDate from, LocalDate to, Currency currency)
        {
            if (start >= from && end <= to)
            {
                return (start, end, amount);
            }

            if (end < from || start > to)
            {
                _outside++;
                _leftOut += amount;
                return null;
            }

            var days = Day(end) - Day(start) + 1;
            var clipStart = start < from ? from : start;
            var clipEnd = end > to ? to : end;
            var inside = Share(amount, Day(clipEnd) - Day(start) + 1, days, currency.MinorUnitDigits)
                - Share(amount, Day(clipStart) - Day(start), days, currency.MinorUnitDigits);
            _clipped++;
            _leftOut += amount - inside;
            return (clipStart, clipEnd, inside);
        }

        public CostClip? Clip(LocalDate from, LocalDate to) => _clipped + _outside == 0 ? null : new CostClip(from, to, _clipped, _outside, _leftOut);
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
