using LeadMetrics.Serialization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Accumulates scores of won and lost leads to compute the exact ROC AUC of the score (see <see cref="RocAuc"/>).
/// </summary>
/// <remarks>
/// <para>The accumulator keeps the number of won and lost leads at each distinct score, so the AUC is
/// exact (not binned) and merging partials gives exactly the one-pass result; memory grows with the
/// number of distinct scores, not leads. Open leads are counted but not used.</para>
/// <para><see cref="Add(decimal, LeadOutcome)"/> allocates only when the table of distinct scores grows.
/// Not thread-safe.</para>
/// </remarks>
internal sealed class RocAucAccumulator : ISerializableState
{
    private readonly Dictionary<decimal, (long Won, long Lost)> _counts = [];

    /// <summary>Won leads added.</summary>
    public long Won { get; private set; }

    /// <summary>Lost leads added.</summary>
    public long Lost { get; private set; }

    /// <summary>Open leads added.</summary>
    public long Open { get; private set; }

    /// <summary>Adds one lead by its score and outcome.</summary>
    /// <param name="score">The score.</param>
    /// <param name="outcome">The outcome; open leads are counted but do not enter the AUC.</param>
    public void Add(decimal score, LeadOutcome outcome)
    {
        switch (QualityChecks.Outcome(outcome, nameof(outcome)))
        {
            case LeadOutcome.Won:
                Increment(score, 1, 0);
                Won++;
                break;
            case LeadOutcome.Lost:
                Increment(score, 0, 1);
                Lost++;
                break;
            default:
                Open++;
                break;
        }
    }

    /// <summary>Adds one lead by its score (the total is used) and outcome.</summary>
    /// <param name="score">The score.</param>
    /// <param name="outcome">The outcome.</param>
    public void Add(in LeadScore score, LeadOutcome outcome) => Add(score.Total, outcome);

    /// <summary>Adds another partial result into this one.</summary>
    /// <param name="other">The other partial.</param>
    public void Merge(RocAucAccumulator other)
    {
        Preconditions.CheckNotNull(other);
        foreach (var (score, (won, lost)) in other._counts)
        {
            Increment(score, won, lost);
        }

        Won += other.Won;
        Lost += other.Lost;
        Open += other.Open;
    }

    /// <summary>
    /// Serializes this partial result (the format of every LeadMetrics calculator, see docs/architecture.md): the
    /// counts at each distinct score, in score order, so equal partials give equal bytes.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize() => QualityState.Serialize(this);

    /// <summary>Merges a partial written by <see cref="Serialize"/>: the same as <see cref="Merge"/> with the accumulator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">The bytes are not a serialized ROC AUC accumulator, are of another format version,
    /// truncated or damaged, hold counts no accumulator could reach, or would overflow a count; this accumulator is unchanged.</exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) =>
        QualityState.MergeSerialized(this, state, static _ => new RocAucAccumulator(), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "rocAuc";

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64(Won);
        writer.WriteInt64(Lost);
        writer.WriteInt64(Open);
        var scores = _counts.Keys.ToArray();
        Array.Sort(scores);
        writer.WriteInt32(scores.Length);
        foreach (var score in scores)
        {
            var (won, lost) = _counts[score];
            writer.WriteDecimal(QualityState.Normal(score));
            writer.WriteInt64(won);
            writer.WriteInt64(lost);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        var won = reader.ReadCounter("won");
        var lost = reader.ReadCounter("lost");
        Open = reader.ReadCounter("open");
        var count = reader.ReadCount("scores", 32);
        long wonSum = 0, lostSum = 0;
        decimal? previous = null;
        for (var i = 0; i < count; i++)
        {
            var score = reader.ReadDecimal($"scores[{i}]");
            if (previous is { } p && score <= p)
            {
                throw reader.Error($"scores[{i}] is {score}, not greater than the score before it ({p})");
            }

            var w = reader.ReadCounter($"scores[{i}].won");
            var l = reader.ReadCounter($"scores[{i}].lost");
            if (w == 0 && l == 0)
            {
                throw reader.Error($"scores[{i}] ({score}) has no won and no lost lead");
            }

            _counts.Add(score, (w, l));
            wonSum = checked(wonSum + w);
            lostSum = checked(lostSum + l);
            previous = score;
        }

        if (wonSum != won || lostSum != lost)
        {
            throw reader.Error($"the scores hold {wonSum} won and {lostSum} lost leads, the totals say {won} and {lost}");
        }

        Won = won;
        Lost = lost;
    }

    /// <summary>Computes the AUC (sorts the distinct scores: O(k log k) for k distinct scores).</summary>
    /// <returns>The result.</returns>
    public RocAuc Snapshot()
    {
        if (Won == 0 || Lost == 0)
        {
            return new RocAuc(Won, Lost, Open, _counts.Count, null);
        }

        var scores = _counts.Keys.ToArray();
        Array.Sort(scores);

        // Twice the number of (won, lost) pairs where won scored higher, plus ties once: exact in 128 bits.
        Int128 twiceConcordant = 0;
        Int128 lostBelow = 0;
        foreach (var score in scores)
        {
            var (won, lost) = _counts[score];
            twiceConcordant += won * ((2 * lostBelow) + lost);
            lostBelow += lost;
        }

        var auc = (decimal)twiceConcordant / (decimal)(2 * (Int128)Won * Lost);
        return new RocAuc(Won, Lost, Open, scores.Length, auc);
    }

    private void Increment(decimal score, long won, long lost)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, score, out _);
        entry = (entry.Won + won, entry.Lost + lost);
    }
}
