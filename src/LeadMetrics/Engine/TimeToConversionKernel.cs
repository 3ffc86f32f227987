using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Records;

namespace LeadMetrics.Engine;

/// <summary>
/// Time to conversion's kernel: creation to won per row, and stage velocity by <see cref="StageWalk"/>'s rule replayed
/// from the batch's layout: the stretches of simple histories (<see cref="StageWalk.Describe"/>) run as one flat
/// sequence over the block, so no lead costs a loop of its own, plus each simple row's last stretch, ended by its close.
/// Rows whose history is not simple are left to the caller, who walks them by <see cref="StageWalk.Walk{TSink}"/>.
/// </summary>
internal static class TimeToConversionKernel
{
    /// <summary>
    /// Per row of the block: a pair for the time to conversion of a won lead (id <c>slots[i] * stride + offset</c>);
    /// whether the history is simple (<paramref name="simple"/>: all ones, or zero); its stage 0 id
    /// (<paramref name="stageIds"/>: the conversion id + 1, or -1 when not simple); and, for a simple history, the pair of its
    /// last stretch when the close ends it (<see cref="StageWalk.EndsLastStretch"/>) in an open stage. Returns the new count.
    /// </summary>
    internal static int EmitRows(
        ReadOnlySpan<int> slots, ReadOnlySpan<long> created, ReadOnlySpan<long> closed, ReadOnlySpan<byte> outcomes, ReadOnlySpan<int> bounds,
        ReadOnlySpan<long> lastSince, ReadOnlySpan<int> lastStage, int stride, int offset, int open, Span<int> simple, Span<int> stageIds, ref int ids, ref long ticks, int n)
    {
        var i = 0;
        var length = Math.Min(Math.Min(Math.Min(slots.Length, created.Length), Math.Min(closed.Length, outcomes.Length)), Math.Min(Math.Min(bounds.Length, simple.Length), Math.Min(stageIds.Length, Math.Min(lastSince.Length, lastStage.Length))));

        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            if (ColumnKernels.Avx512)
            {
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var openV = Vector256.Create(open);
                var won = Vector512.Create((long)LeadOutcome.Won);
                var none = Vector512.Create(LeadRecord.None);
                for (; i + 8 <= length; i += 8)
                {
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    var close = Vector512.Create(closed.Slice(i, 8));
                    n = ColumnKernels.StorePairs(Vector512.Equals(ColumnKernels.Widen8(outcomes.Slice(i, 8)), won), id, close - Vector512.Create(created.Slice(i, 8)), ref ids, ref ticks, n);

                    // StageWalk.IsSimple, then the last stretch as the scalar loop below.
                    var isSimple = Vector256.LessThan(Vector256.Create(bounds.Slice(i, 8)), openV);
                    var stageId = id + Vector256<int>.One;
                    isSimple.CopyTo(simple.Slice(i, 8));
                    (stageId | ~isSimple).CopyTo(stageIds.Slice(i, 8));
                    var since = Vector512.Create(lastSince.Slice(i, 8));
                    var stage = Vector256.Create(lastStage.Slice(i, 8));
                    var last = Avx512F.ConvertToVector512Int64(isSimple & Vector256.LessThan(stage, openV))
                        & ~Vector512.Equals(close, none) & Vector512.GreaterThanOrEqual(close, since);
                    n = ColumnKernels.StorePairs(last, stageId + stage, close - since, ref ids, ref ticks, n);
                }
            }

            if (ColumnKernels.Avx2Pack)
            {
                // The same eight rows at a time in AVX2: the kept pairs packed by lane permutes.
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var openV = Vector256.Create(open);
                var won = Vector256.Create((int)LeadOutcome.Won);
                var none = Vector256.Create(LeadRecord.None);
                for (; i + 8 <= length; i += 8)
                {
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    var close0 = Vector256.Create(closed.Slice(i, 4));
                    var close1 = Vector256.Create(closed.Slice(i + 4, 4));
                    var isWon = Vector256.Equals(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(outcomes.Slice(i, 8))).AsByte()), won);
                    n = ColumnKernels.StorePairs(
                        isWon.ExtractMostSignificantBits(), id, close0 - Vector256.Create(created.Slice(i, 4)), close1 - Vector256.Create(created.Slice(i + 4, 4)), ref ids, ref ticks, n);

                    var isSimple = Vector256.LessThan(Vector256.Create(bounds.Slice(i, 8)), openV);
                    var stageId = id + Vector256<int>.One;
                    isSimple.CopyTo(simple.Slice(i, 8));
                    (stageId | ~isSimple).CopyTo(stageIds.Slice(i, 8));
                    var since0 = Vector256.Create(lastSince.Slice(i, 4));
                    var since1 = Vector256.Create(lastSince.Slice(i + 4, 4));
                    var stage = Vector256.Create(lastStage.Slice(i, 8));
                    var ends = (~Vector256.Equals(close0, none) & Vector256.GreaterThanOrEqual(close0, since0)).ExtractMostSignificantBits()
                        | ((~Vector256.Equals(close1, none) & Vector256.GreaterThanOrEqual(close1, since1)).ExtractMostSignificantBits() << 4);
                    var last = (isSimple & Vector256.LessThan(stage, openV)).ExtractMostSignificantBits() & ends;
                    n = ColumnKernels.StorePairs(last, stageId + stage, close0 - since0, close1 - since1, ref ids, ref ticks, n);
                }
            }

            if (ColumnKernels.Pack128)
            {
                // The same four rows at a time in portable 128-bit vectors: the kept pairs packed by byte shuffles.
                var strideV = Vector128.Create(stride);
                var offsetV = Vector128.Create(offset);
                var openV = Vector128.Create(open);
                var won = Vector128.Create((int)LeadOutcome.Won);
                var none = Vector128.Create(LeadRecord.None);
                for (; i + 4 <= length; i += 4)
                {
                    var id = (Vector128.Create(slots.Slice(i, 4)) * strideV) + offsetV;
                    var close0 = Vector128.Create(closed.Slice(i, 2));
                    var close1 = Vector128.Create(closed.Slice(i + 2, 2));
                    var isWon = Vector128.Equals(ColumnKernels.Widen4(outcomes.Slice(i, 4)), won);
                    n = ColumnKernels.StorePairs(
                        isWon.ExtractMostSignificantBits(), id, close0 - Vector128.Create(created.Slice(i, 2)), close1 - Vector128.Create(created.Slice(i + 2, 2)), ref ids, ref ticks, n);

                    var isSimple = Vector128.LessThan(Vector128.Create(bounds.Slice(i, 4)), openV);
                    var stageId = id + Vector128<int>.One;
                    isSimple.CopyTo(simple.Slice(i, 4));
                    (stageId | ~isSimple).CopyTo(stageIds.Slice(i, 4));
                    var since0 = Vector128.Create(lastSince.Slice(i, 2));
                    var since1 = Vector128.Create(lastSince.Slice(i + 2, 2));
                    var stage = Vector128.Create(lastStage.Slice(i, 4));
                    var ends = (~Vector128.Equals(close0, none) & Vector128.GreaterThanOrEqual(close0, since0)).ExtractMostSignificantBits()
                        | ((~Vector128.Equals(close1, none) & Vector128.GreaterThanOrEqual(close1, since1)).ExtractMostSignificantBits() << 2);
                    var last = (isSimple & Vector128.LessThan(stage, openV)).ExtractMostSignificantBits() & ends;
                    n = ColumnKernels.StorePairs(last, stageId + stage, close0 - since0, close1 - since1, ref ids, ref ticks, n);
                }
            }

            for (; i < length; i++)
            {
                var id = (slots[i] * stride) + offset;
                Unsafe.Add(ref ids, n) = id;
                Unsafe.Add(ref ticks, n) = closed[i] - created[i];
                n += BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Won);
                simple[i] = -BranchFree.Bit(StageWalk.IsSimple(bounds[i], open));
                stageIds[i] = (id + 1) | ~simple[i];

                var stage = lastStage[i];
                Unsafe.Add(ref ids, n) = id + 1 + stage;
                Unsafe.Add(ref ticks, n) = closed[i] - lastSince[i];
                n += simple[i] & BranchFree.Bit(stage < open) & BranchFree.Bit(StageWalk.EndsLastStretch(closed[i], lastSince[i]));
            }
        }

        return n;
    }

    /// <summary>
    /// <see cref="EmitRows"/> for a block whose rows have no stage visits (the leads-only batches of the native library
    /// and the CLI without a stages file): every such history is simple, with walk bound <see cref="StageWalk.NoBound"/>,
    /// its one stretch in stage 0 since the creation (what every writer of <see cref="LeadColumns"/> stores for a row
    /// without visits), so the layout columns are not read and no per-row flags are written. Per row: the pair of a won
    /// lead's time to conversion (id <c>slots[i] * stride + offset</c>), and when stage 0 is open (<paramref name="open"/>
    /// above 0) and the close ends the stretch (<see cref="StageWalk.EndsLastStretch"/>), the stage 0 pair (the next id):
    /// both are close less creation. The same pairs as <see cref="EmitRows"/>, in the same order per row. Returns the new count.
    /// </summary>
    internal static int EmitRowsWithoutVisits(
        ReadOnlySpan<int> slots, ReadOnlySpan<long> created, ReadOnlySpan<long> closed, ReadOnlySpan<byte> outcomes, int stride, int offset, int open, ref int ids, ref long ticks, int n)
    {
        var i = 0;
        var length = Math.Min(Math.Min(slots.Length, created.Length), Math.Min(closed.Length, outcomes.Length));
        var stageOpen = BranchFree.Bit(open > 0);

        // Unchecked on purpose: differences of in-range tick instants cannot overflow; a pair not kept is overwritten.
        unchecked
        {
            if (ColumnKernels.Avx512)
            {
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var won = Vector512.Create((long)LeadOutcome.Won);
                var none = Vector512.Create(LeadRecord.None);
                var stageOpenV = Vector512.Create(-(long)stageOpen);
                for (; i + 8 <= length; i += 8)
                {
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    var close = Vector512.Create(closed.Slice(i, 8));
                    var create = Vector512.Create(created.Slice(i, 8));
                    var duration = close - create;
                    n = ColumnKernels.StorePairs(Vector512.Equals(ColumnKernels.Widen8(outcomes.Slice(i, 8)), won), id, duration, ref ids, ref ticks, n);
                    var last = stageOpenV & ~Vector512.Equals(close, none) & Vector512.GreaterThanOrEqual(close, create);
                    n = ColumnKernels.StorePairs(last, id + Vector256<int>.One, duration, ref ids, ref ticks, n);
                }
            }

            if (ColumnKernels.Avx2Pack)
            {
                var strideV = Vector256.Create(stride);
                var offsetV = Vector256.Create(offset);
                var won = Vector256.Create((int)LeadOutcome.Won);
                var none = Vector256.Create(LeadRecord.None);
                var stageOpenV = stageOpen == 0 ? 0u : 0xFFu;
                for (; i + 8 <= length; i += 8)
                {
                    var id = (Vector256.Create(slots.Slice(i, 8)) * strideV) + offsetV;
                    var close0 = Vector256.Create(closed.Slice(i, 4));
                    var close1 = Vector256.Create(closed.Slice(i + 4, 4));
                    var create0 = Vector256.Create(created.Slice(i, 4));
                    var create1 = Vector256.Create(created.Slice(i + 4, 4));
                    var duration0 = close0 - create0;
                    var duration1 = close1 - create1;
                    var isWon = Vector256.Equals(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(outcomes.Slice(i, 8))).AsByte()), won);
                    n = ColumnKernels.StorePairs(isWon.ExtractMostSignificantBits(), id, duration0, duration1, ref ids, ref ticks, n);
                    var ends = (~Vector256.Equals(close0, none) & Vector256.GreaterThanOrEqual(close0, create0)).ExtractMostSignificantBits()
                        | ((~Vector256.Equals(close1, none) & Vector256.GreaterThanOrEqual(close1, create1)).ExtractMostSignificantBits() << 4);
                    n = ColumnKernels.StorePairs(stageOpenV & ends, id + Vector256<int>.One, duration0, duration1, ref ids, ref ticks, n);
                }
            }

            if (ColumnKernels.Pack128)
            {
                var strideV = Vector128.Create(stride);
                var offsetV = Vector128.Create(offset);
                var won = Vector128.Create((int)LeadOutcome.Won);
                var none = Vector128.Create(LeadRecord.None);
                var stageOpenV = stageOpen == 0 ? 0u : 0xFu;
                for (; i + 4 <= length; i += 4)
                {
                    var id = (Vector128.Create(slots.Slice(i, 4)) * strideV) + offsetV;
                    var close0 = Vector128.Create(closed.Slice(i, 2));
                    var close1 = Vector128.Create(closed.Slice(i + 2, 2));
                    var create0 = Vector128.Create(created.Slice(i, 2));
                    var create1 = Vector128.Create(created.Slice(i + 2, 2));
                    var duration0 = close0 - create0;
                    var duration1 = close1 - create1;
                    var isWon = Vector128.Equals(ColumnKernels.Widen4(outcomes.Slice(i, 4)), won);
                    n = ColumnKernels.StorePairs(isWon.ExtractMostSignificantBits(), id, duration0, duration1, ref ids, ref ticks, n);
                    var ends = (~Vector128.Equals(close0, none) & Vector128.GreaterThanOrEqual(close0, create0)).ExtractMostSignificantBits()
                        | ((~Vector128.Equals(close1, none) & Vector128.GreaterThanOrEqual(close1, create1)).ExtractMostSignificantBits() << 2);
                    n = ColumnKernels.StorePairs(stageOpenV & ends, id + Vector128<int>.One, duration0, duration1, ref ids, ref ticks, n);
                }
            }

            for (; i < length; i++)
            {
                var id = (slots[i] * stride) + offset;
                var duration = closed[i] - created[i];
                Unsafe.Add(ref ids, n) = id;
                Unsafe.Add(ref ticks, n) = duration;
                n += BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Won);
                Unsafe.Add(ref ids, n) = id + 1;
                Unsafe.Add(ref ticks, n) = duration;
                n += stageOpen & BranchFree.Bit(StageWalk.EndsLastStretch(closed[i], created[i]));
            }
        }

        return n;
    }

    /// <summary>
    /// The block's stretches (<see cref="StageWalk.Describe"/>), kept for rows whose history is simple: those whose stage 0
    /// id (<paramref name="stageIds"/>, by row of the block, from <see cref="EmitRows"/>) is not negative. The block
    /// starts at batch row <paramref name="start"/> and has at most <see cref="StageWalk.StretchRowModulus"/> rows.
    /// Returns the new count.
    /// </summary>
    internal static int EmitStretches(
        ReadOnlySpan<ushort> rows, ReadOnlySpan<byte> from, ReadOnlySpan<long> stretchTicks, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n)
    {
        Debug.Assert(stageIds.Length <= StageWalk.StretchRowModulus, "A block finds its stretches' rows modulo StretchRowModulus.");
        const int RowMask = StageWalk.StretchRowModulus - 1;
        var length = Math.Min(Math.Min(rows.Length, from.Length), stretchTicks.Length);
        var k = 0;

        // Unchecked on purpose: ids are small sums. The per-row column is read without bounds checks: each stretch's row
        // is a row of the block, found from its row modulo StretchRowModulus.
        unchecked
        {
            if (ColumnKernels.Avx512 && Avx2.IsSupported)
            {
                n = EmitStretchesAvx512(rows, from, stretchTicks, start, stageIds, ref ids, ref ticks, n, length, ref k);
            }

            if (ColumnKernels.Avx2Pack)
            {
                n = EmitStretchesAvx2(rows, from, stretchTicks, start, stageIds, ref ids, ref ticks, n, length, ref k);
            }

            if (ColumnKernels.Pack128)
            {
                n = EmitStretches128(rows, from, stretchTicks, start, stageIds, ref ids, ref ticks, n, length, ref k);
            }

            ref readonly var stageIdRef = ref MemoryMarshal.GetReference(stageIds);
            for (; k < length; k++)
            {
                var stageId = Unsafe.Add(ref Unsafe.AsRef(in stageIdRef), (rows[k] - start) & RowMask);
                Unsafe.Add(ref ids, n) = stageId + from[k];
                Unsafe.Add(ref ticks, n) = stretchTicks[k];
                n += BranchFree.Bit(stageId >= 0);
            }
        }

        return n;
    }

    // The same eight stretches at a time: rows and stages widened from 16 and 8 bits, the row's stage id gathered, the
    // kept stretches compressed into the block. Advances k by the stretches it did.
    private static unsafe int EmitStretchesAvx512(
        ReadOnlySpan<ushort> rows, ReadOnlySpan<byte> from, ReadOnlySpan<long> stretchTicks, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n, int length, ref int k)
    {
        ref var ticksRef = ref MemoryMarshal.GetReference(stretchTicks);
        var first = Vector256.Create(start);
        var rowMask = Vector256.Create(StageWalk.StretchRowModulus - 1);
        unchecked
        {
            fixed (int* stageIdPointer = stageIds)
            fixed (ushort* rowPointer = rows)
            fixed (byte* fromPointer = from)
            {
                for (; k + 8 <= length; k += 8)
                {
                    var row = (Avx2.ConvertToVector256Int32(rowPointer + k) - first) & rowMask;
                    var stageId = Avx2.GatherVector256(stageIdPointer, row, 4);
                    var keep = Vector256.GreaterThanOrEqual(stageId, Vector256<int>.Zero);
                    var id = stageId + Avx2.ConvertToVector256Int32(fromPointer + k);
                    Avx512F.VL.Compress(Vector256<int>.Zero, keep, id).StoreUnsafe(ref ids, (nuint)n);
                    Avx512F.Compress(Vector512<long>.Zero, Avx512F.ConvertToVector512Int64(keep), Vector512.LoadUnsafe(ref ticksRef, (nuint)k)).StoreUnsafe(ref ticks, (nuint)n);
                    n += BitOperations.PopCount(keep.ExtractMostSignificantBits());
                }
            }
        }

        return n;
    }

    // The same eight stretches at a time in AVX2: the row's stage id gathered, the kept stretches packed by lane permutes.
    private static unsafe int EmitStretchesAvx2(
        ReadOnlySpan<ushort> rows, ReadOnlySpan<byte> from, ReadOnlySpan<long> stretchTicks, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n, int length, ref int k)
    {
        ref var ticksRef = ref MemoryMarshal.GetReference(stretchTicks);
        var first = Vector256.Create(start);
        var rowMask = Vector256.Create(StageWalk.StretchRowModulus - 1);
        unchecked
        {
            fixed (int* stageIdPointer = stageIds)
            fixed (ushort* rowPointer = rows)
            fixed (byte* fromPointer = from)
            {
                for (; k + 8 <= length; k += 8)
                {
                    var row = (Avx2.ConvertToVector256Int32(rowPointer + k) - first) & rowMask;
                    var stageId = Avx2.GatherVector256(stageIdPointer, row, 4);
                    var keep = ~stageId.ExtractMostSignificantBits() & 0xFF;
                    var id = stageId + Avx2.ConvertToVector256Int32(fromPointer + k);
                    n = ColumnKernels.StorePairs(keep, id, Vector256.LoadUnsafe(ref ticksRef, (nuint)k), Vector256.LoadUnsafe(ref ticksRef, (nuint)(k + 4)), ref ids, ref ticks, n);
                }
            }
        }

        return n;
    }

    // The same four stretches at a time in portable 128-bit vectors (no gather: the four stage ids read one by one).
    private static int EmitStretches128(
        ReadOnlySpan<ushort> rows, ReadOnlySpan<byte> from, ReadOnlySpan<long> stretchTicks, int start, ReadOnlySpan<int> stageIds, ref int ids, ref long ticks, int n, int length, ref int k)
    {
        const int RowMask = StageWalk.StretchRowModulus - 1;
        ref var ticksRef = ref MemoryMarshal.GetReference(stretchTicks);
        ref var stageIdRef = ref MemoryMarshal.GetReference(stageIds);
        unchecked
        {
            for (; k + 4 <= length; k += 4)
            {
                var stageId = Vector128.Create(
                    Unsafe.Add(ref stageIdRef, (rows[k] - start) & RowMask), Unsafe.Add(ref stageIdRef, (rows[k + 1] - start) & RowMask),
                    Unsafe.Add(ref stageIdRef, (rows[k + 2] - start) & RowMask), Unsafe.Add(ref stageIdRef, (rows[k + 3] - start) & RowMask));
                var keep = ~stageId.ExtractMostSignificantBits() & 0xF;
                var id = stageId + ColumnKernels.Widen4(from.Slice(k, 4));
                n = ColumnKernels.StorePairs(keep, id, Vector128.LoadUnsafe(ref ticksRef, (nuint)k), Vector128.LoadUnsafe(ref ticksRef, (nuint)(k + 2)), ref ids, ref ticks, n);
            }
        }

        return n;
    }
}
