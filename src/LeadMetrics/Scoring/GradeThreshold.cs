using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// The definition of one grade of a <see cref="GradeScale"/>: its name, the lowest total score that
/// earns it, and what to do with leads of that grade.
/// </summary>
public readonly struct GradeThreshold : IEquatable<GradeThreshold>
{
    /// <summary>Creates a threshold.</summary>
    /// <param name="name">The grade's name, such as <c>Hot</c>.</param>
    /// <param name="minimumScore">The lowest total score (inclusive) of the grade, or null for the catch-all lowest grade.</param>
    /// <param name="routing">What to do with leads of the grade.</param>
    public GradeThreshold(string name, decimal? minimumScore, LeadRouting routing)
    {
        Name = Preconditions.CheckNotNullOrWhiteSpace(name).Trim();
        MinimumScore = minimumScore;
        Routing = Preconditions.CheckDefined(routing);
    }

    /// <summary>The grade's name.</summary>
    public string Name => field ?? string.Empty;

    /// <summary>The lowest total score of the grade (inclusive), or null for the lowest grade.</summary>
    public decimal? MinimumScore { get; }

    /// <summary>What to do with leads of the grade.</summary>
    public LeadRouting Routing { get; }

    /// <inheritdoc />
    public bool Equals(GradeThreshold other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && MinimumScore == other.MinimumScore && Routing == other.Routing;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GradeThreshold other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, MinimumScore, Routing);

    /// <summary>Such as <c>Hot: &gt;= 70, SendToSales</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Name}: {(MinimumScore is { } min ? ">= " + min.ToString(CultureInfo.InvariantCulture) : "otherwise")}, {Routing}");

    /// <summary>True when name, minimum and routing are equal.</summary>
    public static bool operator ==(GradeThreshold left, GradeThreshold right) => left.Equals(right);

    /// <summary>True when name, minimum or routing differ.</summary>
    public static bool operator !=(GradeThreshold left, GradeThreshold right) => !left.Equals(right);
}
