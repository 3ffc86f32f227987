using System.Globalization;
using NodaTime;

namespace LeadMetrics.Grouping;

/// <summary>Period arithmetic on local ticks: bucket ordinals and their labels.</summary>
internal static class Periods
{
    internal const int NonePeriod = int.MinValue;

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    internal static int Ordinal(TimeBucket bucket, long localTicks)
    {
        var days = (int)Math.DivRem(localTicks, NodaConstants.TicksPerDay, out var rem);
        if (rem < 0)
        {
            days--;
            rem += NodaConstants.TicksPerDay;
        }

        return Ordinal(bucket, days, rem);
    }

    internal static int Ordinal(TimeBucket bucket, LocalDate date) =>
        Ordinal(bucket, (int)(date.AtMidnight().InUtc().ToInstant().ToUnixTimeTicks() / NodaConstants.TicksPerDay), 0);

    internal static int Ordinal(TimeBucket bucket, int days, long tickOfDay)
    {
        switch (bucket)
        {
            case TimeBucket.None:
                return 0;
            case TimeBucket.Day:
                return days;
            case TimeBucket.IsoWeek:
                // 1969-12-29 (day -3) is a Monday: weeks start there.
                return FloorDiv(days + 3, 7);
            case TimeBucket.HourOfDay:
                return (int)(tickOfDay / NodaConstants.TicksPerHour);
            case TimeBucket.DayOfWeek:
                return FloorMod(days + 3, 7) + 1;
            default:
                CivilFromDays(days, out var year, out var month, out _);
                return bucket switch
                {
                    TimeBucket.Month => (year * 12) + (month - 1),
                    TimeBucket.Quarter => (year * 4) + ((month - 1) / 3),
                    _ => year,
                };
        }
    }

    /// <summary>Whether a grouping by <paramref name="bucket"/> can give the ordinal (serialized state is checked with it).</summary>
    internal static bool IsValid(TimeBucket bucket, int ordinal)
    {
        if (bucket == TimeBucket.None)
        {
            return ordinal == 0;
        }

        if (ordinal == NonePeriod)
        {
            return true;
        }

        try
        {
            return bucket switch
            {
                TimeBucket.HourOfDay => ordinal is >= 0 and <= 23,
                TimeBucket.DayOfWeek => ordinal is >= 1 and <= 7,
                _ => Start(bucket, ordinal) is { } start && Ordinal(bucket, start) == ordinal && Label(bucket, ordinal).Length > 0,
            };
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    internal static string Label(TimeBucket bucket, int ordinal)
    {
        if (ordinal == NonePeriod)
        {
            return "(none)";
        }

        var c = CultureInfo.InvariantCulture;
        switch (bucket)
        {
            case TimeBucket.None:
                return string.Empty;
            case TimeBucket.Day:
                return DateOf(ordinal).ToString("yyyy-MM-dd", c);
            case TimeBucket.IsoWeek:
                var monday = DateOf((ordinal * 7) - 3);
                var rule = NodaTime.Calendars.WeekYearRules.Iso;
                return string.Create(c, $"{rule.GetWeekYear(monday):0000}-W{rule.GetWeekOfWeekYear(monday):00}");
            case TimeBucket.Month:
                return string.Create(c, $"{FloorDiv(ordinal, 12):0000}-{FloorMod(ordinal, 12) + 1:00}");
            case TimeBucket.Quarter:
                return string.Create(c, $"{FloorDiv(ordinal, 4):0000}-Q{FloorMod(ordinal, 4) + 1}");
            case TimeBucket.Year:
                return ordinal.ToString("0000", c);
            case TimeBucket.HourOfDay:
                return ordinal.ToString("00", c);
            default:
                return DayNames[ordinal - 1];
        }
    }

    /// <summary>The first local date of a calendar bucket (null for cyclic buckets and none).</summary>
    internal static LocalDate? Start(TimeBucket bucket, int ordinal) => ordinal == NonePeriod ? null : bucket switch
    {
        TimeBucket.Day => DateOf(ordinal),
        TimeBucket.IsoWeek => DateOf((ordinal * 7) - 3),
        TimeBucket.Month => new LocalDate(FloorDiv(ordinal, 12), FloorMod(ordinal, 12) + 1, 1),
        TimeBucket.Quarter => new LocalDate(FloorDiv(ordinal, 4), (FloorMod(ordinal, 4) * 3) + 1, 1),
        TimeBucket.Year => new LocalDate(ordinal, 1, 1),
        _ => null,
    };

    internal static LocalDate DateOf(int days) => new LocalDate(1970, 1, 1).PlusDays(days);

    internal static int FloorDiv(int a, int b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    internal static int FloorMod(int a, int b) => ((a % b) + b) % b;

    /// <summary>Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).</summary>
    internal static void CivilFromDays(int days, out int year, out int month, out int day)
    {
        var z = days + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        day = doy - (((153 * mp) + 2) / 5) + 1;
        month = mp < 10 ? mp + 3 : mp - 9;
        year = month <= 2 ? y + 1 : y;
    }
}
