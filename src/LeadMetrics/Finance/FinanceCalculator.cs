using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Finance;

/// <summary>
/// Streams leads, costs and revenue into the money KPIs of every group of a grouping: cost per lead,
/// customer acquisition cost, conversion, deal value, realized revenue, return on investment and
/// return on ad spend, by source, campaign and period. Each lead is credited to its own source or
/// campaign; <see cref="Attribution.AttributionCalculator"/> credits touchpoints instead.
/// </summary>
/// <remarks>
/// <para><b>Where facts land.</b> A lead lands in the group of <see cref="LeadGrouping.KeyOf(in LeadRecord)"/>
/// (by default its creation period); its customer count and deal value land there too (a cohort
/// view). A cost lands in the groups of its source or campaign and of the periods its dates cover,
/// split pro rata by days with cumulative rounding to the currency's minor unit so that the parts
/// add up exactly to the cost. Revenue lands in its lead's group; revenue that arrives before its
/// lead waits and is joined at <see cref="Snapshot"/>, so the order of input does not matter.</para>
/// <para><b>Currencies.</b> Every amount is brought into <see cref="FinanceOptions.Currency"/>: as is,
/// through <see cref="FinanceOptions.ExchangeRates"/> at the fact's local date in the grouping's
/// zone, or else <see cref="CurrencyMismatchException"/> naming both codes. Sums are exact decimals;
/// overflow throws.</para>
/// <para><b>Groupings.</b> Costs know only a source, a campaign and dates: adding a cost to a
/// calculator grouped by owner, segment or hour of day throws <see cref="InvalidOperationException"/>.</para>
/// <para><b>Allocation.</b> Adding allocates only when a new group appears, when a lead key beyond
/// the lead table's capacity arrives (see <see cref="EnsureLeadCapacity"/>), or when revenue arrives
/// before its lead. Each lead may be added once.</para>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class FinanceCalculator : ILeadCalculator<FinanceCalculator, FinanceReport>, ICostSink, IRevenueSink, ISerializableCalculator, ISerializableState
{
    private readonly MoneyConverter _converter;
    private readonly GroupedCalculator<FinanceTally, FinanceResult> _groups;
    private readonly LeadTable<FinanceLead> _leads = new();
    private readonly PendingRevenueBuffer _pending = new();

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="grouping">How leads, costs and revenue are grouped.</param>
    /// <param name="options">The currency, exchange rates and cost categories.</param>
    public FinanceCalculator(LeadGrouping grouping, FinanceOptions options)
    {
        Grouping = Preconditions.CheckNotNull(grouping);
        Options = Preconditions.CheckNotNull(options);
        _converter = new MoneyConverter(options.Currency, options.ExchangeRates, grouping.Zone);
        _groups = new GroupedCalculator<FinanceTally, FinanceResult>(grouping, new FinanceTally(options, _converter));
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The options.</summary>
    public FinanceOptions Options { get; }

    /// <summary>Reserves room in the lead table for dense lead keys up to <paramref name="maxLeadKey"/>, so that adding those leads does not allocate.</summary>
    /// <param name="maxLeadKey">The largest lead key expected.</param>
    public void EnsureLeadCapacity(int maxLeadKey) => _leads.EnsureCapacity(Preconditions.CheckNonNegative(maxLeadKey) + 1);

    /// <summary>Adds a lead: one lead in its group, one customer and its deal value when won.</summary>
    /// <param name="lead">The lead.</param>
    /// <exception cref="ArgumentException">The lead was already added.</exception>
    /// <exception cref="CurrencyMismatchException">The deal value is in another currency and there is no exchange-rate function.</exception>
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        if (_leads.TryGet(lead.Lead, out _))
        {
            _leads.Add(lead.Lead, default); // throws the duplicate error
        }

        if (lead.Outcome == LeadOutcome.Won && !lead.DealCurrency.IsDefault)
        {
            _converter.CheckConvertible(lead.DealCurrency); // before any group is created
        }

        var tally = _groups.GetOrAdd(lead, out var key);
        tally.Add(lead);
        _leads.Add(lead.Lead, new FinanceLead(key, lead.CreatedTicks, lead.Outcome == LeadOutcome.Won ? FinanceLead.Won : FinanceLead.NotWon));
    }

    /// <summary>Adds a cost, split over the periods its dates cover.</summary>
    /// <param name="cost">The cost.</param>
    /// <exception cref="CurrencyMismatchException">The cost is in another currency and there is no exchange-rate function.</exception>
    /// <exception cref="InvalidOperationException">The grouping splits by owner, segment or hour of day, which a cost does not have.</exception>
    public void AddCost(in CostEvent cost)
    {
        var amount = _converter.ToTarget(cost.Amount, cost.From);
        CostAllocation.Allocate(_groups, cost, amount, Options.Currency.MinorUnitDigits);
    }

    /// <summary>
    /// Adds realized revenue of a lead: to <see cref="FinanceResult.RealizedRevenue"/>, and to
    /// <see cref="FinanceResult.CustomerRevenue"/> when the lead was won and the payment is dated at or after its creation.
    /// </summary>
    /// <param name="revenue">The revenue (negative for a refund).</param>
    /// <exception cref="CurrencyMismatchException">The revenue is in another currency and there is no exchange-rate function.</exception>
    public void AddRevenue(in RevenueEvent revenue)
    {
        var ticks = revenue.At.ToUnixTimeTicks();
        var amount = _converter.ToTarget(revenue.Amount.Amount, revenue.Amount.Currency, ticks);
        if (_leads.TryGet(revenue.Lead, out var lead))
        {
            _groups.GetOrAdd(lead.KeyIn(Grouping)).AddRevenue(amount, lead.IsCustomerPayment(ticks));
        }
        else
        {
            _pending.Add(new PendingRevenue(revenue.Lead, ticks, amount));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The grouping or options differ, or both hold the same lead.</exception>
    public void Merge(FinanceCalculator other)
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
    }

    /// <inheritdoc />
    public FinanceReport Snapshot()
    {
        ResolvePending();
        var grouped = _groups.Snapshot();
        return new FinanceReport(Grouping, Options, grouped.Groups, new Money(_pending.Sum(), Options.Currency), _pending.Count);
    }

    /// <inheritdoc />
    public FinanceCalculator CreateEmpty() => new(Grouping, Options);

    /// <inheritdoc />
    /// <remarks>The state holds lead keys (revenue joins its lead by key), so a fingerprint covers the lead ids too.</remarks>
    /// <exception cref="InvalidOperationException">A lead key (of a lead or of waiting revenue) is above 2^26, which <see cref="MergeSerialized(ReadOnlySpan{byte}, LeadEncoding?)"/> refuses.</exception>
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

    string ISerializableState.Configuration => "finance;" + Describe.Of(Grouping) + ";" + Options.CanonicalText();

    bool ISerializableState.HoldsLeadKeys => true;

    void ISerializableState.WriteState(StateWriter writer)
    {
        // Revenue whose lead is here is joined first (as Snapshot does), so that equal partials write equal bytes.
        ResolvePending();
        writer.WriteInt32(_leads.Count);
        for (var lead = 0; lead < _leads.KeyBound; lead++)
        {
            if (_leads.TryGet(lead, out var entry))
            {
                writer.WriteInt32(LeadTable<int>.CheckSerializable(lead));
                GroupKeyState.Write(writer, entry.KeyIn(Grouping));

                // Format version 3: the lead's creation and outcome, which classify its revenue as the customer's or not.
                writer.WriteInt64(entry.Created);
                writer.WriteInt32(entry.Outcome);
            }
        }

        ((ISerializableState)_groups).WriteState(writer);
        _pending.WriteState(writer);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        var count = reader.ReadCount("leads", reader.Version >= 3 ? 24 : 12);
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var lead = reader.ReadInt32($"leads[{i}].lead");
            if (lead <= previous || lead > LeadTable<int>.MaxSerializedKey)
            {
                throw reader.Error($"leads[{i}] has lead key {lead} after {previous}; keys are 1 to {LeadTable<int>.MaxSerializedKey}, ascending");
            }

            var key = GroupKeyState.Read(ref reader, Grouping, $"leads[{i}]");
            if (reader.Version >= 3)
            {
                var created = reader.ReadInt64($"leads[{i}].created");
                var outcome = reader.ReadInt32($"leads[{i}].outcome");
                if (created is < -FinanceLead.MaxCreatedTicks or > FinanceLead.MaxCreatedTicks)
                {
                    throw reader.Error($"leads[{i}] has creation {created} ticks, outside the instants a lead can have");
                }

                if (outcome is not (FinanceLead.NotWon or FinanceLead.Won or FinanceLead.Unknown))
                {
                    throw reader.Error($"leads[{i}] has outcome {outcome}; outcomes are 0 (not won), 1 (won) and 2 (unknown)");
                }

                _leads.Add(GroupKeyState.MapLead(ref reader, lead, $"leads[{i}].lead"), new FinanceLead(key, created, outcome));
            }
            else
            {
                // Version 2 kept the group only: whether revenue joined to this lead later is a customer's is not known.
                _leads.Add(GroupKeyState.MapLead(ref reader, lead, $"leads[{i}].lead"), new FinanceLead(key, 0, FinanceLead.Unknown));
            }

            previous = lead;
        }

        ((ISerializableState)_groups).ReadState(ref reader);
        _pending.ReadState(ref reader);
    }

    private void ResolvePending()
    {
        _pending.RemoveWhere(this, static (self, item) =>
        {
            if (!self._leads.TryGet(item.Lead, out var lead))
            {
                return false;
            }

            self._groups.GetOrAdd(lead.KeyIn(self.Grouping)).AddRevenue(item.Amount, lead.IsCustomerPayment(item.Ticks));
            return true;
        });
    }
}

