namespace LeadMetrics.Calculators;

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

    private WonValueColumn(long[] units, byte[] counted, byte[] scales, int unitScale, int? uniformScale)
    {
        Units = units;
        Counted = counted;
        Scales = scales;
        UnitScale = unitScale;
        UniformScale = uniformScale;
    }

    /// <summary>Per row: the deal value in units of 10^-<see cref="UnitScale"/> when counted, else 0.</summary>
    internal long[] Units { get; }

    /// <summary>Per row: 1 when the lead is won with a deal value (the rows whose value is summed), else 0.</summary>
    internal byte[] Counted { get; }

    /// <summary>Per row: the scale of a counted deal value, else 0.</summary>
    internal byte[] Scales { get; }

    /// <summary>The scale of <see cref="Units"/>: the largest scale of a counted value.</summary>
    internal int UnitScale { get; }

    /// <summary>The scale every counted value has, when they all have the same; null otherwise.</summary>
    internal int? UniformScale { get; }

    /// <summary>Builds the column of a batch's rows, or returns null when some counted value does not fit.</summary>
    internal static WonValueColumn? TryCreate(ReadOnlySpan<byte> outcomes, ReadOnlySpan<decimal> amounts, ReadOnlySpan<Currency> currencies)
    {
        var counted = new byte[outcomes.Length];
        var scales = new byte[outcomes.Length];
        var unitScale = 0;
        var first = -1;
        var uniform = true;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] == (byte)LeadOutcome.Won && !currencies[i].IsDefault)
            {
                var scale = amounts[i].Scale;
                counted[i] = 1;
                scales[i] = scale;
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
        var units = new long[outcomes.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (counted[i] != 0)
            {
                if (Math.Abs(amounts[i]) > limit)
                {
                    return null;
                }

                units[i] = (long)(amounts[i] * factor);
            }
        }

        return new WonValueColumn(units, counted, scales, unitScale, uniform && first >= 0 ? first : null);
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
