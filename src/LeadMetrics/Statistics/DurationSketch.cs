using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Serialization;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// A mergeable quantile sketch of non-negative durations with a relative-accuracy guarantee
/// (DDSketch-style logarithmic buckets), kept beside the exact count, sum, minimum and maximum.
/// </summary>
/// <remarks>
/// <para><b>Guarantee.</b> For a relative accuracy α (default 0.01), every quantile the sketch
/// reports is within α·x (plus 1 ns of rounding) of the exact quantile x of the same data, where
/// the exact q-quantile of n sorted values is the value at zero-based rank ⌊q·(n−1)⌋.</para>
/// <para><b>How.</b> Durations are counted in ticks (100 ns). A value v ≥ 1 tick with
/// v = 2^e·(1+s), 0 ≤ s &lt; 1, goes to bucket ⌊(e+s)/ln γ⌋ with γ = (1+α)/(1−α). Because
/// d(e+s)/d(log₂ v) ≥ ln 2, a bucket spans at most a factor γ, and its representative
/// 2·lo·hi/(lo+hi) is within α of every value in it. Zero durations have their own exact bucket.
/// The mapping uses the bits of the IEEE double instead of a logarithm, so adding costs a few
/// nanoseconds. Memory: one 64-bit counter per bucket between the smallest and largest bucket used
/// (about 35 buckets per factor of two at α = 1%).</para>
/// <para><b>Merge.</b> Merging adds counters, so it is exact, associative and commutative: the merge
/// of sketches of two disjoint data sets equals the sketch of their union, bucket for bucket.
/// Sketches merge only with sketches of the same α.</para>
/// </remarks>
internal sealed class DurationSketch
{
    /// <summary>The smallest relative accuracy accepted: 10⁻⁶ (finer would need more buckets than an index can hold).</summary>
    public const double MinRelativeAccuracy = 1e-6;

    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long OneExponentBits = 0x3FF0_0000_0000_0000L;

    private readonly double _inverseWidth;
    private readonly double _width;
    private long[] _counts = [];
    private int _offset;
    private long _zeroCount;
    private Int128 _sumTicks;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">α, from <see cref="MinRelativeAccuracy"/> to below 1; 0.01 (1%) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">α is outside that range.</exception>
    public DurationSketch(double relativeAccuracy = 0.01)
    {
        if (!(relativeAccuracy >= DurationSketch.MinRelativeAccuracy && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relativeAccuracy), relativeAccuracy, $"relativeAccuracy must be at least {DurationSketch.MinRelativeAccuracy} and below 1; was {relativeAccuracy}.");
        }

