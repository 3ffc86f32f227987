using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// One level of an axis of a <see cref="GradeGrid"/>: a label (<c>A</c>..<c>D</c> for fit,
/// <c>1</c>..<c>4</c> for engagement) and the lowest score that earns it.
/// </summary>
public readonly struct GridLevel : IEquatable<GridLevel>
{
    /// <summary>Creates a level.</summary>
    /// <param name="label">The label, such as <c>A</c> or <c>1</c>.</param>
    /// <param name="minimumScore">The lowest score (inclusive), or null for the lowest level of the axis.</param>
    public GridLevel(string label, decimal? minimumScore)
    {
        Label = Preconditions.CheckNotNullOrWhiteSpace(label).Trim();
        MinimumScore = minimumScore;
    }

    /// <summary>The label.</summary>
    public string Label => field ?? string.Empty;

    /// <summary>The lowest score of the level (inclusive), or null for the lowest level.</summary>
    public decimal? MinimumScore { get; }

    /// <inheritdoc />
    public bool Equals(GridLevel other) => string.Equals(Label, other.Label, StringComparison.Ordinal) && MinimumScore == other.MinimumScore;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GridLevel other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Label, MinimumScore);

    /// <summary>Such as <c>A: &gt;= 60</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Label}: {(MinimumScore is { } min ? ">= " + min.ToString(CultureInfo.InvariantCulture) : "otherwise")}");

    /// <summary>True when label and minimum are equal.</summary>
    public static bool operator ==(GridLevel left, GridLevel right) => left.Equals(right);

    /// <summary>True when label or minimum differ.</summary>
    public static bool operator !=(GridLevel left, GridLevel right) => !left.Equals(right);
}
