using LeadMetrics.Statistics;

namespace LeadMetrics.Tests.Statistics;

public sealed class IntervalAndTestTests
{
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson score, no
    // continuity correction), 95%.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_reproduces_Newcombes_table(long x, long n, double lower, double upper)
    {
        var interval = ConfidenceInterval.Wilson(x, n)!.Value;
        Assert.Equal((decimal)lower, decimal.Round(interval.Lower, 4));
        Assert.Equal((decimal)upper, decimal.Round(interval.Upper, 4));
        Assert.Equal(0.95, interval.Confidence);
    }

    [Fact]
    public void Wilson_is_exact_at_the_extremes_and_undefined_without_trials()
    {
        Assert.Equal(0m, ConfidenceInterval.Wilson(0, 7)!.Value.Lower);
        Assert.Equal(1m, ConfidenceInterval.Wilson(7, 7)!.Value.Upper);
        Assert.Null(ConfidenceInterval.Wilson(0, 0));
        Assert.Equal("[0.2553, 0.3662] (95%)", ConfidenceInterval.Wilson(81, 263)!.Value.ToString());
        Assert.Equal(ConfidenceInterval.Wilson(3, 10), ConfidenceInterval.Wilson(3, 10));
        Assert.NotEqual(ConfidenceInterval.Wilson(3, 10), ConfidenceInterval.Wilson(3, 10, 0.9));
    }

    [Fact]
    public void Bad_counts_and_levels_are_refused_by_name()
    {
        Assert.Equal("successes", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Wilson(11, 10)).ParamName);
        Assert.Equal("trials", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Wilson(0, -1)).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Wilson(1, 10, 1)).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Wilson(1, 10, double.NaN)).ParamName);
        Assert.Equal("successes2", Assert.Throws<ArgumentOutOfRangeException>(() => ProportionTest.Compare(1, 10, 5, 4)).ParamName);
        Assert.Equal("trials1", Assert.Throws<ArgumentOutOfRangeException>(() => ProportionTest.Fisher(0, 0, 1, 4)).ParamName);
        Assert.Equal("expected", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Byar(1, -1m)).ParamName);
    }

    [Fact]
    public void Wilson_contains_the_rate_and_narrows_with_n()
    {
        for (var n = 1; n <= 200; n++)
        {
            for (var x = 0; x <= n; x++)
            {
                var interval = ConfidenceInterval.Wilson(x, n)!.Value;
                Assert.True(interval.Contains(x / (decimal)n), $"{x}/{n}: {interval}");
                Assert.True(interval.Lower >= 0 && interval.Upper <= 1, $"{x}/{n}: {interval}");
            }

            var wider = ConfidenceInterval.Wilson(n * 3 / 10, n)!.Value;
            var narrower = ConfidenceInterval.Wilson(n * 3 * 4 / 10, n * 4)!.Value;
            Assert.True(narrower.Upper - narrower.Lower < wider.Upper - wider.Lower, $"n = {n}");
        }
    }

    [Fact]
    public void Byar_interval_of_observed_against_expected()
    {
        // 10 wins where the team's rates predict 5: index 2, 95% interval by hand from Byar's formula.
        var interval = ConfidenceInterval.Byar(10, 5m)!.Value;
        Assert.Equal(0.95749m, decimal.Round(interval.Lower, 5));
        Assert.Equal(3.67829m, decimal.Round(interval.Upper, 5));
        Assert.True(interval.Contains(2m));
        Assert.Equal(0m, ConfidenceInterval.Byar(0, 5m)!.Value.Lower);
        Assert.Null(ConfidenceInterval.Byar(3, 0m));
    }

    [Fact]
    public void Fisher_reproduces_published_examples()
    {
        // Fisher's lady tasting tea: 3 of 4 cups right, two-sided 0.4857.
        Assert.Equal(0.485714, ProportionTest.Fisher(3, 4, 1, 4), 6);

        // Wikipedia's dieting example: 1 of 12 men and 9 of 12 women, two-sided 0.002759.
        Assert.Equal(0.002759, ProportionTest.Fisher(1, 12, 9, 12), 6);
        Assert.Equal(1.0, ProportionTest.Fisher(3, 10, 3, 10), 12);
    }

    [Fact]
    public void Compare_picks_the_test_the_counts_call_for()
    {
        // 3 of 10 against 300 of 1,000: expected successes of the small group 3 < 5, so Fisher; the same rate, p = 1.
        var small = ProportionTest.Compare(3, 10, 300, 1000)!;
        Assert.Equal(ProportionTestMethod.FisherExact, small.Method);
        Assert.Equal(0m, small.Difference);
        Assert.Equal(1.0, small.PValue, 9);
        Assert.False(small.IsSignificant());

        // 45 of 100 against 30 of 100: z = 2.1909, p = 0.02846 (by hand).
        var large = ProportionTest.Compare(45, 100, 30, 100)!;
        Assert.Equal(ProportionTestMethod.TwoProportionZ, large.Method);
        Assert.Equal(0.15m, large.Difference);
        Assert.Equal(0.02846, large.PValue, 5);
        Assert.True(large.IsSignificant());
        Assert.Null(ProportionTest.Compare(0, 0, 1, 2));
        Assert.Equal(large, ProportionTest.Compare(45, 100, 30, 100));
        Assert.Equal(1.0, ProportionTest.TwoProportionZ(0, 10, 0, 20));
    }

    [Fact]
    public void P_values_are_uniform_when_the_rates_are_equal()
    {
        // 2,000 simulated A/A comparisons (both groups at 30%, 200 leads each): about 5% fall below 0.05.
        var random = new Random(20261206);
        var below = 0;
        const int runs = 2000;
        for (var run = 0; run < runs; run++)
        {
            var x1 = Enumerable.Range(0, 200).Count(_ => random.NextDouble() < 0.3);
            var x2 = Enumerable.Range(0, 200).Count(_ => random.NextDouble() < 0.3);
            if (ProportionTest.Compare(x1, 200, x2, 200)!.PValue < 0.05)
            {
                below++;
            }
        }

        Assert.InRange(below / (double)runs, 0.035, 0.065);
    }

    [Fact]
    public void Normal_quantile_and_tail_match_reference_values()
    {
        Assert.Equal(1.959963984540054, SpecialFunctions.NormalQuantile(0.975), 12);
        Assert.Equal(-6.361340902404056, SpecialFunctions.NormalQuantile(1e-10), 9);
        Assert.Equal(0.0013498980316301035, SpecialFunctions.NormalUpperTail(3), 15);
        Assert.Equal(0.5, SpecialFunctions.NormalUpperTail(0), 15);
        Assert.Equal(Math.Log(3628800), SpecialFunctions.LogFactorial(10), 10);
    }

    [Fact]
    public void Benjamini_Hochberg_by_hand()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 (m = 4): 4p/rank = 0.02, 0.02, 0.04, 0.04, then the running minimum from the top.
        Assert.Equal([0.02, 0.04, 0.04, 0.02], FalseDiscoveryRate.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]));
        // Sorted 0.8, 0.9: 2·0.8/1 = 1.6 capped at 1, 2·0.9/2 = 0.9; the running minimum from the top gives 0.9 to both.
        Assert.All(FalseDiscoveryRate.BenjaminiHochberg([0.9, 0.8]), q => Assert.Equal(0.9, q, 12));
        Assert.Empty(FalseDiscoveryRate.BenjaminiHochberg([]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FalseDiscoveryRate.BenjaminiHochberg([0.1, double.NaN]));
        Assert.Contains("pValues[1]", e.Message, StringComparison.Ordinal);
    }
}
