using LeadMetrics.Data;
using NodaTime;

namespace LeadMetrics.Cli.Input;

/// <summary>The row path's cost clipping: the rule of <see cref="CostClipping"/> (LeadMetrics.Data) over the loader's cost entries.</summary>
internal static class RowCostClipping
{
    /// <summary>The row path: clips the cost rows to the span of the leads built and the revenue rows accepted.</summary>
    public static (List<CostEntry> Costs, CostClip? Clip) Clip(List<CostEntry> costs, List<Lead> leads, List<RevenueEntry> revenue, DateTimeZone zone, Currency currency)
    {
        if (costs.Count == 0 || leads.Count == 0)
        {
            return (costs, null);
        }

        var span = new CostClipping.Span();
        foreach (var lead in leads)
        {
            span.AddLead(lead.CreatedAt, lead.ClosedAt);
        }

        foreach (var r in revenue)
        {
            span.AddPayment(r.At);
        }

        var (from, to) = span.Quarters(zone);
        var result = new List<CostEntry>(costs.Count);
        var tally = new CostClipping.Tally();
        foreach (var cost in costs)
        {
            if (tally.Inside(cost.Interval.Start, cost.Interval.End, cost.Amount.Amount, from, to, currency) is { } part)
            {
                result.Add(part.Start == cost.Interval.Start && part.End == cost.Interval.End
                    ? cost
                    : new CostEntry(cost.Source, new DateInterval(part.Start, part.End), new Money(part.Amount, cost.Amount.Currency), cost.Category, cost.Campaign));
            }
        }

        return (result, tally.Clip(from, to));
    }

}
