using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// An immutable summary of a set of durations: exact count, mean, minimum and maximum; quantiles
/// within the sketch's relative accuracy; and an exact histogram. Every statistic is null when
/// the count is zero.
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
}
