using System.Globalization;

namespace LeadMetrics.Statistics;

/// <summary>
/// The Mann-Whitney U test (Wilcoxon rank-sum) of two duration distributions from the bucket counts of their
/// <see cref="DurationSketch"/>es: do leads of one group take longer (to be answered, to convert) than those of another?
/// Definition in docs/metrics.md ("Intervals and tests"). Internal: the report's duration comparison (LeadMetrics.Data,
/// <c>ComparisonEngine</c>) is its one user.
/// </summary>
/// <remarks>
/// Durations in the same bucket count as ties, so the test is the exact Mann-Whitney test of the data with every value
/// rounded to its bucket: two values more than a factor (1 + α)/(1 − α) apart (about 2% at α = 1%) are always ranked
/// right; closer values may be tied. The p-value is the normal approximation with the tie correction, good from about
/// 10 values per group.
/// </remarks>
internal static class MannWhitney
{
    /// <summary>Compares two distributions.</summary>
    /// <param name="first">The first group's durations.</param>
    /// <param name="second">The second group's durations (same relative accuracy).</param>
    /// <returns>The comparison, or null when a group is empty.</returns>
    /// <exception cref="ArgumentNullException">A sketch is null.</exception>
    /// <exception cref="ArgumentException">The sketches' accuracies differ (their buckets do not line up).</exception>
    public static MannWhitneyResult? Compare(DurationSketch first, DurationSketch second)
    {
        Preconditions.CheckNotNull(first);
        Preconditions.CheckNotNull(second);
        if (!first.RelativeAccuracy.Equals(second.RelativeAccuracy))
        {
            throw new ArgumentException($"second has relative accuracy {second.RelativeAccuracy}; first has {first.RelativeAccuracy}. Only sketches of equal accuracy compare.", nameof(second));
        }

        if (first.Count == 0 || second.Count == 0)
        {
            return null;
        }

        // U of the first group = Σ over its buckets of count × (second's values below + half the second's values tied).
        var a = first.GetBuckets().ToArray();
        var b = second.GetBuckets().ToArray();
        double n1 = first.Count, n2 = second.Count, n = n1 + n2;
        double u = 0, below = 0, ties = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var key = Math.Min(i < a.Length ? a[i].Key : int.MaxValue, j < b.Length ? b[j].Key : int.MaxValue);
            double x = i < a.Length && a[i].Key == key ? a[i++].Value : 0;
            double y = j < b.Length && b[j].Key == key ? b[j++].Value : 0;
            u += x * (below + (y / 2));
            below += y;
            var t = x + y;
            ties += (t * t * t) - t;
        }

        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * ((n + 1) - (ties / (n * (n - 1))));
        var z = variance > 0 ? (u - mean) / Math.Sqrt(variance) : 0;
        var p = variance > 0 ? Math.Min(1, 2 * SpecialFunctions.NormalUpperTail(Math.Abs(z))) : 1;
        return new MannWhitneyResult(first.Count, second.Count, u, z, p);
    }
}

/// <summary>A Mann-Whitney comparison of two duration distributions (<see cref="MannWhitney.Compare"/>). Immutable, with value equality.</summary>
internal sealed class MannWhitneyResult : IEquatable<MannWhitneyResult>
{
    internal MannWhitneyResult(long count1, long count2, double u, double z, double pValue)
    {
        Count1 = count1;
        Count2 = count2;
        U = u;
        Z = z;
        PValue = pValue;
    }

    /// <summary>The first group's values.</summary>
    public long Count1 { get; }

    /// <summary>The second group's values.</summary>
    public long Count2 { get; }

    /// <summary>U of the first group: the pairs (first, second) in which the first is longer, ties counting half.</summary>
    public double U { get; }

    /// <summary>U / (n₁·n₂): the probability that a random first-group duration is longer than a random second-group one (ties half); 0.5 = no difference.</summary>
    public double ProbabilityFirstLonger => U / ((double)Count1 * Count2);

    /// <summary>The standardized U, (U − n₁n₂/2) / σ with the tie-corrected σ; positive when the first group takes longer.</summary>
    public double Z { get; }

    /// <summary>The two-sided p-value (normal approximation), 0 to 1.</summary>
    public double PValue { get; }

    /// <inheritdoc />
    public bool Equals(MannWhitneyResult? other) =>
        other is not null && Count1 == other.Count1 && Count2 == other.Count2 && U.Equals(other.U) && Z.Equals(other.Z) && PValue.Equals(other.PValue);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MannWhitneyResult);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count1, Count2, U, Z, PValue);

    /// <summary>The result as <c>U 12.5 of 6×5, z 0.73, p 0.4652</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"U {U} of {Count1}×{Count2}, z {Z:0.##}, p {PValue:0.####}");
}
