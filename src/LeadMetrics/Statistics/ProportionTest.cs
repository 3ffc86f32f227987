namespace LeadMetrics.Statistics;

/// <summary>
/// Tests whether two proportions differ: the pooled two-proportion z-test, Fisher's exact test, and
/// <see cref="Compare"/>, which picks Fisher's test when some expected cell count of the 2×2 table is below 5
/// (Cochran's rule) and the z-test otherwise. Definitions in docs/metrics.md ("Intervals and tests").
/// </summary>
public static class ProportionTest
{
    /// <summary>The smallest expected cell count for which <see cref="Compare"/> uses the z-test.</summary>
    internal const double MinExpectedCount = 5;

    /// <summary>Compares two proportions with the test their counts call for.</summary>
    /// <param name="successes1">The successes of the first group, 0 to <paramref name="trials1"/>.</param>
    /// <param name="trials1">The trials of the first group, 0 or more.</param>
    /// <param name="successes2">The successes of the second group, 0 to <paramref name="trials2"/>.</param>
    /// <param name="trials2">The trials of the second group, 0 or more.</param>
    /// <returns>The comparison, or null when a group has no trials (its rate is undefined).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceed trials.</exception>
    public static ProportionComparison? Compare(long successes1, long trials1, long successes2, long trials2)
    {
        ConfidenceInterval.CheckCounts(successes1, trials1, nameof(successes1), nameof(trials1));
        ConfidenceInterval.CheckCounts(successes2, trials2, nameof(successes2), nameof(trials2));
        if (trials1 == 0 || trials2 == 0)
        {
            return null;
        }

        double n = trials1 + trials2;
        double column = successes1 + successes2;
        var smallest = Math.Min(Math.Min(trials1, trials2) * column / n, Math.Min(trials1, trials2) * (n - column) / n);
        return smallest < MinExpectedCount
            ? new ProportionComparison(successes1, trials1, successes2, trials2, Fisher(successes1, trials1, successes2, trials2), ProportionTestMethod.FisherExact)
            : new ProportionComparison(successes1, trials1, successes2, trials2, TwoProportionZ(successes1, trials1, successes2, trials2), ProportionTestMethod.TwoProportionZ);
    }

    /// <summary>
    /// The two-sided p-value of the pooled two-proportion z-test: z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)) with the
    /// pooled p̂ = (x₁ + x₂)/(n₁ + n₂), p = 2·P(Z ≥ |z|). 1 when the pooled rate is 0 or 1 (no variation).
    /// </summary>
    /// <param name="successes1">The successes of the first group.</param>
    /// <param name="trials1">The trials of the first group, more than 0.</param>
    /// <param name="successes2">The successes of the second group.</param>
    /// <param name="trials2">The trials of the second group, more than 0.</param>
    /// <returns>The p-value, 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, successes exceed trials, or a group has no trials.</exception>
    internal static double TwoProportionZ(long successes1, long trials1, long successes2, long trials2)
    {
        CheckTable(successes1, trials1, successes2, trials2);
        double n1 = trials1, n2 = trials2;
        var pooled = (successes1 + successes2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
        if (se == 0)
        {
            return 1;
        }

        var z = ((successes1 / n1) - (successes2 / n2)) / se;
        return Math.Min(1, 2 * SpecialFunctions.NormalUpperTail(Math.Abs(z)));
    }

    /// <summary>
    /// The two-sided p-value of Fisher's exact test on the 2×2 table (x₁, n₁ − x₁; x₂, n₂ − x₂): the probability, under
    /// the hypergeometric distribution of tables with the same margins, of every table no more likely than the one
    /// observed (relative tolerance 10⁻⁷ for ties in floating point).
    /// </summary>
    /// <param name="successes1">The successes of the first group.</param>
    /// <param name="trials1">The trials of the first group, more than 0.</param>
    /// <param name="successes2">The successes of the second group.</param>
    /// <param name="trials2">The trials of the second group, more than 0.</param>
    /// <returns>The p-value, 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, successes exceed trials, or a group has no trials.</exception>
    internal static double Fisher(long successes1, long trials1, long successes2, long trials2)
    {
        CheckTable(successes1, trials1, successes2, trials2);
        var n = trials1 + trials2;
        var column = successes1 + successes2;
        var low = Math.Max(0, trials1 - (n - column));
        var high = Math.Min(trials1, column);
        var constant = SpecialFunctions.LogFactorial(column) + SpecialFunctions.LogFactorial(n - column)
            + SpecialFunctions.LogFactorial(trials1) + SpecialFunctions.LogFactorial(trials2) - SpecialFunctions.LogFactorial(n);
        double LogP(long a) => constant - SpecialFunctions.LogFactorial(a) - SpecialFunctions.LogFactorial(trials1 - a)
            - SpecialFunctions.LogFactorial(column - a) - SpecialFunctions.LogFactorial(trials2 - column + a);

        var observed = LogP(successes1);
        var limit = observed + 1e-7;
        var sum = 0.0;
        for (var a = low; a <= high; a++)
        {
            var logP = LogP(a);
            if (logP <= limit)
            {
                sum += Math.Exp(logP);
            }
        }

        return Math.Min(1, sum);
    }

    private static void CheckTable(long successes1, long trials1, long successes2, long trials2)
    {
        ConfidenceInterval.CheckCounts(successes1, trials1, nameof(successes1), nameof(trials1));
        ConfidenceInterval.CheckCounts(successes2, trials2, nameof(successes2), nameof(trials2));
        if (trials1 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials1), trials1, "trials1 must be more than 0 to test a rate.");
        }

        if (trials2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials2), trials2, "trials2 must be more than 0 to test a rate.");
        }
    }
}
