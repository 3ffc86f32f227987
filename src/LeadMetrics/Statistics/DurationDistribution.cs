using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// An immutable summary of a set of durations: exact count, mean, minimum and maximum; quantiles
/// within the sketch's relative accuracy; and an exact histogram. Every statistic is null when
/// the count is zero. Value equality: two distributions are equal when every statistic, quantile and bin is.
/// </summary>
public sealed class DurationDistribution
{
    internal DurationDistribution(
        long count, Duration? mean, Duration? min, Duration? max, ImmutableArray<QuantileValue> quantiles, ImmutableArray<HistogramBin> histogram, double relativeAccuracy)
    {
        Count = count;
        Mean = mean;
        Min = min;
        Max = max;
        Quantiles = quantiles;
        Histogram = histogram;
        RelativeAccuracy = relativeAccuracy;
    }

    /// <summary>How many durations (exact).</summary>
    public long Count { get; }

    /// <summary>The mean (exact sum / count, to the tick), or null when empty.</summary>
    public Duration? Mean { get; }

    /// <summary>The smallest duration (exact), or null.</summary>
    public Duration? Min { get; }

    /// <summary>The largest duration (exact), or null.</summary>
    public Duration? Max { get; }

    /// <summary>The requested quantiles (empty when there are no durations).</summary>
    public ImmutableArray<QuantileValue> Quantiles { get; }

    /// <summary>The exact histogram bins (counts are zero when there are no durations).</summary>
    public ImmutableArray<HistogramBin> Histogram { get; }

    /// <summary>The quantile estimates' relative accuracy α.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The median, or null.</summary>
    public Duration? P50 => Quantile(0.5);

    /// <summary>p90, or null.</summary>
    public Duration? P90 => Quantile(0.9);

    /// <summary>A reported quantile, or null when empty or not requested in the options.</summary>
    /// <param name="q">The quantile, such as 0.9.</param>
    /// <returns>The estimate, or null.</returns>
    public Duration? Quantile(double q)
    {
        foreach (var value in Quantiles)
        {
            if (value.Quantile == q)
            {
                return value.Value;
            }
        }

        return null;
    }

    /// <summary>True when count, mean, minimum, maximum, accuracy, every quantile and every bin are equal.</summary>
    /// <param name="other">The other distribution.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(DurationDistribution? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Count == other.Count && Mean == other.Mean && Min == other.Min && Max == other.Max && RelativeAccuracy.Equals(other.RelativeAccuracy) &&
             ValueEquality.Sequence(Quantiles, other.Quantiles) && ValueEquality.Sequence(Histogram, other.Histogram)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DurationDistribution);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Count);
        hash.Add(Mean);
        hash.Add(Min);
        hash.Add(Max);
        hash.Add(RelativeAccuracy);
        ValueEquality.Add(ref hash, Quantiles);
        ValueEquality.Add(ref hash, Histogram);
        return hash.ToHashCode();
    }

    /// <summary>The statistics, such as <c>n=3 mean 0d 01:00:00 min 0d 00:30:00 max 0d 02:00:00 p50 0d 00:30:00</c> (durations as days and time).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Count == 0 ? "n=0" :
        $"n={Count.ToString(CultureInfo.InvariantCulture)} mean {ValueEquality.Show(Mean)} min {ValueEquality.Show(Min)} max {ValueEquality.Show(Max)}" +
        string.Concat(Quantiles.Select(q => " " + q));
}
