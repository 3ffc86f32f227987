using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeadMetrics.Records;

/// <summary>
/// The won deal values of a <see cref="LeadColumns"/> batch as whole units of one scale (cents at scale 2),
/// so that a block adds them per group as 64-bit integers instead of decimals, then hands each group one
/// decimal: the same value, and the same scale (trailing zeros), as adding the decimals one by one, since
/// decimal addition of these amounts is exact and keeps the largest scale of its operands. Built only when
/// every counted amount fits (at most 2^47 units; scale at most 18); otherwise the block adds decimals.
/// </summary>
internal sealed class WonValueColumn
{
    /// <summary>
    /// The largest magnitude of one row's units (2^47: 1.4 trillion at scale 2): a block of at most 16,384
    /// rows (the columnar block) sums to below 2^61.
    /// </summary>
    private const long MaxUnits = 1L << 47;

    private const int MaxScale = 18;

    private WonValueColumn(int[] rows, long[] units, byte[] scales, int unitScale, int? uniformScale)
    {
        Rows = rows;
        Units = units;
        Scales = scales;
        UnitScale = unitScale;
        UniformScale = uniformScale;
    }

    /// <summary>The counted rows (won with a deal value), ascending.</summary>
    internal int[] Rows { get; }

    /// <summary>Per counted row: the deal value in units of 10^-<see cref="UnitScale"/>.</summary>
    internal long[] Units { get; }

    /// <summary>Per counted row: the scale of its deal value.</summary>
    internal byte[] Scales { get; }

    /// <summary>The scale of <see cref="Units"/>: the largest scale of a counted value.</summary>
    internal int UnitScale { get; }

    /// <summary>The scale every counted value has, when they all have the same; null otherwise.</summary>
    internal int? UniformScale { get; }

    /// <summary>The counted rows from <paramref name="start"/> to <paramref name="end"/> (exclusive), as a range of <see cref="Rows"/>.</summary>
    internal Range RowsBetween(int start, int end)
    {
        var from = Array.BinarySearch(Rows, start);
        var to = Array.BinarySearch(Rows, end);
        return (from < 0 ? ~from : from)..(to < 0 ? ~to : to);
    }

