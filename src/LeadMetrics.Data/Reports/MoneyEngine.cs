using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Fills the money KPIs of each scope from the library's <see cref="FinanceCalculator"/> (revenue, cost, cost per lead,
/// acquisition cost, ROI, ROAS) and <see cref="LifetimeValueCalculator"/> (realized lifetime value per customer).
/// Rules of the report, on top of the library's definitions (docs/metrics.md):
/// <list type="bullet">
/// <item>Cost KPIs need a costs file, and a grouping that costs can land in (total, source, campaign, periods):
/// costs know only a source, a campaign and dates, so owner and attribute groups have null cost KPIs.</item>
/// <item>Revenue is realized revenue (revenue.csv) when a revenue file is given, else the won deal value.</item>
/// <item>Lifetime value needs a revenue file; it is observed until the last date of the data.</item>
/// <item>A source or campaign with cost and no lead becomes a group of its own (leads 0).</item>
/// <item>A scope that no cost row landed in has no cost data: its cost is 0 but cost per lead, acquisition cost, ROI
/// and ROAS are null (not 0: the spend is unknown, not free), and <see cref="ReportKpis.HasCostData"/> is false.</item>
/// </list>
/// </summary>
internal sealed partial class MoneyEngine
{
    private readonly FinanceOptions _finance;
    private readonly Func<ReportKpis> _empty;
    private readonly LeadMetrics.Data.LeadDataSet? _columns;
    private readonly int _lifetimeMonths;
    private readonly DateTimeZone? _zone;
    private LifetimeValueOptions? _lifetime;
    private CostEvent[]? _costs;
    private RevenueEvent[]? _revenue;
    private Dictionary<LeadGrouping, LifetimeValueCalculator>? _lifetimeByGrouping;
    private Dictionary<int, LifetimeValueCalculator>? _lifetimeByAttribute;

    /// <summary>On the columnar path with revenue, the lifetime-value calculator of the attribute grouping of read attribute <paramref name="attribute"/> (<see cref="PrepareColumns"/>), or null.</summary>
    public LifetimeValueCalculator? AttributeLifetime(int attribute) => _lifetimeByAttribute?.GetValueOrDefault(attribute);

    /// <summary>The money KPIs of a report without costs or revenue (the won deal value is its revenue).</summary>
    public MoneyEngine(Currency currency, Func<ReportKpis> empty)
    {
        _empty = empty;
        _finance = new FinanceOptions(currency, revenueBasis: RevenueBasis.WonDealValue);
    }

    /// <summary>
    /// The money KPIs of the columnar path: the costs and revenue come from the data set once it is read
    /// (<see cref="PrepareColumns"/>, after the pass over the leads).
    /// </summary>
    public MoneyEngine(LeadMetrics.Data.LeadDataSet data, Currency currency, DateTimeZone zone, int lifetimeMonths, Func<ReportKpis> empty, decimal? margin = null)
    {
        _empty = empty;
        _columns = data;
        _zone = zone;
        _lifetimeMonths = lifetimeMonths;
        _finance = new FinanceOptions(currency, revenueBasis: data.HasRevenue ? RevenueBasis.Realized : RevenueBasis.WonDealValue, grossMargin: margin);
    }

