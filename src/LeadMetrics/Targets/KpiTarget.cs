using System.Globalization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Targets;

/// <summary>
/// A measurable target for one KPI of a result: a name, how to read the KPI from the result, and an inclusive minimum
/// and/or maximum, either of the KPI's level (<c>minimum</c>, <c>maximum</c>) or of its relative change between a
/// baseline and now (<c>minimumChange</c>, <c>maximumChange</c>: (current − baseline) / |baseline|, so conversion may
/// not fall more than 10% is <c>minimumChange: -0.10m</c>). Immutable.
/// </summary>
/// <typeparam name="TResult">The result the KPI is read from, such as <see cref="Calculators.LeadKpis"/> or <see cref="Finance.FinanceResult"/>.</typeparam>
/// <remarks>
/// Red flags are change targets checked together: volume up while conversion falls; cost per lead down 20% while
/// conversion falls 30% (acquisition cost up 14%). See docs/metrics.md.
/// </remarks>
/// <example>
/// <code>
/// var winRate = new KpiTarget&lt;LeadKpis&gt;("win rate", k =&gt; k.Funnel.WinRate, minimum: 0.25m);
/// var answered = new KpiTarget&lt;LeadKpis&gt;("answered within 5 min", k =&gt; k.ResponseTime.WithinTarget[0].Share, minimum: 0.5m);
/// var volume = new KpiTarget&lt;LeadKpis&gt;("lead volume vs last week", k =&gt; k.Leads, minimumChange: -0.2m);
/// </code>
/// </example>
public sealed class KpiTarget<TResult>
{
    private readonly Func<TResult, decimal?> _selector;
    private readonly Func<TResult, (long Successes, long Trials)>? _counts;

