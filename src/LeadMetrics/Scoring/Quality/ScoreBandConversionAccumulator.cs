using LeadMetrics.Serialization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Accumulates won, lost and open leads by score band, to measure whether the score predicts: the
/// conversion rate of each band (won / closed) and its lift over the base rate.
/// </summary>
/// <remarks>
/// <para>Conversion counts closed leads only: an open lead's outcome is unknown (censored), so it is
/// counted in <see cref="ScoreBandConversionRow.Open"/> but not in the rate. Score leads as of the
/// moment the decision was made (usually creation), not after they closed.</para>
/// <para>Streaming and mergeable: <see cref="Add(decimal, LeadOutcome)"/> allocates nothing, <see cref="Merge"/> adds a
/// partial of the same bands, <see cref="Snapshot"/> is immutable; the result does not depend on order.
/// Not thread-safe.</para>
/// </remarks>
internal sealed class ScoreBandConversionAccumulator : ISerializableState
{
    private readonly long[] _won;
    private readonly long[] _lost;
    private readonly long[] _open;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="bands">The score bands.</param>
    public ScoreBandConversionAccumulator(ScoreBands bands)
    {
        Bands = Preconditions.CheckNotNull(bands);
        _won = new long[bands.Count];
        _lost = new long[bands.Count];
        _open = new long[bands.Count];
    }

    /// <summary>The score bands.</summary>
    public ScoreBands Bands { get; }

    /// <summary>The number of leads added (including merged ones).</summary>
    public long Count { get; private set; }

    /// <summary>Adds one lead by its total score and outcome.</summary>
    /// <param name="score">The total score.</param>
    /// <param name="outcome">The lead's outcome.</param>
    public void Add(decimal score, LeadOutcome outcome)
    {
        var band = Bands.IndexOf(score);
        switch (QualityChecks.Outcome(outcome, nameof(outcome)))
        {
            case LeadOutcome.Won:
                _won[band]++;
                break;
            case LeadOutcome.Lost:
                _lost[band]++;
                break;
            default:
                _open[band]++;
                break;
        }

        Count++;
    }

    /// <summary>Adds one lead by its score (the total is used) and outcome.</summary>
    /// <param name="score">The score.</param>
    /// <param name="outcome">The lead's outcome.</param>
    public void Add(in LeadScore score, LeadOutcome outcome) => Add(score.Total, outcome);

    /// <summary>Adds another partial result into this one.</summary>
    /// <param name="other">A partial of the same bands.</param>
    public void Merge(ScoreBandConversionAccumulator other)
    {
        Preconditions.CheckNotNull(other);
        QualityChecks.SameBands(Bands, other.Bands, nameof(other));
        for (var i = 0; i < _won.Length; i++)
        {
            _won[i] += other._won[i];
            _lost[i] += other._lost[i];
            _open[i] += other._open[i];
        }

        Count += other.Count;
    }

    /// <summary>
    /// Serializes this partial result (the format of every LeadMetrics calculator, see docs/architecture.md): equal
    /// partials give equal bytes.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize() => QualityState.Serialize(this);

    /// <summary>Merges a partial written by <see cref="Serialize"/>: the same as <see cref="Merge"/> with the accumulator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">The bytes are not a serialized conversion-by-band accumulator of these bands, are of
    /// another format version, truncated or damaged, hold counts no accumulator could reach, or would overflow a count; this accumulator is unchanged.</exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) =>
        QualityState.MergeSerialized(this, state, static r => new ScoreBandConversionAccumulator(r.Bands), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "scoreBandConversion;" + QualityState.Text(Bands);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64s(_won);
        writer.WriteInt64s(_lost);
        writer.WriteInt64s(_open);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        reader.ReadInt64s("won", _won);
        reader.ReadInt64s("lost", _lost);
        reader.ReadInt64s("open", _open);
        Count = checked(QualityState.Sum(_won) + QualityState.Sum(_lost) + QualityState.Sum(_open));
    }

    /// <summary>Takes an immutable snapshot.</summary>
    /// <returns>The conversion by band.</returns>
    public ScoreBandConversion Snapshot() => new(Bands, _won, _lost, _open);
}
