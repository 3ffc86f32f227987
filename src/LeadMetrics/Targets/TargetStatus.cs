namespace LeadMetrics.Targets;

/// <summary>Where a KPI stands against its target.</summary>
public enum TargetStatus
{
    /// <summary>
    /// The KPI is undefined (for example a rate of zero leads, or a change from zero): neither met nor missed. The
    /// zero value, so that an unset status never reads as success.
    /// </summary>
    NoData = 0,

    /// <summary>The value is within the target's bounds (inclusive).</summary>
    OnTarget = 1,

    /// <summary>The value is below the minimum: an alert.</summary>
    BelowMinimum = 2,

    /// <summary>The value is above the maximum: an alert.</summary>
    AboveMaximum = 3,

    /// <summary>
    /// A change target that requires significance: the change is outside the bounds, but a test of the two rates does
    /// not tell it from chance (p-value at or above the target's significance level, see <see cref="TargetCheck.PValue"/>).
    /// Not an alert.
    /// </summary>
    NotSignificant = 4,
}
