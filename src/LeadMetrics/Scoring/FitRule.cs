namespace LeadMetrics.Scoring;

/// <summary>
/// A rule that gives points from who the lead is: its attributes (or, for <see cref="PredicateRule"/>,
/// anything on the <see cref="Lead"/>). A fit rule either fires, giving its points, or does not.
/// </summary>
internal abstract class FitRule : ScoringRule
{
    private protected FitRule(string name)
        : base(name)
    {
    }

    /// <summary>Always <see cref="ScoreDimension.Fit"/>.</summary>
    public sealed override ScoreDimension Dimension => ScoreDimension.Fit;

    /// <summary>Evaluates the rule for one lead.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="points">The points given when the rule fires; zero otherwise.</param>
    /// <returns>True when the rule fires.</returns>
    internal bool TryEvaluate(Lead lead, out decimal points) => Evaluate(Preconditions.CheckNotNull(lead), out points, out _);

    /// <summary>Evaluates the rule; <paramref name="value"/> is the attribute value that decided it (missing when none).</summary>
    internal abstract bool Evaluate(Lead lead, out decimal points, out AttributeValue value);

    /// <summary>The attribute the rule reads (its verdict is <see cref="EvaluateValue"/> of that attribute's value), or null for a rule that reads the whole lead.</summary>
    internal virtual string? ReadsAttribute => null;

    /// <summary>Evaluates the rule on the value of its attribute (<see cref="ReadsAttribute"/>), as <see cref="Evaluate"/> does on a lead holding that value.</summary>
    internal virtual bool EvaluateValue(AttributeValue value, out decimal points) =>
        throw new NotSupportedException($"the rule '{Name}' reads a whole lead, not an attribute.");
}
