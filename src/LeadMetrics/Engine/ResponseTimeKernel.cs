using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LeadMetrics.Records;

namespace LeadMetrics.Engine;

/// <summary>Response time's kernel: each answered row's creation-to-response time as a pair into the block.</summary>
internal static class ResponseTimeKernel
{
    /// <summary>
    /// Writes a pair (<c>slots[i] * stride + offset</c>, response less creation) for each answered row from
    /// <c>ids[n]</c> and <c>ticks[n]</c> on (room reserved: one per row and <see cref="ColumnKernels.PairSlack"/>);
    /// returns the new count.
    /// </summary>
    internal static int Emit(
        ReadOnlySpan<int> slots, ReadOnlySpan<long> created, ReadOnlySpan<long> response, int stride, int offset, ref int ids, ref long ticks, int n)
    {
        var i = 0;
        var length = Math.Min(slots.Length, Math.Min(created.Length, response.Length));

        // Unchecked on purpose: differences of in-range tick instants cannot overflow; an unanswered
        // row's difference is computed but not kept.
        unchecked
        {
            if (ColumnKernels.Avx512)
            {
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var none = Vector512.Create(LeadRecord.None);
                for (; i + 8 <= length; i += 8)
                {
                    var responded = Vector512.Create(response.Slice(i, 8));
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    n = ColumnKernels.StorePairs(~Vector512.Equals(responded, none), id, responded - Vector512.Create(created.Slice(i, 8)), ref ids, ref ticks, n);
                }
            }

            for (; i < length; i++)
            {
                Unsafe.Add(ref ids, n) = (slots[i] * stride) + offset;
                Unsafe.Add(ref ticks, n) = response[i] - created[i];
                n += BranchFree.Bit(response[i] != LeadRecord.None);
            }
        }

        return n;
    }
}
