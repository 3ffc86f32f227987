using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// A snapshot of a <see cref="CalibrationAccumulator"/>: predicted win probability against observed
/// wins, by probability bin, and the Brier score. Immutable.
/// </summary>
public sealed class Calibration
{
    internal Calibration(ImmutableArray<CalibrationBin> bins, long open, decimal squaredErrorSum)
    {
        Bins = bins;
        Open = open;
        Count = bins.Sum(b => b.Count);
        Won = bins.Sum(b => b.Won);
        ExpectedWins = bins.Sum(b => b.PredictedSum);
        SquaredErrorSum = squaredErrorSum;
    }

    /// <summary>The bins, lowest probability first.</summary>
    public ImmutableArray<CalibrationBin> Bins { get; }

    /// <summary>Closed leads.</summary>
    public long Count { get; }

    /// <summary>Won leads.</summary>
    public long Won { get; }

    /// <summary>Open leads (not used).</summary>
    public long Open { get; }

    /// <summary>The sum of the predicted probabilities of closed leads: the wins the model expected.</summary>
    public decimal ExpectedWins { get; }

    /// <summary>The sum over closed leads of (predicted − outcome)², outcome 1 for won and 0 for lost.</summary>
    public decimal SquaredErrorSum { get; }

    /// <summary>The Brier score: the mean squared error of the predictions (0 is perfect, 0.25 is a coin toss); null when no lead is closed.</summary>
    public decimal? BrierScore => Count == 0 ? null : SquaredErrorSum / Count;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(Calibration? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (ValueEquality.Sequence(Bins, other.Bins) &&
             Open == other.Open &&
             SquaredErrorSum == other.SquaredErrorSum));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Calibration);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        ValueEquality.Add(ref hash, Bins);
        hash.Add(Open);
        hash.Add(SquaredErrorSum);
        return hash.ToHashCode();
    }

    /// <summary>The counts, the expected wins and the Brier score.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"closed {Count}, won {Won}, expected wins {ExpectedWins}, Brier score {ValueEquality.Show(BrierScore)}, {Bins.Length} bins");
}
