namespace LeadMetrics.Scoring;

/// <summary>
/// One rule of a <see cref="ScoringModel"/>: a named source of points (positive or negative). Fit
/// rules (<see cref="FitRule"/>) read the lead's attributes; engagement rules
/// (<see cref="EngagementRule"/>) read its touchpoints. Rules are immutable.
/// </summary>
/// <remarks>The set of rule types is closed; code users add their own logic with <see cref="PredicateRule"/>.</remarks>
public abstract class ScoringRule
{
    private protected ScoringRule(string name)
    {
        Name = Preconditions.CheckNotNullOrWhiteSpace(name).Trim();
    }

    /// <summary>The rule's name, unique within its model (case-insensitive); it is what an explanation shows.</summary>
    public string Name { get; }

    /// <summary>Whether the rule contributes to the fit or the engagement score.</summary>
    public abstract ScoreDimension Dimension { get; }

    /// <summary>The rule's name.</summary>
    public override string ToString() => Name;
}
