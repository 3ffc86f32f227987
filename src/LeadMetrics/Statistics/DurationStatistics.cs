using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// Accumulates durations for one KPI: a <see cref="DurationSketch"/> (count, sum, min, max,
/// quantiles) and an exact histogram derived from the sketch's buckets (see <see cref="HistogramLookup"/>).
/// Mergeable; allocation-free per added value. Sized by what it holds: the split counters are allocated when the
/// first value falls in a split bucket (many groups never have one), the sketch's counters when the first value
/// arrives, and empty statistics snapshot to one shared empty distribution per options.
/// </summary>
internal sealed class DurationStatistics
{
    private readonly HistogramLookup _lookup;
    private readonly long[] _edgeTicks;

    /// <summary>Per edge: values at or above it in the sketch bucket the edge falls inside (null until the first).</summary>
    private long[]? _aboveEdge;

    /// <summary>Per bin: values of buckets holding two or more edges, binned one by one (null until the first).</summary>
    private long[]? _scannedBins;

    internal DurationStatistics(DistributionOptions options)
    {
        Options = options;
        Sketch = new DurationSketch(options.RelativeAccuracy);
        _lookup = options.Lookup;
        _edgeTicks = _lookup.EdgeTicks;
    }

    private long[] AboveEdge => _aboveEdge ??= new long[_edgeTicks.Length];

