using System.Runtime.CompilerServices;

namespace LeadMetrics.Engine;

/// <summary>
/// The sales cycle's kernel (from creation): each closed row's creation-to-close time, won or lost, as a pair into the
/// block. One scalar, branch-free loop: an AVX-512 loop compressing the kept pairs measured no faster (docs/benchmarks.md,
/// "Vector loops against scalar loops") and was deleted.
/// </summary>
internal static class SalesCycleKernel
{
    /// <summary>
    /// Writes a pair for each closed row, id <c>slots[i] * stride + offset</c> when won and the next id when lost, from
    /// <c>ids[n]</c> and <c>ticks[n]</c> on (room reserved: one per row and <see cref="ColumnKernels.PairSlack"/>);
    /// returns the new count.
    /// </summary>
    internal static int Emit(
        ReadOnlySpan<int> slots, ReadOnlySpan<byte> outcomes, ReadOnlySpan<long> created, ReadOnlySpan<long> closed, int stride, int offset, ref int ids, ref long ticks, int n)
    {
        var length = Math.Min(Math.Min(slots.Length, outcomes.Length), Math.Min(created.Length, closed.Length));

        // Unchecked on purpose: differences of in-range tick instants cannot overflow; an open row's is not kept.
        unchecked
        {
            for (var i = 0; i < length; i++)
            {
                Unsafe.Add(ref ids, n) = (slots[i] * stride) + offset + BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Lost);
                Unsafe.Add(ref ticks, n) = closed[i] - created[i];
                n += BranchFree.Bit(outcomes[i] != (byte)LeadOutcome.Open);
            }
        }

        return n;
    }
}
