using LeadMetrics.Serialization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Does the score predict? One mergeable, serializable calculator of a scoring model's quality (docs/scoring.md):
/// the score distribution and grade mix per group, conversion by score band with lift, the ROC AUC of the score, and
/// the calibration of predicted win probabilities. Add each scored lead with its group and outcome
/// (<see cref="Add"/>), and, for a model that predicts probabilities (<see cref="Learning.LearnedScoringModel"/>), its
/// predicted win probability (<see cref="AddWinProbability"/>); merge partials (<see cref="Merge"/>,
/// <see cref="MergeSerialized"/>) and read one <see cref="ScoringQuality"/> (<see cref="Snapshot"/>).
/// </summary>
/// <remarks>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class ScoringQualityCalculator : ISerializableState
{
    private readonly ScoreDistributionAccumulator _distribution;
    private readonly ScoreBandConversionAccumulator _bands;
    private readonly RocAucAccumulator _auc;
    private readonly CalibrationAccumulator _calibration;

    /// <summary>Creates an empty calculator for the scores of a model.</summary>
    /// <param name="model">The model whose scores will be added (its grade scale grades them).</param>
    /// <param name="bands">The score bands of the distribution and the conversion by band; null (the default) for bands at the model's grade thresholds.</param>
    /// <param name="calibrationBins">The number of equal-width calibration bins over [0, 1]; 10 (the default) gives deciles.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="calibrationBins"/> is not positive.</exception>
    public ScoringQualityCalculator(ScoringModel model, ScoreBands? bands = null, int calibrationBins = 10)
        : this(Preconditions.CheckNotNull(model).Grades, bands ?? ScoreBands.FromGrades(model.Grades), calibrationBins)
    {
    }

    internal ScoringQualityCalculator(GradeScale grades, ScoreBands bands, int calibrationBins)
    {
        _distribution = new ScoreDistributionAccumulator(bands, grades);
        _bands = new ScoreBandConversionAccumulator(bands);
        _auc = new RocAucAccumulator();
        _calibration = new CalibrationAccumulator(calibrationBins);
    }

    /// <summary>The score bands.</summary>
    public ScoreBands Bands => _bands.Bands;

    /// <summary>The grade scale of the scores (the model's).</summary>
    public GradeScale Grades => _distribution.Grades;

    /// <summary>The number of calibration bins.</summary>
    public int CalibrationBins => _calibration.BinCount;

    /// <summary>The number of scored leads added (including merged ones).</summary>
    public long Count => _distribution.Count;

    /// <summary>Adds one scored lead: to its group's distribution, to its score band and to the ROC AUC.</summary>
    /// <param name="group">The lead's group id (0 or more: a source, a segment...; the ids are the caller's, and partials merge group by id).</param>
    /// <param name="score">The lead's score from a <see cref="LeadScorer"/> of the model.</param>
    /// <param name="outcome">The lead's outcome; open leads are counted but not used by the conversion rates and the AUC.</param>
    /// <exception cref="ArgumentException">The group is negative, the score is default or of another grade scale, or the outcome is not defined; the calculator is unchanged.</exception>
    public void Add(int group, in LeadScore score, LeadOutcome outcome)
    {
        Preconditions.CheckNonNegative(group);
        QualityChecks.Grade(score, Grades, nameof(score));
        QualityChecks.Outcome(outcome, nameof(outcome));
        _distribution.Add(group, score);
        _bands.Add(score, outcome);
        _auc.Add(score, outcome);
    }

    /// <summary>Adds one lead's predicted win probability and outcome to the calibration.</summary>
    /// <param name="winProbability">The predicted probability of winning, 0 to 1 (such as <see cref="Learning.LearnedScoringModel.WinProbability(Lead)"/>).</param>
    /// <param name="outcome">The outcome; open leads are counted but not used.</param>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1].</exception>
    public void AddWinProbability(decimal winProbability, LeadOutcome outcome) => _calibration.Add(winProbability, outcome);

    /// <summary>An empty calculator of the same configuration (bands, grades, calibration bins).</summary>
    /// <returns>The empty calculator.</returns>
    public ScoringQualityCalculator CreateEmpty() => new(Grades, Bands, CalibrationBins);

    /// <summary>Adds another partial result into this one (the other is not changed).</summary>
    /// <param name="other">A partial of the same configuration: equal bands, grade scale and number of calibration bins.</param>
    /// <exception cref="ArgumentException">The configurations differ; this calculator is unchanged.</exception>
    public void Merge(ScoringQualityCalculator other)
    {
        Preconditions.CheckNotNull(other);
        QualityChecks.SameBands(Bands, other.Bands, nameof(other));
        if (!QualityChecks.SameScale(Grades, other.Grades))
        {
            throw new ArgumentException($"other uses the grade scale {other.Grades}, not {Grades}; only partials of the same configuration merge.", nameof(other));
        }

        if (other.CalibrationBins != CalibrationBins)
        {
            throw new ArgumentException($"other has {other.CalibrationBins} calibration bins, not {CalibrationBins}; only partials of the same configuration merge.", nameof(other));
        }

        _distribution.Merge(other._distribution);
        _bands.Merge(other._bands);
        _auc.Merge(other._auc);
        _calibration.Merge(other._calibration);
    }

    /// <summary>
    /// Serializes this partial result (the format of every LeadMetrics calculator, see docs/architecture.md): the four
    /// parts' states in a fixed order, so equal partials give equal bytes. The group ids are the caller's (the bytes
    /// carry no labels for them).
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize() => QualityState.Serialize(this);

    /// <summary>Merges a partial written by <see cref="Serialize"/>: the same as <see cref="Merge"/> with the calculator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">The bytes are not a serialized scoring-quality calculator of this configuration, are of
    /// another format version, truncated or damaged, hold counts no calculator could reach, or would overflow a sum; this calculator is unchanged.</exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) =>
        QualityState.MergeSerialized(this, state, static r => r.CreateEmpty(), static (into, other) => into.Merge(other));

    /// <summary>The quality of the scores added so far.</summary>
    /// <returns>The result.</returns>
    public ScoringQuality Snapshot() => new(_distribution.Snapshot(), _bands.Snapshot(), _auc.Snapshot(), _calibration.Snapshot());

    string ISerializableState.Configuration =>
        "scoringQuality;" + Part(_distribution).Configuration + ";" + Part(_bands).Configuration + ";" + Part(_auc).Configuration + ";" + Part(_calibration).Configuration;

    void ISerializableState.WriteState(StateWriter writer)
    {
        Part(_distribution).WriteState(writer);
        Part(_bands).WriteState(writer);
        Part(_auc).WriteState(writer);
        Part(_calibration).WriteState(writer);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        Part(_distribution).ReadState(ref reader);
        Part(_bands).ReadState(ref reader);
        Part(_auc).ReadState(ref reader);
        Part(_calibration).ReadState(ref reader);
    }

    private static ISerializableState Part(ISerializableState part) => part;
}
