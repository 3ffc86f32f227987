namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points when a boolean attribute has the expected value ("has budget", "is decision maker").
/// A missing value or a value of another kind does not fire.
/// </summary>
internal sealed class BooleanRule : FitRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="attribute">The attribute name (case-insensitive).</param>
    /// <param name="expected">The value that fires the rule.</param>
    /// <param name="points">The points given when it fires.</param>
    public BooleanRule(string name, string attribute, bool expected, decimal points)
        : base(name)
    {
        Attribute = Preconditions.CheckNotNullOrWhiteSpace(attribute).Trim();
        Expected = expected;
        Points = Preconditions.CheckPoints(points);
    }

    /// <summary>The attribute name.</summary>
    public string Attribute { get; }

    /// <summary>The value that fires the rule.</summary>
    public bool Expected { get; }

    /// <summary>The points given when it fires.</summary>
    public decimal Points { get; }

    internal override string? ReadsAttribute => Attribute;

    internal override bool Evaluate(Lead lead, out decimal points, out AttributeValue value)
    {
        value = lead.GetAttribute(Attribute);
        return EvaluateValue(value, out points);
    }

    internal override bool EvaluateValue(AttributeValue value, out decimal points)
    {
        if (value.Kind == AttributeKind.Boolean && value.Boolean == Expected)
        {
            points = Points;
            return true;
        }

        points = 0m;
        return false;
    }
}