        RelativeAccuracy = relativeAccuracy;
        _width = Math.Log((1 + relativeAccuracy) / (1 - relativeAccuracy));
        _inverseWidth = 1 / _width;
        MinTicks = long.MaxValue;
        MaxTicks = long.MinValue;
    }

    /// <summary>α: the relative accuracy of every reported quantile.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The number of durations added (exact).</summary>
    public long Count { get; private set; }

    /// <summary>True when nothing has been added.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The smallest duration added (exact), or null when empty.</summary>
    public Duration? Min => Count == 0 ? null : Duration.FromTicks(MinTicks);

    /// <summary>The largest duration added (exact), or null when empty.</summary>
    public Duration? Max => Count == 0 ? null : Duration.FromTicks(MaxTicks);

    /// <summary>The arithmetic mean (exact sum divided by count, rounded to the nearest tick), or null when empty.</summary>
    public Duration? Mean => Count == 0 ? null : Duration.FromTicks(RoundedMeanTicks(_sumTicks, Count));

    /// <summary>The exact sum in ticks (128-bit, so it cannot overflow).</summary>
    internal Int128 SumTicks => _sumTicks;

    internal long MinTicks { get; private set; }

    internal long MaxTicks { get; private set; }

    /// <summary>Adds a duration.</summary>
    /// <param name="value">A duration of zero or more; it is truncated to whole ticks (100 ns).</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative.</exception>
    public void Add(Duration value)
    {
        if (value < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"value must not be negative; was {value}.");
        }

        AddTicks(value.BclCompatibleTicks);
    }

    /// <summary>Adds a duration given in ticks; no checks beyond debug builds (callers guarantee ticks ≥ 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddTicks(long ticks) => AddTicksIndexed(ticks);

    /// <summary>Adds ticks (≥ 0) and returns the bucket index, or -1 for the zero bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int AddTicksIndexed(long ticks)
    {
        // Unchecked on purpose: counts are 64-bit and the sum 128-bit (2^64 adds of the largest
        // tick count cannot overflow it), and the bucket index of a positive long is below 2^31.
        unchecked
        {
            Count++;
            _sumTicks += ticks;
            if (ticks < MinTicks)
            {
                MinTicks = ticks;
            }

            if (ticks > MaxTicks)
            {
                MaxTicks = ticks;
            }

            if (ticks == 0)
            {
                _zeroCount++;
                return -1;
            }

            var index = IndexOf(ticks);
            var i = index - _offset;
            var counts = _counts;
            if (unchecked((uint)i < (uint)counts.Length))
            {
                counts[i]++;
                return index;
            }

            Cover(index, index);
            _counts[index - _offset]++;
            return index;
        }
    }

    /// <summary>
    /// Adds every value of <paramref name="ticks"/> (non-negative tick counts), exactly as adding them
    /// one by one with <see cref="AddTicks"/> would: count, sum, minimum, maximum and the bucket indexes
    /// eight at a time in 512-bit vectors (AVX-512), sixteen or eight at a time in 256- or 128-bit vectors (AVX2,
    /// SSE4, ARM64), or one at a time, the widest that <paramref name="width"/> allows and the processor has, then
    /// the bucket counts. Returns how many
    /// values fall in a bucket of <paramref name="split"/>, and writes their positions in the run to the
    /// start of <paramref name="apart"/>, and the bucket index of the value at position i (-1 for zero) to
    /// <c>apart[run length + RunScratch + i]</c>. <paramref name="indexes"/> is at least <see cref="RunScratch"/>
    /// longer than the run, <paramref name="apart"/> at least <see cref="ApartLength"/> of the run's length.
    /// </summary>
    internal unsafe int AddRun(ReadOnlySpan<long> ticks, Span<int> indexes, Span<int> apart, SplitBuckets split, VectorWidth width = VectorWidth.V512)
    {
        if (ticks.IsEmpty)
        {
            return 0;
        }

        Debug.Assert(indexes.Length >= ticks.Length + RunScratch && apart.Length >= ApartLength(ticks.Length), "AddRun's scratch is too short.");

        // The run's non-zero values' bucket indexes, compacted into indexes, their range, and the positions
        // of the values in split buckets.
        var found = IndexRun(ticks, indexes, apart, split, width, out var splitFound, out var lowIndex, out var highIndex);
        if (found == 0)
        {
            return splitFound;
        }

        if (lowIndex < _offset || highIndex - _offset >= _counts.Length)
        {
            Cover(lowIndex, highIndex);
        }

        // Unchecked and without bounds checks on purpose: every index is in [lowIndex, highIndex], which
        // the counts now cover; found is at most the run's length. The counters are pinned and addressed from
        // bucket index 0 (a pointer below the array, never read there), so each add is one instruction.
        unchecked
        {
            ref var index = ref MemoryMarshal.GetReference(indexes);
            fixed (long* pinned = _counts)
            {
                var counts = pinned - _offset;
                var j = 0;
                for (; j + 4 <= found; j += 4)
                {
                    counts[Unsafe.Add(ref index, j)]++;
                    counts[Unsafe.Add(ref index, j + 1)]++;
                    counts[Unsafe.Add(ref index, j + 2)]++;
                    counts[Unsafe.Add(ref index, j + 3)]++;
                }

                for (; j < found; j++)
                {
                    counts[Unsafe.Add(ref index, j)]++;
                }
            }

            return splitFound;
        }
    }

    /// <summary>How much longer than a run the index scratch of <see cref="AddRun"/> must be.</summary>
    internal const int RunScratch = 16;

    /// <summary>
    /// How long the split-position scratch of <see cref="AddRun"/> must be for a run of <paramref name="run"/>
    /// values: its second half holds each value's bucket index (-1 for zero) while the split buckets are found.
    /// </summary>
    internal static int ApartLength(int run) => 2 * (run + RunScratch);

    /// <summary>The part of <see cref="AddRun"/>'s split-position scratch that holds the bucket index of each of a run's values (-1 for zero).</summary>
    internal static Span<int> RunIndexes(Span<int> apart, int run) => apart[(run + RunScratch)..];

    // Adds the run's count, sum, zeros, minimum and maximum, and writes the bucket index of each non-zero
    // value, in order, to the start of indexes; returns how many, and their
    // lowest and highest bucket index (those of the smallest non-zero and the largest value: the index
    // grows with the value); splitFound is how many values fall in split buckets, their positions written to apart.
    // The vector loop leaves each value's index (-1 for zero) in apart's second half, and the split buckets are
    // then found sixteen indexes at a time (see SplitPositions).
    private int IndexRun(
        ReadOnlySpan<long> ticks, Span<int> indexes, Span<int> apart, SplitBuckets split, VectorWidth width, out int splitFound, out int lowIndex, out int highIndex)
    {
        // Unchecked on purpose: see AddTicksIndexed. The vector lanes' 64-bit sums are used only when they
        // cannot have overflowed (checked below); the one-at-a-time loop keeps the sum in two halves that
        // cannot overflow for fewer than 2^31 values.
        unchecked
        {
            long low = 0, high = 0;
            Int128 runSum = 0;
            long min = long.MaxValue, max = 0;
            ulong smallestLessOne = ulong.MaxValue;
            var found = 0;
            var kept = 0;
            var i = 0;
            var lanes = RunIndexes(apart, ticks.Length);
            var roomy = indexes.Length >= ticks.Length + RunScratch && apart.Length >= ApartLength(ticks.Length);
            if (width >= VectorWidth.V512 && Avx512DQ.IsSupported && Avx512F.VL.IsSupported && split.InWindow && ticks.Length >= Vector512<long>.Count && roomy)
            {
                var sum = Vector512<long>.Zero;
                var minimum = Vector512.Create(long.MaxValue);
                var maximum = Vector512<long>.Zero;
                var smallest = Vector512<ulong>.AllBitsSet;
                var inverseWidth = Vector512.Create(_inverseWidth);
                ref var store = ref MemoryMarshal.GetReference(indexes);
                ref var lane = ref MemoryMarshal.GetReference(lanes);
                for (; i <= ticks.Length - Vector512<long>.Count; i += Vector512<long>.Count)
                {
                    var value = Vector512.Create(ticks.Slice(i, Vector512<long>.Count));
                    sum += value;
                    minimum = Vector512.Min(minimum, value);
                    maximum = Vector512.Max(maximum, value);

                    // Unsigned, value - 1 is largest for zero: the smallest non-zero value, less one.
                    smallest = Vector512.Min(smallest, (value - Vector512<long>.One).AsUInt64());
                    var nonZero = Avx512F.ConvertToVector256Int32(~Vector512.Equals(value, Vector512<long>.Zero));

                    // IndexOf's arithmetic, step for step (the same roundings): exponent + (mantissa - 1), scaled
                    // and truncated. Zero lanes get a meaningless index, dropped from indexes and -1 in lanes.
                    var asDouble = Avx512DQ.ConvertToVector512Double(value);
                    var fraction = Avx512F.GetMantissa(asDouble, 0) - Vector512<double>.One;
                    var index = Avx512F.ConvertToVector256Int32(Avx512DQ.ConvertToVector512Int64WithTruncation((Avx512F.GetExponent(asDouble) + fraction) * inverseWidth));

                    // The non-zero lanes' bucket indexes, packed: the store writes eight lanes, the scratch has room.
                    Avx512F.VL.Compress(Vector256<int>.Zero, nonZero, index).StoreUnsafe(ref store, (nuint)found);
                    found += BitOperations.PopCount(nonZero.ExtractMostSignificantBits());
                    (index | ~nonZero).StoreUnsafe(ref lane, (nuint)i);
                }

                kept = SplitPositions(lanes[..i], apart, split);

                min = MinAcross(minimum);
                max = MaxAcross(maximum);
                smallestLessOne = MinAcross(smallest);

                // Each lane added i / 8 values of at most max: if that cannot reach 2^63, no lane overflowed,
                // and the lanes are added in 128 bits; otherwise the vector part is added again in halves.
                if (max <= long.MaxValue / ((i / Vector512<long>.Count) + 1))
                {
                    for (var k = 0; k < Vector512<long>.Count; k++)
                    {
                        runSum += sum.GetElement(k);
                    }
                }
                else
                {
                    for (var k = 0; k < i; k++)
                    {
                        low += ticks[k] & 0xFFFF_FFFFL;
                        high += (long)((ulong)ticks[k] >> 32);
                    }
                }
            }

            else if (width >= VectorWidth.V256 && Vector256.IsHardwareAccelerated && ticks.Length >= 2 * Vector256<long>.Count && roomy)
            {
                IndexRun256(ticks, indexes, lanes, ref i, ref found, ref runSum, ref low, ref high, ref min, ref max, ref smallestLessOne);
                kept = SplitPositionsScalar(lanes[..i], apart, split);
            }
            else if (width >= VectorWidth.V128 && Vector128.IsHardwareAccelerated && ticks.Length >= 2 * Vector128<long>.Count && roomy)
            {
                IndexRun128(ticks, indexes, lanes, ref i, ref found, ref runSum, ref low, ref high, ref min, ref max, ref smallestLessOne);
                kept = SplitPositionsScalar(lanes[..i], apart, split);
            }

            for (; i < ticks.Length; i++)
            {
                var value = ticks[i];
                low += value & 0xFFFF_FFFFL;
                high += (long)((ulong)value >> 32);
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                smallestLessOne = Math.Min(smallestLessOne, (ulong)value - 1);
                var laneIndex = -1;
                if (value != 0)
                {
                    var index = IndexOf(value);
                    laneIndex = index;
                    indexes[found++] = index;
                    if (split.Contains(index))
                    {
                        apart[kept++] = i;
                    }
                }

                lanes[i] = laneIndex;
            }

            splitFound = kept;

            Count += ticks.Length;
            _sumTicks += runSum + ((Int128)high << 32) + low;
            _zeroCount += ticks.Length - found;
            MinTicks = Math.Min(MinTicks, min);
            MaxTicks = Math.Max(MaxTicks, max);
            lowIndex = found == 0 ? 0 : IndexOf((long)smallestLessOne + 1);
            highIndex = found == 0 ? 0 : IndexOf(max);
            return found;
        }
    }

    // Writes to the start of apart the positions of the indexes (-1 for none) that fall in a split bucket,
    // sixteen at a time: each index's bit (index % 32) in the window's 32-bit word, picked from the window's
    // two vectors; indexes outside the window, -1 included, are not split. Returns how many. Every split
    // bucket is in the window. A store writes sixteen positions from the count so far, so apart's first
    // lanes.Length entries take them; lanes must not overlap them (IndexRun keeps lanes after them).
    private static int SplitPositions(ReadOnlySpan<int> lanes, Span<int> apart, SplitBuckets split)
    {
        var kept = 0;
        var k = 0;
        unchecked
        {
            ref var lane = ref MemoryMarshal.GetReference(lanes);
            ref var keep = ref MemoryMarshal.GetReference(apart);
            var windowBase = Vector512.Create((int)split.WindowBase);
            var windowLow = split.WindowLow.AsUInt32();
            var windowHigh = split.WindowHigh.AsUInt32();
            var words = Vector512.Create((uint)(2 * SplitBuckets.WindowWords));
            var position = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var step = Vector512.Create(Vector512<int>.Count);
            for (; k + Vector512<int>.Count <= lanes.Length; k += Vector512<int>.Count)
            {
                var relative = (Vector512.LoadUnsafe(ref lane, (nuint)k) - windowBase).AsUInt32();
                var word = relative >>> 5;
                var bit = Avx512F.ShiftRightLogicalVariable(Avx512F.PermuteVar16x32x2(windowLow, word, windowHigh), relative & Vector512.Create(31u));
                var hit = Vector512.LessThan(word, words) & ~Vector512.Equals(bit & Vector512<uint>.One, Vector512<uint>.Zero);
                Avx512F.Compress(Vector512<int>.Zero, hit.AsInt32(), position).StoreUnsafe(ref keep, (nuint)kept);
                kept += BitOperations.PopCount(hit.ExtractMostSignificantBits());
                position += step;
            }

            kept += SplitPositionsScalar(lanes[k..], apart[kept..], split, k);
        }

        return kept;
    }

    // SplitPositions one index at a time: the positions (plus first) of the indexes of lanes in a split bucket,
    // written to the start of apart; returns how many.
    private static int SplitPositionsScalar(ReadOnlySpan<int> lanes, Span<int> apart, SplitBuckets split, int first = 0)
    {
        var kept = 0;
        for (var k = 0; k < lanes.Length; k++)
        {
            var index = lanes[k];
            if (index >= 0 && split.Contains(index))
            {
                apart[kept++] = first + k;
            }
        }

        return kept;
    }

    // The portable loops below compute IndexOf's arithmetic step for step, with the same roundings, in 256-bit
    // (AVX2) or 128-bit (SSE4, ARM64) vectors, which have no conversion between 64-bit integers and doubles: the
    // conversions go through the bits instead, exact for values below 2^52 ticks (about 14 years). (v | bits of
    // 2^52) read as a double is 2^52 + v, so subtracting 2^52 gives (double)v exactly; the biased exponent
    // converts the same way; and a non-negative double below 2^31, floored, plus 2^52, holds its integer in its low
    // bits. A vector holding a value of 2^52 ticks or more ends the loop, and the scalar loop does the rest. Sixteen
    // or eight values at a time (two vectors of 64-bit values narrowed to one of 32-bit indexes); zero lanes get a
    // meaningless index, -1 in lanes and not stored in indexes. Each advances i past the values it did.
    private const long TwoTo52Bits = 0x4330_0000_0000_0000L;
    private const double TwoTo52 = 4503599627370496.0;
    private const long ExactDoubleLimit = 1L << 52;
    private const double ExponentBias = 1023;

    private void IndexRun256(
        ReadOnlySpan<long> ticks, Span<int> indexes, Span<int> lanes, ref int i, ref int found, ref Int128 runSum, ref long low, ref long high, ref long min, ref long max, ref ulong smallestLessOne)
    {
        unchecked
        {
            var start = i;
            var sum = Vector256<long>.Zero;
            var minimum = Vector256.Create(long.MaxValue);
            var maximum = Vector256<long>.Zero;
            var smallest = Vector256<ulong>.AllBitsSet;
            var limit = Vector256.Create(ExactDoubleLimit);
            var inverseWidth = Vector256.Create(_inverseWidth);
            ref var source = ref MemoryMarshal.GetReference(ticks);
            ref var store = ref MemoryMarshal.GetReference(indexes);
            ref var lane = ref MemoryMarshal.GetReference(lanes);
            for (; i <= ticks.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                var a = Vector256.LoadUnsafe(ref source, (nuint)i);
                var b = Vector256.LoadUnsafe(ref source, (nuint)(i + Vector256<long>.Count));
                if (!Vector256.LessThanAll(a | b, limit))
                {
                    break;
                }

                sum += a + b;
                minimum = Vector256.Min(minimum, Vector256.Min(a, b));
                maximum = Vector256.Max(maximum, Vector256.Max(a, b));
                smallest = Vector256.Min(smallest, Vector256.Min((a - Vector256<long>.One).AsUInt64(), (b - Vector256<long>.One).AsUInt64()));
                var zero = Vector256.Narrow(Vector256.Equals(a, Vector256<long>.Zero), Vector256.Equals(b, Vector256<long>.Zero));
                var index = Vector256.Narrow(IndexOf(a, inverseWidth), IndexOf(b, inverseWidth));
                found = StoreNonZero(index, zero.ExtractMostSignificantBits(), ref store, found);
                (index | zero).StoreUnsafe(ref lane, (nuint)i);
            }

            var perLane = 2 * ((i - start) / Vector256<int>.Count);
            var vectorMax = MaxAcross(maximum);
            min = Math.Min(min, MinAcross(minimum));
            max = Math.Max(max, vectorMax);
            smallestLessOne = Math.Min(smallestLessOne, MinAcross(smallest));
            var total = (Int128)0;
            for (var k = 0; k < Vector256<long>.Count; k++)
            {
                total += sum.GetElement(k);
            }

            AddLaneSums(ticks[start..i], total, perLane, vectorMax, ref runSum, ref low, ref high);
        }

    }

    private void IndexRun128(
        ReadOnlySpan<long> ticks, Span<int> indexes, Span<int> lanes, ref int i, ref int found, ref Int128 runSum, ref long low, ref long high, ref long min, ref long max, ref ulong smallestLessOne)
    {
        unchecked
        {
            var start = i;
            var sum = Vector128<long>.Zero;
            var minimum = Vector128.Create(long.MaxValue);
            var maximum = Vector128<long>.Zero;
            var smallest = Vector128<ulong>.AllBitsSet;
            var limit = Vector128.Create(ExactDoubleLimit);
            var inverseWidth = Vector128.Create(_inverseWidth);
            ref var source = ref MemoryMarshal.GetReference(ticks);
            ref var store = ref MemoryMarshal.GetReference(indexes);
            ref var lane = ref MemoryMarshal.GetReference(lanes);
            for (; i <= ticks.Length - Vector128<int>.Count; i += Vector128<int>.Count)
            {
                var a = Vector128.LoadUnsafe(ref source, (nuint)i);
                var b = Vector128.LoadUnsafe(ref source, (nuint)(i + Vector128<long>.Count));
                if (!Vector128.LessThanAll(a | b, limit))
                {
                    break;
                }

                sum += a + b;
                minimum = Vector128.Min(minimum, Vector128.Min(a, b));
                maximum = Vector128.Max(maximum, Vector128.Max(a, b));
                smallest = Vector128.Min(smallest, Vector128.Min((a - Vector128<long>.One).AsUInt64(), (b - Vector128<long>.One).AsUInt64()));
                var zero = Vector128.Narrow(Vector128.Equals(a, Vector128<long>.Zero), Vector128.Equals(b, Vector128<long>.Zero));
                var index = Vector128.Narrow(IndexOf(a, inverseWidth), IndexOf(b, inverseWidth));
                found = StoreNonZero(index, zero.ExtractMostSignificantBits(), ref store, found);
                (index | zero).StoreUnsafe(ref lane, (nuint)i);
            }

            var perLane = 2 * ((i - start) / Vector128<int>.Count);
            var vectorMax = Math.Max(maximum.GetElement(0), maximum.GetElement(1));
            min = Math.Min(min, Math.Min(minimum.GetElement(0), minimum.GetElement(1)));
            max = Math.Max(max, vectorMax);
            smallestLessOne = Math.Min(smallestLessOne, Math.Min(smallest.GetElement(0), smallest.GetElement(1)));
            AddLaneSums(ticks[start..i], (Int128)sum.GetElement(0) + sum.GetElement(1), perLane, vectorMax, ref runSum, ref low, ref high);
        }

    }

    // IndexOf of each lane (below 2^52 ticks), its conversions by bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> IndexOf(Vector256<long> value, Vector256<double> inverseWidth)
    {
        unchecked
        {
            var magic = Vector256.Create(TwoTo52Bits);
            var twoTo52 = Vector256.Create(TwoTo52);
            var bits = ((value | magic).AsDouble() - twoTo52).AsInt64();
            var exponent = (((bits >>> 52) | magic).AsDouble() - twoTo52) - Vector256.Create(ExponentBias);
            var fraction = ((bits & Vector256.Create(MantissaMask)) | Vector256.Create(OneExponentBits)).AsDouble() - Vector256<double>.One;
            return (Vector256.Floor((exponent + fraction) * inverseWidth) + twoTo52).AsInt64() - magic;
        }
    }

    // IndexOf of each lane (below 2^52 ticks), its conversions by bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> IndexOf(Vector128<long> value, Vector128<double> inverseWidth)
    {
        unchecked
        {
            var magic = Vector128.Create(TwoTo52Bits);
            var twoTo52 = Vector128.Create(TwoTo52);
            var bits = ((value | magic).AsDouble() - twoTo52).AsInt64();
            var exponent = (((bits >>> 52) | magic).AsDouble() - twoTo52) - Vector128.Create(ExponentBias);
            var fraction = ((bits & Vector128.Create(MantissaMask)) | Vector128.Create(OneExponentBits)).AsDouble() - Vector128<double>.One;
            return (Floor((exponent + fraction) * inverseWidth) + twoTo52).AsInt64() - magic;
        }
    }

    // Vector128.Floor where the processor has a rounding instruction (SSE4.1, ARM64); else (the x86-64 baseline that
    // the NativeAOT library is compiled for, where Floor is a call per lane: 1.5% of its samples) the same floor by the
    // 2^52 rounding trick: (x + 2^52) - 2^52 rounds x to the nearest integer (0 <= x < 2^51: a non-zero value's lane),
    // less one where that rounded up. Exact, so the bucket indexes are the same bits. (A zero value's lane is negative
    // and may floor otherwise: its index is meaningless either way, dropped from indexes and -1 in lanes.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Floor(Vector128<double> x)
    {
        if (Sse41.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            return Vector128.Floor(x);
        }

        return FloorByRounding(x);
    }

    /// <summary>The floor of each lane from 0 to below 2^51 by the 2^52 rounding trick (see <see cref="Floor"/>); tested against Math.Floor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<double> FloorByRounding(Vector128<double> x)
    {
        var twoTo52 = Vector128.Create(TwoTo52);
        var nearest = (x + twoTo52) - twoTo52;
        return nearest - (Vector128.GreaterThan(nearest, x) & Vector128<double>.One);
    }

    // Stores the indexes of the lanes whose bit in zeroLanes is clear at indexes[found..], packed (the store may
    // write past them: the scratch has RunScratch to spare); returns the new count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StoreNonZero(Vector256<int> index, uint zeroLanes, ref int store, int found)
    {
        if (zeroLanes == 0)
        {
            index.StoreUnsafe(ref store, (nuint)found);
            return found + Vector256<int>.Count;
        }

        for (var k = 0; k < Vector256<int>.Count; k++)
        {
            Unsafe.Add(ref store, found) = index.GetElement(k);
            found += 1 - (int)((zeroLanes >> k) & 1);
        }

        return found;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StoreNonZero(Vector128<int> index, uint zeroLanes, ref int store, int found)
    {
        if (zeroLanes == 0)
        {
            index.StoreUnsafe(ref store, (nuint)found);
            return found + Vector128<int>.Count;
        }

        for (var k = 0; k < Vector128<int>.Count; k++)
        {
            Unsafe.Add(ref store, found) = index.GetElement(k);
            found += 1 - (int)((zeroLanes >> k) & 1);
        }

        return found;
    }

    // Adds the lanes' total of a vector loop over part: each lane added perLane values of at most max; if that cannot
    // reach 2^63 no lane overflowed and the total is exact, otherwise part is added again in halves.
    private static void AddLaneSums(ReadOnlySpan<long> part, Int128 total, int perLane, long max, ref Int128 runSum, ref long low, ref long high)
    {
        unchecked
        {
            if (max <= long.MaxValue / (perLane + 1))
            {
                runSum += total;
                return;
            }

            foreach (var value in part)
            {
                low += value & 0xFFFF_FFFFL;
                high += (long)((ulong)value >> 32);
            }
        }
    }

    private static long MinAcross(Vector256<long> v) => Math.Min(Math.Min(v.GetElement(0), v.GetElement(1)), Math.Min(v.GetElement(2), v.GetElement(3)));

    private static ulong MinAcross(Vector256<ulong> v) => Math.Min(Math.Min(v.GetElement(0), v.GetElement(1)), Math.Min(v.GetElement(2), v.GetElement(3)));

    private static long MaxAcross(Vector256<long> v) => Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));

    // The smallest and largest lane, by halving.
    private static long MinAcross(Vector512<long> v)
    {
        var four = Vector256.Min(v.GetLower(), v.GetUpper());
        var two = Vector128.Min(four.GetLower(), four.GetUpper());
        return Math.Min(two.GetElement(0), two.GetElement(1));
    }

    private static ulong MinAcross(Vector512<ulong> v)
    {
        var four = Vector256.Min(v.GetLower(), v.GetUpper());
        var two = Vector128.Min(four.GetLower(), four.GetUpper());
        return Math.Min(two.GetElement(0), two.GetElement(1));
    }

    private static long MaxAcross(Vector512<long> v)
    {
        var four = Vector256.Max(v.GetLower(), v.GetUpper());
        var two = Vector128.Max(four.GetLower(), four.GetUpper());
        return Math.Max(two.GetElement(0), two.GetElement(1));
    }

    /// <summary>Merges another sketch of the same relative accuracy into this one.</summary>
    /// <param name="other">The other sketch; not changed.</param>
    /// <exception cref="ArgumentException">The relative accuracies differ.</exception>
    public void Merge(DurationSketch other)
    {
        Preconditions.CheckNotNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException($"other has relative accuracy {other.RelativeAccuracy}, this sketch {RelativeAccuracy}; only equal accuracies merge.", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        Count += other.Count;
        _sumTicks += other._sumTicks;
        _zeroCount += other._zeroCount;
        MinTicks = Math.Min(MinTicks, other.MinTicks);
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);

        // The other's used buckets (its counters may have empty ones at either end), covered here once,
        // then added counter by counter, several at a time.
        var used = other._counts.AsSpan();
        var first = used.IndexOfAnyExcept(0L);
        if (first < 0)
        {
            return;
        }

        var last = used.LastIndexOfAnyExcept(0L);
        used = used[first..(last + 1)];
        var low = other._offset + first;
        var high = other._offset + last;
        if (_counts.Length == 0 || low < _offset || high - _offset >= _counts.Length)
        {
            Cover(low, high);
        }

        var into = _counts.AsSpan(low - _offset, used.Length);
        TensorPrimitives.Add(into, used, into);
    }

    /// <summary>
    /// The q-quantile: an estimate within <see cref="RelativeAccuracy"/> of the value at zero-based
    /// rank ⌊q·(n−1)⌋ of the sorted durations, clamped to [<see cref="Min"/>, <see cref="Max"/>].
    /// Null when empty.
    /// </summary>
    /// <param name="q">The quantile, from 0 to 1 (0.5 is the median).</param>
    /// <returns>The estimate, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    public Duration? Quantile(double q)
    {
        Preconditions.CheckInRange(q, 0, 1);
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Floor(q * (Count - 1));
        var from = 0;
        var seen = _zeroCount;
        return Estimate(rank, ref from, ref seen);
    }

    /// <summary>
    /// <see cref="Quantile"/> of each of <paramref name="qs"/> (each in [0, 1], ascending) into
    /// <paramref name="into"/>, in one scan of the buckets; the sketch must not be empty.
    /// </summary>
    internal void Quantiles(ReadOnlySpan<double> qs, Span<Duration> into)
    {
        var from = 0;
        var seen = _zeroCount;
        for (var k = 0; k < qs.Length && k < into.Length; k++)
        {
            into[k] = Estimate((long)Math.Floor(qs[k] * (Count - 1)), ref from, ref seen);
        }
    }

    // The estimate of the value at rank (0-based, below Count), scanning the buckets from bucket from, where
    // seen values lie before it; leaves from and seen where the scan stopped, for a larger rank to go on.
    private Duration Estimate(long rank, ref int from, ref long seen)
    {
        double estimate;
        if (rank < _zeroCount)
        {
            estimate = 0;
        }
        else
        {
            // Whole vectors of counters skipped while the rank lies beyond them, then one by one.
            var counts = _counts.AsSpan();
            var i = from;
            for (; i + Vector<long>.Count <= counts.Length; i += Vector<long>.Count)
            {
                var block = Vector.Sum(Vector.Create<long>(counts.Slice(i, Vector<long>.Count)));
                if (seen + block > rank)
                {
                    break;
                }

                seen += block;
            }

            var bucket = counts.Length - 1;
            for (; i < counts.Length; i++)
            {
                if (seen + counts[i] > rank)
                {
                    bucket = i;
                    break;
                }

                seen += counts[i];
            }

            from = bucket;
            estimate = Representative(bucket + _offset);
        }

        estimate = Math.Clamp(estimate, MinTicks, MaxTicks);
        return Duration.FromNanoseconds(Math.Round(estimate * 100, MidpointRounding.ToEven));
    }

    /// <summary>Creates an empty sketch of the same relative accuracy.</summary>
    /// <returns>The new sketch.</returns>
    public DurationSketch CreateEmpty() => new(RelativeAccuracy);

    /// <summary>
    /// Serializes the sketch in the library's one format (docs/architecture.md, "Serialized partials"): the preamble
    /// (magic "LMS1", version, lengths), type "DurationSketch", its configuration (α), the state (count, zero count,
    /// sum, min, max and the used bucket range) and a checksum. Equal sketches serialize to equal bytes (the range is
    /// trimmed to non-zero buckets).
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize()
    {
        var writer = new StateWriter();
        WriteState(writer);
        return CalculatorState.Serialize(TypeName, Configuration, 0, writer.Written);
    }

    /// <summary>Reads a sketch written by <see cref="Serialize"/>.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="ArgumentException">
    /// The bytes are not a serialized sketch of this format version, are truncated or damaged (checksum), or hold
    /// counts no sketch could reach; the message says which field is wrong.
    /// </exception>
    public static DurationSketch Deserialize(ReadOnlySpan<byte> bytes)
    {
        var reader = CalculatorState.Open(bytes, nameof(bytes), out var type, out var configuration, out _);
        if (type != TypeName)
        {
            throw reader.Error($"it is a {type}, not a {TypeName}");
        }

        var sketch = ReadState(ref reader, "sketch");
        if (configuration != sketch.Configuration)
        {
            throw reader.Error($"its configuration is [{configuration}], its state's [{sketch.Configuration}]");
        }

        reader.CheckAtEnd();
        return sketch;
    }

    private const string TypeName = nameof(DurationSketch);

    private string Configuration => "sketch(alpha=" + RelativeAccuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>
    /// Writes the state: α, count, zero count, sum, min, max, the first used bucket, then the used bucket range either
    /// dense (a flag 0, the number of buckets and every counter) or sparse (a flag 1, the number of buckets, the number
    /// of non-empty ones and each as its position in the range and its count).
    /// </summary>
    internal void WriteState(StateWriter writer)
    {
        int first = 0, last = _counts.Length - 1;
        while (first <= last && _counts[first] == 0)
        {
            first++;
        }

        while (last >= first && _counts[last] == 0)
        {
            last--;
        }

        var n = Math.Max(0, last - first + 1);
        var used = _counts.AsSpan(first, n);
        writer.WriteDouble(RelativeAccuracy);
        writer.WriteInt64(Count);
        writer.WriteInt64(_zeroCount);
        writer.WriteInt128(_sumTicks);
        writer.WriteInt64(MinTicks);
        writer.WriteInt64(MaxTicks);
        writer.WriteInt32(n == 0 ? 0 : first + _offset);

        // The bucket range as every counter (dense) or as (position, count) pairs of the non-empty ones (sparse),
        // whichever is smaller; the choice depends on the counts only, so equal sketches still write equal bytes.
        var nonEmpty = n - used.Count(0L);
        var sparse = SparseBytes * (long)nonEmpty < DenseBytes * (long)n;
        writer.WriteBoolean(sparse);
        if (!sparse)
        {
            writer.WriteInt64s(used);
            return;
        }

        writer.WriteInt32(n);
        writer.WriteInt32(nonEmpty);
        for (var i = 0; i < n; i++)
        {
            if (used[i] != 0)
            {
                writer.WriteInt32(i);
                writer.WriteInt64(used[i]);
            }
        }
    }

    // Spare buckets on each side of the first covered range (see Cover).
    private const int FirstSpareBuckets = 2;

    // Bytes per bucket of the two encodings of the bucket range.
    private const int DenseBytes = 8;
    private const int SparseBytes = 12;

    /// <summary>Reads what <see cref="WriteState"/> wrote, checking that some durations could give it.</summary>
    internal static DurationSketch ReadState(ref StateReader reader, string field)
    {
        var alpha = reader.ReadDouble(field + ".alpha");
        if (!(alpha >= MinRelativeAccuracy && alpha < 1))
        {
            throw reader.Error($"{field} has relative accuracy {alpha}, outside [{MinRelativeAccuracy}, 1)");
        }

        var sketch = new DurationSketch(alpha);
        var count = reader.ReadCounter(field + ".count");
        sketch._zeroCount = reader.ReadCounter(field + ".zeroCount");
        sketch._sumTicks = reader.ReadInt128(field + ".sum");
        sketch.MinTicks = reader.ReadInt64(field + ".min");
        sketch.MaxTicks = reader.ReadInt64(field + ".max");
        sketch._offset = reader.ReadInt32(field + ".firstBucket");
        var sparse = reader.ReadBoolean(field + ".sparse");
        var n = sparse ? reader.ReadInt32(field + ".range") : reader.ReadCount(field + ".buckets", DenseBytes);
        sketch.Count = count;
        if (sketch._zeroCount > count || n < 0 || (n > 0 && (sketch._offset < 0 || sketch._offset > int.MaxValue - n)))
        {
            throw reader.Error($"{field} has a zero count of {sketch._zeroCount} for a count of {count}, or {n} buckets from index {sketch._offset}");
        }

        // The range ends at the maximum's bucket: checked before the counters are allocated.
        if (n > 0 && (sketch.MaxTicks <= 0 || sketch.IndexOf(sketch.MaxTicks) != sketch._offset + n - 1))
        {
            throw reader.Error($"{field} has {n} buckets from index {sketch._offset}, which do not end at the bucket of its maximum {sketch.MaxTicks}");
        }

        sketch._counts = new long[n];
        long total = sketch._zeroCount;
        var entries = sparse ? reader.ReadCount(field + ".nonEmpty", SparseBytes) : n;
        var position = -1;
        for (var k = 0; k < entries; k++)
        {
            var at = k;
            if (sparse)
            {
                at = reader.ReadInt32($"{field}.buckets[{k}].position");
                if (at <= position || at >= n)
                {
                    throw reader.Error($"{field}.buckets[{k}] is at position {at} after {position}, outside the range of {n} or not ascending");
                }

                position = at;
            }

            var c = reader.ReadCounter($"{field}.buckets[{k}]");
            if (c > count - total || (sparse && c == 0))
            {
                throw reader.Error($"{field} has a count {c} in bucket {at}, beyond the sketch's count {count} (or an empty bucket listed)");
            }

            sketch._counts[at] = c;
            total += c;
        }

        if (total != count)
        {
            throw reader.Error($"{field} has a zero count of {sketch._zeroCount} and bucket counts summing to {total} but a count of {count}");
        }

        if (count == 0)
        {
            if (sketch._sumTicks != 0 || sketch.MinTicks != long.MaxValue || sketch.MaxTicks != long.MinValue || sketch._offset != 0)
            {
                throw reader.Error($"{field} is empty but has sum {sketch._sumTicks}, min {sketch.MinTicks}, max {sketch.MaxTicks} or first bucket {sketch._offset}");
            }
        }
        else if (sketch.MinTicks < 0 || sketch.MinTicks > sketch.MaxTicks
            || sketch._sumTicks < (Int128)sketch.MinTicks * count || sketch._sumTicks > (Int128)sketch.MaxTicks * count
            || (sketch._zeroCount > 0) != (sketch.MinTicks == 0)
            || (n == 0 && sketch.MaxTicks != 0)
            || (n > 0 && (sketch._counts[0] == 0 || sketch._counts[n - 1] == 0
                || (sketch.MinTicks > 0 && sketch.IndexOf(sketch.MinTicks) != sketch._offset) || sketch.IndexOf(sketch.MaxTicks) != sketch._offset + n - 1)))
        {
            throw reader.Error(
                $"{field} is inconsistent: min {sketch.MinTicks}, max {sketch.MaxTicks}, sum {sketch._sumTicks}, count {count}, zero count {sketch._zeroCount}, {n} buckets from index {sketch._offset}");
        }

        return sketch;
    }

    /// <summary>The bucket counts as (bucket index, count) for non-empty buckets, ascending; the zero bucket is <see cref="int.MinValue"/>.</summary>
    /// <returns>The buckets.</returns>
    internal IEnumerable<KeyValuePair<int, long>> GetBuckets()
    {
        if (_zeroCount > 0)
        {
            yield return new(int.MinValue, _zeroCount);
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                yield return new(i + _offset, _counts[i]);
            }
        }
    }

    /// <summary>The bucket counters, the first for bucket <see cref="BucketOffset"/> (zero counters included).</summary>
    internal ReadOnlySpan<long> BucketCounts => _counts;

    /// <summary>The bucket index of <see cref="BucketCounts"/>[0].</summary>
    internal int BucketOffset => _offset;

    /// <summary>How many zero durations were added (they have no bucket).</summary>
    internal long ZeroCount => _zeroCount;

    /// <summary>sum / count rounded to the nearest tick, ties to even, in exact integer arithmetic.</summary>
    internal static long RoundedMeanTicks(Int128 sum, long count)
    {
        var (quotient, remainder) = Int128.DivRem(sum, count);
        var twice = 2 * Int128.Abs(remainder);
        if (twice > count || (twice == count && !Int128.IsEvenInteger(quotient)))
        {
            quotient += Int128.Sign(remainder);
        }

        return (long)quotient;
    }

    /// <summary>The bucket index of a tick count ≥ 1 for a relative accuracy.</summary>
    internal static int IndexOf(long ticks, double relativeAccuracy) => new DurationSketch(relativeAccuracy).IndexOf(ticks);

    /// <summary>The bucket index of a positive tick count.</summary>
    internal int IndexOfTicks(long ticks) => IndexOf(ticks);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(long ticks)
    {
        unchecked
        {
            var bits = BitConverter.DoubleToInt64Bits(ticks);
            var exponent = (int)(bits >> 52) - 1023;
            var s = BitConverter.Int64BitsToDouble((bits & MantissaMask) | OneExponentBits) - 1;
            return (int)((exponent + s) * _inverseWidth);
        }
    }

    /// <summary>
    /// The value the sketch reports for a bucket index (as <see cref="GetBuckets"/> gives it), in ticks: 2·lo·hi/(lo + hi)
    /// of the bucket's bounds, within α of every value in the bucket; 0 for the zero bucket (<see cref="int.MinValue"/>).
    /// </summary>
    internal double Representative(int bucket)
    {
        if (bucket == int.MinValue)
        {
            return 0;
        }

        var lo = ValueAt(bucket * _width);
        var hi = ValueAt((bucket + 1) * _width);
        return 2 * lo * hi / (lo + hi);
    }

    private static double ValueAt(double f)
    {
        var e = Math.Floor(f);
        return Math.ScaleB(1 + (f - e), (int)e);
    }

    // Makes the counters cover buckets low to high (low <= high) in one allocation, with room to spare: the
    // first time FirstSpareBuckets and an eighth of the span on each side (small: most groups of a fine grouping
    // hold a few values); after that, on each side that grows, 16 buckets and a quarter of the covered span, so
    // that growing one bucket at a time still allocates O(log n) times.
    private void Cover(int low, int high)
    {
        if (_counts.Length == 0)
        {
            var spare = FirstSpareBuckets + ((high - low) / 8);
            _offset = low - spare;
            _counts = new long[high - low + 1 + (2 * spare)];
            return;
        }

        var end = _offset + _counts.Length;
        var span = Math.Max(end, high + 1) - Math.Min(_offset, low);
        var pad = 16 + (span / 4);
        var newOffset = low < _offset ? low - pad : _offset;
        var newEnd = high >= end ? high + 1 + pad : end;
        var grown = new long[newEnd - newOffset];
        _counts.CopyTo(grown.AsSpan(_offset - newOffset));
        _counts = grown;
        _offset = newOffset;
    }
}
