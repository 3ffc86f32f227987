namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points when an attribute is present, or when it is missing ("gave a phone number": +5;
/// "no company e-mail": -10). Empty or white-space text counts as missing.
/// </summary>
internal sealed class PresenceRule : FitRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="attribute">The attribute name (case-insensitive).</param>
    /// <param name="presence">Whether the rule fires when the attribute is present or when it is missing.</param>
    /// <param name="points">The points given when it fires.</param>
    public PresenceRule(string name, string attribute, AttributePresence presence, decimal points)
        : base(name)
    {
        Attribute = Preconditions.CheckNotNullOrWhiteSpace(attribute).Trim();
        Presence = Preconditions.CheckDefined(presence);
        Points = Preconditions.CheckPoints(points);
    }

    /// <summary>The attribute name.</summary>
    public string Attribute { get; }

    /// <summary>Whether the rule fires on a present or a missing attribute.</summary>
    public AttributePresence Presence { get; }

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
        var present = value.Kind switch
        {
            AttributeKind.Missing => false,
            AttributeKind.Text => !string.IsNullOrWhiteSpace(value.Text),
            _ => true,
        };
        if (present == (Presence == AttributePresence.Present))
        {
            points = Points;
            return true;
        }

        points = 0m;
        return false;
    }
}
