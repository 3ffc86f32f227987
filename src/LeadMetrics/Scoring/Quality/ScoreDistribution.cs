using System.Collections.Immutable;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// A snapshot of a <see cref="ScoreDistributionAccumulator"/>: the score distribution and grade mix of
/// every group and of all groups together. Immutable.
/// </summary>
public sealed class ScoreDistribution
{
    internal ScoreDistribution(ScoreBands bands, GradeScale grades, ScoreDistributionGroup overall, ImmutableArray<ScoreDistributionGroup> groups)
    {
        Bands = bands;
        Grades = grades;
        Overall = overall;
        Groups = groups;
    }

    /// <summary>The score bands of <see cref="ScoreDistributionGroup.BandCounts"/>.</summary>
    public ScoreBands Bands { get; }

    /// <summary>The grade scale of <see cref="ScoreDistributionGroup.GradeCounts"/>.</summary>
    public GradeScale Grades { get; }

    /// <summary>All leads together.</summary>
    public ScoreDistributionGroup Overall { get; }

    /// <summary>Every group with at least one lead, by increasing group id.</summary>
    public ImmutableArray<ScoreDistributionGroup> Groups { get; }

    /// <summary>Finds the distribution of one group.</summary>
    /// <param name="group">The group id.</param>
    /// <param name="distribution">The group's distribution, or null when it has no leads.</param>
    /// <returns>True when the group has leads.</returns>
    public bool TryGetGroup(int group, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScoreDistributionGroup? distribution)
    {
        distribution = Groups.FirstOrDefault(g => g.Group == group);
        return distribution is not null;
    }
}
