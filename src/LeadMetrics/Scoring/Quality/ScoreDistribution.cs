using System.Collections.Immutable;
using System.Globalization;

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

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ScoreDistribution? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Bands.Equals(other.Bands) &&
             Grades == other.Grades &&
             object.Equals(Overall, other.Overall) &&
             ValueEquality.Sequence(Groups, other.Groups)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoreDistribution);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Bands);
        hash.Add(Grades);
        hash.Add(Overall);
        ValueEquality.Add(ref hash, Groups);
        return hash.ToHashCode();
    }

    /// <summary>The overall distribution and the number of groups.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Overall}; {Groups.Length} groups");
}
