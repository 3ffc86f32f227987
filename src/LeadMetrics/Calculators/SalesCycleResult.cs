using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Sales cycle length: from the start (creation or a start stage) to closing, for won and lost leads apart.</summary>
/// <param name="StartStage">The start stage, or null when the cycle starts at creation.</param>
/// <param name="Won">Cycle lengths of won leads.</param>
/// <param name="Lost">Cycle lengths of lost leads.</param>
/// <param name="ClosedWithoutStart">Closed leads that never reached the start stage (excluded from both distributions).</param>
public sealed record SalesCycleResult(Stage? StartStage, DurationDistribution Won, DurationDistribution Lost, long ClosedWithoutStart);
