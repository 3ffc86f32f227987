using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// Accumulates durations for one KPI: a <see cref="DurationSketch"/> (count, sum, min, max,
/// quantiles) and an exact histogram. Mergeable; allocation-free per added value.
/// </summary>
internal sealed class DurationStatistics
{
    private readonly HistogramLookup _lookup;
    private readonly long[] _edgeTicks;
    private readonly long[] _bins;

    internal DurationStatistics(DistributionOptions options)
    {
        Options = options;
        Sketch = new DurationSketch(options.RelativeAccuracy);
        _lookup = options.Lookup;
        _edgeTicks = _lookup.EdgeTicks;
        _bins = new long[_lookup.BinCount];
    }

    internal DistributionOptions Options { get; }

    internal DurationSketch Sketch { get; }

    internal long Count => Sketch.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddTicks(long ticks)
    {
        // Unchecked on purpose: 64-bit bin counters cannot overflow.
        unchecked
        {
            var index = Sketch.AddTicksIndexed(ticks);
            _bins[_lookup.BinOf(ticks, index)]++;
        }
    }

    internal void Merge(DurationStatistics other)
    {
        Sketch.Merge(other.Sketch);
        for (var i = 0; i < _bins.Length; i++)
        {
            _bins[i] += other._bins[i];
        }
    }

    internal DurationDistribution Snapshot()
    {
        var count = Sketch.Count;
        var quantiles = count == 0
            ? ImmutableArray<QuantileValue>.Empty
            : [.. Options.Quantiles.Select(q => new QuantileValue(q, Sketch.Quantile(q)!.Value))];
        var bins = ImmutableArray.CreateBuilder<HistogramBin>(_bins.Length);
        for (var i = 0; i < _bins.Length; i++)
        {
            var from = i == 0 ? Duration.Zero : Duration.FromTicks(_edgeTicks[i - 1]);
            Duration? to = i < _edgeTicks.Length ? Duration.FromTicks(_edgeTicks[i]) : null;
            bins.Add(new HistogramBin(from, to, _bins[i], Ratio.Of(_bins[i], count)));
        }

        return new DurationDistribution(count, Sketch.Mean, Sketch.Min, Sketch.Max, quantiles, bins.MoveToImmutable(), Sketch.RelativeAccuracy);
    }
}
