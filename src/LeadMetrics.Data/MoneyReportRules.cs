using System.Globalization;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;

namespace LeadMetrics.Data;

/// <summary>
/// The report's money rules that the library leaves to the caller, shared by the CLI and the native library so that
/// both give the same figures and reasons: which groups a cost lands in, and why a cost ratio is null although its
/// denominator is not zero.
/// </summary>
internal static class MoneyReportRules
{
    /// <summary>The keys of the groups of <paramref name="grouping"/> that at least one cost row lands in (a cost over several days lands in every period it spans).</summary>
    public static HashSet<GroupKey> CostKeys(LeadGrouping grouping, IEnumerable<CostEvent> costs)
    {
        var keys = new HashSet<GroupKey>();
        foreach (var cost in costs)
        {
            if (grouping.Bucket == TimeBucket.None)
            {
                keys.Add(grouping.KeyOf(cost.From, cost.Source, cost.Campaign));
                continue;
            }

            for (var day = cost.From; day <= cost.To; day = day.PlusDays(1))
            {
                keys.Add(grouping.KeyOf(day, cost.Source, cost.Campaign));
            }
        }

        return keys;
    }

    /// <summary>
    /// The cost ratios that are null although their denominator is not zero, each with its reason: the quotient does not
    /// fit a decimal (revenue over a cost of 10⁻²⁸); the library gives null rather than overflow (docs/metrics.md).
    /// </summary>
    public static IEnumerable<(string Kpi, string Reason)> OutOfRange(FinanceResult money, decimal? roi, decimal? roas, decimal? roiOnMargin, decimal? costPerLead, decimal? acquisitionCost)
    {
        var options = money.Options;
        var invested = money.CostOf(options.InvestmentCategories).Amount;
        var checks = new List<(string, decimal?, decimal, decimal, string)>
        {
            ("roi", roi, money.Revenue.Amount - invested, invested, "(revenue - cost) / cost"),
            ("roas", roas, money.Revenue.Amount, money.MediaCost.Amount, "revenue / media cost"),
        };
        if (money.GrossProfit is { } profit)
        {
            checks.Add(("roi_on_margin", roiOnMargin, profit.Amount - invested, invested, "(gross profit - cost) / cost"));
        }

        checks.Add(("cost_per_lead", costPerLead, money.CostOf(options.CostPerLeadCategories).Amount, money.Leads, "cost / leads"));
        checks.Add(("customer_acquisition_cost", acquisitionCost, money.CostOf(options.AcquisitionCategories).Amount, money.Customers, "cost / customers"));
        foreach (var (kpi, value, numerator, denominator, formula) in checks)
        {
            if (value is null && denominator != 0m)
            {
                yield return (kpi, string.Create(CultureInfo.InvariantCulture,
                    $"out_of_range: {formula} = {numerator} / {denominator} does not fit a decimal (about ±7.9e28)"));
            }
        }
    }
}
