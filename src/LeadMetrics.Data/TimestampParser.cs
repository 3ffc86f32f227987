using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NodaTime;
using NodaTime.Text;

namespace LeadMetrics.Data;

/// <summary>
/// Reads the timestamps of the input files: ISO 8601 with an offset or Z; local date-times
/// (<c>2018-02-26 09:58:20</c>, <c>2018-02-26T09:58</c>, also with '.' or '/' between the date parts)
/// and plain dates (<c>2018-02-01</c>, the start of that day), which are read in the report's zone.
/// A local time that falls in a DST gap or overlap is resolved leniently (shifted forward / earlier offset).
/// </summary>
public sealed class TimestampParser
{
    private static readonly IPattern<OffsetDateTime>[] OffsetPatterns =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'H':'mm':'ss;FFFFFFFFFo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'H':'mmo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'H':'mm':'ss;FFFFFFFFFo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'H':'mmo<G>"),
    ];

    private static readonly IPattern<LocalDateTime>[] LocalPatterns = BuildLocalPatterns();

    private static readonly IPattern<LocalDate>[] DatePatterns =
    [
        LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd"),
        LocalDatePattern.CreateWithInvariantCulture("uuuu'.'MM'.'dd"),
        LocalDatePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd"),
    ];

    private readonly DateTimeZone _zone;
    private readonly LocalDateTimePattern? _custom;

    /// <summary>Creates a parser for a zone.</summary>
    /// <param name="zone">The zone local date-times and dates are read in.</param>
    /// <param name="customPattern">An extra NodaTime local date-time pattern tried first (<c>--time-format</c>), or null.</param>
    /// <exception cref="DataSetException"><paramref name="customPattern"/> is not a valid pattern.</exception>
    public TimestampParser(DateTimeZone zone, string? customPattern = null)
    {
        _zone = zone ?? throw new ArgumentNullException(nameof(zone));
        if (!string.IsNullOrWhiteSpace(customPattern))
        {
            try
            {
                _custom = LocalDateTimePattern.CreateWithInvariantCulture(customPattern);
            }
            catch (InvalidPatternException e)
            {
                throw new DataSetException($"--time-format '{customPattern}' is not a NodaTime local date-time pattern: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Why a timestamp at the Unix epoch is refused where the library needs a real instant (a lead's created_at, the at
    /// of a stage, touchpoint or payment): exports write 1970-01-01T00:00:00Z for a missing date, and the library's
    /// types refuse <c>default(Instant)</c>. Such a row is <c>unparseable_date</c> naming the file's column and value (issue 15).
    /// </summary>
    internal const string EpochMessage = "the Unix epoch (1970-01-01T00:00:00Z) is what exports write for a missing date, not a real time.";

    /// <summary>The zone local date-times and dates are read in.</summary>
    public DateTimeZone Zone => _zone;

    /// <summary>Reads a timestamp.</summary>
    /// <param name="text">An ISO 8601 instant with an offset or Z, a local date-time or a date (read in the zone).</param>
    /// <param name="instant">The instant.</param>
    /// <returns>False when the text is none of these.</returns>
    public bool TryParse(string text, out Instant instant)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return TryParseCore(text, out instant);
        }
        catch (OverflowException)
        {
            // A time at the calendar's edge whose offset or zone moves it past the last (or first) instant, such as
            // 9999-12-31T23:59:53-09 (found by fuzzing, issue 15): not a timestamp the data can hold.
            instant = default;
            return false;
        }
    }

    private bool TryParseCore(string text, out Instant instant)
    {
        instant = default;
        var t = text.Trim();
        if (t.Length == 0)
        {
            return false;
        }

        if (_custom is not null && _custom.Parse(t) is { Success: true } custom)
        {
            instant = custom.Value.InZoneLeniently(_zone).ToInstant();
            return true;
        }

        var last = t[^1];
        if (last == 'Z' || last == 'z' || HasOffset(t))
        {
            foreach (var pattern in OffsetPatterns)
            {
                var r = pattern.Parse(t.EndsWith('z') ? t[..^1] + "Z" : t);
                if (r.Success)
                {
                    instant = r.Value.ToInstant();
                    return true;
                }
            }

            return false;
        }

        if (t.Length <= 10)
        {
            foreach (var pattern in DatePatterns)
            {
                var r = pattern.Parse(t);
                if (r.Success)
                {
                    instant = _zone.AtStartOfDay(r.Value).ToInstant();
                    return true;
                }
            }

            return false;
        }

        foreach (var pattern in LocalPatterns)
        {
            var r = pattern.Parse(t);
            if (r.Success)
            {
                instant = r.Value.InZoneLeniently(_zone).ToInstant();
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a timestamp as <see cref="TryParse"/> does, to Unix ticks, without allocating for the common forms
    /// (<c>uuuu-MM-ddTHH:mm:ss</c> with an optional fraction of up to 7 digits and an optional <c>Z</c>, also with a space
    /// for the <c>T</c>, and plain dates); any other text goes through <see cref="TryParse"/>, so both always agree.
    /// </summary>
    /// <param name="text">The text (surrounding white space is ignored).</param>
    /// <param name="unixTicks">The instant in Unix ticks (<see cref="Instant.ToUnixTimeTicks"/>).</param>
    /// <returns>False when the text is not a timestamp.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParseTicks(ReadOnlySpan<char> text, out long unixTicks)
    {
        if (text.Length == 20 && _custom is null && TryUtcSeconds(text, out unixTicks))
        {
            return true;
        }

        var t = text.Trim();
        try
        {
            if (_custom is null && TryFast(t, out unixTicks))
            {
                return true;
            }
        }
        catch (OverflowException)
        {
            unixTicks = 0;
            return false;
        }

        if (TryParse(t.ToString(), out var instant))
        {
            unixTicks = instant.ToUnixTimeTicks();
            return true;
        }

        unixTicks = 0;
        return false;
    }

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    // Days from 1970-01-01 to the first of each month of 1900 to 2099, and to 2100-01-01 (so that the days of a month
    // are the difference of two entries): the fixed-format path below reads a month's start here.
    private const int TableFirstYear = 1900;
    private const int TableYears = 200;
    private static readonly int[] MonthStarts = BuildMonthStarts();

    private static int[] BuildMonthStarts()
    {
        var starts = new int[(TableYears * 12) + 1];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = (int)DaysSinceEpoch(TableFirstYear + (i / 12), (i % 12) + 1, 1);
        }

        return starts;
    }

    /// <summary>
    /// The form most exports write, <c>uuuu-MM-ddTHH:mm:ssZ</c> exactly (20 characters, a year of 1900 to 2099), read
    /// without branches per digit and with the month's start from a table; false for anything else (then
    /// <see cref="TryFast"/> and the patterns decide, so every text is read as before).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryUtcSeconds(ReadOnlySpan<char> t, out long unixTicks) =>
        Ssse3.IsSupported ? TryUtcSecondsVector(t, out unixTicks) : TryUtcSecondsScalar(t, out unixTicks);

    /// <summary>
    /// <see cref="TryUtcSeconds"/> with SSSE3: the 20 characters read as three vectors of 8 (0–7, 8–15 and 11–18; the
    /// <c>Z</c> alone), every digit and separator checked at once (a character less its template's must be at most 9 at a
    /// digit, 0 at a separator: one unsigned comparison, so any other UTF-16 unit fails), and the fields summed from
    /// their digits by multiply-adds. Same results as <see cref="TryUtcSecondsScalar"/> for every text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryUtcSecondsVector(ReadOnlySpan<char> t, out long unixTicks)
    {
        unchecked
        {
            unixTicks = 0;
            if (t.Length != 20 || t[19] != 'Z')
            {
                return false;
            }

            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(t));
            var a = Vector128.LoadUnsafe(ref first) - Vector128.Create((ushort)'0', '0', '0', '0', '-', '0', '0', '-');
            var b = Vector128.LoadUnsafe(ref first, 8) - Vector128.Create((ushort)'0', '0', 'T', '0', '0', ':', '0', '0');
            var c = Vector128.LoadUnsafe(ref first, 11) - Vector128.Create((ushort)'0', '0', ':', '0', '0', ':', '0', '0');
            var bad = Vector128.GreaterThan(a, Vector128.Create((ushort)9, 9, 9, 9, 0, 9, 9, 0))
                | Vector128.GreaterThan(b, Vector128.Create((ushort)9, 9, 0, 9, 9, 0, 9, 9))
                | Vector128.GreaterThan(c, Vector128.Create((ushort)9, 9, 0, 9, 9, 0, 9, 9));
            if (bad != Vector128<ushort>.Zero)
            {
                return false;
            }

            // Pairs of digits times their weights: a gives [yy.., ..yy, m., .m], b [dd, 0, 0, mm] (minute), c [hh, 0, 0, ss].
            var ya = Sse2.MultiplyAddAdjacent(a.AsInt16(), Vector128.Create((short)1000, 100, 10, 1, 0, 10, 1, 0));
            var yb = Sse2.MultiplyAddAdjacent(b.AsInt16(), Vector128.Create((short)10, 1, 0, 0, 0, 0, 10, 1));
            var hc = Sse2.MultiplyAddAdjacent(c.AsInt16(), Vector128.Create((short)10, 1, 0, 0, 0, 0, 10, 1));
            var ymdn = Ssse3.HorizontalAdd(ya, yb); // year, month, day, minute
            var year = ymdn.GetElement(0);
            var month = ymdn.GetElement(1);
            var day = ymdn.GetElement(2);
            var minute = ymdn.GetElement(3);
            var hour = hc.GetElement(0);
            var second = hc.GetElement(3);
            return FromFields(year, month, day, hour, minute, second, out unixTicks);
        }
    }

    /// <summary>The instant of checked fields of <see cref="TryUtcSeconds"/>: false when one is out of range (a year outside the table, a 13th month, a 31st of April, ...).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FromFields(int year, int month, int day, int hour, int minute, int second, out long unixTicks)
    {
        unchecked
        {
            unixTicks = 0;
            var index = ((year - TableFirstYear) * 12) + month - 1;
            if ((uint)(year - TableFirstYear) >= TableYears || (uint)(month - 1) >= 12 || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var starts = MonthStarts;
            var start = starts[index];
            if ((uint)(day - 1) >= (uint)(starts[index + 1] - start))
            {
                return false;
            }

            var seconds = ((start + day - 1) * 86_400L) + (hour * 3600) + (minute * 60) + second;
            unixTicks = seconds * TimeSpan.TicksPerSecond;
            return true;
        }
    }

    /// <summary><see cref="TryUtcSeconds"/> character by character (without SSSE3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryUtcSecondsScalar(ReadOnlySpan<char> t, out long unixTicks)
    {
        unchecked
        {
            unixTicks = 0;
            if (t.Length != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
            {
                return false;
            }

            uint y0 = (uint)(t[0] - '0'), y1 = (uint)(t[1] - '0'), y2 = (uint)(t[2] - '0'), y3 = (uint)(t[3] - '0');
            uint m0 = (uint)(t[5] - '0'), m1 = (uint)(t[6] - '0'), d0 = (uint)(t[8] - '0'), d1 = (uint)(t[9] - '0');
            uint h0 = (uint)(t[11] - '0'), h1 = (uint)(t[12] - '0'), n0 = (uint)(t[14] - '0'), n1 = (uint)(t[15] - '0');
            uint s0 = (uint)(t[17] - '0'), s1 = (uint)(t[18] - '0');

            // A digit d is 0 to 9 exactly when neither d nor d + 6 reaches 16 (a character below '0' wraps around).
            var bad = ((y0 + 6) | y0 | (y1 + 6) | y1 | (y2 + 6) | y2 | (y3 + 6) | y3 | (m0 + 6) | m0 | (m1 + 6) | m1 | (d0 + 6) | d0
                | (d1 + 6) | d1 | (h0 + 6) | h0 | (h1 + 6) | h1 | (n0 + 6) | n0 | (n1 + 6) | n1 | (s0 + 6) | s0 | (s1 + 6) | s1) & ~15u;
            var year = (int)((y0 * 1000) + (y1 * 100) + (y2 * 10) + y3);
            var month = (int)((m0 * 10) + m1);
            var day = (int)((d0 * 10) + d1);
            var hour = (int)((h0 * 10) + h1);
            var minute = (int)((n0 * 10) + n1);
            var second = (int)((s0 * 10) + s1);
            return bad == 0 && FromFields(year, month, day, hour, minute, second, out unixTicks);
        }
    }

    // The common forms, checked digit by digit; false (then the patterns decide) for anything else.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryFast(ReadOnlySpan<char> t, out long unixTicks)
    {
        unchecked
        {
            unixTicks = 0;
            if (t.Length < 10 || t[4] != '-' || t[7] != '-' || !AllDigits(t, 0, 4) || !AllDigits(t, 5, 2) || !AllDigits(t, 8, 2))
            {
                return false;
            }

            var year = (D2(t, 0) * 100) + D2(t, 2);
            var month = D2(t, 5);
            var day = D2(t, 8);
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month))
            {
                return false;
            }

            if (t.Length == 10)
            {
                unixTicks = _zone.AtStartOfDay(new LocalDate(year, month, day)).ToInstant().ToUnixTimeTicks();
                return true;
            }

            if (t.Length < 19 || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' || t[16] != ':'
                || !AllDigits(t, 11, 2) || !AllDigits(t, 14, 2) || !AllDigits(t, 17, 2))
            {
                return false;
            }

            var hour = D2(t, 11);
            var minute = D2(t, 14);
            var second = D2(t, 17);
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var rest = t[19..];
            long fraction = 0;
            if (rest.Length > 0 && rest[0] == '.')
            {
                var digits = 0;
                while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
                {
                    digits++;
                }

                if (digits is 0 or > 7)
                {
                    return false;
                }

                for (var i = 0; i < 7; i++)
                {
                    fraction = (fraction * 10) + (i < digits ? rest[i + 1] - '0' : 0);
                }

                rest = rest[(digits + 1)..];
            }

            var seconds = (DaysSinceEpoch(year, month, day) * 86_400L) + (hour * 3600) + (minute * 60) + second;
            var ticks = (seconds * TimeSpan.TicksPerSecond) + fraction;
            if (rest.Length == 1 && (rest[0] == 'Z' || rest[0] == 'z'))
            {
                unixTicks = ticks;
                return true;
            }

            if (rest.Length != 0)
            {
                return false;
            }

            var local = LocalDateTime.FromDateTime(new DateTime(ticks + UnixEpochTicks, DateTimeKind.Unspecified));
            unixTicks = local.InZoneLeniently(_zone).ToInstant().ToUnixTimeTicks();
            return true;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> t, int start, int count)
    {
        var bad = 0u;
        foreach (var c in t.Slice(start, count))
        {
            bad |= unchecked((uint)(c - '0')) > 9 ? 1u : 0u;
        }

        return bad == 0;
    }

    private static int D2(ReadOnlySpan<char> t, int i) => unchecked(((t[i] - '0') * 10) + (t[i + 1] - '0'));

    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;

    // Days from 1970-01-01 to a proleptic Gregorian date (the civil-from-days algorithm, inverted).
    private static long DaysSinceEpoch(int year, int month, int day)
    {
        unchecked
        {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468;
        }
    }


    /// <summary>Reads a date (a date-time or instant in a date column gives its date in the zone).</summary>
    /// <param name="text">The text.</param>
    /// <param name="date">The date.</param>
    /// <returns>False when the text is not a date.</returns>
    public bool TryParseDate(string text, out LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(text);
        date = default;
        var t = text.Trim();
        foreach (var pattern in DatePatterns)
        {
            var r = pattern.Parse(t);
            if (r.Success)
            {
                date = r.Value;
                return true;
            }
        }

        // A date-time or instant in a date column: its date in the zone.
        if (TryParse(t, out var instant))
        {
            date = instant.InZone(_zone).Date;
            return true;
        }

        return false;
    }

    private static bool HasOffset(string t)
    {
        // An offset is a '+' or '-' after the time part ("...T09:58:20+02:00", "... 09:58-0300").
        var timeStart = t.IndexOfAny(['T', 't', ' ']);
        if (timeStart < 0)
        {
            return false;
        }

        return t.IndexOfAny(['+', '-'], timeStart) > 0;
    }

    private static IPattern<LocalDateTime>[] BuildLocalPatterns()
    {
        var list = new List<IPattern<LocalDateTime>>();
        foreach (var d in new[] { "-", ".", "/" })
        {
            foreach (var sep in new[] { "T", " " })
            {
                list.Add(LocalDateTimePattern.CreateWithInvariantCulture($"uuuu'{d}'MM'{d}'dd'{sep}'H':'mm':'ss;FFFFFFFFF"));
                list.Add(LocalDateTimePattern.CreateWithInvariantCulture($"uuuu'{d}'MM'{d}'dd'{sep}'H':'mm"));
            }
        }

        return [.. list];
    }
}
