namespace LeadMetrics.Scoring;

/// <summary>Adds fit rules and the cap to one group of a <see cref="ScoringModelBuilder"/>.</summary>
public sealed class FitGroupBuilder
{
    private readonly string _name;
    private readonly List<ScoringRule> _rules = [];
    private ScoreBounds _bounds;

    internal FitGroupBuilder(string name)
    {
        _name = Preconditions.CheckNotNullOrWhiteSpace(name);
    }

    /// <summary>Adds an equality rule: <paramref name="points"/> when the attribute equals <paramref name="value"/>.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="value">The value.</param>
    /// <param name="points">The points.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder ValueIs(string rule, string attribute, AttributeValue value, decimal points) =>
        Add(new ValueInSetRule(rule, attribute, value, points));

    /// <summary>Adds a set rule: <paramref name="points"/> when the attribute equals one of <paramref name="values"/>.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="points">The points.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder ValueIn(string rule, string attribute, decimal points, params AttributeValue[] values) =>
        Add(new ValueInSetRule(rule, attribute, values, points));

    /// <summary>Adds a numeric bands rule over a number attribute.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="bands">The bands.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Bands(string rule, string attribute, params NumericBand[] bands) =>
        Add(new NumericBandsRule(rule, attribute, bands));

    /// <summary>Adds a numeric bands rule over a money attribute of one currency.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="bands">The bands (amounts in <paramref name="currency"/>).</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder MoneyBands(string rule, string attribute, Currency currency, params NumericBand[] bands) =>
        Add(new NumericBandsRule(rule, attribute, bands, currency));

    /// <summary>Adds <paramref name="points"/> when a boolean attribute is true.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="points">The points.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder IsTrue(string rule, string attribute, decimal points) => Add(new BooleanRule(rule, attribute, true, points));

    /// <summary>Adds <paramref name="points"/> when a boolean attribute is false.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="points">The points.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder IsFalse(string rule, string attribute, decimal points) => Add(new BooleanRule(rule, attribute, false, points));

    /// <summary>Adds <paramref name="points"/> when an attribute is present.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="points">The points.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Present(string rule, string attribute, decimal points) =>
        Add(new PresenceRule(rule, attribute, AttributePresence.Present, points));

    /// <summary>Adds <paramref name="points"/> when an attribute is missing.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="points">The points.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Missing(string rule, string attribute, decimal points) =>
        Add(new PresenceRule(rule, attribute, AttributePresence.Missing, points));

    /// <summary>Adds <paramref name="points"/> when a predicate holds.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="predicate">The predicate (pure and thread-safe).</param>
    /// <param name="points">The points.</param>
    /// <param name="predicateKey">The key of the predicate in JSON models; the rule's name when null.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Where(string rule, Func<Lead, bool> predicate, decimal points, string? predicateKey = null) =>
        Add(new PredicateRule(rule, predicate, points, predicateKey));

    /// <summary>Adds a rule built elsewhere.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    internal FitGroupBuilder Add(FitRule rule)
    {
        _rules.Add(Preconditions.CheckNotNull(rule));
        return this;
    }

    /// <summary>Caps the group's sum.</summary>
    /// <param name="maximum">The highest sum the group contributes.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Cap(decimal maximum) => Bounds(new ScoreBounds(_bounds.Minimum, maximum));

    /// <summary>Sets the group's bounds.</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>This builder.</returns>
    public FitGroupBuilder Bounds(ScoreBounds bounds)
    {
        _bounds = bounds;
        return this;
    }

    internal RuleGroup Build() => new(_name, ScoreDimension.Fit, _rules, _bounds);
}
