using System.Globalization;

namespace LeadMetrics.Targets;

/// <summary>One KPI checked against its target: a value and where it stands.</summary>
/// <param name="Kpi">The target's name.</param>
/// <param name="Value">The KPI's value (for a change target, the relative change); null when undefined.</param>
/// <param name="Minimum">The inclusive lower bound, or null.</param>
/// <param name="Maximum">The inclusive upper bound, or null.</param>
/// <param name="Status">Where the value stands.</param>
public sealed record TargetCheck(string Kpi, decimal? Value, decimal? Minimum, decimal? Maximum, TargetStatus Status)
{
    /// <summary>For a change target, the KPI's value in the baseline result; null for a level target.</summary>
    public decimal? Baseline { get; init; }

    /// <summary>For a change target, the KPI's value in the current result; null for a level target.</summary>
    public decimal? Current { get; init; }

    /// <summary>True for the check of a change target (<see cref="Value"/> is then a relative change).</summary>
    public bool IsChange { get; init; }

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

    /// <summary>A readable line such as <c>win rate 0.18 (target &gt;= 0.25): below minimum</c>, invariant culture.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var bounds = (Minimum, Maximum) switch
        {
            ({ } low, { } high) => $"{low.ToString(c)} to {high.ToString(c)}",
            ({ } low, null) => ">= " + low.ToString(c),
            (null, { } high) => "<= " + high.ToString(c),
            _ => "none",
        };
        var value = Value?.ToString(c) ?? "no data";
        var from = IsChange ? $" ({Baseline?.ToString(c) ?? "no data"} -> {Current?.ToString(c) ?? "no data"})" : string.Empty;
        var status = Status switch
        {
            TargetStatus.OnTarget => "on target",
            TargetStatus.BelowMinimum => "below minimum",
            TargetStatus.AboveMaximum => "above maximum",
            _ => "no data",
        };
        return $"{Kpi} {(IsChange ? "change " : string.Empty)}{value}{from} (target {bounds}): {status}";
    }

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
