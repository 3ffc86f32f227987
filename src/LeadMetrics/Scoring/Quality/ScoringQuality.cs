using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Whether a score predicts the outcome, from one <see cref="ScoringQualityCalculator"/>: the score distribution and
/// grade mix by group, conversion by score band with lift, the ROC AUC of the score, and the calibration of predicted
/// win probabilities. Immutable, with value equality.
/// </summary>
public sealed class ScoringQuality
{
    internal ScoringQuality(ScoreDistribution distribution, ScoreBandConversion bandConversion, RocAuc rocAuc, Calibration calibration)
    {
        Distribution = distribution;
        BandConversion = bandConversion;
        RocAuc = rocAuc;
        Calibration = calibration;
    }

    /// <summary>The score distribution and grade mix of every group and overall.</summary>
    public ScoreDistribution Distribution { get; }

    /// <summary>Won, lost and open leads per score band, with each band's conversion rate and lift over the base rate.</summary>
    public ScoreBandConversion BandConversion { get; }

    /// <summary>The ROC AUC (and Gini) of the total score against won/lost.</summary>
    public RocAuc RocAuc { get; }

    /// <summary>The calibration of the win probabilities added with <see cref="ScoringQualityCalculator.AddWinProbability"/> (empty when none were).</summary>
    public Calibration Calibration { get; }

    /// <summary>True when every value of the two results is equal.</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ScoringQuality? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (object.Equals(Distribution, other.Distribution) &&
             object.Equals(BandConversion, other.BandConversion) &&
             object.Equals(RocAuc, other.RocAuc) &&
             object.Equals(Calibration, other.Calibration)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoringQuality);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Distribution, BandConversion, RocAuc, Calibration);

    /// <summary>The four parts, one per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Distribution}\n{BandConversion}\n{RocAuc}\n{Calibration}");
}
