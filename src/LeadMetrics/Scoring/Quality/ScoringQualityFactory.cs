namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Creates the score-quality accumulators of one scoring model, configured alike (score bands at the
/// model's grade thresholds) so that partials made anywhere in a host merge. Registered by
/// <c>AddLeadMetrics</c> when a scoring model is configured. Thread-safe.
/// </summary>
public sealed class ScoringQualityFactory
{
    /// <summary>Creates the factory.</summary>
    /// <param name="model">The scoring model.</param>
    /// <param name="bands">The score bands; the model's grade thresholds when null.</param>
    /// <param name="calibrationBins">The number of probability bins of calibration accumulators; 10 (deciles) by default.</param>
    public ScoringQualityFactory(ScoringModel model, ScoreBands? bands = null, int calibrationBins = 10)
    {
        Model = Preconditions.CheckNotNull(model);
        Bands = bands ?? ScoreBands.FromGrades(model.Grades);
        CalibrationBins = Preconditions.CheckPositive(calibrationBins);
    }

    /// <summary>The scoring model.</summary>
    public ScoringModel Model { get; }

    /// <summary>The score bands of the distribution and conversion accumulators.</summary>
    public ScoreBands Bands { get; }

    /// <summary>The number of probability bins of calibration accumulators.</summary>
    public int CalibrationBins { get; }

    /// <summary>A new score distribution and grade mix accumulator.</summary>
    /// <returns>The accumulator.</returns>
    public ScoreDistributionAccumulator CreateDistribution() => new(Bands, Model.Grades);

    /// <summary>A new conversion-by-band accumulator.</summary>
    /// <returns>The accumulator.</returns>
    public ScoreBandConversionAccumulator CreateBandConversion() => new(Bands);

    /// <summary>A new ROC AUC accumulator.</summary>
    /// <returns>The accumulator.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A factory method like its siblings; callers use the registered instance.")]
    public RocAucAccumulator CreateRocAuc() => new();

    /// <summary>A new calibration accumulator with <see cref="CalibrationBins"/> bins.</summary>
    /// <returns>The accumulator.</returns>
    public CalibrationAccumulator CreateCalibration() => new(CalibrationBins);
}
