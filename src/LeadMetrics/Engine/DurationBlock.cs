using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LeadMetrics.Statistics;

namespace LeadMetrics.Engine;

/// <summary>
/// Scratch for the columnar path: the durations a block of rows adds, as (statistics id, ticks)
/// pairs, written without branches by the calculators and then added in one loop. Ids index a
/// registry of the groups' statistics (<c>slot * stride + kpi</c>), filled as groups appear.
/// Adding the pairs in any order gives the same statistics, so the result equals adding row by row.
/// The pair and sort buffers are borrowed from <see cref="ScratchPool{T}"/> as a batch needs them and
/// given back by <see cref="Release"/> when the batch is done, so a calculator holds no scratch between batches.
/// </summary>
internal sealed class DurationBlock
{
    private const int Lanes = 4;

    private DurationStatistics[] _statistics = [];
    private Thresholds[] _thresholds = [];
    private int[] _ids = [];
    private long[] _ticks = [];
    private int[] _runStarts = [];
    private int[] _runBegin = [];
    private int[] _runEnd = [];
    private int[] _lastCounts = [];
    private bool _hasCounts;
    private long[] _sorted = [];
    private int[] _indexes = [];
    private int[] _apart = [];

    // How long the pair buffers grew in the last batch: the first Reserve of the next batch borrows that much, so the
    // pairs already written are not copied into a longer buffer as the batch's kernels reserve in turn.
    private int _pairLength;

    /// <summary>The statistics ids written so far; entries past <see cref="Count"/> are scratch.</summary>
    internal int[] Ids => _ids;

    /// <summary>The durations in ticks, beside <see cref="Ids"/>.</summary>
    internal long[] Ticks => _ticks;

    /// <summary>How many pairs are written.</summary>
    internal int Count { get; set; }

    /// <summary>How many groups have their statistics registered (slots 0 to Groups - 1).</summary>
    internal int Groups { get; set; }

    /// <summary>
    /// Registers the statistics of id <paramref name="id"/>, and optionally thresholds: each drain adds to
    /// <paramref name="counts"/>[k] how many of the id's durations are at most <paramref name="limits"/>[k]
    /// ticks (response time's within-target counts), counted on the sorted run several at a time.
    /// </summary>
    internal void Register(int id, DurationStatistics statistics, long[]? limits = null, long[]? counts = null)
    {
        if (id >= _statistics.Length)
        {
            var size = Math.Max(id + 1, _statistics.Length * 2);
            Array.Resize(ref _statistics, size);
            Array.Resize(ref _thresholds, size);
        }

        _statistics[id] = statistics;
        _thresholds[id] = limits is null || counts is null ? default : new Thresholds(limits, counts);
    }

    /// <summary>
    /// Makes room for <paramref name="more"/> pairs beyond <see cref="Count"/>: writers may then store
    /// at <c>Ids[Count + k]</c> for k below <paramref name="more"/> without a bounds failure.
    /// </summary>
    internal void Reserve(int more)
    {
        var needed = Count + more;
        if (needed > _ids.Length)
        {
            var size = Math.Max(needed, Math.Max(_ids.Length * 2, _pairLength));
            var ids = ScratchPool<int>.Current.Rent(size);
            var ticks = ScratchPool<long>.Current.Rent(size);
            _ids.AsSpan(0, Count).CopyTo(ids);
            _ticks.AsSpan(0, Count).CopyTo(ticks);
            ScratchPool<int>.Give(ref _ids, ids);
            ScratchPool<long>.Give(ref _ticks, ticks);
        }
    }

    /// <summary>Gives the borrowed buffers back to the pool (the block must be drained); the next batch borrows again.</summary>
    internal void Release()
    {
        Count = 0;
        _pairLength = Math.Max(_pairLength, _ids.Length);
        ScratchPool<int>.Give(ref _ids, []);
        ScratchPool<long>.Give(ref _ticks, []);
        ScratchPool<long>.Give(ref _sorted, []);
        ScratchPool<int>.Give(ref _indexes, []);
        ScratchPool<int>.Give(ref _apart, []);
    }

