using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Records;
using LeadMetrics.Statistics;

namespace LeadMetrics.Engine;

/// <summary>
/// The columnar engine's switch, block size and the vector pair stores its kernels share. The engine: the grouped
/// calculator splits a <see cref="LeadColumns"/> batch into blocks of <see cref="BlockRows"/> rows with a group slot
/// per row; each KPI's kernel (one file each: <see cref="ResponseTimeKernel"/>, <see cref="TimeToConversionKernel"/>,
/// <see cref="SalesCycleKernel"/>, <see cref="FunnelKernel"/>) writes (statistics id, duration) pairs of the block
/// into a <see cref="DurationBlock"/>; the block drains them into the groups' statistics. Vector loops stay only where
/// they were measured to pay against the scalar loop beside them (docs/benchmarks.md, "Vector loops against scalar
/// loops", "Vector widths"): time to conversion's rows and stage stretches (the kept pairs packed into the block by
/// <see cref="StorePairs(Vector512{long}, Vector256{int}, Vector512{long}, ref int, ref long, int)"/> and its AVX2 and
/// 128-bit forms), the slot gather (AVX2), the funnel cells and within-target counts (portable); the response-time and
/// sales-cycle pairs are written by their scalar loops alone.
/// </summary>
internal static class ColumnKernels
{
    /// <summary>
    /// Rows per block: long enough that each statistics' run of durations per block is long (the work per run is then
    /// small beside the work per value), short enough that the block's scratch (about 20 bytes per duration, four
    /// durations per lead) stays in the processor's caches. Measured: 16,384 rows beat 4,096 and 32,768.
    /// <see cref="WonValueColumn"/> relies on at most 16,384; stage stretches on at most <see cref="StageWalk.StretchRowModulus"/>.
    /// </summary>
    internal const int BlockRows = 16384;

    // Fails to compile if a block could hold more rows than stretches can name (a negative constant is not a uint).
    internal const uint BlockRowsFitStretchRows = StageWalk.StretchRowModulus - BlockRows;

    /// <summary>Lanes of a vector store past the last kept pair: a kernel reserves this much beyond its pairs.</summary>
    internal const int PairSlack = 8;

    // The width set on this thread plus one; 0 (the default of a thread static) for none set: the processor's best.
    [ThreadStatic]
    private static int t_widthPlusOne;

    /// <summary>
    /// The widest vectors the kernels may use on this thread (<see cref="VectorWidths.Best"/> unless set): each loop
    /// runs its widest version allowed that the processor has, else its scalar loop. Per thread: a test that narrows it
    /// to check that the narrower or one-at-a-time loops give the same results changes only its own thread (the columnar
    /// path runs a batch on the calling thread), so tests running in parallel cannot compare vector with vector. Code
    /// below the engine (the sketch's run, the within-target counts) takes it as an argument.
    /// </summary>
    internal static VectorWidth Width
    {
        get => t_widthPlusOne == 0 ? VectorWidths.Best : (VectorWidth)(t_widthPlusOne - 1);
        set => t_widthPlusOne = (int)value + 1;
    }

    /// <summary>Whether the kernels may use vector loops on this thread: <see cref="Width"/> is not scalar; setting it true gives the processor's best.</summary>
    internal static bool UseVectors
    {
        get => Width != VectorWidth.Scalar;
        set => Width = value ? VectorWidths.Best : VectorWidth.Scalar;
    }

    // Whether the 256- and 128-bit pair packing loops are off on this thread (the benchmark's comparison at one width).
    [ThreadStatic]
    private static bool t_scalarPacking;

    /// <summary>
    /// Whether time to conversion's 256- and 128-bit pair packing loops are off on this thread, the rest of
    /// <see cref="Width"/> unchanged: set only to measure them against the scalar loops at the same width
    /// (<c>VectorWidthBenchmarks</c>). Per thread, as <see cref="Width"/>.
    /// </summary>
    internal static bool ScalarPacking
    {
        get => t_scalarPacking;
        set => t_scalarPacking = value;
    }

