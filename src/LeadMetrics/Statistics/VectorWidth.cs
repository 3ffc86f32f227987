using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeadMetrics.Statistics;

/// <summary>
/// The widest vectors a loop may use: the columnar engine's switch (<c>ColumnKernels.Width</c>, per thread), passed
/// down to the statistics' run loops as an argument. A loop runs the widest of its versions that is allowed and that
/// the processor accelerates, else its scalar loop; every version gives the scalar loop's results exactly, so tests
/// force each width on one machine (an AVX-512 machine runs all four).
/// </summary>
internal enum VectorWidth
{
    /// <summary>Scalar loops only.</summary>
    Scalar = 0,

    /// <summary>Up to 128-bit vectors (SSE4, ARM64 AdvSimd).</summary>
    V128 = 128,

    /// <summary>Up to 256-bit vectors (AVX2).</summary>
    V256 = 256,

    /// <summary>Up to 512-bit vectors (AVX-512).</summary>
    V512 = 512,
}

/// <summary>What the processor accelerates.</summary>
internal static class VectorWidths
{
    /// <summary>The widest vectors the processor has (AVX-512 counted only with its DQ and VL parts, which the loops use).</summary>
    internal static VectorWidth Best { get; } =
        Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? VectorWidth.V512
        : Vector256.IsHardwareAccelerated ? VectorWidth.V256
        : Vector128.IsHardwareAccelerated ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary>The widths a test can force on this processor, from scalar up to <see cref="Best"/>.</summary>
    internal static IReadOnlyList<VectorWidth> Available { get; } =
        [.. new[] { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 }.Where(w => w <= Best)];
}
