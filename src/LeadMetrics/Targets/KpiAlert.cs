using LeadMetrics.Grouping;

namespace LeadMetrics.Targets;

/// <summary>A KPI off its target in one group of a grouped result. Immutable, with value equality.</summary>
public sealed class KpiAlert : IEquatable<KpiAlert>
{
    internal KpiAlert(GroupKey group, TargetCheck check)
    {
        Group = group;
        Check = check;
    }

    /// <summary>The group (dimension id and/or period).</summary>
    public GroupKey Group { get; }

    /// <summary>The check that failed.</summary>
    public TargetCheck Check { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(KpiAlert? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Group == other.Group &&
             Check == other.Check));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KpiAlert);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Group);
        hash.Add(Check);
        return hash.ToHashCode();
    }

    /// <summary>The group and the check, such as <c>source#2: win rate 0.18 (target &gt;= 0.25): below minimum</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Group}: {Check}";

    /// <summary>True when both are null or equal.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(KpiAlert? left, KpiAlert? right) => ValueEquality.Operator(left, right);

    /// <summary>True when they differ.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    /// <returns>True when not equal.</returns>
    public static bool operator !=(KpiAlert? left, KpiAlert? right) => !ValueEquality.Operator(left, right);
}
