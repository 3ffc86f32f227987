using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// One grade of a <see cref="GradeScale"/> (Hot, Warm, Cold): created by the scale, never on its own.
/// </summary>
public sealed class Grade
{
    internal Grade(GradeScale scale, GradeThreshold threshold, int rank)
    {
        Scale = scale;
        Name = threshold.Name;
        MinimumScore = threshold.MinimumScore;
        Routing = threshold.Routing;
        Rank = rank;
    }

    /// <summary>The grade's name.</summary>
    public string Name { get; }

    /// <summary>The lowest total score of the grade (inclusive), or null for the lowest grade.</summary>
    public decimal? MinimumScore { get; }

    /// <summary>What to do with leads of the grade.</summary>
    public LeadRouting Routing { get; }

    /// <summary>The grade's position in <see cref="GradeScale.Grades"/>: 0 for the highest grade, then 1, 2, ...
    /// A higher score never gets a grade of a larger rank.</summary>
    public int Rank { get; }

    internal GradeScale Scale { get; }

    /// <summary>The name.</summary>
    public override string ToString() => Name;

    internal string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"{Name} ({(MinimumScore is { } min ? ">= " + min.ToString(CultureInfo.InvariantCulture) : "otherwise")}, {Routing})");
}
