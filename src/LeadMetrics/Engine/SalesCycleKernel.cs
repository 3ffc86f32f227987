using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeadMetrics.Engine;

/// <summary>The sales cycle's kernel (from creation): each closed row's creation-to-close time, won or lost, as a pair into the block.</summary>
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
        var i = 0;
        var length = Math.Min(Math.Min(slots.Length, outcomes.Length), Math.Min(created.Length, closed.Length));

        // Unchecked on purpose: differences of in-range tick instants cannot overflow; an open row's is not kept.
        unchecked
        {
            if (ColumnKernels.Avx512)
            {
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var lost = Vector512.Create((long)LeadOutcome.Lost);
                var open = Vector512.Create((long)LeadOutcome.Open);
                for (; i + 8 <= length; i += 8)
                {
                    var outcome = ColumnKernels.Widen8(outcomes.Slice(i, 8));

                    // A lost lane's mask is -1 (all bits): subtracting it moves the id to the lost statistics.
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV - ColumnKernels.Narrow(Vector512.Equals(outcome, lost));
                    n = ColumnKernels.StorePairs(~Vector512.Equals(outcome, open), id, Vector512.Create(closed.Slice(i, 8)) - Vector512.Create(created.Slice(i, 8)), ref ids, ref ticks, n);
                }
            }

            for (; i < length; i++)
            {
                Unsafe.Add(ref ids, n) = (slots[i] * stride) + offset + BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Lost);
                Unsafe.Add(ref ticks, n) = closed[i] - created[i];
                n += BranchFree.Bit(outcomes[i] != (byte)LeadOutcome.Open);
            }
        }

        return n;
    }
}
