namespace LeadMetrics.Calculators;

/// <summary>Every lead KPI of one group: funnel and conversion, response time, time to conversion, sales cycle and won value.</summary>
/// <param name="Funnel">Volume, reach per stage, conversion, drop-off, win rate.</param>
/// <param name="ResponseTime">Response-time distribution and shares within target.</param>
/// <param name="TimeToConversion">Creation-to-won distribution and stage velocity.</param>
/// <param name="SalesCycle">Cycle lengths, won and lost.</param>
/// <param name="WonValue">The sum of won leads' deal values (exact).</param>
/// <param name="AverageDealValue">WonValue divided by won leads with a deal value; null when there are none.</param>
public sealed record LeadKpis(
    FunnelResult Funnel, ResponseTimeResult ResponseTime, TimeToConversionResult TimeToConversion, SalesCycleResult SalesCycle, Money WonValue, Money? AverageDealValue)
{
    /// <summary>The number of leads.</summary>
    public long Leads => Funnel.Leads;
}
