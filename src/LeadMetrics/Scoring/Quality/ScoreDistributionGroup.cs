using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// The score distribution and grade mix of one group of leads (a source, a campaign, a period, or all
/// leads): count, mean, minimum and maximum of the total score, the mean fit and engagement, the
/// count per score band and per grade. Immutable.
/// </summary>
public sealed class ScoreDistributionGroup
{
    internal ScoreDistributionGroup(
        int? group, long count, decimal totalSum, decimal fitSum, decimal engagementSum, decimal? minimum, decimal? maximum,
        ImmutableArray<long> bandCounts, ImmutableArray<long> gradeCounts)
    {
        Group = group;
        Count = count;
        TotalSum = totalSum;
        FitSum = fitSum;
        EngagementSum = engagementSum;
        Minimum = minimum;
        Maximum = maximum;
        BandCounts = bandCounts;
        GradeCounts = gradeCounts;
    }

    /// <summary>The group id (from the caller's <see cref="Encoding.DimensionEncoder"/>), or null for all groups together.</summary>
    public int? Group { get; }

    /// <summary>The number of scored leads.</summary>
    public long Count { get; }

    /// <summary>The sum of the total scores, in points.</summary>
    public decimal TotalSum { get; }

    /// <summary>The sum of the fit scores, in points.</summary>
    public decimal FitSum { get; }

    /// <summary>The sum of the engagement scores, in points.</summary>
    public decimal EngagementSum { get; }

    /// <summary>The mean total score, or null when the group is empty.</summary>
    public decimal? Mean => Count == 0 ? null : TotalSum / Count;

    /// <summary>The mean fit score, or null when the group is empty.</summary>
    public decimal? MeanFit => Count == 0 ? null : FitSum / Count;

    /// <summary>The mean engagement score, or null when the group is empty.</summary>
    public decimal? MeanEngagement => Count == 0 ? null : EngagementSum / Count;

    /// <summary>The lowest total score, or null when the group is empty.</summary>
    public decimal? Minimum { get; }

    /// <summary>The highest total score, or null when the group is empty.</summary>
    public decimal? Maximum { get; }

    /// <summary>The number of leads per score band (index = band of <see cref="ScoreDistribution.Bands"/>).</summary>
    public ImmutableArray<long> BandCounts { get; }

    /// <summary>The number of leads per grade (index = <see cref="Grade.Rank"/>: 0 for the highest grade).</summary>
    public ImmutableArray<long> GradeCounts { get; }

    /// <summary>The share of leads in a score band, or null when the group is empty.</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The share, 0 to 1.</returns>
    public decimal? BandShare(int band) => QualityChecks.Ratio(BandCounts[band], Count);

    /// <summary>The share of leads of a grade (the grade mix), or null when the group is empty.</summary>
    /// <param name="rank">The grade's <see cref="Grade.Rank"/>.</param>
    /// <returns>The share, 0 to 1.</returns>
    public decimal? GradeShare(int rank) => QualityChecks.Ratio(GradeCounts[rank], Count);

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ScoreDistributionGroup? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Group == other.Group &&
             Count == other.Count &&
             TotalSum == other.TotalSum &&
             FitSum == other.FitSum &&
             EngagementSum == other.EngagementSum &&
             Minimum == other.Minimum &&
             Maximum == other.Maximum &&
             ValueEquality.Sequence(BandCounts, other.BandCounts) &&
             ValueEquality.Sequence(GradeCounts, other.GradeCounts)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoreDistributionGroup);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Group);
        hash.Add(Count);
        hash.Add(TotalSum);
        hash.Add(FitSum);
        hash.Add(EngagementSum);
        hash.Add(Minimum);
        hash.Add(Maximum);
        ValueEquality.Add(ref hash, BandCounts);
        ValueEquality.Add(ref hash, GradeCounts);
        return hash.ToHashCode();
    }

    /// <summary>The group, its count and its scores in points.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Group is { } g ? "group " + g.ToString(CultureInfo.InvariantCulture) : "all")}: {Count} leads, mean {ValueEquality.Show(Mean)} points (min {ValueEquality.Show(Minimum)}, max {ValueEquality.Show(Maximum)})");
}
