using System.Collections.Immutable;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Attribution;

/// <summary>
/// Streams lead journeys and costs into the money KPIs of every channel (or campaign, or acting rep)
/// with leads, customers, deal value and revenue credited to touchpoints by an
/// <see cref="AttributionModel"/>: every source KPI of <see cref="FinanceCalculator"/> under any model.
/// </summary>
/// <remarks>
/// <para><b>Groups.</b> The grouping's dimension picks what a touchpoint is credited to:
/// <see cref="GroupDimension.Source"/> the touchpoint's channel, <see cref="GroupDimension.Campaign"/>
/// its campaign, <see cref="GroupDimension.Owner"/> its acting rep, <see cref="GroupDimension.None"/>
/// one total; <see cref="GroupDimension.Segment"/> is not a touchpoint fact and is rejected. A time
/// bucket splits by the lead's period (<see cref="LeadGrouping.PeriodOf"/>). A lead with no
/// touchpoint that counts is credited whole to id 0, "(none)".</para>
/// <para><b>Costs</b> are not attributed: a cost belongs to the source (read as the channel id, so
/// encode cost sources with the same encoder as touchpoint channels) or campaign it was spent on,
/// split over periods as in <see cref="FinanceCalculator"/>. Attributed KPIs then divide that cost
/// by credited leads and customers, and compare it with credited revenue.</para>
/// <para><b>Exactness.</b> A lead's credits sum to exactly 1 (cumulative rounding at 18 decimal
/// places) and its deal value and revenue are split with cumulative rounding to the currency's
/// minor unit, so every group's parts add up exactly to the totals.</para>
/// <para><b>Allocation.</b> Adding allocates only when a new group appears or a journey is longer
/// than any before (the scratch buffers grow). Journeys carry all of a lead's touchpoints, so the
/// calculator keeps nothing per lead and merging is a sum. For the same reason it ingests
/// <see cref="LeadJourney"/> values rather than bare lead records, and is not an
/// <see cref="ILeadCalculator{TSelf, TResult}"/>: a lead record alone has no touchpoints to credit.</para>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class AttributionCalculator : IJourneySink, ICostSink, ISerializableCalculator, ISerializableState
{
    private readonly MoneyConverter _converter;
    private readonly ZoneOffsetCache _offsets;
    private readonly GroupedCalculator<FinanceTally, FinanceResult> _groups;
    private TouchpointEvent[] _touches = new TouchpointEvent[16];
    private decimal[] _credits = new decimal[16];

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="grouping">How credits and costs are grouped (see remarks).</param>
    /// <param name="attribution">The model.</param>
    /// <param name="options">The currency, exchange rates and cost categories.</param>
    /// <exception cref="ArgumentException">The grouping splits by segment.</exception>
    public AttributionCalculator(LeadGrouping grouping, AttributionOptions attribution, FinanceOptions options)
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
        _groups = new GroupedCalculator<FinanceTally, FinanceResult>(grouping, new FinanceTally(options, _converter));
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The attribution model and its parameters.</summary>
    public AttributionOptions Attribution { get; }

    /// <summary>The money options.</summary>
    public FinanceOptions Options { get; }

    /// <summary>
    /// The credit of each counted touchpoint of one lead under a model, in time order (for inspection;
    /// allocates the result). Empty when no touchpoint counts.
    /// </summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">Its touchpoints, in any order.</param>
    /// <param name="attribution">The model.</param>
    /// <returns>The counted touchpoints with their credits, summing to exactly 1.</returns>
    internal static ImmutableArray<TouchpointCredit> CreditsOf(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touchpoints, AttributionOptions attribution)
    {
        Preconditions.CheckNotNull(attribution);
        var touches = new TouchpointEvent[touchpoints.Length];
        var n = JourneyCredits.Select(lead, touchpoints, touches, attribution);
        if (n == 0)
        {
            return [];
        }

        var credits = new decimal[n];
        JourneyCredits.Compute(lead, touches.AsSpan(0, n), credits, attribution);
        var result = ImmutableArray.CreateBuilder<TouchpointCredit>(n);
        for (var i = 0; i < n; i++)
        {
            result.Add(new TouchpointCredit(touches[i], credits[i]));
        }

        return result.MoveToImmutable();
    }

    /// <summary>Adds a lead's journey.</summary>
    /// <param name="journey">The lead, its touchpoints and its realized revenue.</param>
    public void Add(in LeadJourney journey) => Add(journey.Lead, journey.Touchpoints.Span, journey.RealizedRevenue);

    /// <summary>Adds a lead with its touchpoints.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">Every touchpoint of the lead, in any order; those outside the lookback window or after the lead closed are not credited.</param>
    /// <param name="realizedRevenue">The lead's realized revenue, converted (when in another currency) at the lead's close date, or its creation date while open; null for none.</param>
    /// <exception cref="ArgumentException">A touchpoint names another lead.</exception>
    /// <exception cref="CurrencyMismatchException">An amount is in another currency and there is no exchange-rate function.</exception>
    public void Add(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touchpoints, Money? realizedRevenue = null)
    {
        RecordChecks.CheckRecord(lead);
        if (touchpoints.Length > _touches.Length)
        {
            var size = Math.Max(touchpoints.Length, _touches.Length * 2);
            _touches = new TouchpointEvent[size];
            _credits = new decimal[size];
        }

        var won = lead.Outcome == LeadOutcome.Won;
        var hasDeal = won && !lead.DealCurrency.IsDefault;
        var dealValue = hasDeal ? _converter.ToTarget(lead.DealAmount, lead.DealCurrency, lead.ClosedTicks) : 0m;
        var revenue = realizedRevenue is { } r
            ? _converter.ToTarget(r.Amount, r.Currency, lead.ClosedTicks == LeadRecord.None ? lead.CreatedTicks : lead.ClosedTicks)
            : 0m;

        var period = PeriodOf(Grouping, _offsets, lead);
        var n = JourneyCredits.Select(lead, touchpoints, _touches, Attribution);
        if (n == 0)
        {
            Tally(0, period).AddCredit(1m, won, hasDeal, dealValue, revenue);
            return;
        }

        var touches = _touches.AsSpan(0, n);
        var credits = _credits.AsSpan(0, n);
        JourneyCredits.Compute(lead, touches, credits, Attribution);

        var digits = Options.Currency.MinorUnitDigits;
        decimal cumulative = 0m, dealSoFar = 0m, revenueSoFar = 0m;
        for (var i = 0; i < n; i++)
        {
            cumulative += credits[i];
            var last = i == n - 1;
            var dealUpTo = last || dealValue == 0m ? dealValue : ExactSplit.RoundedShare(dealValue, cumulative, digits);
            var revenueUpTo = last || revenue == 0m ? revenue : ExactSplit.RoundedShare(revenue, cumulative, digits);
            Tally(DimensionIdOf(Grouping.Dimension, touches[i]), period).AddCredit(credits[i], won, hasDeal, dealUpTo - dealSoFar, revenueUpTo - revenueSoFar);
            dealSoFar = dealUpTo;
            revenueSoFar = revenueUpTo;
        }
    }

    /// <summary>Adds a cost to the channel (source id) or campaign it was spent on, split over the periods its dates cover.</summary>
    /// <param name="cost">The cost.</param>
    /// <exception cref="CurrencyMismatchException">The cost is in another currency and there is no exchange-rate function.</exception>
    /// <exception cref="InvalidOperationException">The grouping splits by owner or hour of day, which a cost does not have.</exception>
    public void AddCost(in CostEvent cost)
    {
        var amount = _converter.ToTarget(cost.Amount, cost.From);
        CostAllocation.Allocate(_groups, cost, amount, Options.Currency.MinorUnitDigits);
    }

    /// <summary>Adds another partial result of the same configuration into this one (a sum: associative and commutative).</summary>
    /// <param name="other">The other calculator; it is not changed.</param>
    /// <exception cref="ArgumentException">The configurations differ.</exception>
    public void Merge(AttributionCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Grouping.Equals(other.Grouping) || !Attribution.SameAs(other.Attribution) || !Options.Equals(other.Options))
        {
            throw new ArgumentException(
                $"other has grouping {other.Grouping}, model {other.Attribution.Model} and options {other.Options}; this has {Grouping}, {Attribution.Model} and {Options}. Only equal configurations merge.", nameof(other));
        }

        _groups.Merge(other._groups);
    }

    /// <summary>Returns an immutable snapshot of the credited KPIs so far.</summary>
    /// <returns>The report.</returns>
    public FinanceReport Snapshot() =>
        new(Grouping, Options, _groups.Snapshot().Groups, Money.Zero(Options.Currency), 0);

    /// <summary>Creates an empty calculator with the same configuration.</summary>
    /// <returns>The new calculator.</returns>
    public AttributionCalculator CreateEmpty() => new(Grouping, Attribution, Options);

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "attribution;" + Describe.Of(Grouping) + ";" + Attribution.CanonicalText() + ";" + Options.CanonicalText();

    void ISerializableState.WriteState(StateWriter writer) => ((ISerializableState)_groups).WriteState(writer);

    void ISerializableState.ReadState(ref StateReader reader)
    {
        reader.TouchpointKeys = true; // a group's source id is a touchpoint's channel
        ((ISerializableState)_groups).ReadState(ref reader);
    }

    private FinanceTally Tally(int id, int period) =>
        _groups.GetOrAdd(new GroupKey(Grouping.Dimension, Grouping.Dimension == GroupDimension.None ? 0 : id, Grouping.Bucket, period));

    /// <summary>The id a touchpoint is credited to under a grouping dimension (0 for none).</summary>
    internal static int DimensionIdOf(GroupDimension dimension, in TouchpointEvent touch) => dimension switch
    {
        GroupDimension.Source => touch.Channel,
        GroupDimension.Campaign => touch.Campaign,
        GroupDimension.Owner => touch.Actor,
        _ => 0,
    };

    /// <summary>The period of a lead under a grouping's time bucket (0 without one).</summary>
    internal static int PeriodOf(LeadGrouping grouping, ZoneOffsetCache offsets, in LeadRecord lead)
    {
        if (grouping.Bucket == TimeBucket.None)
        {
            return 0;
        }

        var ticks = grouping.PeriodOf switch
        {
            PeriodInstant.Created => lead.CreatedTicks,
            PeriodInstant.FirstResponse => lead.ResponseTicks,
            _ => lead.ClosedTicks,
        };
        return ticks == LeadRecord.None ? Periods.NonePeriod : Periods.Ordinal(grouping.Bucket, offsets.ToLocalTicks(ticks));
    }
}
