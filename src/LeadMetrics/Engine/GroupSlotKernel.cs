using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Statistics;

namespace LeadMetrics.Engine;

/// <summary>The grouped calculator's kernel: each row's group slot from the dimension's id map.</summary>
internal static class GroupSlotKernel
{
    /// <summary>
    /// The slots of a grouping without a time bucket, eight rows at a time from the dimension's id map (an AVX2 gather),
    /// while every id of the eight has a group; returns how many rows it did. The rest, from the first eight with a new
    /// group or an id beyond the map, go through the group index.
    /// </summary>
    internal static unsafe int KnownSlots(ReadOnlySpan<int> ids, int[] map, int[] slots)
    {
        var i = 0;
        if (ColumnKernels.Width < VectorWidth.V256 || !Avx2.IsSupported || map.Length == 0)
        {
            return 0;
        }

        var size = Vector256.Create((uint)map.Length);
        fixed (int* known = map)
        {
            for (; i + Vector256<int>.Count <= ids.Length && i + Vector256<int>.Count <= slots.Length; i += Vector256<int>.Count)
            {
                var id = Vector256.Create(ids.Slice(i, Vector256<int>.Count));
                var inMap = Vector256.LessThan(id.AsUInt32(), size).AsInt32();

                // Ids outside the map read entry 0 (then not used).
                var slot = Avx2.GatherVector256(known, id & inMap, 4);
                if ((~inMap | slot).ExtractMostSignificantBits() != 0)
                {
                    break;
                }

                slot.CopyTo(slots.AsSpan(i));
            }
        }

        return i;
    }
}
