using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace LeadMetrics.Statistics;

/// <summary>
/// Derives an exact histogram from a <see cref="DurationSketch"/>'s bucket counts. Every sketch bucket
/// lies in one histogram bin, except the few buckets an edge falls inside: for those, values at or
/// above the edge are counted apart as they are added (one table load per value, a counter only in
/// those buckets). Immutable; shared by every <see cref="DurationStatistics"/> of the same
/// <see cref="DistributionOptions"/>.
/// </summary>
internal sealed class HistogramLookup
{
    /// <summary>Marks a bucket with no edge inside.</summary>
    internal const int NoSplit = -1;

    /// <summary>Marks a bucket with two or more edges inside: its values are binned one by one.</summary>
    internal const int Scanned = -2;

    private readonly int[] _binBase;

    /// <summary>Per bucket: <see cref="NoSplit"/>, <see cref="Scanned"/>, or the index of its single edge.</summary>
    private readonly int[] _split;

    internal HistogramLookup(long[] edgeTicks, double relativeAccuracy)
    {
        EdgeTicks = edgeTicks;
        var maxIndex = DurationSketch.IndexOf(long.MaxValue, relativeAccuracy);
        _binBase = new int[maxIndex + 2];
        _split = new int[maxIndex + 2];
        Array.Fill(_split, NoSplit);
        var edgeIndexes = edgeTicks.Select(e => DurationSketch.IndexOf(e, relativeAccuracy)).ToArray();
        for (var k = 0; k < _binBase.Length; k++)
        {
            _binBase[k] = edgeIndexes.Count(i => i < k);
            var here = edgeIndexes.Count(i => i == k);
            if (here == 1)
            {
                _split[k] = Array.IndexOf(edgeIndexes, k);
            }
            else if (here > 1)
            {
                _split[k] = Scanned;
            }
        }

        Splits = new SplitBuckets([.. edgeIndexes.Distinct()], _split.Length - 1);
        EdgeBuckets = [.. edgeIndexes.Distinct().Order()];
    }

    /// <summary>The buckets an edge falls inside, ascending, each once: the buckets between two of them lie in one bin.</summary>
    internal ImmutableArray<int> EdgeBuckets { get; }

    internal long[] EdgeTicks { get; }

    internal int BinCount => EdgeTicks.Length + 1;

    /// <summary>How a value of bucket <paramref name="index"/> must be counted apart (see <see cref="NoSplit"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int SplitOf(int index) => index < 0 ? NoSplit : _split[index];

    /// <summary>The first bin of a bucket.</summary>
    internal int BinBase(int index) => _binBase[index];

    /// <summary>The buckets an edge falls inside (those whose <see cref="SplitOf"/> is not <see cref="NoSplit"/>), as bits.</summary>
    internal SplitBuckets Splits { get; }

    /// <summary>The exact bin of a value, by scanning the edges.</summary>
    internal int Scan(long ticks)
    {
        var bin = 0;
        while (bin < EdgeTicks.Length && ticks >= EdgeTicks[bin])
        {
            bin++;
        }

        return bin;
    }
}
