using LeadMetrics.Statistics;

namespace LeadMetrics.Targets;

/// <summary>
/// A target for how much a KPI may move between a baseline (last week, the period before a change) and now, as a
/// relative change (current − baseline) / |baseline|: for example conversion may not fall more than 10%
/// (<c>minimumChange: -0.10m</c>). Immutable.
/// </summary>
/// <typeparam name="TResult">The result the KPI is read from.</typeparam>
/// <remarks>
/// Red flags are pairs of such targets checked together: volume up while conversion falls; cost per lead down 20%
/// while conversion falls 30% (acquisition cost up 14%). See docs/metrics.md.
/// </remarks>
public sealed class KpiChangeTarget<TResult>
{
    private readonly Func<TResult, decimal?> _selector;
    private readonly Func<TResult, (long Successes, long Trials)>? _counts;

    /// <summary>Creates a change target.</summary>
    /// <param name="kpi">The KPI's name, as alerts show it.</param>
    /// <param name="selector">Reads the KPI from a result (a pure function); null means undefined.</param>
    /// <param name="minimumChange">The inclusive lower bound of the relative change (−0.1 = may fall at most 10%), or null.</param>
    /// <param name="maximumChange">The inclusive upper bound of the relative change (0.2 = may rise at most 20%), or null.</param>
    /// <exception cref="ArgumentException">The name is empty, there is no bound, or the minimum is above the maximum.</exception>
    public KpiChangeTarget(string kpi, Func<TResult, decimal?> selector, decimal? minimumChange = null, decimal? maximumChange = null)
    {
        Kpi = Preconditions.CheckNotNullOrWhiteSpace(kpi);
        _selector = Preconditions.CheckNotNull(selector);
        KpiTarget<TResult>.CheckBounds(kpi, minimumChange, maximumChange, nameof(minimumChange), nameof(maximumChange));
        MinimumChange = minimumChange;
        MaximumChange = maximumChange;
    }

    /// <summary>
    /// Creates a change target of a rate that alerts only when the change is also beyond chance: the rate's successes
    /// and trials are read from both results and compared (<see cref="ProportionTest.Compare"/>: the two-proportion
    /// z-test, or Fisher's exact test for small counts); a change outside the bounds with a p-value at or above
    /// <paramref name="significanceLevel"/> is <see cref="TargetStatus.NotSignificant"/>, not an alert. A fall of
    /// conversion from 30% to 20% is an alert with 1,000 leads a week (p &lt; 0.0001), not with 10 (p = 1).
    /// </summary>
    /// <param name="kpi">The KPI's name, as alerts show it.</param>
    /// <param name="selector">Reads the KPI from a result (a pure function); null means undefined.</param>
    /// <param name="counts">Reads the rate's successes and trials from a result (such as won leads and leads for conversion).</param>
    /// <param name="minimumChange">The inclusive lower bound of the relative change, or null.</param>
    /// <param name="maximumChange">The inclusive upper bound of the relative change, or null.</param>
    /// <param name="significanceLevel">The level below which a p-value is significant, strictly between 0 and 1; 0.05 by default.</param>
    /// <exception cref="ArgumentException">The name is empty, there is no bound, or the minimum is above the maximum.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The significance level is not strictly between 0 and 1.</exception>
    public KpiChangeTarget(
        string kpi, Func<TResult, decimal?> selector, Func<TResult, (long Successes, long Trials)> counts, decimal? minimumChange = null, decimal? maximumChange = null, double significanceLevel = 0.05)
        : this(kpi, selector, minimumChange, maximumChange)
    {
        _counts = Preconditions.CheckNotNull(counts);
        if (!(significanceLevel > 0 && significanceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(significanceLevel), significanceLevel, $"significanceLevel must be strictly between 0 and 1 (0.05 for 5%); was {significanceLevel}.");
        }

        SignificanceLevel = significanceLevel;
    }

    /// <summary>The significance level a change must reach before it alerts, or null when the target does not require significance.</summary>
    public double? SignificanceLevel { get; }

    /// <summary>The KPI's name.</summary>
    public string Kpi { get; }

    /// <summary>The inclusive lower bound of the relative change, or null.</summary>
    public decimal? MinimumChange { get; }

    /// <summary>The inclusive upper bound of the relative change, or null.</summary>
    public decimal? MaximumChange { get; }

    /// <summary>Reads the KPI from both results and checks its relative change.</summary>
    /// <param name="baseline">The earlier result.</param>
    /// <param name="current">The later result.</param>
    /// <returns>
    /// The check: its value is the relative change (current − baseline) / |baseline|, null (no data) when either value
    /// is undefined or the baseline is zero; it carries both values.
    /// </returns>
    /// <exception cref="ArgumentNullException">A result is null.</exception>
    public TargetCheck Check(TResult baseline, TResult current)
    {
        var before = _selector(KpiTarget<TResult>.CheckResult(baseline, nameof(baseline)));
        var now = _selector(KpiTarget<TResult>.CheckResult(current, nameof(current)));
        var check = TargetCheck.Of(Kpi, Ratio.Change(before, now), MinimumChange, MaximumChange, before, now, isChange: true);
        if (_counts is null || !check.IsOffTarget)
        {
            return check;
        }

        var (x1, n1) = _counts(current);
        var (x2, n2) = _counts(baseline);
        ConfidenceInterval.CheckCounts(x1, n1, "current successes", "current trials");
        ConfidenceInterval.CheckCounts(x2, n2, "baseline successes", "baseline trials");
        return check.WithSignificance(ProportionTest.Compare(x1, n1, x2, n2)?.PValue, SignificanceLevel!.Value);
    }
}
