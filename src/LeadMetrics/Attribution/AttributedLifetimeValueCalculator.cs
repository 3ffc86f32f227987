using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Attribution;

/// <summary>
/// Streams lead journeys and revenue into realized lifetime value by channel (or campaign, or acting
/// rep) under an <see cref="AttributionModel"/>: each customer's revenue by month since winning is
/// credited to its touchpoints with the lead's credits, and so is the customer.
/// </summary>
/// <remarks>
/// <para><b>Credits.</b> A won lead's touchpoints are selected and credited exactly as by
/// <see cref="AttributionCalculator"/> (same models, lookback and rounding rule: credits sum to exactly
/// 1). The lead counts as <c>credit_i</c> of a customer in touchpoint i's group; a won lead with no
/// touchpoint that counts is credited whole to id 0, "(none)". Touchpoints with zero credit are not kept.</para>
/// <para><b>Revenue.</b> Each <see cref="RevenueEvent"/> of a customer is split over its credited
/// touchpoints by cumulative rounding to the currency's minor unit (the last part the exact
/// remainder), so the parts over all groups add up exactly to the revenue, and placed in the month
/// since winning as in <see cref="LifetimeValueCalculator"/> (horizon, observation, local dates in the
/// grouping's zone). Lifetime value per customer of a group is then credited revenue / credited customers.</para>
/// <para><b>Groups.</b> The grouping's dimension picks what a touchpoint is credited to: <see cref="GroupDimension.Source"/>
/// its channel, <see cref="GroupDimension.Campaign"/> its campaign, <see cref="GroupDimension.Owner"/> its
/// acting rep, <see cref="GroupDimension.None"/> one total; <see cref="GroupDimension.Segment"/> is rejected.
/// A time bucket splits by the lead's period (<see cref="LeadGrouping.PeriodOf"/>; <see cref="PeriodInstant.Closed"/> for cohorts by month won).</para>
/// <para><b>Order and allocation.</b> Revenue arriving before its lead waits and is joined at
/// <see cref="Snapshot"/>. The calculator keeps, per lead, its win date and credited touchpoints;
/// adding allocates only for a new group, a lead key or credited touchpoint beyond the reserved
/// capacity (<see cref="EnsureLeadCapacity"/>), a journey longer than any before, or revenue that
/// precedes its lead. Each lead may be added once.</para>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class AttributedLifetimeValueCalculator : IJourneySink, IRevenueSink, ISerializableCalculator, ISerializableState
{
    private readonly MoneyConverter _converter;
    private readonly ZoneOffsetCache _offsets;
    private readonly GroupedCalculator<AttributedLifetimeValueTally, LifetimeValueResult> _groups;
    private readonly LeadTable<Customer> _leads = new();
    private readonly PendingRevenueBuffer _pending = new();
    private TouchpointEvent[] _touches = new TouchpointEvent[16];
    private decimal[] _credits = new decimal[16];
    private GroupKey[] _creditKeys = new GroupKey[16];
    private decimal[] _creditUpTo = new decimal[16];
    private int _creditCount;
    private decimal _nonCustomerRevenue;

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="grouping">How credits are grouped (see remarks).</param>
    /// <param name="attribution">The model.</param>
    /// <param name="options">The currency, horizon and observation date.</param>
    /// <exception cref="ArgumentException">The grouping splits by segment.</exception>
    public AttributedLifetimeValueCalculator(LeadGrouping grouping, AttributionOptions attribution, LifetimeValueOptions options)
    {
        Grouping = Preconditions.CheckNotNull(grouping);
        if (grouping.Dimension == GroupDimension.Segment)
        {
            throw new ArgumentException($"grouping {grouping} splits by segment, which a touchpoint does not have; group by source (channel), campaign, owner (actor) or none.", nameof(grouping));
        }

        Attribution = Preconditions.CheckNotNull(attribution);
        Options = Preconditions.CheckNotNull(options);
        _converter = new MoneyConverter(options.Currency, options.ExchangeRates, grouping.Zone);
        _offsets = new ZoneOffsetCache(grouping.Zone);
        _groups = new GroupedCalculator<AttributedLifetimeValueTally, LifetimeValueResult>(grouping, new AttributedLifetimeValueTally(options));
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The attribution model and its parameters.</summary>
    public AttributionOptions Attribution { get; }

    /// <summary>The lifetime-value options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>Reserves room for dense lead keys up to <paramref name="maxLeadKey"/> and for <paramref name="creditedTouchpoints"/> credited touchpoints in all.</summary>
    /// <param name="maxLeadKey">The largest lead key expected.</param>
    /// <param name="creditedTouchpoints">The number of credited touchpoints expected over all customers (at most one per touchpoint, one for a customer without any).</param>
    public void EnsureLeadCapacity(int maxLeadKey, int creditedTouchpoints = 0)
    {
        _leads.EnsureCapacity(Preconditions.CheckNonNegative(maxLeadKey) + 1);
        EnsureCreditCapacity(Preconditions.CheckNonNegative(creditedTouchpoints));
    }

    /// <summary>Adds a lead's journey.</summary>
    /// <param name="journey">The lead and its touchpoints; revenue comes dated through <see cref="AddRevenue"/>.</param>
    /// <exception cref="ArgumentException">The journey carries a realized revenue total (it has no dates; add <see cref="RevenueEvent"/>s instead), a touchpoint names another lead, or the lead was already added.</exception>
    public void Add(in LeadJourney journey)
    {
        if (journey.RealizedRevenue is not null)
        {
            throw new ArgumentException(
                $"journey of lead {journey.Lead.Lead} carries a realized revenue total, which has no dates to place in months since winning; add the lead's RevenueEvents with AddRevenue instead.", nameof(journey));
        }

        Add(journey.Lead, journey.Touchpoints.Span);
    }

    /// <summary>Adds a lead with its touchpoints; a won lead becomes a customer, credited to its touchpoints.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">Every touchpoint of the lead, in any order; those outside the lookback window or after the lead closed are not credited.</param>
    /// <exception cref="ArgumentException">A touchpoint names another lead, or the lead was already added.</exception>
    public void Add(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touchpoints)
    {
        RecordChecks.CheckRecord(lead);
        if (_leads.TryGet(lead.Lead, out _))
        {
            _leads.Add(lead.Lead, default); // throws the duplicate error
        }

        if (touchpoints.Length > _touches.Length)
        {
            var size = Math.Max(touchpoints.Length, _touches.Length * 2);
            _touches = new TouchpointEvent[size];
            _credits = new decimal[size];
        }

        var n = JourneyCredits.Select(lead, touchpoints, _touches, Attribution);
        if (lead.Outcome != LeadOutcome.Won)
        {
            _leads.Add(lead.Lead, default);
            return;
        }

        var wonDay = _converter.LocalDayOf(lead.ClosedTicks);
        var observedMonths = CustomerMonths.ObservedMonths(wonDay, Options.ObservedUntil, Options.HorizonMonths);
        var period = AttributionCalculator.PeriodOf(Grouping, _offsets, lead);
        EnsureCreditCapacity(_creditCount + Math.Max(n, 1));
        var start = _creditCount;
        if (n == 0)
        {
            AddCredit(KeyOf(0, period), 1m, 1m, observedMonths);
        }
        else
        {
            var touches = _touches.AsSpan(0, n);
            var credits = _credits.AsSpan(0, n);
            JourneyCredits.Compute(lead, touches, credits, Attribution);
            var cumulative = 0m;
            for (var i = 0; i < n; i++)
            {
                if (credits[i] == 0m)
                {
                    continue;
                }

                cumulative += credits[i];
                AddCredit(KeyOf(AttributionCalculator.DimensionIdOf(Grouping.Dimension, touches[i]), period), credits[i], cumulative, observedMonths);
            }
        }

        _leads.Add(lead.Lead, new Customer(wonDay, start, _creditCount - start, true));
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

    /// <summary>Adds another partial result of the same configuration and disjoint leads into this one (associative and commutative).</summary>
    /// <param name="other">The other calculator; it is not changed.</param>
    /// <exception cref="ArgumentException">The configurations differ, or both hold the same lead.</exception>
    public void Merge(AttributedLifetimeValueCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Grouping.Equals(other.Grouping) || !Attribution.SameAs(other.Attribution) || !Options.Equals(other.Options))
        {
            throw new ArgumentException(
                $"other has grouping {other.Grouping}, model {other.Attribution.Model} and options {other.Options}; this has {Grouping}, {Attribution.Model} and {Options}. Only equal configurations merge.", nameof(other));
        }

        var offset = _creditCount;
        _leads.AddAll(other._leads, offset, static (shift, customer) => customer with { Start = customer.Start + shift });
        EnsureCreditCapacity(_creditCount + other._creditCount);
        Array.Copy(other._creditKeys, 0, _creditKeys, offset, other._creditCount);
        Array.Copy(other._creditUpTo, 0, _creditUpTo, offset, other._creditCount);
        _creditCount += other._creditCount;
        _groups.Merge(other._groups);
        _pending.AddAll(other._pending);
        _nonCustomerRevenue += other._nonCustomerRevenue;
    }

    /// <summary>Joins waiting revenue to leads added since, and returns an immutable snapshot.</summary>
    /// <returns>The report: the plain lifetime-value report, with credited customers (<see cref="LifetimeValueResult.Customers"/>, possibly fractional) and credited revenue in each group; the model is <see cref="Attribution"/>.</returns>
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

    /// <summary>Creates an empty calculator with the same configuration.</summary>
    /// <returns>The new calculator.</returns>
    public AttributedLifetimeValueCalculator CreateEmpty() => new(Grouping, Attribution, Options);

    /// <inheritdoc />
    /// <remarks>The state holds lead keys (revenue joins its lead by key), so a fingerprint covers the lead ids too.</remarks>
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "attributedLifetimeValue;" + Describe.Of(Grouping) + ";" + Attribution.CanonicalText() + ";" + Options.CanonicalText();

    bool ISerializableState.HoldsLeadKeys => true;

    void ISerializableState.WriteState(StateWriter writer)
    {
        // Revenue whose lead is here is joined first (as Snapshot does); each customer's credits follow it, in lead
        // order, so that equal partials write equal bytes whatever order their leads arrived in.
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
                    writer.WriteInt32(customer.WonDay);
                    writer.WriteInt32(customer.Count);
                    for (var i = customer.Start; i < customer.Start + customer.Count; i++)
                    {
                        GroupKeyState.Write(writer, _creditKeys[i]);
                        writer.WriteDecimal(_creditUpTo[i]);
                    }
                }
            }
        }

        ((ISerializableState)_groups).WriteState(writer);
        _pending.WriteState(writer);
        writer.WriteDecimal(_nonCustomerRevenue);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        reader.TouchpointKeys = true; // a credit's and a group's source id is a touchpoint's channel
        var count = reader.ReadCount("leads", 5);
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var lead = reader.ReadInt32($"leads[{i}].lead");
            if (lead <= previous || lead > LeadTable<int>.MaxSerializedKey)
            {
                throw reader.Error($"leads[{i}] has lead key {lead} after {previous}; keys are 1 to {LeadTable<int>.MaxSerializedKey}, ascending");
            }

            previous = lead;
            if (!reader.ReadBoolean($"leads[{i}].isCustomer"))
            {
                _leads.Add(GroupKeyState.MapLead(ref reader, lead, $"leads[{i}].lead"), default);
                continue;
            }

            var wonDay = LifetimeValueCalculator.ReadDay(ref reader, $"leads[{i}].wonDay");
            var credits = reader.ReadCount($"leads[{i}].credits", 24);
            var start = _creditCount;
            EnsureCreditCapacity(_creditCount + credits);
            var upTo = 0m;
            for (var k = 0; k < credits; k++)
            {
                var key = GroupKeyState.Read(ref reader, Grouping, $"leads[{i}].credits[{k}]");
                var cumulative = reader.ReadDecimal($"leads[{i}].credits[{k}].upTo");
                if (cumulative <= upTo)
                {
                    throw reader.Error($"leads[{i}].credits[{k}] has cumulative credit {cumulative} after {upTo}; credits are positive, so their running sum rises");
                }

                _creditKeys[_creditCount] = key;
                _creditUpTo[_creditCount] = cumulative;
                _creditCount++;
                upTo = cumulative;
            }

            _leads.Add(GroupKeyState.MapLead(ref reader, lead, $"leads[{i}].lead"), new Customer(wonDay, start, credits, true));
        }

        ((ISerializableState)_groups).ReadState(ref reader);
        _pending.ReadState(ref reader);
        _nonCustomerRevenue = reader.ReadDecimal("nonCustomerRevenue");
    }

    private GroupKey KeyOf(int id, int period) =>
        new(Grouping.Dimension, Grouping.Dimension == GroupDimension.None ? 0 : id, Grouping.Bucket, period);

    private void AddCredit(GroupKey key, decimal credit, decimal cumulative, int observedMonths)
    {
        _groups.GetOrAdd(key).AddCustomer(credit, observedMonths);
        _creditKeys[_creditCount] = key;
        _creditUpTo[_creditCount] = cumulative;
        _creditCount++;
    }

    private void EnsureCreditCapacity(int count)
    {
        if (count > _creditKeys.Length)
        {
            var size = Math.Max(count, _creditKeys.Length * 2);
            Array.Resize(ref _creditKeys, size);
            Array.Resize(ref _creditUpTo, size);
        }
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
        var digits = Options.Currency.MinorUnitDigits;
        var soFar = 0m;
        var end = customer.Start + customer.Count;
        for (var i = customer.Start; i < end; i++)
        {
            var upTo = i == end - 1 || amount == 0m ? amount : ExactSplit.RoundedShare(amount, _creditUpTo[i], digits);
            _groups.GetOrAdd(_creditKeys[i]).AddRevenue(month, observed, upTo - soFar);
            soFar = upTo;
        }

        return true;
    }

    private readonly record struct Customer(int WonDay, int Start, int Count, bool IsCustomer);
}