    /// <summary>
    /// Creates a level target (give <paramref name="minimum"/> and/or <paramref name="maximum"/>: the KPI's value must lie
    /// within them; check it with <see cref="Check(TResult)"/>) or a change target (give <paramref name="minimumChange"/>
    /// and/or <paramref name="maximumChange"/>: its relative change must; check it with <see cref="Check(TResult, TResult)"/>).
    /// </summary>
    /// <param name="kpi">The KPI's name, as alerts show it.</param>
    /// <param name="selector">Reads the KPI from a result (a pure function); null means undefined (no data). Durations: read them in a unit, such as <c>(decimal?)d?.TotalMinutes</c>.</param>
    /// <param name="minimum">A level target's inclusive lower bound, or null.</param>
    /// <param name="maximum">A level target's inclusive upper bound, or null.</param>
    /// <param name="minimumChange">A change target's inclusive lower bound of the relative change (−0.1 = may fall at most 10%), or null.</param>
    /// <param name="maximumChange">A change target's inclusive upper bound of the relative change (0.2 = may rise at most 20%), or null.</param>
    /// <exception cref="ArgumentException">
    /// The name is empty; there is no bound; both level and change bounds are given (a target is one kind); or a minimum is
    /// above its maximum.
    /// </exception>
    public KpiTarget(
        string kpi, Func<TResult, decimal?> selector, decimal? minimum = null, decimal? maximum = null, decimal? minimumChange = null, decimal? maximumChange = null)
    {
        Kpi = Preconditions.CheckNotNullOrWhiteSpace(kpi);
        _selector = Preconditions.CheckNotNull(selector);
        var level = minimum is not null || maximum is not null;
        IsChange = minimumChange is not null || maximumChange is not null;
        if (level && IsChange)
        {
            throw new ArgumentException(
                $"The target for '{kpi}' bounds its level (minimum, maximum) or its change (minimumChange, maximumChange), not both: make two targets.", nameof(minimumChange));
        }

        if (!level && !IsChange)
        {
            throw new ArgumentException(
                $"The target for '{kpi}' needs a minimum or maximum (a level target) or a minimumChange or maximumChange (a change target); all were null.", nameof(minimum));
        }

        (Minimum, Maximum) = IsChange
            ? CheckBounds(kpi, minimumChange, maximumChange, nameof(minimumChange), nameof(maximumChange))
            : CheckBounds(kpi, minimum, maximum, nameof(minimum), nameof(maximum));
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
    public KpiTarget(
        string kpi, Func<TResult, decimal?> selector, Func<TResult, (long Successes, long Trials)> counts, decimal? minimumChange = null, decimal? maximumChange = null, double significanceLevel = 0.05)
    {
        Kpi = Preconditions.CheckNotNullOrWhiteSpace(kpi);
        _selector = Preconditions.CheckNotNull(selector);
        IsChange = true;
        (Minimum, Maximum) = CheckBounds(kpi, minimumChange, maximumChange, nameof(minimumChange), nameof(maximumChange));
        _counts = Preconditions.CheckNotNull(counts);
        if (!(significanceLevel > 0 && significanceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(significanceLevel), significanceLevel, $"significanceLevel must be strictly between 0 and 1 (0.05 for 5%); was {significanceLevel}.");
        }

        SignificanceLevel = significanceLevel;
    }

    /// <summary>The KPI's name.</summary>
    public string Kpi { get; }

    /// <summary>True for a change target (the bounds are of the relative change, checked by <see cref="Check(TResult, TResult)"/>); false for a level target (checked by <see cref="Check(TResult)"/>).</summary>
    public bool IsChange { get; }

    /// <summary>The inclusive lower bound (of the KPI's value, or of its relative change for a change target), or null.</summary>
    public decimal? Minimum { get; }

    /// <summary>The inclusive upper bound (of the KPI's value, or of its relative change for a change target), or null.</summary>
    public decimal? Maximum { get; }

    /// <summary>The significance level a change must reach before it alerts, or null when the target does not require significance (every level target).</summary>
    public double? SignificanceLevel { get; }

    /// <summary>Reads the KPI from a result and checks its level.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This is a change target: check it with <see cref="Check(TResult, TResult)"/>.</exception>
    public TargetCheck Check(TResult result)
    {
        if (IsChange)
        {
            throw new InvalidOperationException($"The target for '{Kpi}' is a change target: check it with Check(baseline, current).");
        }

        return TargetCheck.Of(Kpi, _selector(CheckResult(result)), Minimum, Maximum);
    }

    /// <summary>Reads the KPI from both results and checks its relative change.</summary>
    /// <param name="baseline">The earlier result.</param>
    /// <param name="current">The later result.</param>
    /// <returns>
    /// The check: its value is the relative change (current − baseline) / |baseline|, null (no data) when either value
    /// is undefined or the baseline is zero; it carries both values.
    /// </returns>
    /// <exception cref="ArgumentNullException">A result is null.</exception>
    /// <exception cref="InvalidOperationException">This is a level target: check it with <see cref="Check(TResult)"/>.</exception>
    public TargetCheck Check(TResult baseline, TResult current)
    {
        if (!IsChange)
        {
            throw new InvalidOperationException($"The target for '{Kpi}' is a level target: check it with Check(result).");
        }

        var before = _selector(CheckResult(baseline, nameof(baseline)));
        var now = _selector(CheckResult(current, nameof(current)));
        var check = TargetCheck.Of(Kpi, Ratio.Change(before, now), Minimum, Maximum, before, now, isChange: true);
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

    /// <summary>Returns the bounds, throwing unless there is one and the minimum is not above the maximum.</summary>
    private static (decimal? Minimum, decimal? Maximum) CheckBounds(string kpi, decimal? minimum, decimal? maximum, string minimumName, string maximumName)
    {
        if (minimum is null && maximum is null)
        {
            throw new ArgumentException($"The target for '{kpi}' needs a {minimumName}, a {maximumName} or both; both were null.", minimumName);
        }

        if (minimum > maximum)
        {
            throw new ArgumentException(
                $"The target for '{kpi}' has {minimumName} {minimum.Value.ToString(CultureInfo.InvariantCulture)} above {maximumName} {maximum.Value.ToString(CultureInfo.InvariantCulture)}.", minimumName);
        }

        return (minimum, maximum);
    }

    /// <summary>Returns a result, throwing when it is null.</summary>
    internal static TResult CheckResult(TResult result, string paramName = "result") =>
        result is null ? throw new ArgumentNullException(paramName, $"{paramName} must not be null.") : result;
}
