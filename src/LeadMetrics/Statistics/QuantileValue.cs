using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>One reported quantile of a duration distribution.</summary>
/// <param name="Quantile">The quantile, from 0 to 1 (0.9 is p90).</param>
/// <param name="Value">The estimate, within the sketch's relative accuracy of the exact value.</param>
public sealed record QuantileValue(double Quantile, Duration Value);
