namespace LeadMetrics.Statistics;

/// <summary>
/// Control of false discoveries when many groups are compared at once (every source against the rest, every rep
/// against the team): the Benjamini-Hochberg step-up procedure (Benjamini and Hochberg 1995).
/// </summary>
public static class FalseDiscoveryRate
{
    /// <summary>
    /// Benjamini-Hochberg adjusted p-values (q-values): with the m p-values sorted ascending, p₍ᵢ₎ becomes
    /// min over j ≥ i of min(1, m·p₍ⱼ₎/j), given back in the input's order. Rejecting every hypothesis whose adjusted
    /// value is at most q keeps the expected share of false discoveries among the rejections at most q (for
    /// independent or positively dependent tests).
    /// </summary>
    /// <param name="pValues">The p-values, each 0 to 1.</param>
    /// <returns>The adjusted p-values, in the same order; empty for no p-values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is NaN or outside 0 to 1 (the message names its index).</exception>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        for (var i = 0; i < m; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"pValues[{i}] must be between 0 and 1; was {pValues[i]}.");
            }
        }

        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        var sorted = pValues.ToArray();
        Array.Sort(sorted, order);
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            running = Math.Min(running, Math.Min(1, sorted[rank - 1] * m / rank));
            adjusted[order[rank - 1]] = running;
        }

        return adjusted;
    }
}
