namespace LeadMetrics.Calculators;

/// <summary>
/// All lead KPIs of one group in one pass: funnel and conversion (volume included), response time,
/// time to conversion with stage velocity, sales cycle, and won deal value.
/// </summary>
public sealed class LeadKpiCalculator : ILeadCalculator<LeadKpiCalculator, LeadKpis>
{
    private readonly FunnelCalculator _funnel;
    private readonly ResponseTimeCalculator _response;
    private readonly TimeToConversionCalculator _conversion;
    private readonly SalesCycleCalculator _cycle;
    private decimal _wonValue;
    private long _wonWithValue;

    /// <summary>Creates a calculator.</summary>
    /// <param name="options">The options; <see cref="KpiOptions.Default"/> when null.</param>
    public LeadKpiCalculator(KpiOptions? options = null)
    {
        Options = options ?? KpiOptions.Default;
        _funnel = new FunnelCalculator(Options.Pipeline);
        _response = new ResponseTimeCalculator(Options.ResponseTime);
        _conversion = new TimeToConversionCalculator(Options.Pipeline, Options.Distribution);
        _cycle = new SalesCycleCalculator(Options.Pipeline, Options.SalesCycleStart, Options.Distribution);
    }

    /// <summary>The options.</summary>
    public KpiOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="CurrencyMismatchException">A won lead's deal value is not in <see cref="KpiOptions.Currency"/>.</exception>
    public void Add(in LeadRecord lead)
    {
        // Check before changing anything: a rejected lead leaves the calculator as it was.
        var hasValue = lead.Outcome == LeadOutcome.Won && !lead.DealCurrency.IsDefault;
        if (hasValue && lead.DealCurrency != Options.Currency)
        {
            throw new CurrencyMismatchException(Options.Currency, lead.DealCurrency);
        }

        _conversion.Add(lead);
        _funnel.Add(lead);
        _response.Add(lead);
        _cycle.Add(lead);
        if (hasValue)
        {
            _wonValue += lead.DealAmount;
            _wonWithValue++;
        }
    }

    /// <inheritdoc />
    public void Merge(LeadKpiCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!ReferenceEquals(other.Options, Options))
        {
            throw new ArgumentException("other was created with different options; only calculators sharing one KpiOptions instance merge.", nameof(other));
        }

        _funnel.Merge(other._funnel);
        _response.Merge(other._response);
        _conversion.Merge(other._conversion);
        _cycle.Merge(other._cycle);
        _wonValue += other._wonValue;
        _wonWithValue += other._wonWithValue;
    }

    /// <inheritdoc />
    public LeadKpis Snapshot() => new(
        _funnel.Snapshot(),
        _response.Snapshot(),
        _conversion.Snapshot(),
        _cycle.Snapshot(),
        new Money(_wonValue, Options.Currency),
        _wonWithValue == 0 ? null : new Money(_wonValue / _wonWithValue, Options.Currency));

    /// <inheritdoc />
    public LeadKpiCalculator CreateEmpty() => new(Options);
}