    /// <summary>Builds the column of a batch's rows, or returns null when some counted value does not fit.</summary>
    internal static WonValueColumn? TryCreate(ReadOnlySpan<byte> outcomes, ReadOnlySpan<decimal> amounts, ReadOnlySpan<Currency> currencies)
    {
        var rows = new List<int>();
        var unitScale = 0;
        var first = -1;
        var uniform = true;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] == (byte)LeadOutcome.Won && !currencies[i].IsDefault)
            {
                var scale = amounts[i].Scale;
                rows.Add(i);
                unitScale = Math.Max(unitScale, scale);
                uniform &= first < 0 || scale == first;
                first = first < 0 ? scale : first;
            }
        }

        if (unitScale > MaxScale)
        {
            return null;
        }

        var factor = Pow10(unitScale);
        var limit = (decimal)MaxUnits / factor;
        var units = new long[rows.Count];
        var scales = new byte[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var amount = amounts[rows[k]];
            if (Math.Abs(amount) > limit)
            {
                return null;
            }

            units[k] = (long)(amount * factor);
            scales[k] = amount.Scale;
        }

        return new WonValueColumn([.. rows], units, scales, unitScale, uniform && first >= 0 ? first : null);
    }

    /// <summary>
    /// Builds the column of a batch whose deal values are minor units of one scale (the native library's bulk path,
    /// <see cref="LeadColumns.AppendColumns"/>), without a decimal per value: the column <see cref="TryCreate(ReadOnlySpan{byte}, ReadOnlySpan{decimal}, ReadOnlySpan{Currency})"/>
    /// builds from the same values as decimals of that scale (units as the integer, <see cref="long.MinValue"/> = no value),
    /// or null where it returns null.
    /// </summary>
    /// <param name="outcomes">The outcomes of the rows.</param>
    /// <param name="units">The deal values in units of 10^-<paramref name="scale"/>, <see cref="long.MinValue"/> when none.</param>
    /// <param name="scale">The scale of every value.</param>
    /// <param name="currency">The currency of every value (the default currency: no value is counted).</param>
    internal static WonValueColumn? TryCreate(ReadOnlySpan<byte> outcomes, ReadOnlySpan<long> units, byte scale, Currency currency)
    {
        // The counted rows (won with a value), and whether one is beyond the limit. A value's decimal has the units as
        // its 96-bit integer, read as unsigned (a negative long is a value above 2^63), so the decimal path's test
        // |amount| > MaxUnits / 10^scale is units > MaxUnits, unsigned.
        // Both passes without a branch on the data (whether a lead was won is data), and unchecked (at most int.MaxValue rows).
        var count = 0;
        var tooLarge = 0;
        var length = Math.Min(outcomes.Length, units.Length);
        var avx512 = Avx512F.VL.IsSupported; // Records sits below the engine: the processor's switch, not ColumnKernels.Width
        if (!currency.IsDefault)
        {
            unchecked
            {
                var i = 0;
                if (avx512)
                {
                    (count, tooLarge) = CountAvx512(outcomes, units, length, ref i);
                }

                for (; i < length; i++)
                {
                    var value = units[i];
                    var counted = BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Won) & BranchFree.Bit(value != long.MinValue);
                    count += counted;
                    tooLarge |= counted & BranchFree.Bit((ulong)value > MaxUnits);
                }
            }
        }

        if (count == 0)
        {
            return new WonValueColumn([], [], [], 0, null);
        }

        if (scale > MaxScale || tooLarge != 0)
        {
            return null;
        }

        var rows = new int[count];
        var values = new long[count];
        // Compressed without a branch on the data: each row is written at the next place, which only a counted row
        // keeps (k < count holds until after the last counted row).
        var k = 0;
        unchecked
        {
            var i = 0;
            if (avx512)
            {
                CompressAvx512(outcomes, units, rows, values, length, ref i, ref k);
            }

            for (; i < outcomes.Length && i < units.Length && k < rows.Length && k < values.Length; i++)
            {
                var value = units[i];
                rows[k] = i;
                values[k] = value;
                k += BranchFree.Bit(outcomes[i] == (byte)LeadOutcome.Won) & BranchFree.Bit(value != long.MinValue);
            }
        }

        var scales = new byte[count];
        scales.AsSpan().Fill(scale);
        return new WonValueColumn(rows, values, scales, scale, scale);
    }

    // TryCreate's first pass eight rows at a time (AVX-512): the counted rows and whether one is beyond MaxUnits.
    private static (int Count, int TooLarge) CountAvx512(ReadOnlySpan<byte> outcomes, ReadOnlySpan<long> units, int length, ref int i)
    {
        var won = Vector512.Create((long)LeadOutcome.Won);
        var none = Vector512.Create(long.MinValue);
        var max = Vector512.Create((ulong)MaxUnits);
        var count = 0;
        var tooLarge = Vector512<long>.Zero;
        unchecked
        {
            for (; i + 8 <= length; i += 8)
            {
                var value = Vector512.Create(units.Slice(i, 8));
                var counted = Vector512.Equals(Widen8(outcomes.Slice(i, 8)), won) & ~Vector512.Equals(value, none);
                count += BitOperations.PopCount(counted.ExtractMostSignificantBits());
                tooLarge |= counted & Vector512.GreaterThan(value.AsUInt64(), max).AsInt64();
            }
        }

        return (count, tooLarge == Vector512<long>.Zero ? 0 : 1);
    }

    // Eight outcome bytes widened to eight 64-bit lanes.
    private static Vector512<long> Widen8(ReadOnlySpan<byte> bytes) =>
        Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes)).AsByte());

    // TryCreate's second pass eight rows at a time (AVX-512 compress), while eight more lanes fit the arrays; the
    // scalar loop goes on from row i and place k.
    private static void CompressAvx512(ReadOnlySpan<byte> outcomes, ReadOnlySpan<long> units, int[] rows, long[] values, int length, ref int i, ref int k)
    {
        var won = Vector512.Create((long)LeadOutcome.Won);
        var none = Vector512.Create(long.MinValue);
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        unchecked
        {
            for (; i + 8 <= length && k + 8 <= rows.Length && k + 8 <= values.Length; i += 8)
            {
                var value = Vector512.Create(units.Slice(i, 8));
                var counted = Vector512.Equals(Widen8(outcomes.Slice(i, 8)), won) & ~Vector512.Equals(value, none);
                Avx512F.VL.Compress(Vector256<int>.Zero, Avx512F.ConvertToVector256Int32(counted), Vector256.Create(i) + lane).StoreUnsafe(ref rows[k]);
                Avx512F.Compress(Vector512<long>.Zero, counted, value).StoreUnsafe(ref values[k]);
                k += BitOperations.PopCount(counted.ExtractMostSignificantBits());
            }
        }
    }

    /// <summary>
    /// A sum of units (of scale <see cref="UnitScale"/>) as a decimal of scale <paramref name="scale"/>
    /// (at most <see cref="UnitScale"/>; every summed value had at most that scale, so the division is exact).
    /// </summary>
    internal decimal ToDecimal(long units, int scale)
    {
        var whole = units / (long)Pow10(UnitScale - scale);
        var magnitude = unchecked((ulong)Math.Abs(whole));
        return new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, whole < 0, (byte)scale);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
