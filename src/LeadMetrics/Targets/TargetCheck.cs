using System.Globalization;

namespace LeadMetrics.Targets;

/// <summary>One KPI checked against its target: a value and where it stands. Immutable, with value equality.</summary>
public sealed class TargetCheck
{
    internal TargetCheck(
        string kpi, decimal? value, decimal? minimum, decimal? maximum, TargetStatus status, decimal? baseline = null, decimal? current = null, bool isChange = false)
    {
        Kpi = kpi;
        Value = value;
        Minimum = minimum;
        Maximum = maximum;
        Status = status;
        Baseline = baseline;
        Current = current;
        IsChange = isChange;
    }

    /// <summary>The target's name.</summary>
    public string Kpi { get; }

    /// <summary>The KPI's value (for a change target, the relative change); null when undefined.</summary>
    public decimal? Value { get; }

    /// <summary>The inclusive lower bound, or null.</summary>
    public decimal? Minimum { get; }

    /// <summary>The inclusive upper bound, or null.</summary>
    public decimal? Maximum { get; }

    /// <summary>Where the value stands.</summary>
    public TargetStatus Status { get; }

    /// <summary>For a change target, the KPI's value in the baseline result; null for a level target.</summary>
    public decimal? Baseline { get; }

    /// <summary>For a change target, the KPI's value in the current result; null for a level target.</summary>
    public decimal? Current { get; }

    /// <summary>True for the check of a change target (<see cref="Value"/> is then a relative change).</summary>
    public bool IsChange { get; }

    /// <summary>
    /// For a change target that requires significance and whose change is outside its bounds, the two-sided p-value of
    /// the test of the two rates (<c>ProportionTest.Compare</c>); null otherwise (also when a rate has no trials).
    /// </summary>
    public double? PValue { get; private init; }

    /// <summary>This check with a significance test applied: off target stays off target when <paramref name="pValue"/> is below <paramref name="level"/>, else becomes <see cref="TargetStatus.NotSignificant"/>.</summary>
    internal TargetCheck WithSignificance(double? pValue, double level) =>
        !IsOffTarget ? this : new TargetCheck(Kpi, Value, Minimum, Maximum, pValue < level ? Status : TargetStatus.NotSignificant, Baseline, Current, IsChange) { PValue = pValue };

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
            TargetStatus.NotSignificant => "outside the bounds but not significant",
            _ => "no data",
        };
        var p = PValue is { } pv ? " (p " + pv.ToString("0.####", c) + ")" : string.Empty;
        return $"{Kpi} {(IsChange ? "change " : string.Empty)}{value}{from} (target {bounds}): {status}{p}";
    }

    /// <summary>Checks a value against inclusive bounds.</summary>
    /// <remarks>For a change target, <paramref name="baseline"/> and <paramref name="current"/> are the KPI's two values.</remarks>
    internal static TargetCheck Of(
        string kpi, decimal? value, decimal? minimum, decimal? maximum, decimal? baseline = null, decimal? current = null, bool isChange = false) => new(
        kpi,
        value,
        minimum,
        maximum,
        value is not { } v ? TargetStatus.NoData
        : minimum is { } low && v < low ? TargetStatus.BelowMinimum
        : maximum is { } high && v > high ? TargetStatus.AboveMaximum
        : TargetStatus.OnTarget,
        baseline,
        current,
        isChange);

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(TargetCheck? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (string.Equals(Kpi, other.Kpi, StringComparison.Ordinal) &&
             Value == other.Value &&
             Minimum == other.Minimum &&
             Maximum == other.Maximum &&
             Status == other.Status &&
             Baseline == other.Baseline &&
             Current == other.Current &&
             IsChange == other.IsChange &&
             PValue.Equals(other.PValue)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TargetCheck);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Kpi);
        hash.Add(Value);
        hash.Add(Minimum);
        hash.Add(Maximum);
        hash.Add(Status);
        hash.Add(Baseline);
        hash.Add(Current);
        hash.Add(IsChange);
        hash.Add(PValue);
        return hash.ToHashCode();
    }
}
