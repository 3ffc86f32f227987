using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>One working interval of a weekday, in local time.</summary>
/// <param name="Day">The ISO day of week.</param>
/// <param name="Start">The local start time.</param>
/// <param name="End">The local end time; <see cref="LocalTime.Midnight"/> means the end of the day.</param>
public sealed record WorkingHours(IsoDayOfWeek Day, LocalTime Start, LocalTime End);
