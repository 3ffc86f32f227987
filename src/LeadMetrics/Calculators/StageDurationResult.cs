using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Time spent in one open stage (stage velocity).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Distribution">The distribution of completed stays in the stage.</param>
public sealed record StageDurationResult(Stage Stage, DurationDistribution Distribution);
