namespace LeadMetrics.Scoring;

/// <summary>What a line of a score explanation stands for.</summary>
public enum ScoreLineKind
{
    /// <summary>A rule fired and gave its points.</summary>
    Rule = 0,

    /// <summary>A group's sum crossed its bounds; the line's points bring it back to the bound.</summary>
    GroupCap = 1,

    /// <summary>The fit or engagement score crossed its bounds; the line's points bring it back.</summary>
    DimensionCap = 2,

    /// <summary>The total crossed its bounds; the line's points bring it back.</summary>
    TotalCap = 3,
}
