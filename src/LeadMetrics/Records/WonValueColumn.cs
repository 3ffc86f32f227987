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
