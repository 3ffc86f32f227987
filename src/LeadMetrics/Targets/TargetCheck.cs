namespace LeadMetrics.Targets;

/// <summary>One KPI checked against its target: a value and where it stands.</summary>
/// <param name="Kpi">The target's name.</param>
/// <param name="Value">The KPI's value (for a change target, the relative change); null when undefined.</param>
/// <param name="Minimum">The inclusive lower bound, or null.</param>
/// <param name="Maximum">The inclusive upper bound, or null.</param>
/// <param name="Status">Where the value stands.</param>
public sealed record TargetCheck(string Kpi, decimal? Value, decimal? Minimum, decimal? Maximum, TargetStatus Status)
{
    /// <summary>True when the value is below the minimum or above the maximum: an alert.</summary>
    public bool IsOffTarget => Status is TargetStatus.BelowMinimum or TargetStatus.AboveMaximum;

    /// <summary>How far the value is outside its bounds (positive; value − maximum above, minimum − value below); zero on target; null without data.</summary>
    public decimal? Miss => Status switch
    {
        TargetStatus.BelowMinimum => Minimum - Value,
        TargetStatus.AboveMaximum => Value - Maximum,
        TargetStatus.OnTarget => 0m,
        _ => null,
    };

    /// <summary>Checks a value against inclusive bounds.</summary>
    internal static TargetCheck Of(string kpi, decimal? value, decimal? minimum, decimal? maximum) => new(
        kpi,
        value,
        minimum,
        maximum,
        value is not { } v ? TargetStatus.NoData
        : minimum is { } low && v < low ? TargetStatus.BelowMinimum
        : maximum is { } high && v > high ? TargetStatus.AboveMaximum
        : TargetStatus.OnTarget);
}
