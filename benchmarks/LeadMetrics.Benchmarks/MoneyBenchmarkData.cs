using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Benchmarks;

/// <summary>Deterministic synthetic leads, costs, revenue and journeys for the money, attribution and capacity benchmarks.</summary>
internal static class MoneyBenchmarkData
{
    internal const int Sources = 12;
    internal const int Owners = 20;

    internal static LeadRecord[] Leads(int count, int seed = 42)
    {
        var random = new Random(seed);
        var origin = Instant.FromUtc(2024, 1, 1, 0, 0);
        var leads = new LeadRecord[count];
        for (var i = 0; i < count; i++)
        {
            var created = origin + Duration.FromSeconds(random.Next(0, 366 * 24 * 3600));
            var roll = random.NextDouble();
            var outcome = roll < 0.2 ? LeadOutcome.Won : roll < 0.7 ? LeadOutcome.Lost : LeadOutcome.Open;
            Instant? response = random.NextDouble() < 0.1 ? null : created + Duration.FromMinutes(random.Next(1, 600));
            Instant? closed = outcome == LeadOutcome.Open ? null : created + Duration.FromHours(random.Next(1, 24 * 60));
            StageVisit[] stages = outcome == LeadOutcome.Won
                ? [new StageVisit(0, created), new StageVisit(2, created + Duration.FromHours(1)), new StageVisit(4, closed!.Value)]
                : [new StageVisit(0, created)];
            leads[i] = new LeadRecord(
                i + 1,
                created,
                1 + random.Next(Sources),
                1 + random.Next(8),
                1 + random.Next(Owners),
                firstResponseAt: response,
                outcome: outcome,
                closedAt: closed,
                furthestPosition: outcome == LeadOutcome.Won ? 4 : 0,
                dealValue: outcome == LeadOutcome.Won ? new Money(random.Next(500, 50_000), Currency.Usd) : null,
                stages: stages);
        }

        return leads;
    }

    internal static CostEvent[] Costs(int count, int seed = 43)
    {
        var random = new Random(seed);
        var start = new LocalDate(2024, 1, 1);
        var costs = new CostEvent[count];
        for (var i = 0; i < count; i++)
        {
            var from = start.PlusDays(random.Next(0, 360));
            costs[i] = new CostEvent(1 + random.Next(Sources), from, from.PlusDays(random.Next(0, 45)), new Money(random.Next(1, 1_000_000) / 100m, Currency.Usd), (CostCategory)random.Next(4), 1 + random.Next(8));
        }

        return costs;
    }

    internal static RevenueEvent[] Revenue(LeadRecord[] leads, int seed = 44)
    {
        var random = new Random(seed);
        var revenue = new List<RevenueEvent>();
        foreach (var lead in leads)
        {
            if (lead.Outcome != LeadOutcome.Won)
            {
                continue;
            }

            var payments = random.Next(1, 13);
            for (var p = 0; p < payments; p++)
            {
                revenue.Add(new RevenueEvent(lead.Lead, lead.ClosedAt!.Value + Duration.FromDays(30 * p), new Money(random.Next(100, 5_000), Currency.Usd)));
            }
        }

        return [.. revenue];
    }

    internal static LeadJourney[] Journeys(LeadRecord[] leads, int seed = 45)
    {
        var random = new Random(seed);
        var journeys = new LeadJourney[leads.Length];
        for (var i = 0; i < leads.Length; i++)
        {
            var lead = leads[i];
            var touches = new TouchpointEvent[1 + random.Next(6)];
            for (var t = 0; t < touches.Length; t++)
            {
                touches[t] = new TouchpointEvent(lead.Lead, lead.CreatedAt + Duration.FromHours(random.Next(-24 * 30, 24 * 10)), 1 + random.Next(Sources), TouchpointKind.Form, TouchpointDirection.Inbound);
            }

            journeys[i] = new LeadJourney(lead, touches, lead.Outcome == LeadOutcome.Won ? new Money(random.Next(100, 9_000), Currency.Usd) : null);
        }

        return journeys;
    }
}
