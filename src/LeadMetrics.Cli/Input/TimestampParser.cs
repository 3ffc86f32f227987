using NodaTime;
using NodaTime.Text;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// Reads the timestamps of the input files: ISO 8601 with an offset or Z; local date-times
/// (<c>2018-02-26 09:58:20</c>, <c>2018-02-26T09:58</c>, also with '.' or '/' between the date parts)
/// and plain dates (<c>2018-02-01</c>, the start of that day), which are read in the report's zone.
/// A local time that falls in a DST gap or overlap is resolved leniently (shifted forward / earlier offset).
/// </summary>
internal sealed class TimestampParser
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

    public TimestampParser(DateTimeZone zone, string? customPattern = null)
    {
        _zone = zone;
        if (!string.IsNullOrWhiteSpace(customPattern))
        {
            try
            {
                _custom = LocalDateTimePattern.CreateWithInvariantCulture(customPattern);
            }
            catch (InvalidPatternException e)
            {
                throw new UsageException($"--time-format '{customPattern}' is not a NodaTime local date-time pattern: {e.Message}", e);
            }
        }
    }

    public DateTimeZone Zone => _zone;

    public bool TryParse(string text, out Instant instant)
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

    public bool TryParseDate(string text, out LocalDate date)
    {
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
