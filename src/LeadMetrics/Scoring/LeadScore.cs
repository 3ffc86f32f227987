namespace LeadMetrics.Scoring;

/// <summary>
/// The score of one lead: fit, engagement and total points, the grade, the grid cell and the routing.
/// A small immutable value; producing it does not allocate. Its explanation, when asked for, is kept
/// in a <see cref="ScoreExplanationBuffer"/> or a <see cref="ScoreExplanation"/>.
/// </summary>
public readonly struct LeadScore
{
    internal LeadScore(decimal fit, decimal engagement, decimal total, Grade grade, GridCell? cell, LeadRouting routing)
    {
        Fit = fit;
        Engagement = engagement;
        Total = total;
        Grade = grade;
        Cell = cell;
        Routing = routing;
    }

    /// <summary>The fit score: who the lead is (after group and fit caps), in points.</summary>
    public decimal Fit { get; }

    /// <summary>The engagement score: what the lead did (after group and engagement caps), in points.</summary>
    public decimal Engagement { get; }

    /// <summary>The total score: fit + engagement, clamped to the model's total bounds, in points.</summary>
    public decimal Total { get; }

    /// <summary>The grade of <see cref="Total"/>. Null only for <c>default(LeadScore)</c>.</summary>
    public Grade Grade { get; }

    /// <summary>The fit × engagement grid cell, or null when the model has no grid.</summary>
    public GridCell? Cell { get; }

    /// <summary>What to do with the lead: the grid cell's routing when the model has a grid, the grade's otherwise.</summary>
    public LeadRouting Routing { get; }

    /// <summary>Such as <c>62 (fit 45, engagement 17): Warm B2, Nurture</c>.</summary>
    public override string ToString() =>
        $"{PointsFormat.Format(Total)} (fit {PointsFormat.Format(Fit)}, engagement {PointsFormat.Format(Engagement)}): {Grade?.Name}{(Cell is null ? string.Empty : " " + Cell.Label)}, {Routing}";
}
