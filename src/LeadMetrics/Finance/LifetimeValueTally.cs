using LeadMetrics.Calculators;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Finance;

/// <summary>
/// The running sums of one group of a lifetime-value calculation: customers, customers observed
/// through each month, and revenue by month since winning. Merging adds everything.
/// </summary>
internal sealed class LifetimeValueTally : ILeadCalculator<LifetimeValueTally, LifetimeValueResult>, ISerializableState
{
    private readonly LifetimeValueOptions _options;
    private readonly MoneyConverter _converter;
    private readonly int[] _observed;
    private readonly decimal[] _revenue;
    private int _customers;
    private decimal _afterHorizon;
    private decimal _incomplete;

    internal LifetimeValueTally(LifetimeValueOptions options, MoneyConverter converter)
    {
        _options = options;
        _converter = converter;
        _observed = new int[options.HorizonMonths];
        _revenue = new decimal[options.HorizonMonths];
    }

    /// <summary>Counts a won lead as a customer, observed through the months that have ended.</summary>
    public void Add(in LeadRecord lead)
    {
        var wonDay = _converter.LocalDayOf(lead.ClosedTicks);
        var months = CustomerMonths.ObservedMonths(wonDay, _options.ObservedUntil, _options.HorizonMonths);
        _customers++;
        for (var m = 0; m < months; m++)
        {
            _observed[m]++;
        }
    }

    /// <summary>Adds revenue of a customer in month <paramref name="month"/> (clamped to 0 before winning).</summary>
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

    public void Merge(LifetimeValueTally other)
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

    public LifetimeValueResult Snapshot() => new(_options, _customers, [.. _observed.Select(static o => (decimal)o)], [.. _revenue], _afterHorizon, _incomplete);

    public LifetimeValueTally CreateEmpty() => new(_options, _converter);

    // The owning calculator writes the configuration (the horizon sizes the arrays).
    string ISerializableState.Configuration => "tally";

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt32(_customers);
        writer.WriteDecimal(_afterHorizon);
        writer.WriteDecimal(_incomplete);
        for (var m = 0; m < _revenue.Length; m++)
        {
            writer.WriteInt32(_observed[m]);
            writer.WriteDecimal(_revenue[m]);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _customers = reader.ReadCount32("customers");
        _afterHorizon = reader.ReadDecimal("afterHorizon");
        _incomplete = reader.ReadDecimal("incomplete");
        for (var m = 0; m < _revenue.Length; m++)
        {
            // A customer observed in a month was observed in every month before it.
            _observed[m] = reader.ReadCount32($"observed[{m}]");
            if (_observed[m] > (m == 0 ? _customers : _observed[m - 1]))
            {
                throw reader.Error($"observed[{m}] is {_observed[m]}, more than the customers observed a month earlier");
            }

            _revenue[m] = reader.ReadDecimal($"revenue[{m}]");
        }
    }
}
