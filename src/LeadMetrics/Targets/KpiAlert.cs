using LeadMetrics.Grouping;

namespace LeadMetrics.Targets;

/// <summary>A KPI off its target in one group of a grouped result.</summary>
/// <param name="Group">The group (dimension id and/or period).</param>
/// <param name="Check">The check that failed.</param>
public sealed record KpiAlert(GroupKey Group, TargetCheck Check);
