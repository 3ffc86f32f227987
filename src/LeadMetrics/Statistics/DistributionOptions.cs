using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// What a duration distribution reports: the sketch's relative accuracy, which quantiles, and the
/// edges of the exact histogram. Immutable and validated.
/// </summary>
public sealed class DistributionOptions
{
    /// <summary>The quantiles reported by default: p50, p75, p90, p95, p99.</summary>
    public static readonly ImmutableArray<double> DefaultQuantiles = [0.5, 0.75, 0.9, 0.95, 0.99];

    /// <summary>Default histogram edges for response times: 1, 5, 15 and 30 minutes, 1, 4 and 24 hours, 3 days.</summary>
    public static readonly ImmutableArray<Duration> ResponseTimeEdges =
    [
        Duration.FromMinutes(1), Duration.FromMinutes(5), Duration.FromMinutes(15), Duration.FromMinutes(30),
        Duration.FromHours(1), Duration.FromHours(4), Duration.FromHours(24), Duration.FromDays(3),
    ];

    /// <summary>Default histogram edges for conversion and cycle times: 1, 3, 7, 14, 30, 60, 90, 180 and 365 days.</summary>
    public static readonly ImmutableArray<Duration> CycleEdges =
    [
        Duration.FromDays(1), Duration.FromDays(3), Duration.FromDays(7), Duration.FromDays(14), Duration.FromDays(30),
        Duration.FromDays(60), Duration.FromDays(90), Duration.FromDays(180), Duration.FromDays(365),
    ];

    /// <summary>Creates options.</summary>
    /// <param name="relativeAccuracy">The sketch's α (default 0.01).</param>
    /// <param name="quantiles">Quantiles to report, each in [0, 1]; <see cref="DefaultQuantiles"/> when null.</param>
    /// <param name="histogramEdges">Strictly increasing positive bin edges; <see cref="CycleEdges"/> when null. Bins are [0, e1), [e1, e2), ..., [en, ∞).</param>
    /// <exception cref="ArgumentException">A value is out of range or the edges are not strictly increasing.</exception>
    public DistributionOptions(double relativeAccuracy = 0.01, IEnumerable<double>? quantiles = null, IEnumerable<Duration>? histogramEdges = null)
    {
        if (!(relativeAccuracy >= DurationSketch.MinRelativeAccuracy && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relativeAccuracy), relativeAccuracy, $"relativeAccuracy must be at least {DurationSketch.MinRelativeAccuracy} and below 1; was {relativeAccuracy}.");
        }

        RelativeAccuracy = relativeAccuracy;
        Quantiles = quantiles is null ? DefaultQuantiles : [.. quantiles];
        foreach (var q in Quantiles)
        {
            Preconditions.CheckInRange(q, 0, 1, nameof(quantiles));
        }

        HistogramEdges = histogramEdges is null ? CycleEdges : [.. histogramEdges];
        for (var i = 0; i < HistogramEdges.Length; i++)
        {
            if (HistogramEdges[i] <= Duration.Zero || (i > 0 && HistogramEdges[i] <= HistogramEdges[i - 1]))
            {
                throw new ArgumentException($"histogramEdges[{i}] is {HistogramEdges[i]}; edges must be positive and strictly increasing.", nameof(histogramEdges));
            }

            if (Duration.FromTicks(HistogramEdges[i].BclCompatibleTicks) != HistogramEdges[i])
            {
                throw new ArgumentException($"histogramEdges[{i}] is {HistogramEdges[i]}; edges must be whole ticks (multiples of 100 ns).", nameof(histogramEdges));
            }
        }
    }

    private HistogramLookup? _lookup;

    /// <summary>Defaults for conversion and cycle times (α = 1%, p50..p99, day-scale bins).</summary>
    public static DistributionOptions Default { get; } = new();

    /// <summary>Defaults for response times (α = 1%, p50..p99, minute-scale bins).</summary>
    public static DistributionOptions ResponseTime { get; } = new(histogramEdges: ResponseTimeEdges);

    /// <summary>The sketch's relative accuracy α.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The quantiles reported.</summary>
    public ImmutableArray<double> Quantiles { get; }

    /// <summary>The histogram's inner edges.</summary>
    public ImmutableArray<Duration> HistogramEdges { get; }

    /// <summary>The shared bin lookup table, built on first use.</summary>
    internal HistogramLookup Lookup =>
        _lookup ??= new HistogramLookup([.. HistogramEdges.Select(e => e.BclCompatibleTicks)], RelativeAccuracy);

    /// <summary>The distribution of no durations under these options, kept by the first snapshot that makes it (results are immutable).</summary>
    internal DurationDistribution? EmptyDistribution { get; set; }

    /// <summary>Per histogram bin, the bin of count 0 (share 0) of a non-empty distribution, kept by the first snapshot that makes it.</summary>
    internal HistogramBin?[]? EmptyBins { get; set; }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(DistributionOptions? other) =>
        other is not null && RelativeAccuracy == other.RelativeAccuracy && Quantiles.SequenceEqual(other.Quantiles) && HistogramEdges.SequenceEqual(other.HistogramEdges);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DistributionOptions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RelativeAccuracy, Quantiles.Length, HistogramEdges.Length);
}
