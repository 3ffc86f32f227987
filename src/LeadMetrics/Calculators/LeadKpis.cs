namespace LeadMetrics.Calculators;

/// <summary>
/// Every lead KPI of one group: funnel and conversion, response time, time to conversion, sales cycle and won value.
/// Immutable, with value equality.
/// </summary>
public sealed class LeadKpis
{
    internal LeadKpis(
        FunnelResult funnel, ResponseTimeResult responseTime, TimeToConversionResult timeToConversion, SalesCycleResult salesCycle, Money wonValue, Money? averageDealValue)
    {
        Funnel = funnel;
        ResponseTime = responseTime;
        TimeToConversion = timeToConversion;
        SalesCycle = salesCycle;
        WonValue = wonValue;
        AverageDealValue = averageDealValue;
    }

    /// <summary>Volume, reach per stage, conversion, drop-off, win rate.</summary>
    public FunnelResult Funnel { get; }

    /// <summary>Response-time distribution and shares within target.</summary>
    public ResponseTimeResult ResponseTime { get; }

    /// <summary>Creation-to-won distribution and stage velocity.</summary>
    public TimeToConversionResult TimeToConversion { get; }

    /// <summary>Cycle lengths, won and lost.</summary>
    public SalesCycleResult SalesCycle { get; }

    /// <summary>The sum of won leads' deal values (exact).</summary>
    public Money WonValue { get; }

    /// <summary>WonValue divided by won leads with a deal value; null when there are none.</summary>
    public Money? AverageDealValue { get; }

    /// <summary>The number of leads.</summary>
    public long Leads => Funnel.Leads;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(LeadKpis? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (object.Equals(Funnel, other.Funnel) &&
             object.Equals(ResponseTime, other.ResponseTime) &&
             object.Equals(TimeToConversion, other.TimeToConversion) &&
             object.Equals(SalesCycle, other.SalesCycle) &&
             WonValue == other.WonValue &&
             AverageDealValue == other.AverageDealValue));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LeadKpis);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Funnel);
        hash.Add(ResponseTime);
        hash.Add(TimeToConversion);
        hash.Add(SalesCycle);
        hash.Add(WonValue);
        hash.Add(AverageDealValue);
        return hash.ToHashCode();
    }

    /// <summary>The funnel counts and rates with the won value (the distributions are in each part's own text).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Funnel}; won value {WonValue}, average deal {ValueEquality.Show(AverageDealValue)}";
}
