using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Testing;

/// <summary>
/// A fast, deterministic generator of large sets of <see cref="LeadRecord"/>s for allocation tests
/// and benchmarks: every lead has a creation instant, most a first response, a stage history, an
/// outcome and (when won) a value. Stage visits share one buffer, as a production reader would.
/// </summary>
public static class SyntheticLeadRecords
{
    /// <summary>The number of sources generated (ids 1 to <c>SourceCount</c>).</summary>
    public const int SourceCount = 12;

    /// <summary>The number of owners generated.</summary>
    public const int OwnerCount = 20;

    /// <summary>Generates <paramref name="count"/> records over 2024 in the default pipeline.</summary>
    /// <param name="count">How many leads.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The records.</returns>
    public static LeadRecord[] Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var pipeline = Pipeline.Default;
        var open = pipeline.OpenStageCount;
        var visits = new StageVisit[count * (open + 1)];
        var records = new LeadRecord[count];
        var origin = Instant.FromUtc(2024, 1, 1, 0, 0).ToUnixTimeTicks();
        var year = Duration.FromDays(366).BclCompatibleTicks;
        var used = 0;
        for (var i = 0; i < count; i++)
        {
            var source = 1 + (int)(Math.Pow(random.NextDouble(), 2) * SourceCount);
            var owner = 1 + random.Next(OwnerCount);
            var created = Instant.FromUnixTimeTicks(origin + (long)(random.NextDouble() * year));

            // Response: lognormal-ish around minutes, 10% never answered.
            Instant? response = random.NextDouble() < 0.1
                ? null
                : created + Duration.FromSeconds(Math.Round(Math.Exp(3 + (random.NextDouble() * 8)), 0));

            var furthest = random.Next(open);
            var start = used;
            var at = created;
            for (var s = 0; s <= furthest; s++)
            {
                if (s > 0)
                {
                    at += Duration.FromHours(1 + random.Next(24 * 10));
                }

                visits[used++] = new StageVisit(s, at);
            }

            var roll = random.NextDouble();
            var outcome = roll < 0.2 ? LeadOutcome.Won : roll < 0.7 ? LeadOutcome.Lost : LeadOutcome.Open;
            Instant? closed = null;
            if (outcome != LeadOutcome.Open)
            {
                at += Duration.FromHours(1 + random.Next(24 * 20));
                closed = at;
                visits[used++] = new StageVisit(outcome == LeadOutcome.Won ? open : open + 1, at);
            }

            records[i] = new LeadRecord(
                i + 1,
                created,
                source,
                campaign: 1 + random.Next(8),
                owner: owner,
                firstResponseAt: response,
                outcome: outcome,
                closedAt: closed,
                furthestPosition: furthest,
                dealValue: outcome == LeadOutcome.Won ? new Money(random.Next(500, 50_000), Currency.Usd) : null,
                stages: new ReadOnlyMemory<StageVisit>(visits, start, used - start));
        }

        return records;
    }
}
