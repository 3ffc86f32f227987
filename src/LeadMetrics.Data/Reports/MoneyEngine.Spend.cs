using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;

namespace LeadMetrics.Data.Reports;

/// <summary>Spend-based acquisition cost per period (docs/metrics.md, "Cohort maturity and spend-based acquisition cost").</summary>
internal sealed partial class MoneyEngine
{
    /// <summary>
    /// The finance calculator of spend-based acquisition cost per period, empty (the leads are added in the report's pass
    /// over them, on either path): the library's <see cref="FinanceCalculator"/> with the trend's buckets and leads
    /// placed by close instant (<see cref="PeriodInstant.Closed"/>), so a period's customers are the leads won in it.
    /// Null without a costs file, or for a trend that is not split by calendar periods.
    /// </summary>
    public FinanceCalculator? CreateSpendFinance(LeadGrouping trend, bool hasCosts) =>
        !hasCosts || trend.Dimension != GroupDimension.None || trend.Bucket is TimeBucket.None or TimeBucket.HourOfDay or TimeBucket.DayOfWeek
            ? null
            : new FinanceCalculator(new LeadGrouping(GroupDimension.None, trend.Bucket, trend.Zone, PeriodInstant.Closed), _finance);

    /// <summary>
    /// Sets each period's spend-based acquisition cost (docs/metrics.md, "Cohort maturity and spend-based acquisition
    /// cost"): the period's media + team-time spend over the customers won in it; null where no cost row landed in the
    /// period (no cost data) or nobody was won in it.
    /// </summary>
    public void ApplySpendAcquisitionCost(FinanceCalculator? finance, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        if (finance is null || _costs is null)
        {
            return;
        }

        finance.AddRange(_costs);
        var report = finance.Snapshot();
        var costKeys = CostKeys(finance.Grouping);
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