    /// <summary>
    /// Adds every written pair to its statistics and empties the block. The pairs are first grouped by
    /// id, so each statistics receives its values as one run, which <see cref="DurationStatistics.AddRun"/>
    /// adds several at a time. Grouping places each pair in a region per id sized from the previous drain's
    /// counts (blocks of one batch are alike), checking afterwards that no region overflowed; the first
    /// drain, and any whose regions overflowed, counts the ids first (a counting sort). Either way each
    /// run holds exactly its id's pairs.
    /// </summary>
    internal void Drain()
    {
        var count = Count;
        Count = 0;
        if (count == 0)
        {
            return;
        }

        var statistics = _statistics;
        var ids = _ids.AsSpan(0, count);
        var ticks = _ticks.AsSpan(0, count);
        if (_runBegin.Length < statistics.Length + 1)
        {
            Array.Resize(ref _runBegin, statistics.Length + 1);
            Array.Resize(ref _runEnd, statistics.Length + 1);
            Array.Resize(ref _lastCounts, statistics.Length + 1);
        }

        if (_indexes.Length < count + DurationSketch.RunScratch)
        {
            ScratchPool<int>.Give(ref _indexes, ScratchPool<int>.Current.Rent(count + DurationSketch.RunScratch));
        }

        if (_apart.Length < DurationSketch.ApartLength(count))
        {
            ScratchPool<int>.Give(ref _apart, ScratchPool<int>.Current.Rent(DurationSketch.ApartLength(count)));
        }

        var width = ColumnKernels.Width;
        if (!PlaceByLastCounts(ids, ticks, statistics.Length))
        {
            CountingSort(ids, ticks, statistics.Length);
        }

        for (var id = 0; id < statistics.Length; id++)
        {
            var begin = _runBegin[id];
            var length = _runEnd[id] - begin;
            _lastCounts[id] = length;
            if (length > 0)
            {
                var run = _sorted.AsSpan(begin, length);
                statistics[id].AddRun(run, _indexes, _apart, width);
                _thresholds[id].Count(run, width);
            }
        }
    }

    // Places each pair in its id's region, sized from the last drain's count with half of it and 16 to
    // spare (none for an id the last drain did not see); returns false, having placed nothing usable,
    // before the first drain or when a region overflowed (then into the regions after it, or the tail
    // the buffer keeps for that: harmless).
    private bool PlaceByLastCounts(ReadOnlySpan<int> ids, ReadOnlySpan<long> ticks, int idCount)
    {
        if (!_hasCounts)
        {
            return false;
        }

        var total = 0;
        for (var id = 0; id < idCount; id++)
        {
            _runBegin[id] = total;
            _runEnd[id] = total;
            var last = _lastCounts[id];
            total += last == 0 ? 0 : last + (last >> 1) + 16;
        }

        _runBegin[idCount] = total;

        // The tail holds every pair, so even the last region cannot write past the buffer.
        EnsureSorted(total + ids.Length, ids.Length);

        // Unchecked and without bounds checks on purpose: ids are below idCount, and a cursor stays below
        // total + the pair count (it starts below total and moves once per pair).
        unchecked
        {
            ref var id = ref MemoryMarshal.GetReference(ids);
            ref var tick = ref MemoryMarshal.GetReference(ticks);
            ref var cursor = ref MemoryMarshal.GetArrayDataReference(_runEnd);
            ref var sorted = ref MemoryMarshal.GetArrayDataReference(_sorted);
            for (var i = 0; i < ids.Length; i++)
            {
                Unsafe.Add(ref sorted, Unsafe.Add(ref cursor, Unsafe.Add(ref id, i))++) = Unsafe.Add(ref tick, i);
            }
        }

        for (var k = 0; k < idCount; k++)
        {
            if (_runEnd[k] > _runBegin[k + 1])
            {
                return false;
            }
        }

        return true;
    }

