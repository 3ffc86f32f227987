using System.Collections.Immutable;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Response time: from lead creation to the first response.</summary>
/// <param name="Leads">All leads, answered or not.</param>
/// <param name="Answered">Leads with a first response.</param>
/// <param name="Unanswered">Leads never answered (so far).</param>
/// <param name="Distribution">The distribution of response times of answered leads.</param>
/// <param name="WithinTarget">For each target, the leads answered within it; the denominator includes unanswered leads.</param>
/// <param name="BusinessHours">True when measured in working time of a calendar rather than elapsed time.</param>
public sealed record ResponseTimeResult(
    long Leads, long Answered, long Unanswered, DurationDistribution Distribution, ImmutableArray<TargetShare> WithinTarget, bool BusinessHours);
