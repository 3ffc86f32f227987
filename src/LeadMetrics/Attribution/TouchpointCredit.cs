using LeadMetrics.Events;

namespace LeadMetrics.Attribution;

/// <summary>The share of a lead credited to one of its touchpoints.</summary>
/// <param name="Touchpoint">The touchpoint.</param>
/// <param name="Credit">The share, from 0 to 1, rounded to 18 decimal places by cumulative rounding so that a lead's shares sum to exactly 1.</param>
public readonly record struct TouchpointCredit(TouchpointEvent Touchpoint, decimal Credit);
