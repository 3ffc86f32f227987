using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>The sums of one group, as plain values for comparison.</summary>
internal sealed record FinanceSums(decimal Leads, decimal Customers, decimal Deals, decimal DealValue, decimal Revenue, decimal Media, decimal TeamTime, decimal Tooling, decimal Other, decimal? CustomerRevenue)
{
    internal static FinanceSums Of(FinanceResult r) => new(
        r.Leads, r.Customers, r.DealsWithValue, r.DealValue.Amount, r.RealizedRevenue.Amount,
        r.CostByCategory[0].Amount, r.CostByCategory[1].Amount, r.CostByCategory[2].Amount, r.CostByCategory[3].Amount,
        r.CustomerRevenue?.Amount);
}

/// <summary>
/// The money KPIs computed the plain way: LINQ over the domain objects, keyed by the dimension's
/// label and the period's first date.
/// </summary>
internal static class FinanceReference
{
    internal static Dictionary<(string Label, LocalDate? Period), FinanceSums> Compute(
        MoneyScenario scenario, GroupDimension dimension, TimeBucket bucket, DateTimeZone zone, out decimal unmatched)
    {
        var acc = new Dictionary<(string, LocalDate?), decimal[]>();
        decimal[] At((string, LocalDate?) key)
        {
            if (!acc.TryGetValue(key, out var a))
            {
                acc[key] = a = new decimal[10];
            }

            return a;
        }

        string Label(string? source, string? campaign) => dimension switch
        {
            GroupDimension.None => string.Empty,
            GroupDimension.Source => source ?? DimensionEncoder.NoneLabel,
            _ => campaign ?? DimensionEncoder.NoneLabel,
        };

        var leadKeys = new Dictionary<LeadId, (string, LocalDate?)>();
        var leads = new Dictionary<LeadId, Lead>();
        foreach (var lead in scenario.Leads)
        {
            var key = (Label(lead.Source, lead.Campaign), Buckets.Start(bucket, lead.CreatedAt, zone));
            leadKeys[lead.Id] = key;
            leads[lead.Id] = lead;
            var a = At(key);
            a[0] += 1;
            if (lead.Outcome == LeadOutcome.Won)
            {
                a[1] += 1;
                if (lead.DealValue is { } value)
                {
                    a[2] += 1;
                    a[3] += Buckets.ToUsd(value, lead.WonAt!.Value.InZone(zone).Date);
                }
            }
        }

        unmatched = 0m;
        foreach (var revenue in scenario.Revenue)
        {
            var amount = Buckets.ToUsd(revenue.Amount, revenue.At.InZone(zone).Date);
            if (leadKeys.TryGetValue(revenue.Lead, out var key))
            {
                At(key)[4] += amount;

                // Customer revenue: payments of won leads dated at or after the lead's creation.
                var lead = leads[revenue.Lead];
                if (lead.Outcome == LeadOutcome.Won && revenue.At >= lead.CreatedAt)
                {
                    At(key)[9] += amount;
                }
            }
            else
            {
                unmatched += amount;
            }
        }

        foreach (var cost in scenario.Costs)
        {
            var amount = Buckets.ToUsd(cost.Amount, cost.Interval.Start);
            var label = Label(cost.Source, cost.Campaign);
            var days = Enumerable.Range(0, cost.Interval.Length).Select(i => cost.Interval.Start.PlusDays(i)).ToList();

            // Runs of consecutive days in the same period, then cumulative rounding to cents.
            var runs = new List<(LocalDate? Period, int Days)>();
            foreach (var day in days)
            {
                var period = Buckets.Start(bucket, day);
                if (runs.Count > 0 && runs[^1].Period == period)
                {
                    runs[^1] = (period, runs[^1].Days + 1);
                }
                else
                {
                    runs.Add((period, 1));
                }
            }

            var cumulative = 0;
            var previous = 0m;
            for (var i = 0; i < runs.Count; i++)
            {
                cumulative += runs[i].Days;
                var upTo = i == runs.Count - 1 ? amount : Math.Round(amount * cumulative / days.Count, 2, MidpointRounding.ToEven);
                At((label, runs[i].Period))[5 + (int)cost.Category] += upTo - previous;
                previous = upTo;
            }
        }

        return acc.ToDictionary(p => p.Key, p => new FinanceSums(p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4], p.Value[5], p.Value[6], p.Value[7], p.Value[8], p.Value[9]));
    }

    /// <summary>A report's groups in the reference's shape.</summary>
    internal static Dictionary<(string Label, LocalDate? Period), FinanceSums> Shape(FinanceReport report, LeadEncoding encoding) =>
        report.Groups.ToDictionary(
            g => (LabelOf(g.Key, encoding), g.Key.PeriodStart),
            g => FinanceSums.Of(g.Result));

    internal static string LabelOf(GroupKey key, LeadEncoding encoding) => key.Dimension switch
    {
        GroupDimension.None => string.Empty,
        GroupDimension.Source => encoding.Sources.Decode(key.DimensionId),
        GroupDimension.Campaign => encoding.Campaigns.Decode(key.DimensionId),
        _ => encoding.Owners.Decode(key.DimensionId),
    };
}
