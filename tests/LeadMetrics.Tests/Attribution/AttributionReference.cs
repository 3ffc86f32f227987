using LeadMetrics.Attribution;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

/// <summary>The attribution models written the plain way, over domain objects.</summary>
internal static class AttributionReference
{
    internal static List<(Touchpoint Touch, decimal Credit)> Credits(Lead lead, IEnumerable<Touchpoint> touchpoints, AttributionOptions o, LeadEncoding enc)
    {
        var touches = touchpoints
            .Where(t => t.At >= lead.CreatedAt - o.Lookback)
            .Where(t => lead.ClosedAt is null || t.At <= lead.ClosedAt)
            .Where(t => !o.InboundOnly || t.Direction == TouchpointDirection.Inbound)
            .OrderBy(t => t.At)
            .ThenBy(t => enc.Sources.Encode(t.Channel))
            .ThenBy(t => enc.Campaigns.Encode(t.Campaign))
            .ThenBy(t => (int)t.Kind)
            .ThenBy(t => (int)t.Direction)
            .ThenBy(t => enc.Owners.Encode(t.Actor))
            .ToList();
        var n = touches.Count;
        if (n == 0)
        {
            return [];
        }

        var w = new decimal[n];
        switch (o.Model)
        {
            case AttributionModel.FirstTouch:
                w[0] = 1m;
                break;
            case AttributionModel.LastTouch:
                w[^1] = 1m;
                break;
            case AttributionModel.Linear:
                Array.Fill(w, 1m);
                break;
            case AttributionModel.TimeDecay:
                for (var i = 0; i < n; i++)
                {
                    var age = (double)(touches[^1].At - touches[i].At).BclCompatibleTicks;
                    w[i] = (decimal)Math.Pow(2.0, -age / o.HalfLife.BclCompatibleTicks);
                }

                break;
            case AttributionModel.PositionBased:
                if (n == 1)
                {
                    w[0] = 1m;
                    break;
                }

                for (var i = 1; i < n - 1; i++)
                {
                    w[i] = (1m - o.FirstTouchShare - o.LastTouchShare) / (n - 2);
                }

                w[0] = o.FirstTouchShare;
                w[^1] = o.LastTouchShare;
                break;
            default:
                var creation = touches.FindLastIndex(t => t.At <= lead.CreatedAt);
                creation = creation < 0 ? 0 : creation;
                var opportunityAt = lead.StageHistory
                    .FirstOrDefault(t => t.To.Index >= o.OpportunityStage.Index && t.To.Index <= o.Pipeline.OpenStageCount)?.At ?? lead.WonAt;
                var opportunity = opportunityAt is { } at ? Math.Max(0, touches.FindLastIndex(t => t.At <= at)) : -1;
                var roles = new[] { 0, creation, opportunity }.Where(i => i >= 0).ToList();
                var rest = Enumerable.Range(0, n).Where(i => !roles.Contains(i)).ToList();
                foreach (var i in roles)
                {
                    w[i] += o.KeyTouchShare;
                }

                foreach (var i in rest)
                {
                    w[i] = (1m - (3m * o.KeyTouchShare)) / rest.Count;
                }

                break;
        }

        var total = w.Sum();
        var result = new List<(Touchpoint, decimal)>();
        decimal sum = 0m, previous = 0m;
        for (var i = 0; i < n; i++)
        {
            sum += w[i];
            var upTo = i == n - 1 ? 1m : Math.Round(sum / total, 18, MidpointRounding.ToEven);
            result.Add((touches[i], upTo - previous));
            previous = upTo;
        }

        return result;
    }

    internal static Dictionary<(string Label, LocalDate? Period), FinanceSums> Compute(
        MoneyScenario scenario, LeadGrouping grouping, AttributionOptions o, LeadEncoding enc)
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

        string Label(Touchpoint? t) => grouping.Dimension switch
        {
            GroupDimension.None => string.Empty,
            GroupDimension.Source => t?.Channel ?? DimensionEncoder.NoneLabel,
            GroupDimension.Campaign => t?.Campaign ?? DimensionEncoder.NoneLabel,
            _ => t?.Actor ?? DimensionEncoder.NoneLabel,
        };

        var touchesByLead = scenario.Touchpoints.ToLookup(t => t.Lead);
        var revenueByLead = scenario.Revenue.ToLookup(r => r.Lead);
        foreach (var lead in scenario.Leads)
        {
            var period = Buckets.Start(grouping.Bucket, lead.CreatedAt, grouping.Zone);
            var won = lead.Outcome == LeadOutcome.Won;
            var hasDeal = won && lead.DealValue is not null;
            var deal = hasDeal ? lead.DealValue!.Value.Amount : 0m;
            var revenue = revenueByLead[lead.Id].Sum(r => r.Amount.Amount);
            var credits = Credits(lead, touchesByLead[lead.Id], o, enc);
            if (credits.Count == 0)
            {
                credits = [(null!, 1m)];
            }

            decimal cumulative = 0m, dealSoFar = 0m, revenueSoFar = 0m;
            for (var i = 0; i < credits.Count; i++)
            {
                var (touch, credit) = credits[i];
                cumulative += credit;
                var last = i == credits.Count - 1;
                var dealUpTo = last ? deal : Math.Round(deal * cumulative, 2, MidpointRounding.ToEven);
                var revenueUpTo = last ? revenue : Math.Round(revenue * cumulative, 2, MidpointRounding.ToEven);
                var a = At((Label(touch), period));
                a[0] += credit;
                a[1] += won ? credit : 0m;
                a[2] += hasDeal ? credit : 0m;
                a[3] += dealUpTo - dealSoFar;
                a[4] += revenueUpTo - revenueSoFar;
                a[9] += won ? revenueUpTo - revenueSoFar : 0m; // a won journey's (undated) revenue is customer revenue
                dealSoFar = dealUpTo;
                revenueSoFar = revenueUpTo;
            }
        }

        if (grouping.Dimension != GroupDimension.Owner)
        {
            // Costs land exactly as in the money reference.
            var costs = FinanceReference.Compute(scenario with { Leads = [], Revenue = [] }, grouping.Dimension, grouping.Bucket, grouping.Zone, out _);
            foreach (var (key, sums) in costs)
            {
                var a = At(key);
                a[5] += sums.Media;
                a[6] += sums.TeamTime;
                a[7] += sums.Tooling;
                a[8] += sums.Other;
            }
        }

        return acc.ToDictionary(p => p.Key, p => new FinanceSums(p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4], p.Value[5], p.Value[6], p.Value[7], p.Value[8], p.Value[9]));
    }
}
