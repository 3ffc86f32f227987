using System.Collections.Frozen;
using System.Collections.Immutable;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// A business's working time: hours per weekday in a time zone, plus holidays. Measures the working
/// time between two instants, so that a lead arriving Friday 18:00 and answered Monday 09:10 (hours
/// 09:00-17:00) took 10 working minutes.
/// </summary>
/// <remarks>
/// Working intervals are local times in <see cref="Zone"/>, turned into instants day by day, so the
/// elapsed working time is right across DST changes: an interval that spans a transition is as long
/// as the clock actually ran. A local boundary that falls in a DST gap is resolved leniently (moved
/// forward by the gap), an ambiguous one to its earlier instant. Cost: proportional to the number of
/// days between the two instants. Immutable.
/// </remarks>
public sealed class WorkingCalendar
{
    private readonly long[][] _intervalsByDay;
    private readonly FrozenSet<int> _holidayDays;

    /// <summary>Creates a working calendar.</summary>
    /// <param name="zone">The business's time zone.</param>
    /// <param name="hours">The working intervals; on each day they must not overlap. Days without intervals are not worked.</param>
    /// <param name="holidays">Dates not worked, or null.</param>
    /// <exception cref="ArgumentException">An interval is empty, inverted or overlaps another; the message names it.</exception>
    public WorkingCalendar(DateTimeZone zone, IEnumerable<WorkingHours> hours, IEnumerable<LocalDate>? holidays = null)
    {
        Zone = Preconditions.CheckNotNull(zone);
        var given = Preconditions.CheckNotNull(hours).ToList();
        for (var i = 0; i < given.Count; i++)
        {
            if (given[i] is null)
            {
                throw new ArgumentException($"hours[{i}] must not be null.", nameof(hours));
            }

            if (given[i].Day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                throw new ArgumentOutOfRangeException(nameof(hours), given[i].Day, $"hours[{i}].Day must be Monday to Sunday; was {given[i].Day}.");
            }
        }

        Hours = [.. given.OrderBy(h => h.Day).ThenBy(h => h.Start)];
        Holidays = holidays is null ? [] : [.. holidays.Distinct().Order()];
        _intervalsByDay = new long[7][];
        for (var d = 0; d < 7; d++)
        {
            var day = (IsoDayOfWeek)(d + 1);
            var list = new List<long>();
            long previousEnd = -1;
            foreach (var h in Hours.Where(h => h.Day == day))
            {
                var start = h.Start.TickOfDay;
                var end = h.End == LocalTime.Midnight ? NodaConstants.TicksPerDay : h.End.TickOfDay;
                if (end <= start)
                {
                    throw new ArgumentException($"hours has {h.Day} {h.Start:HH:mm}-{h.End:HH:mm}, which ends before it starts.", nameof(hours));
                }

                if (start < previousEnd)
                {
                    throw new ArgumentException($"hours has {h.Day} {h.Start:HH:mm}-{h.End:HH:mm}, which overlaps an earlier interval of that day.", nameof(hours));
                }

                list.Add(start);
                list.Add(end);
                previousEnd = end;
            }

            _intervalsByDay[d] = [.. list];
        }

        _holidayDays = Holidays.Select(h => (int)(h.AtMidnight().InUtc().ToInstant().ToUnixTimeTicks() / NodaConstants.TicksPerDay)).ToFrozenSet();
    }

    /// <summary>The time zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The working intervals, ordered by day and start.</summary>
    public ImmutableArray<WorkingHours> Hours { get; }

    /// <summary>The holidays, ascending.</summary>
    public ImmutableArray<LocalDate> Holidays { get; }

    /// <summary>Monday to Friday, the same hours every day.</summary>
    /// <param name="zone">The time zone.</param>
    /// <param name="start">The daily start, such as 09:00.</param>
    /// <param name="end">The daily end, such as 17:00.</param>
    /// <param name="holidays">Dates not worked, or null.</param>
    /// <returns>The calendar.</returns>
    public static WorkingCalendar Weekdays(DateTimeZone zone, LocalTime start, LocalTime end, IEnumerable<LocalDate>? holidays = null) =>
        new(zone, Enumerable.Range(1, 5).Select(d => new WorkingHours((IsoDayOfWeek)d, start, end)), holidays);

    /// <summary>The working time between two instants (zero when <paramref name="end"/> is not after <paramref name="start"/>).</summary>
    /// <param name="start">The start instant.</param>
    /// <param name="end">The end instant.</param>
    /// <returns>The working time.</returns>
    internal Duration WorkingTimeBetween(Instant start, Instant end) =>
        Duration.FromTicks(CreateEvaluator().WorkingTicksBetween(start.ToUnixTimeTicks(), end.ToUnixTimeTicks()));

    internal Evaluator CreateEvaluator() => new(this);

    /// <summary>A per-thread evaluator with its own zone cache (allocation-free per call).</summary>
    internal sealed class Evaluator
    {
        private readonly WorkingCalendar _calendar;
        private readonly ZoneOffsetCache _offsets;
        private readonly long _maxOffset;
        private readonly long _minOffset;

        internal Evaluator(WorkingCalendar calendar)
        {
            _calendar = calendar;
            _offsets = new ZoneOffsetCache(calendar.Zone);
            _maxOffset = calendar.Zone.MaxOffset.Ticks;
            _minOffset = calendar.Zone.MinOffset.Ticks;
        }

        internal long WorkingTicksBetween(long start, long end)
        {
            if (end <= start)
            {
                return 0;
            }

            var firstDay = FloorDay(_offsets.ToLocalTicks(start));
            var lastDay = FloorDay(_offsets.ToLocalTicks(end));
            long total = 0;
            for (var day = firstDay; day <= lastDay; day++)
            {
                var intervals = _calendar._intervalsByDay[Periods.FloorMod((int)(day + 3), 7)];
                if (intervals.Length == 0 || _calendar._holidayDays.Contains((int)day))
                {
                    continue;
                }

                var dayTicks = day * NodaConstants.TicksPerDay;
                for (var i = 0; i < intervals.Length; i += 2)
                {
                    var from = Math.Max(start, ToInstantTicks(dayTicks + intervals[i]));
                    var to = Math.Min(end, ToInstantTicks(dayTicks + intervals[i + 1]));
                    if (to > from)
                    {
                        total += to - from;
                    }
                }
            }

            return total;
        }

        private static long FloorDay(long localTicks) => Math.DivRem(localTicks, NodaConstants.TicksPerDay, out var rem) - (rem < 0 ? 1 : 0);

        private long OffsetAt(long instantTicks) => _offsets.ToLocalTicks(instantTicks) - instantTicks;

        /// <summary>Local ticks to instant ticks: earlier instant when ambiguous, shifted forward by the gap when skipped.</summary>
        private long ToInstantTicks(long local)
        {
            var before = OffsetAt(local - _maxOffset);
            var after = OffsetAt(local - _minOffset);
            if (before == after)
            {
                return local - before;
            }

            var early = local - before;
            var late = local - after;
            var earlyValid = OffsetAt(early) == before;
            var lateValid = OffsetAt(late) == after;
            if (earlyValid && lateValid)
            {
                return Math.Min(early, late);
            }

            if (earlyValid)
            {
                return early;
            }

            return lateValid ? late : early;
        }
    }
}
