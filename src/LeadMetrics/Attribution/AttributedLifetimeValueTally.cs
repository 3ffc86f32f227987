using LeadMetrics.Calculators;
using LeadMetrics.Finance;
using LeadMetrics.Records;

namespace LeadMetrics.Attribution;

/// <summary>
/// The running sums of one group of an attributed lifetime-value calculation: credited customers,
/// credited customers observed through each month, and credited revenue by month since winning.
/// Merging adds everything.
/// </summary>
internal sealed class AttributedLifetimeValueTally : ILeadCalculator<AttributedLifetimeValueTally, AttributedLifetimeValueResult>
{
    private readonly LifetimeValueOptions _options;
    private readonly decimal[] _observed;
    private readonly decimal[] _revenue;
    private decimal _customers;
    private decimal _afterHorizon;
    private decimal _incomplete;

    internal AttributedLifetimeValueTally(LifetimeValueOptions options)
    {
        _options = options;
        _observed = new decimal[options.HorizonMonths];
        _revenue = new decimal[options.HorizonMonths];
    }

    /// <summary>Not used: customers arrive with their credit through <see cref="AddCustomer"/>.</summary>
    public void Add(in LeadRecord lead) =>
        throw new NotSupportedException("An attributed lifetime-value group takes credited customers, not lead records.");

    /// <summary>Counts <paramref name="credit"/> of a customer, observed through its first <paramref name="observedMonths"/> months.</summary>
    internal void AddCustomer(decimal credit, int observedMonths)
    {
        _customers += credit;
        for (var m = 0; m < observedMonths; m++)
        {
            _observed[m] += credit;
        }
    }

    /// <summary>Adds credited revenue in month <paramref name="month"/> (clamped to 0 before winning).</summary>
    internal void AddRevenue(int month, bool observed, decimal amount)
    {
        if (month >= _revenue.Length)
        {
            _afterHorizon += amount;
        }
        else if (!observed)
        {
            _incomplete += amount;
        }
        else
        {
            _revenue[Math.Max(month, 0)] += amount;
        }
    }

    public void Merge(AttributedLifetimeValueTally other)
    {
        _customers += other._customers;
        _afterHorizon += other._afterHorizon;
        _incomplete += other._incomplete;
        for (var m = 0; m < _revenue.Length; m++)
        {
            _observed[m] += other._observed[m];
            _revenue[m] += other._revenue[m];
        }
    }

    public AttributedLifetimeValueResult Snapshot() => new(_options, _customers, [.. _observed], [.. _revenue], _afterHorizon, _incomplete);

    public AttributedLifetimeValueTally CreateEmpty() => new(_options);
}