    private long[] ScannedBins => _scannedBins ??= new long[_lookup.BinCount];

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
            var split = _lookup.SplitOf(index);
            if (split != HistogramLookup.NoSplit)
            {
                CountApart(ticks, split);
            }
        }
    }

    /// <summary>
    /// Adds every value of <paramref name="ticks"/>, as <see cref="AddTicks"/> one by one would;
    /// <paramref name="indexes"/> is scratch at least <see cref="DurationSketch.RunScratch"/> longer than the run,
    /// <paramref name="apart"/> at least <see cref="DurationSketch.ApartLength"/> of its length; <paramref name="width"/>
    /// is the widest vector loop allowed, where the processor has it (the engine's switch, passed in).
    /// </summary>
    internal void AddRun(ReadOnlySpan<long> ticks, Span<int> indexes, Span<int> apart, VectorWidth width = VectorWidth.V512)
    {
        // The values in split buckets, by position, with their bucket indexes from the run's scratch.
        var count = Sketch.AddRun(ticks, indexes, apart, _lookup.Splits, width);
        var lanes = DurationSketch.RunIndexes(apart, ticks.Length);
        for (var j = 0; j < count; j++)
        {
            var position = apart[j];
            CountApart(ticks[position], _lookup.SplitOf(lanes[position]));
        }
    }

    /// <summary>Writes the sketch and the split counters.</summary>
    internal void WriteState(Serialization.StateWriter writer)
    {
        Sketch.WriteState(writer);
        writer.WriteInt64s(_aboveEdge ?? (ReadOnlySpan<long>)new long[_edgeTicks.Length]);
        writer.WriteInt64s(_scannedBins ?? (ReadOnlySpan<long>)new long[_lookup.BinCount]);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into these empty statistics of the same options.</summary>
    internal void ReadState(ref Serialization.StateReader reader, string field)
    {
        var sketch = DurationSketch.ReadState(ref reader, field + ".sketch");
        if (sketch.RelativeAccuracy != Sketch.RelativeAccuracy)
        {
            throw reader.Error($"{field}.sketch has relative accuracy {sketch.RelativeAccuracy}, not {Sketch.RelativeAccuracy}");
        }

        Sketch.Merge(sketch);
        reader.ReadInt64s(field + ".aboveEdge", AboveEdge);
        reader.ReadInt64s(field + ".scannedBins", ScannedBins);

        // The histogram the counters give must be one of some durations: no negative bin, bins adding up to the count.
        long total = 0;
        foreach (var bin in Histogram())
        {
            total = bin < 0 || total > long.MaxValue - bin ? -1 : total + bin;
            if (total < 0)
            {
                break;
            }
        }

        if (total != Count)
        {
            throw reader.Error($"{field} has histogram counters that do not add up to its {Count} durations");
        }
    }

    internal void Merge(DurationStatistics other)
    {
        Sketch.Merge(other.Sketch);
        if (other._aboveEdge is { } above)
        {
            var into = AboveEdge;
            for (var i = 0; i < into.Length; i++)
            {
                into[i] += above[i];
            }
        }

        if (other._scannedBins is { } scanned)
        {
            var into = ScannedBins;
            for (var i = 0; i < into.Length; i++)
            {
                into[i] += scanned[i];
            }
        }
    }

    /// <summary>
    /// The exact histogram: the buckets between two edge buckets lie in one bin and are summed several at a
    /// time; an edge bucket is split by its counter of values at or above the edge, or, holding two or more
    /// edges, was binned value by value.
    /// </summary>
    internal long[] Histogram()
    {
        var bins = _scannedBins is null ? new long[_lookup.BinCount] : (long[])_scannedBins.Clone();
        bins[0] += Sketch.ZeroCount;
        var counts = Sketch.BucketCounts;
        var offset = Sketch.BucketOffset;
        var end = offset + counts.Length;
        var from = offset;
        foreach (var edge in _lookup.EdgeBuckets)
        {
            var bin = _lookup.BinBase(edge);
            var upTo = Math.Min(edge, end);
            if (upTo > from)
            {
                bins[bin] += TensorPrimitives.Sum(counts[(from - offset)..(upTo - offset)]);
            }

            var split = _lookup.SplitOf(edge);
            if (edge >= offset && edge < end && split >= 0)
            {
                var count = counts[edge - offset];
                var above = _aboveEdge is null ? 0 : _aboveEdge[split];
                bins[bin] += count - above;
                bins[bin + 1] += above;
            }

            from = Math.Max(from, edge + 1);
        }

        if (end > from)
        {
            bins[^1] += TensorPrimitives.Sum(counts[(from - offset)..]);
        }

        return bins;
    }

    private void CountApart(long ticks, int split)
    {
        // A value counts above its edge without a branch: it is about as often below as above.
        if (split >= 0)
        {
            AboveEdge[split] += BranchFree.Bit(ticks >= _edgeTicks[split]);
        }
        else
        {
            ScannedBins[_lookup.Scan(ticks)]++;
        }
    }

    // The options' quantiles of a non-empty sketch: in one scan of the buckets when ascending (the default).
    private ImmutableArray<QuantileValue> Quantiles()
    {
        var qs = Options.Quantiles.AsSpan();
        var ascending = true;
        for (var k = 1; k < qs.Length; k++)
        {
            ascending &= qs[k] >= qs[k - 1];
        }

        var values = new Duration[qs.Length];
        if (ascending)
        {
            Sketch.Quantiles(qs, values);
        }
        else
        {
            for (var k = 0; k < qs.Length; k++)
            {
                values[k] = Sketch.Quantile(qs[k])!.Value;
            }
        }

        var result = ImmutableArray.CreateBuilder<QuantileValue>(qs.Length);
        for (var k = 0; k < qs.Length; k++)
        {
            result.Add(new QuantileValue(qs[k], values[k]));
        }

        return result.MoveToImmutable();
    }

    internal DurationDistribution Snapshot()
    {
        var count = Sketch.Count;
        if (count == 0 && Options.EmptyDistribution is { } empty)
        {
            return empty;
        }

        var quantiles = count == 0 ? ImmutableArray<QuantileValue>.Empty : Quantiles();
        var histogram = Histogram();
        var bins = ImmutableArray.CreateBuilder<HistogramBin>(histogram.Length);

        // An empty bin of a non-empty distribution (count 0, share 0) is the same value in every group: shared per options.
        var emptyBins = Options.EmptyBins ??= new HistogramBin?[histogram.Length];
        for (var i = 0; i < histogram.Length; i++)
        {
            if (histogram[i] == 0 && count > 0 && emptyBins[i] is { } sharedBin)
            {
                bins.Add(sharedBin);
                continue;
            }

            var from = i == 0 ? Duration.Zero : Duration.FromTicks(_edgeTicks[i - 1]);
            Duration? to = i < _edgeTicks.Length ? Duration.FromTicks(_edgeTicks[i]) : null;
            var bin = new HistogramBin(from, to, histogram[i], Ratio.Of(histogram[i], count));
            if (histogram[i] == 0 && count > 0)
            {
                emptyBins[i] = bin;
            }

            bins.Add(bin);
        }

        var distribution = new DurationDistribution(count, Sketch.Mean, Sketch.Min, Sketch.Max, quantiles, bins.MoveToImmutable(), Sketch.RelativeAccuracy);
        if (count == 0)
        {
            // Immutable, so every empty group of these options shares it (a race builds two equal ones: harmless).
            Options.EmptyDistribution = distribution;
        }

        return distribution;
    }
}
