using System.Globalization;

namespace LeadMetrics.Targets;

/// <summary>
/// A measurable target for one KPI of a result: a name, how to read the KPI from the result, and an inclusive minimum
/// and/or maximum. Immutable.
/// </summary>
/// <typeparam name="TResult">The result the KPI is read from, such as <see cref="Calculators.LeadKpis"/> or <see cref="Finance.FinanceResult"/>.</typeparam>
/// <example>
/// <code>
/// var winRate = new KpiTarget&lt;LeadKpis&gt;("win rate", k =&gt; k.Funnel.WinRate, minimum: 0.25m);
/// var answered = new KpiTarget&lt;LeadKpis&gt;("answered within 5 min", k =&gt; k.ResponseTime.WithinTarget[0].Share, minimum: 0.5m);
/// </code>
/// </example>
public sealed class KpiTarget<TResult>
{
    private readonly Func<TResult, decimal?> _selector;

    /// <summary>Creates a target.</summary>
    /// <param name="kpi">The KPI's name, as alerts show it.</param>
    /// <param name="selector">Reads the KPI from a result (a pure function); null means undefined (no data). Durations: read them in a unit, such as <c>(decimal?)d?.TotalMinutes</c>.</param>
    /// <param name="minimum">The inclusive lower bound, or null.</param>
    /// <param name="maximum">The inclusive upper bound, or null.</param>
    /// <exception cref="ArgumentException">The name is empty, there is no bound, or the minimum is above the maximum.</exception>
    public KpiTarget(string kpi, Func<TResult, decimal?> selector, decimal? minimum = null, decimal? maximum = null)
    {
        Kpi = Preconditions.CheckNotNullOrWhiteSpace(kpi);
        _selector = Preconditions.CheckNotNull(selector);
        CheckBounds(kpi, minimum, maximum);
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The KPI's name.</summary>
    public string Kpi { get; }

    /// <summary>The inclusive lower bound, or null.</summary>
    public decimal? Minimum { get; }

    /// <summary>The inclusive upper bound, or null.</summary>
    public decimal? Maximum { get; }

    /// <summary>Reads the KPI from a result and checks it.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public TargetCheck Check(TResult result) => TargetCheck.Of(Kpi, _selector(CheckResult(result)), Minimum, Maximum);

    /// <summary>Throws unless there is a bound and the minimum is not above the maximum.</summary>
    internal static void CheckBounds(string kpi, decimal? minimum, decimal? maximum, string minimumName = "minimum", string maximumName = "maximum")
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
    }

    /// <summary>Returns a result, throwing when it is null.</summary>
    internal static TResult CheckResult(TResult result, string paramName = "result") =>
        result is null ? throw new ArgumentNullException(paramName, $"{paramName} must not be null.") : result;
}
