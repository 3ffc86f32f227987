using System.Collections.Immutable;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Time to conversion (creation to won) and time spent in each open stage.</summary>
/// <param name="Leads">All leads.</param>
/// <param name="Converted">Won leads: the count of <paramref name="Distribution"/>.</param>
/// <param name="Distribution">Creation-to-won durations of won leads.</param>
/// <param name="StageVelocity">For each open stage, the completed stays in it.</param>
public sealed record TimeToConversionResult(long Leads, long Converted, DurationDistribution Distribution, ImmutableArray<StageDurationResult> StageVelocity);
