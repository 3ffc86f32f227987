using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>How many leads were answered within a response target.</summary>
/// <param name="Target">The target.</param>
/// <param name="Count">Leads answered in at most the target (exact).</param>
/// <param name="Share">Count divided by all leads, answered or not; null when there are no leads.</param>
public sealed record TargetShare(Duration Target, long Count, decimal? Share);
