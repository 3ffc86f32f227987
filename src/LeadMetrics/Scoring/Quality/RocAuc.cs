using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// The ROC AUC of a score against won/lost: the probability that a randomly chosen won lead scored
/// higher than a randomly chosen lost lead, ties counting one half (the Mann-Whitney statistic).
/// 0.5 is no better than chance, 1 is perfect ordering. Immutable.
/// </summary>
public sealed class RocAuc
{
    internal RocAuc(long won, long lost, long open, int distinctScores, decimal? auc)
    {
        Won = won;
        Lost = lost;
        Open = open;
        DistinctScores = distinctScores;
        Auc = auc;
    }

    /// <summary>Won leads.</summary>
    public long Won { get; }

    /// <summary>Lost leads.</summary>
    public long Lost { get; }

    /// <summary>Open leads (ignored by the AUC).</summary>
    public long Open { get; }

    /// <summary>The number of distinct scores of closed leads.</summary>
    public int DistinctScores { get; }

    /// <summary>The AUC, 0 to 1, computed exactly over all won × lost pairs; null when there is no won or no lost lead.</summary>
    public decimal? Auc { get; }

    /// <summary>The Gini coefficient, 2 × AUC − 1 (−1 to 1); null when the AUC is undefined.</summary>
    public decimal? Gini => Auc is { } auc ? (2m * auc) - 1m : null;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(RocAuc? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Won == other.Won &&
             Lost == other.Lost &&
             Open == other.Open &&
             DistinctScores == other.DistinctScores &&
             Auc == other.Auc));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RocAuc);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(Open);
        hash.Add(DistinctScores);
        hash.Add(Auc);
        return hash.ToHashCode();
    }

    /// <summary>The AUC and its counts.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"AUC {ValueEquality.Show(Auc)} (won {Won}, lost {Lost}, open {Open}, {DistinctScores} distinct scores)");
}