/// <summary>
/// What the money calculator keeps per lead: its group, and its creation and outcome, which say whether a payment is a
/// customer's. The group is kept as its dimension id and period only (the dimension and the bucket are the
/// calculator's grouping's, the same for every lead); creation (Unix ticks: an Instant is under 2^59 in magnitude, an
/// entry holds up to 2^60) and the outcome (2 bits) share one long. So an entry is 16 bytes, as the bare
/// <see cref="GroupKey"/> (16 bytes) was before customer revenue: the table holds one per lead for every grouping.
/// </summary>
internal readonly struct FinanceLead
{
    internal const int NotWon = 0;
    internal const int Won = 1;
    internal const int Unknown = 2;

    /// <summary>The largest creation tick magnitude an entry holds (beyond <see cref="NodaTime.Instant"/>'s range).</summary>
    internal const long MaxCreatedTicks = (1L << 60) - 1;

    private readonly int _dimensionId;
    private readonly int _period;
    private readonly long _createdAndOutcome;

    internal FinanceLead(GroupKey key, long created, int outcome)
    {
        System.Diagnostics.Debug.Assert(created is >= -MaxCreatedTicks and <= MaxCreatedTicks && outcome is >= 0 and <= 3);
        _dimensionId = key.DimensionId;
        _period = key.Period;
        _createdAndOutcome = (created << 2) | (uint)outcome;
    }

    /// <summary>The lead's creation, Unix ticks.</summary>
    internal long Created => _createdAndOutcome >> 2;

    /// <summary><see cref="NotWon"/>, <see cref="Won"/> or <see cref="Unknown"/>.</summary>
    internal int Outcome => (int)(_createdAndOutcome & 3);

    /// <summary>The lead's group in <paramref name="grouping"/>, the grouping of the calculator that made the entry.</summary>
    internal GroupKey KeyIn(LeadGrouping grouping) => new(grouping.Dimension, _dimensionId, grouping.Bucket, _period);

    /// <summary>True when a payment at <paramref name="ticks"/> is customer revenue (won lead, at or after creation); null when the outcome is unknown.</summary>
    internal bool? IsCustomerPayment(long ticks) => Outcome == Unknown ? null : Outcome == Won && ticks >= Created;
}
