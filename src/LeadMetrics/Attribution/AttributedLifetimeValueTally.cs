using LeadMetrics.Calculators;
using LeadMetrics.Finance;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Attribution;

/// <summary>
/// The running sums of one group of an attributed lifetime-value calculation: credited customers,
/// credited customers observed through each month, and credited revenue by month since winning.
/// Merging adds everything.
/// </summary>
internal sealed class AttributedLifetimeValueTally : ILeadCalculator<AttributedLifetimeValueTally, LifetimeValueResult>, ISerializableState
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

    public LifetimeValueResult Snapshot() => new(_options, _customers, [.. _observed], [.. _revenue], _afterHorizon, _incomplete);

    public AttributedLifetimeValueTally CreateEmpty() => new(_options);

    // The owning calculator writes the configuration (the horizon sizes the arrays).
    string ISerializableState.Configuration => "tally";

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteDecimal(_customers);
        writer.WriteDecimal(_afterHorizon);
        writer.WriteDecimal(_incomplete);
        for (var m = 0; m < _revenue.Length; m++)
        {
            writer.WriteDecimal(_observed[m]);
            writer.WriteDecimal(_revenue[m]);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _customers = reader.ReadDecimal("customers");
        _afterHorizon = reader.ReadDecimal("afterHorizon");
        _incomplete = reader.ReadDecimal("incomplete");
        if (_customers < 0m)
        {
            throw reader.Error($"customers is {_customers}, a negative credit");
        }

        for (var m = 0; m < _revenue.Length; m++)
        {
            // A customer observed in a month was observed in every month before it.
            _observed[m] = reader.ReadDecimal($"observed[{m}]");
            if (_observed[m] < 0m || _observed[m] > (m == 0 ? _customers : _observed[m - 1]))
            {
                throw reader.Error($"observed[{m}] is {_observed[m]}, negative or more than the customers observed a month earlier");
            }

            _revenue[m] = reader.ReadDecimal($"revenue[{m}]");
        }
    }
}