    /// <summary>Whether the AVX-512 loops run on this thread: allowed and supported.</summary>
    internal static bool Avx512 => Width >= VectorWidth.V512 && Avx512F.VL.IsSupported;

    /// <summary>
    /// Stores the pairs of eight rows whose <paramref name="keep"/> lane is set at <c>ids[n..]</c> and <c>ticks[n..]</c>,
    /// packed, and returns the new count (AVX-512 compress; the store writes all eight lanes: <see cref="PairSlack"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int StorePairs(Vector512<long> keep, Vector256<int> id, Vector512<long> duration, ref int ids, ref long ticks, int n)
    {
        Avx512F.VL.Compress(Vector256<int>.Zero, Narrow(keep), id).StoreUnsafe(ref ids, (nuint)n);
        Avx512F.Compress(Vector512<long>.Zero, keep, duration).StoreUnsafe(ref ticks, (nuint)n);
        return n + BitOperations.PopCount(keep.ExtractMostSignificantBits());
    }

    /// <summary>Whether the AVX2 pair packing loops run on this thread (x86-64-v3 and up; AVX-512 machines below 512 bits): allowed and supported.</summary>
    internal static bool Avx2Pack => Width >= VectorWidth.V256 && Avx2.IsSupported && !t_scalarPacking;

    /// <summary>Whether the portable 128-bit pair packing loops run on this thread (SSE, ARM64 AdvSimd): allowed and accelerated.</summary>
    internal static bool Pack128 => Width >= VectorWidth.V128 && Vector128.IsHardwareAccelerated && !t_scalarPacking;

    /// <summary>
    /// Stores the pairs of eight rows whose bit of <paramref name="keep"/> is set (bit k for row k) at <c>ids[n..]</c> and
    /// <c>ticks[n..]</c>, packed, and returns the new count: AVX2's lane permutes through <see cref="PackTables"/> (the ids
    /// by one eight-lane permute, the durations four at a time as pairs of 32-bit lanes). The stores write eight ids and
    /// at most eight durations past <paramref name="n"/> (<see cref="PairSlack"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int StorePairs(uint keep, Vector256<int> id, Vector256<long> durationLow, Vector256<long> durationHigh, ref int ids, ref long ticks, int n)
    {
        Debug.Assert(keep <= 0xFF, "Eight rows.");
        Avx2.PermuteVar8x32(id, PackTables.Ints8(keep)).StoreUnsafe(ref ids, (nuint)n);
        var low = keep & 0xF;
        Avx2.PermuteVar8x32(durationLow.AsInt32(), PackTables.Longs4(low)).AsInt64().StoreUnsafe(ref ticks, (nuint)n);
        Avx2.PermuteVar8x32(durationHigh.AsInt32(), PackTables.Longs4(keep >> 4)).AsInt64().StoreUnsafe(ref ticks, (nuint)(n + BitOperations.PopCount(low)));
        return n + BitOperations.PopCount(keep);
    }

    /// <summary>
    /// Stores the pairs of four rows whose bit of <paramref name="keep"/> is set at <c>ids[n..]</c> and <c>ticks[n..]</c>,
    /// packed, and returns the new count: portable byte shuffles through <see cref="PackTables"/> (SSSE3's pshufb, ARM64's
    /// tbl), the durations two at a time. The stores write four ids and at most four durations past <paramref name="n"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int StorePairs(uint keep, Vector128<int> id, Vector128<long> durationLow, Vector128<long> durationHigh, ref int ids, ref long ticks, int n)
    {
        Debug.Assert(keep <= 0xF, "Four rows.");
        Vector128.ShuffleNative(id.AsByte(), PackTables.Ints4(keep)).AsInt32().StoreUnsafe(ref ids, (nuint)n);
        var low = keep & 0x3;
        Vector128.ShuffleNative(durationLow.AsByte(), PackTables.Longs2(low)).AsInt64().StoreUnsafe(ref ticks, (nuint)n);
        Vector128.ShuffleNative(durationHigh.AsByte(), PackTables.Longs2(keep >> 2)).AsInt64().StoreUnsafe(ref ticks, (nuint)(n + BitOperations.PopCount(low)));
        return n + BitOperations.PopCount(keep);
    }

