using System.Runtime.CompilerServices;

namespace LeadMetrics.Statistics;

/// <summary>
/// Finds the exact histogram bin of a duration from its sketch bucket index with one table load and
/// at most one comparison, instead of scanning the edges. Immutable; shared by every
/// <see cref="DurationStatistics"/> of the same <see cref="DistributionOptions"/>.
/// </summary>
internal sealed class HistogramLookup
{
    private const long NoEdge = long.MaxValue;
    private const long ManyEdges = -1;

    private readonly int[] _binBase;
    private readonly long[] _edgeInBucket;

    internal HistogramLookup(long[] edgeTicks, double relativeAccuracy)
    {
        EdgeTicks = edgeTicks;
        var maxIndex = DurationSketch.IndexOf(long.MaxValue, relativeAccuracy);
        _binBase = new int[maxIndex + 2];
        _edgeInBucket = new long[maxIndex + 2];
        Array.Fill(_edgeInBucket, NoEdge);
        var edgeIndexes = edgeTicks.Select(e => DurationSketch.IndexOf(e, relativeAccuracy)).ToArray();
        for (var k = 0; k < _binBase.Length; k++)
        {
            _binBase[k] = edgeIndexes.Count(i => i < k);
            var here = edgeIndexes.Count(i => i == k);
            if (here == 1)
            {
                _edgeInBucket[k] = edgeTicks[Array.IndexOf(edgeIndexes, k)];
            }
            else if (here > 1)
            {
                _edgeInBucket[k] = ManyEdges;
            }
        }
    }

    internal long[] EdgeTicks { get; }

    internal int BinCount => EdgeTicks.Length + 1;

    /// <summary>The bin of <paramref name="ticks"/> whose sketch index is <paramref name="index"/> (-1 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int BinOf(long ticks, int index)
    {
        if (index < 0)
        {
            return 0;
        }

        var edge = _edgeInBucket[index];
        if (edge == NoEdge)
        {
            return _binBase[index];
        }

        return edge == ManyEdges ? Scan(ticks) : _binBase[index] + (ticks >= edge ? 1 : 0);
    }

    private int Scan(long ticks)
    {
        var bin = 0;
        while (bin < EdgeTicks.Length && ticks >= EdgeTicks[bin])
        {
            bin++;
        }

        return bin;
    }
}
