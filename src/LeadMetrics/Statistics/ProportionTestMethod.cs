namespace LeadMetrics.Statistics;

/// <summary>How two proportions were compared (see <see cref="ProportionTest"/>).</summary>
public enum ProportionTestMethod
{
    /// <summary>The pooled two-proportion z-test (normal approximation), used when every expected cell count is at least 5.</summary>
    TwoProportionZ = 0,

    /// <summary>Fisher's exact test, two-sided, used when some expected cell count is below 5.</summary>
    FisherExact = 1,
}
