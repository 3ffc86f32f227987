using System.Collections.Frozen;
using System.Collections.Immutable;

namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points when an attribute equals one of a set of values ("industry is software or fintech",
/// "role is VP or C-level"). A set of one value is an equality rule.
/// </summary>
/// <remarks>
/// Text is compared ignoring case and surrounding white space; numbers by value (10 equals 10.0);
/// booleans by value; money by amount and currency. A value of another kind, or a missing value,
/// does not match. Use <see cref="PresenceRule"/> to score a missing value.
/// </remarks>
internal sealed class ValueInSetRule : FitRule
{
    private readonly FrozenSet<AttributeValue> _set;

    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="attribute">The attribute name (case-insensitive).</param>
    /// <param name="values">The values that match: at least one, none missing. Duplicates (by the comparison above) are dropped.</param>
    /// <param name="points">The points given when the attribute matches (may be negative).</param>
    /// <exception cref="ArgumentException">An argument is empty or a value is missing; the message names it.</exception>
    public ValueInSetRule(string name, string attribute, IEnumerable<AttributeValue> values, decimal points)
        : base(name)
    {
        Attribute = Preconditions.CheckNotNullOrWhiteSpace(attribute).Trim();
        Preconditions.CheckNotNull(values);
        var list = ImmutableArray.CreateBuilder<AttributeValue>();
        var seen = new HashSet<AttributeValue>(AttributeValueComparer.Instance);
        var index = 0;
        foreach (var value in values)
        {
            if (value.IsMissing)
            {
                throw new ArgumentException(
                    $"values[{index}] of rule '{Name}' is missing; a set holds real values (use a PresenceRule to score a missing attribute).", nameof(values));
            }

            if (seen.Add(value))
            {
                list.Add(value);
            }

            index++;
        }

        if (list.Count == 0)
        {
            throw new ArgumentException($"values of rule '{Name}' must hold at least one value; was empty.", nameof(values));
        }

        Values = list.ToImmutable();
        _set = seen.ToFrozenSet(AttributeValueComparer.Instance);
        Points = Preconditions.CheckPoints(points);
    }

    /// <summary>Creates an equality rule: a set of one value.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="attribute">The attribute name (case-insensitive).</param>
    /// <param name="value">The value that matches; not missing.</param>
    /// <param name="points">The points given when the attribute matches.</param>
    public ValueInSetRule(string name, string attribute, AttributeValue value, decimal points)
        : this(name, attribute, [value], points)
    {
    }

    /// <summary>The attribute name.</summary>
    public string Attribute { get; }

    /// <summary>The values that match, in the order given, without duplicates.</summary>
    public ImmutableArray<AttributeValue> Values { get; }

    /// <summary>The points given when the attribute matches.</summary>
    public decimal Points { get; }

    internal override string? ReadsAttribute => Attribute;

    internal override bool Evaluate(Lead lead, out decimal points, out AttributeValue value)
    {
        value = lead.GetAttribute(Attribute);
        return EvaluateValue(value, out points);
    }

    internal override bool EvaluateValue(AttributeValue value, out decimal points)
    {
        if (!value.IsMissing && _set.Contains(value))
        {
            points = Points;
            return true;
        }

        points = 0m;
        return false;
    }
}
