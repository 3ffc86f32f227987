namespace LeadMetrics.Calculators;

/// <summary>Lead volume: how many leads a group (and period) received.</summary>
/// <param name="Leads">The number of leads (exact).</param>
public sealed record VolumeResult(long Leads);
