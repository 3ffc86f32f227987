using System.Runtime.CompilerServices;
using LeadMetrics.Records;

namespace LeadMetrics.Engine;

/// <summary>
/// Response time's kernel: each answered row's creation-to-response time as a pair into the block. One scalar,
/// branch-free loop: an AVX-512 loop compressing the kept pairs measured no faster (docs/benchmarks.md, "Vector loops
/// against scalar loops") and was deleted.
/// </summary>
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
        var length = Math.Min(slots.Length, Math.Min(created.Length, response.Length));

        // Unchecked on purpose: differences of in-range tick instants cannot overflow; an unanswered
        // row's difference is computed but not kept.
        unchecked
        {
            for (var i = 0; i < length; i++)
            {
                Unsafe.Add(ref ids, n) = (slots[i] * stride) + offset;
                Unsafe.Add(ref ticks, n) = response[i] - created[i];
                n += BranchFree.Bit(response[i] != LeadRecord.None);
            }
        }

        return n;
    }
}