    /// <summary>
    /// On the columnar path, once the data set is read: takes its costs and revenue, and with revenue computes the
    /// lifetime value of each grouping in one more pass over the leads (rebuilt from the data set's state, no file read).
    /// </summary>
    /// <param name="groupings">The groupings whose lifetime value the report shows.</param>
    /// <param name="span">The span of the leads and payments seen in the pass, to which the costs are clipped (<see cref="CostClipping"/>).</param>
    /// <param name="attributes">The attribute groupings (--by an attribute column) and the index of their attribute in the data set's read attributes.</param>
    public void PrepareColumns(IEnumerable<LeadGrouping> groupings, CostClipping.Span span, IReadOnlyList<(LeadGrouping Grouping, int Attribute)>? attributes = null)
    {
        if (_columns is null)
        {
            return;
        }

        if (_columns.HasCosts)
        {
            (_costs, CostClip) = CostClipping.Clip(_columns.Costs, span, _zone!, _finance.Currency);
        }

        if (_columns.HasRevenue)
        {
            _revenue = [.. _columns.Revenue];
            _lifetime = new LifetimeValueOptions(_finance.Currency, horizonMonths: _lifetimeMonths, observedUntil: _columns.LastInstant.InZone(_zone!).Date);
            var calculators = groupings.Distinct().Select(g => new LifetimeValueCalculator(g, _lifetime)).ToArray();
            foreach (var c in calculators)
            {
                // The leads' keys are 1 to the count read (the Joiner's order): one table of that size, not doubled up
                // to it from 16 with each smaller copy left to the GC (issue 14, memory of the five-file report).
                c.EnsureLeadCapacity((int)Math.Min(_columns.LeadCount, int.MaxValue - 1));
            }

            var byAttribute = (attributes ?? []).Select(a => (a.Attribute, Calculator: new LifetimeValueCalculator(a.Grouping, _lifetime))).ToArray();
            _columns.Replay(batch =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var lead = batch[i];
                    foreach (var c in calculators)
                    {
                        c.Add(lead);
                    }

                    foreach (var (attribute, c) in byAttribute)
                    {
                        c.Add(_columns.WithAttribute(lead, attribute));
                    }
                }
            });
            _lifetimeByGrouping = calculators.ToDictionary(c => c.Grouping);
            _lifetimeByAttribute = byAttribute.ToDictionary(a => a.Attribute, a => a.Calculator);
        }
    }

    /// <summary>
    /// The money KPIs of a report over partitions (issue 20): a partition's finance calculators, and the merger's, whose
    /// costs and revenue arrive with the partitions' bytes (<see cref="PrepareMerged"/>).
    /// </summary>
    public MoneyEngine(Currency currency, DateTimeZone zone, int lifetimeMonths, bool hasCosts, bool hasRevenue, Func<ReportKpis> empty, decimal? margin = null)
    {
        _empty = empty;
        _zone = zone;
        _lifetimeMonths = lifetimeMonths;
        _mergedCosts = hasCosts;
        _finance = new FinanceOptions(currency, revenueBasis: hasRevenue ? RevenueBasis.Realized : RevenueBasis.WonDealValue, grossMargin: margin);
    }

    private readonly bool _mergedCosts;

    /// <summary>The empty lifetime-value calculator of a grouping observed until a date (a partition's, before the revenue joins at the merger).</summary>
    public LifetimeValueCalculator CreateLifetime(LeadGrouping grouping, LocalDate observedUntil) =>
        new(grouping, new LifetimeValueOptions(_finance.Currency, horizonMonths: _lifetimeMonths, observedUntil: observedUntil));

    /// <summary>
    /// At the merger, once every partition's bytes are merged: clips the costs to the merged span and takes the revenue
    /// and the merged lifetime-value calculators, as <see cref="PrepareColumns"/> does from a data set read in one pass.
    /// </summary>
    /// <exception cref="InvalidOperationException">The partitions observed the lifetime value until another date than the merged data's last date.</exception>
    public void PrepareMerged(CostClipping.Span span, ReportPassBytes.Extra merged)
    {
        if (_mergedCosts)
        {
            (_costs, CostClip) = CostClipping.Clip(merged.Costs, span, _zone!, _finance.Currency);
        }

        if (_finance.RevenueBasis == RevenueBasis.Realized)
        {
            _revenue = [.. merged.Revenue];
            var last = merged.LastInstantTicks == long.MinValue ? Instant.FromUnixTimeTicks(0) : Instant.FromUnixTimeTicks(merged.LastInstantTicks);
            var until = last.InZone(_zone!).Date;
            if (merged.ObservedUntil is { } observed && observed != until)
            {
                throw new InvalidOperationException($"The partitions observed the lifetime value until {observed:yyyy-MM-dd}, but the merged data's last date is {until:yyyy-MM-dd}: give them that date.");
            }

            _lifetime = new LifetimeValueOptions(_finance.Currency, horizonMonths: _lifetimeMonths, observedUntil: until);
            _lifetimeByGrouping = merged.Lifetime;
            _lifetimeByAttribute = merged.AttributeLifetime;
        }
    }

    public MoneyEngine(LoadedData data, LeadEncoding encoding, bool hasCosts, bool hasRevenue, int lifetimeMonths, Func<ReportKpis> empty, decimal? margin = null)
    {
        _empty = empty;
        _finance = new FinanceOptions(data.Currency, revenueBasis: hasRevenue ? RevenueBasis.Realized : RevenueBasis.WonDealValue, grossMargin: margin);
        if (hasCosts)
        {
            _costs = [.. data.Costs.Select(c => new CostEvent(
                encoding.Sources.Encode(c.Source), c.Interval.Start, c.Interval.End, c.Amount, c.Category, encoding.Campaigns.Encode(c.Campaign)))];
        }

        if (hasRevenue)
        {
            _revenue = [.. data.Revenue.Select(r => new RevenueEvent(encoding.Leads.Encode(r.Lead.Value), r.At, r.Amount))];
            var last = data.Leads.Select(l => l.CreatedAt).Concat(data.Revenue.Select(r => r.At)).DefaultIfEmpty(Instant.FromUnixTimeTicks(0)).Max();
            _lifetime = new LifetimeValueOptions(data.Currency, horizonMonths: lifetimeMonths, observedUntil: last.InZone(data.Zone).Date);
        }
    }

    private HashSet<GroupKey> CostKeys(LeadGrouping grouping) => MoneyReportRules.CostKeys(grouping, _costs!);

    /// <summary>Records why a cost ratio is null although its denominator is not zero (<see cref="MoneyReportRules.OutOfRange"/>).</summary>
    private static void NoteUndefined(ReportKpis kpis, FinanceResult money)
    {
        foreach (var (kpi, reason) in MoneyReportRules.OutOfRange(money, kpis.Roi, kpis.Roas, kpis.RoiOnMargin, kpis.CostPerLead, kpis.CustomerAcquisitionCost))
        {
            kpis.Undefined[kpi] = reason;
        }
    }

    /// <summary>How the columnar path's costs were clipped to the data's span (the row path's loader says it in <see cref="LoadedData.CostClip"/>).</summary>
    public CostClip? CostClip { get; private set; }

    /// <summary>The amounts of the cost rows without a campaign (the report's note with --by campaign).</summary>
    public IEnumerable<decimal> CampaignlessAmounts =>
        (_costs ?? []).Where(c => c.Campaign == LeadMetrics.Encoding.DimensionEncoder.NoneId).Select(c => c.Amount.Amount);

    public string RevenueBasisName => _finance.RevenueBasis == RevenueBasis.Realized ? "realized" : "won_deal_value";

    /// <summary>The finance calculator of a grouping, empty: the leads are added to it in the report's pass over them.</summary>
    public FinanceCalculator CreateFinance(LeadGrouping grouping) => new(grouping, _finance);

    /// <summary>Fills the money KPIs of the computed groups and appends the groups that have cost but no lead.</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[] records, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        var finance = CreateFinance(grouping);
        finance.AddRange(records.AsSpan());
        Apply(grouping, finance, records, computed);
    }

    /// <summary>
    /// Fills the money KPIs from a finance calculator that holds the leads already; <paramref name="records"/> are needed
    /// only with a revenue file (the lifetime value). A null <paramref name="finance"/> (the columnar path without costs
    /// or revenue) takes the revenue from the won value the KPI set computed: the finance calculator's revenue is then
    /// its deal value, the same sum of the same decimals (ColumnarPathTests compare it with the row path).
    /// </summary>
    /// <param name="grouping">The grouping.</param>
    /// <param name="finance">Its finance calculator holding the leads, or null.</param>
    /// <param name="records">The leads, or null (see above).</param>
    /// <param name="computed">The groups, filled (and cost-only groups appended).</param>
    /// <param name="lifetimeValue">The grouping's lifetime-value calculator holding the leads (an attribute grouping of the columnar path, <see cref="AttributeLifetime"/>), or null: then it is the prepared one of the grouping, or one over the records.</param>
    public void Apply(LeadGrouping grouping, FinanceCalculator? finance, LeadRecord[]? records, List<(GroupKey Key, ReportKpis Kpis)> computed, LifetimeValueCalculator? lifetimeValue = null)
    {
        if (finance is null)
        {
            if (_costs is not null || _revenue is not null || _lifetime is not null || _finance.RevenueBasis != RevenueBasis.WonDealValue)
            {
                throw new InvalidOperationException("The money KPIs need a finance calculator with costs or revenue.");
            }

            foreach (var (_, kpis) in computed)
            {
                kpis.Revenue = kpis.WonValue;
                kpis.GrossProfit = _finance.GrossMargin is { } margin ? kpis.WonValue * margin : null;
            }

            return;
        }

        var costsLand = _costs is not null && grouping.Dimension is GroupDimension.None or GroupDimension.Source or GroupDimension.Campaign
            && grouping.Bucket is not (TimeBucket.HourOfDay or TimeBucket.DayOfWeek);
        if (costsLand)
        {
            finance.AddRange(_costs!);
        }

        if (_revenue is not null)
        {
            finance.AddRange(_revenue);
        }

        var report = finance.Snapshot();
        var costKeys = costsLand ? CostKeys(grouping) : null;
        LifetimeValueReport? lifetime = null;
        if (_lifetime is not null)
        {
            var ltv = lifetimeValue;
            if (ltv is null && (_lifetimeByGrouping is null || !_lifetimeByGrouping.TryGetValue(grouping, out ltv)))
            {
                ltv = new LifetimeValueCalculator(grouping, _lifetime);
                ltv.AddRange((records ?? throw new InvalidOperationException("The lifetime value needs the lead records.")).AsSpan());
            }

            ltv.AddRange(_revenue!);
            lifetime = ltv.Snapshot();
        }

        var known = new HashSet<GroupKey>(computed.Select(c => c.Key));
        foreach (var group in report.Groups)
        {
            if (!known.Contains(group.Key))
            {
                computed.Add((group.Key, _empty()));
            }
        }

        foreach (var (key, kpis) in computed)
        {
            if (report.TryGet(key, out var money))
            {
                kpis.Revenue = money.Revenue.Amount;
                kpis.CustomerRevenue = _revenue is not null ? money.CustomerRevenue?.Amount : null;
                kpis.GrossProfit = money.GrossProfit?.Amount;
                if (costsLand)
                {
                    var hasCost = costKeys!.Contains(key);
                    kpis.HasCostData = hasCost;
                    kpis.Cost = money.TotalCost.Amount;
                    kpis.CostByCategory = [.. Enum.GetValues<CostCategory>().Select(c => (LeadDataSet.Snake(c.ToString()), money.CostByCategory[(int)c].Amount))];
                    kpis.CostPerLead = hasCost ? money.CostPerLead?.Amount : null;
                    kpis.CustomerAcquisitionCost = hasCost ? money.CustomerAcquisitionCost?.Amount : null;
                    kpis.Roi = hasCost ? money.ReturnOnInvestment : null;
                    kpis.Roas = hasCost ? money.ReturnOnAdSpend : null;
                    kpis.RoiOnMargin = hasCost ? money.ReturnOnInvestmentOnMargin : null;
                    if (hasCost)
                    {
                        NoteUndefined(kpis, money);
                    }
                }
            }

            else if (costsLand)
            {
                // No finance group at all: no lead, revenue or cost landed here (an empty scope).
                kpis.HasCostData = false;
            }

            if (lifetime is not null && lifetime.TryGet(key, out var value))
            {
                kpis.LifetimeValue = value.LifetimeValue?.Amount;
                kpis.LifetimeValueDetail = LifetimeValueDetail.From(value);
            }
        }
    }
}
