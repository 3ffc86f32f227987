using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LeadMetrics.Statistics;

namespace LeadMetrics.Engine;

/// <summary>The funnel's kernel: each row's counter cell (group slot, outcome, furthest position), for the caller to count.</summary>
internal static class FunnelKernel
{
    /// <summary>
    /// Writes the cell of rows to <paramref name="cellIndex"/> eight at a time (portable 256-bit vectors, where the
    /// processor has them) and returns how many rows it did; the caller counts the rest through its cell table. The rows
    /// were checked: a lead that is not won is at an open position, its cell <c>1 + position</c> (+ <paramref name="wonPosition"/>
    /// if lost), a won lead's cell 0; each group has <paramref name="cells"/> cells.
    /// </summary>
    internal static int CellIndexes(ReadOnlySpan<int> slots, ReadOnlySpan<byte> outcomes, ReadOnlySpan<byte> furthest, int cells, int wonPosition, Span<int> cellIndex)
    {
        var i = 0;
        if (ColumnKernels.Width < VectorWidth.V256 || !Vector256.IsHardwareAccelerated)
        {
            return 0;
        }

        var length = Math.Min(Math.Min(slots.Length, cellIndex.Length), Math.Min(outcomes.Length, furthest.Length));
        var cellsV = Vector256.Create(cells);
        var wonV = Vector256.Create((int)LeadOutcome.Won);
        var lostV = Vector256.Create((int)LeadOutcome.Lost);
        var lostShift = Vector256.Create(wonPosition);
        for (; i + 8 <= length; i += 8)
        {
            var outcome = Widen(outcomes.Slice(i, 8));
            var position = Widen(furthest.Slice(i, 8));
            var cell = ~Vector256.Equals(outcome, wonV) & (Vector256<int>.One + position + (Vector256.Equals(outcome, lostV) & lostShift));
            ((Vector256.Create(slots.Slice(i, 8)) * cellsV) + cell).CopyTo(cellIndex.Slice(i, 8));
        }

        return i;
    }

    // Eight bytes as eight 32-bit lanes (portable: two widenings).
    private static Vector256<int> Widen(ReadOnlySpan<byte> bytes)
    {
        var words = Vector128.WidenLower(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(bytes)).AsByte());
        return Vector256.Create(Vector128.WidenLower(words), Vector128.WidenUpper(words)).AsInt32();
    }
}
