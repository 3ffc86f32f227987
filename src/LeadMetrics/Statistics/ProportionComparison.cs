using System.Globalization;

namespace LeadMetrics.Statistics;

/// <summary>
/// Two proportions compared (a source against the rest, this week against last): the two rates, their difference
/// and the two-sided p-value of the hypothesis that the underlying rates are equal. Built by
/// <see cref="ProportionTest.Compare"/>; immutable, equal when every field is.
/// </summary>
public sealed class ProportionComparison
{
    internal ProportionComparison(long successes1, long trials1, long successes2, long trials2, double pValue, ProportionTestMethod method)
    {
        Successes1 = successes1;
        Trials1 = trials1;
        Successes2 = successes2;
        Trials2 = trials2;
        Rate1 = successes1 / (decimal)trials1;
        Rate2 = successes2 / (decimal)trials2;
        PValue = pValue;
        Method = method;
    }

    /// <summary>The successes of the first group.</summary>
    public long Successes1 { get; }

    /// <summary>The trials of the first group (more than 0).</summary>
    public long Trials1 { get; }

    /// <summary>The successes of the second group.</summary>
    public long Successes2 { get; }

    /// <summary>The trials of the second group (more than 0).</summary>
    public long Trials2 { get; }

    /// <summary>The first group's rate, successes / trials.</summary>
    public decimal Rate1 { get; }

    /// <summary>The second group's rate.</summary>
    public decimal Rate2 { get; }

    /// <summary>The first rate minus the second (positive when the first group does better).</summary>
    public decimal Difference => Rate1 - Rate2;

    /// <summary>The two-sided p-value, 0 to 1: how often rates at least this far apart would arise if the underlying rates were equal.</summary>
    public double PValue { get; }

    /// <summary>The test that gave the p-value.</summary>
    public ProportionTestMethod Method { get; }

    /// <summary>Whether the p-value is below a significance level.</summary>
    /// <param name="alpha">The level, strictly between 0 and 1 (0.05 by default).</param>
    /// <returns>True when <see cref="PValue"/> &lt; <paramref name="alpha"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The level is not strictly between 0 and 1.</exception>
    public bool IsSignificant(double alpha = 0.05)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be strictly between 0 and 1; was {alpha}.");
        }

        return PValue < alpha;
    }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ProportionComparison? other) =>
        other is not null && Successes1 == other.Successes1 && Trials1 == other.Trials1 && Successes2 == other.Successes2
        && Trials2 == other.Trials2 && PValue.Equals(other.PValue) && Method == other.Method;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProportionComparison);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Successes1, Trials1, Successes2, Trials2, PValue, Method);

    /// <summary>The comparison as <c>3/10 vs 300/1000: -0.0000, p = 1.0000 (FisherExact)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Successes1}/{Trials1} vs {Successes2}/{Trials2}: {Difference:+0.0000;-0.0000;0.0000}, p = {PValue:0.0000} ({Method})");
}