    /// <summary>Four bytes widened to four 32-bit lanes (portable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> Widen4(ReadOnlySpan<byte> bytes) =>
        Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalar(MemoryMarshal.Read<uint>(bytes)).AsByte())).AsInt32();

    /// <summary>Eight 64-bit lanes narrowed to 32 bits (truncating: a mask stays a mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Narrow(Vector512<long> value) => Avx512F.ConvertToVector256Int32(value);

    /// <summary>Eight bytes widened to eight 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> Widen8(ReadOnlySpan<byte> bytes) =>
        Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(bytes)).AsByte());
}

/// <summary>
/// The left-pack tables of the AVX2 and 128-bit pair stores, built once: for each set of kept lanes (a bit per lane), the
/// lane (or byte) indexes that move the kept lanes to the front in order. The lanes past the kept ones are don't-cares
/// (a store writes them; the next store or the caller overwrites them). 8 KB for the eight 32-bit lanes, 512 bytes for
/// four 64-bit lanes, 256 and 64 bytes for the 128-bit tables.
/// </summary>
internal static class PackTables
{
    private static readonly Vector256<int>[] s_ints8 = Build(256, keep => Vector256.Create<int>(Pack(keep, 8, 1)));
    private static readonly Vector256<int>[] s_longs4 = Build(16, keep => Vector256.Create<int>(Pack(keep, 4, 2)));
    private static readonly Vector128<byte>[] s_ints4 = Build(16, keep => Vector128.Create<byte>(PackBytes(keep, 4, 4)));
    private static readonly Vector128<byte>[] s_longs2 = Build(4, keep => Vector128.Create<byte>(PackBytes(keep, 2, 8)));

    /// <summary>The eight 32-bit lane indexes that pack the lanes set in <paramref name="keep"/> (0 to 255).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Ints8(uint keep) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_ints8), keep);

    /// <summary>The 32-bit lane indexes that pack the 64-bit lanes set in <paramref name="keep"/> (0 to 15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Longs4(uint keep) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_longs4), keep);

    /// <summary>The byte indexes that pack the 32-bit lanes set in <paramref name="keep"/> (0 to 15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<byte> Ints4(uint keep) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_ints4), keep);

    /// <summary>The byte indexes that pack the 64-bit lanes set in <paramref name="keep"/> (0 to 3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<byte> Longs2(uint keep) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_longs2), keep);

    private static T[] Build<T>(int count, Func<int, T> entry)
    {
        var table = new T[count];
        for (var keep = 0; keep < count; keep++)
        {
            table[keep] = entry(keep);
        }

        return table;
    }

    // Lanes of `parts` 32-bit parts each: the kept lanes' parts first, in order, then lane 0's (a don't-care).
    private static int[] Pack(int keep, int lanes, int parts)
    {
        var into = new int[8];
        var k = 0;
        for (var lane = 0; lane < lanes; lane++)
        {
            if ((keep & (1 << lane)) != 0)
            {
                for (var part = 0; part < parts; part++)
                {
                    into[k++] = (lane * parts) + part;
                }
            }
        }

        while (k < into.Length)
        {
            into[k] = k % parts;
            k++;
        }

        return into;
    }

    // The same in bytes: lanes of `size` bytes each.
    private static byte[] PackBytes(int keep, int lanes, int size)
    {
        var into = new byte[16];
        var k = 0;
        for (var lane = 0; lane < lanes; lane++)
        {
            if ((keep & (1 << lane)) != 0)
            {
                for (var part = 0; part < size; part++)
                {
                    into[k++] = (byte)((lane * size) + part);
                }
            }
        }

        while (k < into.Length)
        {
            into[k] = (byte)(k % size);
            k++;
        }

        return into;
    }
}
