namespace LeadMetrics.Scoring;

/// <summary>
/// One cell of a <see cref="GradeGrid"/>, such as <c>B2</c>: a fit level, an engagement level and the
/// routing of leads that land in it. Created by the grid.
/// </summary>
public sealed class GridCell
{
    internal GridCell(GradeGrid grid, GridLevel fit, int fitRank, GridLevel engagement, int engagementRank, LeadRouting routing)
    {
        Grid = grid;
        FitLevel = fit;
        FitRank = fitRank;
        EngagementLevel = engagement;
        EngagementRank = engagementRank;
        Label = fit.Label + engagement.Label;
        Routing = routing;
    }

    /// <summary>The cell's label: the fit label followed by the engagement label, such as <c>A1</c>.</summary>
    public string Label { get; }

    /// <summary>The fit level.</summary>
    public GridLevel FitLevel { get; }

    /// <summary>The fit level's position on its axis, 0 for the best.</summary>
    public int FitRank { get; }

    /// <summary>The engagement level.</summary>
    public GridLevel EngagementLevel { get; }

    /// <summary>The engagement level's position on its axis, 0 for the best.</summary>
    public int EngagementRank { get; }

    /// <summary>What to do with leads in this cell.</summary>
    public LeadRouting Routing { get; }

    /// <summary>The cell's position in <see cref="GradeGrid.Cells"/>.</summary>
    public int Index => (FitRank * Grid.EngagementLevels.Length) + EngagementRank;

    internal GradeGrid Grid { get; }

    /// <summary>The label.</summary>
    public override string ToString() => Label;
}
