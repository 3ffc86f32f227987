using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// One bin of predicted win probability: how many closed leads were predicted in it, their mean
/// predicted probability and the share that actually won. For a calibrated model the two agree. Immutable.
/// </summary>
public sealed class CalibrationBin
{
    internal CalibrationBin(decimal lower, decimal upper, long count, long won, decimal predictedSum)
    {
        Lower = lower;
        Upper = upper;
        Count = count;
        Won = won;
        PredictedSum = predictedSum;
    }

    /// <summary>The inclusive lower edge of the bin (a probability).</summary>
    public decimal Lower { get; }

    /// <summary>The upper edge of the bin: exclusive, except for the last bin, which includes 1.</summary>
    public decimal Upper { get; }

    /// <summary>Closed leads predicted in the bin.</summary>
    public long Count { get; }

    /// <summary>Of those, the won leads.</summary>
    public long Won { get; }

    /// <summary>The sum of the predicted probabilities (the expected number of wins).</summary>
    public decimal PredictedSum { get; }

    /// <summary>The mean predicted probability, or null when the bin is empty.</summary>
    public decimal? MeanPredicted => Count == 0 ? null : PredictedSum / Count;

    /// <summary>The observed win rate, won / count, or null when the bin is empty.</summary>
    public decimal? ObservedRate => QualityChecks.Ratio(Won, Count);

    /// <summary>Observed minus mean predicted (positive: the model is too pessimistic here); null when the bin is empty.</summary>
    public decimal? Gap => ObservedRate is { } observed && MeanPredicted is { } predicted ? observed - predicted : null;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(CalibrationBin? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Lower == other.Lower &&
             Upper == other.Upper &&
             Count == other.Count &&
             Won == other.Won &&
             PredictedSum == other.PredictedSum));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CalibrationBin);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Lower);
        hash.Add(Upper);
        hash.Add(Count);
        hash.Add(Won);
        hash.Add(PredictedSum);
        return hash.ToHashCode();
    }

    /// <summary>The bin's edges (probabilities), counts and rates.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Lower}, {Upper}): {Count} closed, {Won} won, mean predicted {ValueEquality.Show(MeanPredicted)}, observed {ValueEquality.Show(ObservedRate)}");
}
