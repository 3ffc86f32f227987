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
public sealed class RocAucAccumulator
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
