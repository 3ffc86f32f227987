using LeadMetrics.Calculators;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Finance;

/// <summary>
/// The running sums of one group of a money calculation: credited leads, customers and deals,
/// deal value, realized revenue (and the part of it from customers) and cost per category, all exact decimals in the calculation's
/// currency. Merging adds the sums, so it is associative and commutative.
/// </summary>
internal sealed class FinanceTally : ILeadCalculator<FinanceTally, FinanceResult>, ISerializableState
{
    private readonly FinanceOptions _options;
    private readonly MoneyConverter _converter;
    private decimal _leads;
    private decimal _customers;
    private decimal _deals;
    private decimal _dealValue;
    private decimal _revenue;
    private decimal _customerRevenue;
    private bool _customerRevenueUnknown;
    private decimal _media;
    private decimal _teamTime;
    private decimal _tooling;
    private decimal _other;

    internal FinanceTally(FinanceOptions options, MoneyConverter converter)
    {
        _options = options;
        _converter = converter;
    }

    /// <summary>Counts a lead of this group: one lead, one customer when won, its deal value when won.</summary>
    public void Add(in LeadRecord lead)
    {
        if (lead.Outcome != LeadOutcome.Won)
        {
            _leads += 1m;
            return;
        }

        // Convert before changing anything, so that a currency error leaves the tally as it was.
        var hasDeal = !lead.DealCurrency.IsDefault;
        var value = hasDeal ? _converter.ToTarget(lead.DealAmount, lead.DealCurrency, lead.ClosedTicks) : 0m;
        _leads += 1m;
        _customers += 1m;
        if (hasDeal)
        {
            _deals += 1m;
            _dealValue += value;
        }
    }

    /// <summary>Adds a share of a lead credited to this group by an attribution model.</summary>
    internal void AddCredit(decimal credit, bool won, bool hasDeal, decimal dealValuePart, decimal revenuePart)
    {
        _leads += credit;
        _revenue += revenuePart;
        if (won)
        {
            // A journey's realized revenue is an undated total: all of a won lead's counts as customer revenue.
            _customerRevenue += revenuePart;
            _customers += credit;
            if (hasDeal)
            {
                _deals += credit;
                _dealValue += dealValuePart;
            }
        }
    }

    /// <summary>
    /// Adds realized revenue, already in the calculation's currency: <paramref name="customer"/> when its lead was won
    /// and it is dated at or after the lead's creation, null when the lead's outcome is unknown (state of format version 2).
    /// </summary>
    internal void AddRevenue(decimal amount, bool? customer)
    {
        var customerPart = customer == true ? amount : 0m;
        var revenue = _revenue + amount; // both sums first, so that an overflow leaves the tally as it was
        var customerRevenue = _customerRevenue + customerPart;
        _revenue = revenue;
        _customerRevenue = customerRevenue;
        _customerRevenueUnknown |= customer is null;
    }

    /// <summary>Adds a cost, already in the calculation's currency.</summary>
    internal void AddCost(CostCategory category, decimal amount)
    {
        switch (category)
        {
            case CostCategory.Media:
                _media += amount;
                break;
            case CostCategory.TeamTime:
                _teamTime += amount;
                break;
            case CostCategory.Tooling:
                _tooling += amount;
                break;
            default:
                _other += amount;
                break;
        }
    }

    public void Merge(FinanceTally other)
    {
        _leads += other._leads;
        _customers += other._customers;
        _deals += other._deals;
        _dealValue += other._dealValue;
        _revenue += other._revenue;
        _customerRevenue += other._customerRevenue;
        _customerRevenueUnknown |= other._customerRevenueUnknown;
        _media += other._media;
        _teamTime += other._teamTime;
        _tooling += other._tooling;
        _other += other._other;
    }

    public FinanceResult Snapshot() =>
        new(_options, _leads, _customers, _deals, _dealValue, _revenue, _customerRevenueUnknown ? null : _customerRevenue, _media, _teamTime, _tooling, _other);

    public FinanceTally CreateEmpty() => new(_options, _converter);

    // The owning calculator writes the configuration; a group adds nothing to it.
    string ISerializableState.Configuration => "tally";

    void ISerializableState.WriteState(StateWriter writer)
    {
        foreach (var sum in (ReadOnlySpan<decimal>)[_leads, _customers, _deals, _dealValue, _revenue, _media, _teamTime, _tooling, _other])
        {
            writer.WriteDecimal(sum);
        }

        // Format version 3: the customer revenue and whether part of it is unknown (read from version 2 state).
        writer.WriteDecimal(_customerRevenue);
        writer.WriteBoolean(_customerRevenueUnknown);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        _leads = reader.ReadDecimal("leads");
        _customers = reader.ReadDecimal("customers");
        _deals = reader.ReadDecimal("deals");
        _dealValue = reader.ReadDecimal("dealValue");
        _revenue = reader.ReadDecimal("revenue");
        _media = reader.ReadDecimal("media");
        _teamTime = reader.ReadDecimal("teamTime");
        _tooling = reader.ReadDecimal("tooling");
        _other = reader.ReadDecimal("other");
        if (reader.Version >= 3)
        {
            _customerRevenue = reader.ReadDecimal("customerRevenue");
            _customerRevenueUnknown = reader.ReadBoolean("customerRevenueUnknown");
        }
        else
        {
            // Version 2 kept no lead outcome: how much of the group's revenue came from customers is not known.
            _customerRevenueUnknown = true;
        }

        // Credits are shares of leads: customers are some of the leads, deals some of the customers.
        if (_deals < 0m || _customers < _deals || _leads < _customers)
        {
            throw reader.Error($"a group has {_leads} leads, {_customers} customers and {_deals} deals, which no leads give");
        }
    }
}
