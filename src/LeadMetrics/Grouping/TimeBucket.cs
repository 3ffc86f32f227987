namespace LeadMetrics.Grouping;

/// <summary>
/// How a grouping splits time. Calendar buckets (day, ISO week, month, quarter, year) and cyclic
/// buckets (hour of day, day of week) are computed from the local date and time in the grouping's
/// time zone, so they follow the business's calendar across DST changes.
/// </summary>
public enum TimeBucket
{
    /// <summary>No time split.</summary>
    None = 0,

    /// <summary>Calendar day (label <c>2024-03-05</c>).</summary>
    Day = 1,

    /// <summary>ISO week, Monday to Sunday, numbered in its ISO week-year (label <c>2024-W05</c>).</summary>
    IsoWeek = 2,

    /// <summary>Calendar month (label <c>2024-03</c>).</summary>
    Month = 3,

    /// <summary>Calendar quarter (label <c>2024-Q1</c>).</summary>
    Quarter = 4,

    /// <summary>Calendar year (label <c>2024</c>).</summary>
    Year = 5,

    /// <summary>Hour of the local day, 0 to 23 (label <c>09</c>); the local hour of arrival.</summary>
    HourOfDay = 6,

    /// <summary>ISO day of week, Monday = 1 to Sunday = 7 (label <c>Mon</c>).</summary>
    DayOfWeek = 7,
}
