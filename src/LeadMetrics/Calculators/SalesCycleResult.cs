using System.Globalization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Sales cycle length: from the start (creation or a start stage) to closing, for won and lost leads apart.
/// Immutable, with value equality.
/// </summary>
public sealed class SalesCycleResult
{
    internal SalesCycleResult(Stage? startStage, DurationDistribution won, DurationDistribution lost, long closedWithoutStart)
    {
        StartStage = startStage;
        Won = won;
        Lost = lost;
        ClosedWithoutStart = closedWithoutStart;
    }

    /// <summary>The start stage, or null when the cycle starts at creation.</summary>
    public Stage? StartStage { get; }

    /// <summary>Cycle lengths of won leads.</summary>
    public DurationDistribution Won { get; }

    /// <summary>Cycle lengths of lost leads.</summary>
    public DurationDistribution Lost { get; }

    /// <summary>Closed leads that never reached the start stage (excluded from both distributions).</summary>
    public long ClosedWithoutStart { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(SalesCycleResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (StartStage == other.StartStage &&
             object.Equals(Won, other.Won) &&
             object.Equals(Lost, other.Lost) &&
             ClosedWithoutStart == other.ClosedWithoutStart));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SalesCycleResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(StartStage);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(ClosedWithoutStart);
        return hash.ToHashCode();
    }

    /// <summary>The start and both distributions (durations as days and time).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"from {StartStage?.Name ?? "creation"}: won {Won}; lost {Lost}; closed without start {ClosedWithoutStart}");
}
