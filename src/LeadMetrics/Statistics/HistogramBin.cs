using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>One bin of an exact duration histogram: the durations d with <see cref="From"/> ≤ d &lt; <see cref="To"/>.</summary>
/// <param name="From">The inclusive lower edge.</param>
/// <param name="To">The exclusive upper edge, or null for the last, open-ended bin.</param>
/// <param name="Count">How many durations fell in the bin (exact).</param>
/// <param name="Share">Count divided by the number of durations; null when there are none.</param>
public sealed record HistogramBin(Duration From, Duration? To, long Count, decimal? Share);