    // A counting sort in four lanes (pair i in lane i % 4): pairs of one id in a row update four counters
    // in turn instead of waiting on one. Each id's run is its four lanes' pairs, in lane order.
    private void CountingSort(ReadOnlySpan<int> ids, ReadOnlySpan<long> ticks, int idCount)
    {
        var count = ids.Length;
        if (_runStarts.Length < (Lanes * idCount) + 1)
        {
            _runStarts = new int[(Lanes * idCount) + 1];
        }

        EnsureSorted(count, count);
        var starts = _runStarts.AsSpan(0, (Lanes * idCount) + 1);
        starts.Clear();

        // Unchecked and without bounds checks on purpose: every id written is below the registry's length
        // (the writers' ids are registered slots), so every index below is in range, and positions are
        // below the pair count.
        unchecked
        {
            ref var start = ref MemoryMarshal.GetReference(starts);
            ref var id = ref MemoryMarshal.GetReference(ids);
            ref var tick = ref MemoryMarshal.GetReference(ticks);
            var i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i)) + 1)++;
                Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 1)) + 2)++;
                Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 2)) + 3)++;
                Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 3)) + 4)++;
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i)) + (i % Lanes) + 1)++;
            }

            for (var k = 1; k < starts.Length; k++)
            {
                starts[k] += starts[k - 1];
            }

            // starts[Lanes * id + lane] is now where that lane of id's run begins; filling advances it to where it ends.
            ref var sorted = ref MemoryMarshal.GetArrayDataReference(_sorted);
            for (i = 0; i + Lanes <= count; i += Lanes)
            {
                Unsafe.Add(ref sorted, Unsafe.Add(ref start, Lanes * Unsafe.Add(ref id, i))++) = Unsafe.Add(ref tick, i);
                Unsafe.Add(ref sorted, Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 1)) + 1)++) = Unsafe.Add(ref tick, i + 1);
                Unsafe.Add(ref sorted, Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 2)) + 2)++) = Unsafe.Add(ref tick, i + 2);
                Unsafe.Add(ref sorted, Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i + 3)) + 3)++) = Unsafe.Add(ref tick, i + 3);
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref sorted, Unsafe.Add(ref start, (Lanes * Unsafe.Add(ref id, i)) + (i % Lanes))++) = Unsafe.Add(ref tick, i);
            }
        }

        // Id k's run is from the end of id k - 1's last lane to the end of its own last lane.
        for (var k = 0; k < idCount; k++)
        {
            _runBegin[k] = k == 0 ? 0 : starts[(Lanes * k) - 1];
            _runEnd[k] = starts[(Lanes * k) + Lanes - 1];
        }

        _hasCounts = true;
    }

    // Makes the sorted buffer hold at least needed values, and at least three per pair: both ways of
    // grouping then fit one buffer size, so the first block of a batch (which may count where the batch
    // before placed) borrows the same size as before, and a warm calculator borrows without allocating.
    private void EnsureSorted(int needed, int pairs)
    {
        var size = Math.Max(needed, 3 * pairs);
        if (_sorted.Length < size)
        {
            ScratchPool<long>.Give(ref _sorted, ScratchPool<long>.Current.Rent(size));
        }
    }

    // Limits and the counts of durations at most each limit, for one statistics id.
    private readonly struct Thresholds(long[] limits, long[] counts)
    {
        internal void Count(ReadOnlySpan<long> run, VectorWidth width)
        {
            if (limits is null)
            {
                return;
            }

            for (var k = 0; k < limits.Length && k < counts.Length; k++)
            {
                var limit = limits[k];
                long within = 0;
                var i = 0;

                // Portable vectors: 512 bits where the processor has them, else 256 (AVX2), else 128 (ARM64, SSE).
                if (width >= VectorWidth.V512 && Vector512.IsHardwareAccelerated)
                {
                    var limitV = Vector512.Create(limit);
                    for (; i + Vector512<long>.Count <= run.Length; i += Vector512<long>.Count)
                    {
                        within += BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.Create(run.Slice(i, Vector512<long>.Count)), limitV).ExtractMostSignificantBits());
                    }
                }
                else if (width >= VectorWidth.V256 && Vector256.IsHardwareAccelerated)
                {
                    var limitV = Vector256.Create(limit);
                    for (; i + Vector256<long>.Count <= run.Length; i += Vector256<long>.Count)
                    {
                        within += BitOperations.PopCount(Vector256.LessThanOrEqual(Vector256.Create(run.Slice(i, Vector256<long>.Count)), limitV).ExtractMostSignificantBits());
                    }
                }
                else if (width >= VectorWidth.V128 && Vector128.IsHardwareAccelerated)
                {
                    var limitV = Vector128.Create(limit);
                    for (; i + Vector128<long>.Count <= run.Length; i += Vector128<long>.Count)
                    {
                        within += BitOperations.PopCount(Vector128.LessThanOrEqual(Vector128.Create(run.Slice(i, Vector128<long>.Count)), limitV).ExtractMostSignificantBits());
                    }
                }

                for (; i < run.Length; i++)
                {
                    within += run[i] <= limit ? 1 : 0;
                }

                counts[k] += within;
            }
        }
    }
}
