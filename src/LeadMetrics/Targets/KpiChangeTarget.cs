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
        return TargetCheck.Of(Kpi, Ratio.Change(before, now), MinimumChange, MaximumChange, before, now, isChange: true);
    }
}
