using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using NodaTime;

namespace LeadMetrics.Cli.Report;

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
/// </list>
/// </summary>
internal sealed class MoneyEngine
{
    private readonly FinanceOptions _finance;
    private readonly LifetimeValueOptions? _lifetime;
    private readonly CostEvent[]? _costs;
    private readonly RevenueEvent[]? _revenue;
    private readonly Func<KpiSet> _empty;

    public MoneyEngine(Input.LoadedData data, LeadEncoding encoding, bool hasCosts, bool hasRevenue, int lifetimeMonths, Func<KpiSet> empty)
    {
        _empty = empty;
        _finance = new FinanceOptions(data.Currency, revenueBasis: hasRevenue ? RevenueBasis.Realized : RevenueBasis.WonDealValue);
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

    public string RevenueBasisName => _finance.RevenueBasis == RevenueBasis.Realized ? "realized" : "won_deal_value";

    /// <summary>Fills the money KPIs of the computed groups and appends the groups that have cost but no lead.</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[] records, List<(GroupKey Key, KpiSet Kpis)> computed)
    {
        var costsLand = _costs is not null && grouping.Dimension is GroupDimension.None or GroupDimension.Source or GroupDimension.Campaign
            && grouping.Bucket is not (TimeBucket.HourOfDay or TimeBucket.DayOfWeek);
        var finance = new FinanceCalculator(grouping, _finance);
        finance.AddRange(records.AsSpan());
        if (costsLand)
        {
            finance.AddRange(_costs!.AsSpan());
        }

        if (_revenue is not null)
        {
            finance.AddRange(_revenue.AsSpan());
        }

        var report = finance.Snapshot();
        LifetimeValueReport? lifetime = null;
        if (_lifetime is not null)
        {
            var ltv = new LifetimeValueCalculator(grouping, _lifetime);
            ltv.AddRange(records.AsSpan());
            ltv.AddRange(_revenue!.AsSpan());
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
                if (costsLand)
                {
                    kpis.Cost = money.TotalCost.Amount;
                    kpis.CostByCategory = [.. Enum.GetValues<CostCategory>().Select(c => (Input.DataSetLoader.Snake(c.ToString()), money.CostByCategory[(int)c].Amount))];
                    kpis.CostPerLead = money.CostPerLead?.Amount;
                    kpis.CustomerAcquisitionCost = money.CustomerAcquisitionCost?.Amount;
                    kpis.Roi = money.ReturnOnInvestment;
                    kpis.Roas = money.ReturnOnAdSpend;
                }
            }

            if (lifetime is not null && lifetime.TryGet(key, out var value))
            {
                kpis.LifetimeValue = value.LifetimeValue?.Amount;
                kpis.LifetimeValueDetail = new LifetimeValueDetail(value.Customers, [.. value.CustomersObserved], [.. value.RevenueByMonth.Select(r => r.Amount)]);
            }
        }
    }
}
