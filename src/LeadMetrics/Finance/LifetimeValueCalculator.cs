using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Finance;

/// <summary>
/// Streams leads and revenue into realized lifetime value: revenue per customer by month since
/// winning, as a cumulative curve over a horizon, by source, campaign, owner, segment and cohort.
/// </summary>
/// <remarks>
/// <para>Customers are won leads, placed in the group of <see cref="LeadGrouping.KeyOf(in LeadRecord)"/>.
/// For cohorts by month won, group by <c>new LeadGrouping(GroupDimension.None, TimeBucket.Month, zone, PeriodInstant.Closed)</c>;
/// for lifetime value by source, by <see cref="LeadGrouping.BySource"/>.</para>
/// <para>Revenue is joined to its lead by key and placed in month <c>m</c> since winning (local
/// dates in the grouping's zone; see <see cref="LifetimeValueResult"/>). Revenue arriving before its
/// lead waits and is joined at <see cref="Snapshot"/>, so input order does not matter. Revenue of a
/// lead that was not won counts as <see cref="LifetimeValueReport.NonCustomerRevenue"/>.</para>
/// <para>Adding allocates only for a new group, a lead key beyond the table's capacity
/// (<see cref="EnsureLeadCapacity"/>) or revenue that precedes its lead. Each lead may be added once.</para>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class LifetimeValueCalculator : ILeadCalculator<LifetimeValueCalculator, LifetimeValueReport>, IRevenueSink, ISerializableCalculator, ISerializableState
{
    private readonly MoneyConverter _converter;
    private readonly GroupedCalculator<LifetimeValueTally, LifetimeValueResult> _groups;
    private readonly LeadTable<Customer> _leads = new();
    private readonly PendingRevenueBuffer _pending = new();
    private decimal _nonCustomerRevenue;

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="grouping">How customers are grouped.</param>
    /// <param name="options">The currency, horizon and observation date.</param>
    public LifetimeValueCalculator(LeadGrouping grouping, LifetimeValueOptions options)
    {
        Grouping = Preconditions.CheckNotNull(grouping);
        Options = Preconditions.CheckNotNull(options);
        _converter = new MoneyConverter(options.Currency, options.ExchangeRates, grouping.Zone);
        _groups = new GroupedCalculator<LifetimeValueTally, LifetimeValueResult>(grouping, new LifetimeValueTally(options, _converter));
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>Reserves room in the lead table for dense lead keys up to <paramref name="maxLeadKey"/>.</summary>
    /// <param name="maxLeadKey">The largest lead key expected.</param>
    public void EnsureLeadCapacity(int maxLeadKey) => _leads.EnsureCapacity(Preconditions.CheckNonNegative(maxLeadKey) + 1);

    /// <summary>Adds a lead; a won lead becomes a customer of its group.</summary>
    /// <param name="lead">The lead.</param>
    /// <exception cref="ArgumentException">The lead was already added.</exception>
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        if (_leads.TryGet(lead.Lead, out _))
        {
            _leads.Add(lead.Lead, default); // throws the duplicate error
        }

        if (lead.Outcome != LeadOutcome.Won)
        {
            _leads.Add(lead.Lead, default);
            return;
        }

        var tally = _groups.GetOrAdd(lead, out var key);
        tally.Add(lead);
        _leads.Add(lead.Lead, new Customer(key, _converter.LocalDayOf(lead.ClosedTicks), true));
    }

    /// <summary>Adds realized revenue of a lead.</summary>
    /// <param name="revenue">The revenue (negative for a refund).</param>
    /// <exception cref="CurrencyMismatchException">The revenue is in another currency and there is no exchange-rate function.</exception>
    public void AddRevenue(in RevenueEvent revenue)
    {
        var ticks = revenue.At.ToUnixTimeTicks();
        var amount = _converter.ToTarget(revenue.Amount.Amount, revenue.Amount.Currency, ticks);
        if (!TryApply(revenue.Lead, ticks, amount))
        {
            _pending.Add(new PendingRevenue(revenue.Lead, ticks, amount));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The grouping or options differ, or both hold the same lead.</exception>
    public void Merge(LifetimeValueCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Grouping.Equals(other.Grouping) || !Options.Equals(other.Options))
        {
            throw new ArgumentException(
                $"other has grouping {other.Grouping} and options {other.Options}; this has grouping {Grouping} and options {Options}. Only equal configurations merge.", nameof(other));
        }

        _leads.AddAll(other._leads);
        _groups.Merge(other._groups);
        _pending.AddAll(other._pending);
        _nonCustomerRevenue += other._nonCustomerRevenue;
    }

    /// <inheritdoc />
    public LifetimeValueReport Snapshot()
    {
        _pending.RemoveWhere(this, static (self, item) => self.TryApply(item.Lead, item.Ticks, item.Amount));
        var currency = Options.Currency;
        return new LifetimeValueReport(
            Grouping,
            Options,
            _groups.Snapshot().Groups,
            new Money(_nonCustomerRevenue, currency),
            new Money(_pending.Sum(), currency),
            _pending.Count);
    }

    /// <inheritdoc />
    public LifetimeValueCalculator CreateEmpty() => new(Grouping, Options);

    /// <inheritdoc />
    /// <remarks>The state holds lead keys (revenue joins its lead by key), so a fingerprint covers the lead ids too.</remarks>
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other));

    /// <summary>
    /// Merges serialized state whose labels of one dimension fold (<see cref="LabelFold"/>): each lead's group and the
    /// groups' sums are read with the target labels, the groups of one target merged (see <see cref="GroupedCalculator{TCalculator, TResult}"/>'s).
    /// </summary>
    internal void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding encoding, LabelFold fold) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other), fold);

    string ISerializableState.Configuration => "lifetimeValue;" + Describe.Of(Grouping) + ";" + Options.CanonicalText();

    bool ISerializableState.HoldsLeadKeys => true;

    void ISerializableState.WriteState(StateWriter writer)
    {
        // Revenue whose lead is here is joined first (as Snapshot does), so that equal partials write equal bytes.
        _pending.RemoveWhere(this, static (self, item) => self.TryApply(item.Lead, item.Ticks, item.Amount));
        writer.WriteInt32(_leads.Count);
        for (var lead = 0; lead < _leads.KeyBound; lead++)
        {
            if (_leads.TryGet(lead, out var customer))
            {
                writer.WriteInt32(LeadTable<int>.CheckSerializable(lead));
                writer.WriteBoolean(customer.IsCustomer);
                if (customer.IsCustomer)
                {
                    GroupKeyState.Write(writer, customer.Key);
                    writer.WriteInt32(customer.WonDay);
                }
            }
        }

        ((ISerializableState)_groups).WriteState(writer);
        _pending.WriteState(writer);
        writer.WriteDecimal(_nonCustomerRevenue);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        var count = reader.ReadCount("leads", 5);
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var lead = reader.ReadInt32($"leads[{i}].lead");
            if (lead <= previous || lead > LeadTable<int>.MaxSerializedKey)
            {
                throw reader.Error($"leads[{i}] has lead key {lead} after {previous}; keys are 1 to {LeadTable<int>.MaxSerializedKey}, ascending");
            }

            var customer = reader.ReadBoolean($"leads[{i}].isCustomer")
                ? new Customer(GroupKeyState.Read(ref reader, Grouping, $"leads[{i}]"), ReadDay(ref reader, $"leads[{i}].wonDay"), true)
                : default;
            _leads.Add(GroupKeyState.MapLead(ref reader, lead, $"leads[{i}].lead"), customer);
            previous = lead;
        }

        ((ISerializableState)_groups).ReadState(ref reader);
        _pending.ReadState(ref reader);
        _nonCustomerRevenue = reader.ReadDecimal("nonCustomerRevenue");
    }

    // A local day (days since 1970-01-01) that a LocalDate can hold.
    internal static int ReadDay(ref StateReader reader, string field)
    {
        var day = reader.ReadInt32(field);
        return day is >= -2_900_000 and <= 2_900_000 ? day : throw reader.Error($"{field} is day {day}, outside the dates a lead can have");
    }

    private bool TryApply(int lead, long ticks, decimal amount)
    {
        if (!_leads.TryGet(lead, out var customer))
        {
            return false;
        }

        if (!customer.IsCustomer)
        {
            _nonCustomerRevenue += amount;
            return true;
        }

        var month = CustomerMonths.MonthIndex(Periods.DateOf(customer.WonDay), _converter.LocalDateOf(ticks));
        var observed = Math.Max(month, 0) < CustomerMonths.ObservedMonths(customer.WonDay, Options.ObservedUntil, Options.HorizonMonths);
        _groups.GetOrAdd(customer.Key).AddRevenue(month, observed, amount);
        return true;
    }

    private readonly record struct Customer(GroupKey Key, int WonDay, bool IsCustomer);
}
