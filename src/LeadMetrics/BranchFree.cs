using System.Runtime.CompilerServices;

namespace LeadMetrics;

/// <summary>
/// Branch-free building blocks for the columnar loops, where a condition is data (whether a lead
/// was answered, won, left a stage) and a mispredicted branch would cost more than the work.
/// </summary>
internal static class BranchFree
{
    /// <summary>1 when <paramref name="condition"/> holds, else 0, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bit(bool condition) => Unsafe.BitCast<bool, byte>(condition);

    /// <summary><paramref name="whenSet"/> where <paramref name="mask"/> is all ones, <paramref name="otherwise"/> where it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Select(long mask, long whenSet, long otherwise) => otherwise ^ ((whenSet ^ otherwise) & mask);

    /// <summary><paramref name="value"/>, or 0 when it is negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int AtLeastZero(int value) => value & ~(value >> 31);
}
