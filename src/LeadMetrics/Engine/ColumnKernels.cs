using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Records;
using LeadMetrics.Statistics;

namespace LeadMetrics.Engine;

/// <summary>
/// The columnar engine's switch, block size and the one vector store its kernels share. The engine: the grouped
/// calculator splits a <see cref="LeadColumns"/> batch into blocks of <see cref="BlockRows"/> rows with a group slot
/// per row; each KPI's kernel (one file each: <see cref="ResponseTimeKernel"/>, <see cref="TimeToConversionKernel"/>,
/// <see cref="SalesCycleKernel"/>, <see cref="FunnelKernel"/>) writes (statistics id, duration) pairs of the block
/// into a <see cref="DurationBlock"/>; the block drains them into the groups' statistics. Vector loops stay only where
/// they were measured to pay against the scalar loop beside them (docs/benchmarks.md, "Vector loops against scalar
/// loops"): time to conversion's rows and stage stretches (AVX-512: the kept pairs compressed into the block, an
/// instruction AVX2 and ARM64 lack), the slot gather (AVX2), the funnel cells and within-target counts (portable); the
/// response-time and sales-cycle pairs are written by their scalar loops alone.
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

    /// <summary>Eight 64-bit lanes narrowed to 32 bits (truncating: a mask stays a mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Narrow(Vector512<long> value) => Avx512F.ConvertToVector256Int32(value);

    /// <summary>Eight bytes widened to eight 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> Widen8(ReadOnlySpan<byte> bytes) =>
        Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes)).AsByte());
}
