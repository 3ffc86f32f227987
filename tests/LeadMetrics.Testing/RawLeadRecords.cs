using FsCheck;
using FsCheck.Fluent;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Testing;

/// <summary>
/// Random <see cref="LeadRecord"/> batches with any stage history a record accepts, not only the
/// tidy ones the model produces: no visits, a first visit to stage 0 after creation, the same stage
/// twice in a row, moves back, visits after a terminal stage, zero-length stretches, a close without
/// a terminal visit. The columnar path must treat every one as adding the record does.
/// </summary>
public static class RawLeadRecords
{
    private static readonly Instant Origin = Instant.FromUtc(2024, 3, 1, 0, 0);

    /// <summary>A batch of records in the default pipeline (stages 0 to 5; 4 won, 5 lost).</summary>
    public static Gen<LeadRecord[]> Batch =>
        from count in Gen.Choose(0, 60)
        from leads in Gen.ArrayOf(Record, count)
        select leads.Select((make, i) => make(i + 1)).ToArray();

    /// <summary>A large batch (17,000 to 36,000 records), so the columnar blocks (16,384 rows) and their edges are crossed.</summary>
    public static Gen<LeadRecord[]> LargeBatch =>
        from count in Gen.Choose(17_000, 36_000)
        from leads in Gen.ArrayOf(Record, count)
        select leads.Select((make, i) => make(i + 1)).ToArray();

    private static Gen<long> Step =>
        Gen.Frequency(
            (2, Gen.Constant(0L)),
            (4, Gen.Choose(1, 3600).Select(s => s * NodaConstants.TicksPerSecond)),
            (3, Gen.Choose(1, 60 * 24).Select(m => m * NodaConstants.TicksPerMinute)),
            (1, Gen.Choose(1, 24 * 90).Select(h => h * NodaConstants.TicksPerHour)));

    private static Gen<Func<int, LeadRecord>> Record =>
        from created in Gen.Choose(0, 365 * 24 * 60).Select(m => Origin.Plus(Duration.FromMinutes(m)))
        from source in Gen.Choose(0, 4)
        from owner in Gen.Choose(0, 3)
        from campaign in Gen.Choose(0, 2)
        from answered in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from response in Step
        from shape in Gen.Choose(0, 9)
        from stages in Gen.ArrayOf(Gen.Frequency((5, Gen.Choose(0, 3)), (1, Gen.Choose(4, 5))), 6)
        from steps in Gen.ArrayOf(Step, 7)
        from visitCount in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 6)))
        from outcome in Gen.Elements(LeadOutcome.Open, LeadOutcome.Won, LeadOutcome.Lost)
        from furthest in Gen.Choose(0, 3)
        from value in Gen.Frequency((1, Gen.Constant<decimal?>(null)), (3, Gen.Choose(0, 1_000_000).Select(c => (decimal?)(c / 100m))))
        select (Func<int, LeadRecord>)(lead =>
        {
            var at = created.ToUnixTimeTicks();
            var visits = new StageVisit[visitCount];
            for (var k = 0; k < visitCount; k++)
            {
                // Shape 0..6: as drawn (repeats, moves back, visits after a terminal stage); 7..9: a tidy
                // history that starts at stage 0 at creation and moves forward.
                var stage = shape <= 6 ? stages[k] : Math.Min(k, 3);
                at += k == 0 && shape > 6 ? 0 : steps[k];
                visits[k] = new StageVisit(stage, Instant.FromUnixTimeTicks(at));
            }

            Instant? closed = outcome == LeadOutcome.Open ? null : Instant.FromUnixTimeTicks(at + steps[6]);
            return new LeadRecord(
                lead,
                created,
                source,
                campaign,
                owner,
                firstResponseAt: answered ? created.Plus(Duration.FromTicks(response)) : null,
                outcome: outcome,
                closedAt: closed,
                furthestPosition: furthest,
                dealValue: outcome == LeadOutcome.Won && value is { } v ? new Money(v, Currency.Usd) : null,
                stages: visits);
        });
}
