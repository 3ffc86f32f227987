namespace LeadMetrics.Targets;

/// <summary>Where a KPI stands against its target.</summary>
public enum TargetStatus
{
    /// <summary>The value is within the target's bounds (inclusive).</summary>
    OnTarget = 0,

    /// <summary>The value is below the minimum: an alert.</summary>
    BelowMinimum = 1,

    /// <summary>The value is above the maximum: an alert.</summary>
    AboveMaximum = 2,

    /// <summary>The KPI is undefined (for example a rate of zero leads, or a change from zero): neither met nor missed.</summary>
    NoData = 3,
}
