using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;

namespace LeadMetrics.Cli.Report;

/// <summary>Spend-based acquisition cost per period (docs/metrics.md, "Cohort maturity and spend-based acquisition cost").</summary>
internal sealed partial class MoneyEngine
{
    /// <summary>
    /// Sets each period's spend-based acquisition cost: the library's <see cref="FinanceCalculator"/> with the trend's
    /// buckets and leads placed by close instant (<see cref="PeriodInstant.Closed"/>), so a period's customers are the
    /// leads won in it; its acquisition cost is the period's media + team-time spend over them. Needs a costs file
    /// (the row path); null where no cost row landed in the period (no cost data) or nobody was won in it.
    /// </summary>
    public void ApplySpendAcquisitionCost(LeadGrouping trend, LeadRecord[]? records, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        if (_costs is null || records is null || trend.Dimension != GroupDimension.None || trend.Bucket is TimeBucket.None or TimeBucket.HourOfDay or TimeBucket.DayOfWeek)
        {
            return;
        }

        var closed = new LeadGrouping(GroupDimension.None, trend.Bucket, trend.Zone, PeriodInstant.Closed);
        var finance = new FinanceCalculator(closed, _finance);
        finance.AddRange(records.AsSpan());
        finance.AddRange(_costs.AsSpan());
        var report = finance.Snapshot();
        var costKeys = CostKeys(closed);
        foreach (var (key, kpis) in computed)
        {
            if (report.TryGet(key, out var money))
            {
                kpis.CustomersWonInPeriod = (long)money.Customers;
                kpis.SpendAcquisitionCost = costKeys.Contains(key) ? money.CustomerAcquisitionCost?.Amount : null;
            }
            else
            {
                kpis.CustomersWonInPeriod = 0;
            }
        }
    }
}
