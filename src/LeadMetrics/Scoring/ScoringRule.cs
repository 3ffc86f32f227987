namespace LeadMetrics.Scoring;

/// <summary>
/// One rule of a <see cref="ScoringModel"/>: a named source of points (positive or negative). Fit
/// rules read the lead's attributes; engagement rules read its touchpoints. Rules are immutable.
/// </summary>
/// <remarks>The set of rule kinds is closed; a model's rules are made by <see cref="ScoringModelBuilder"/>'s group
/// builders (<see cref="FitGroupBuilder"/>, <see cref="EngagementGroupBuilder"/>: one method per kind; code users add
/// their own logic with <see cref="FitGroupBuilder.Where"/>) or read from JSON (<c>ScoringModelJson</c>). The rule
/// types themselves are internal.</remarks>
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
