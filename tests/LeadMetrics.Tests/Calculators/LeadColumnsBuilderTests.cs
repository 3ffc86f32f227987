using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Performance;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class LeadColumnsBuilderTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LeadGrouping[] Groupings =
    [
        LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London),
        new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London, PeriodInstant.Closed),
    ];

    private static void Append(LeadColumnsBuilder builder, in LeadRecord r) =>
        builder.Add(
            r.Lead,
            r.CreatedAt.ToUnixTimeTicks(),
            r.Source,
            r.Campaign,
            r.Owner,
            r.Segment,
            r.FirstResponseAt?.ToUnixTimeTicks(),
            r.Outcome,
            r.ClosedAt?.ToUnixTimeTicks(),
            r.FurthestPosition,
            r.DealValue,
            r.Stages.Span);

    // Results are values: batches built two ways give equal results (compared with Equals, not through text).
    private static CalculatorSetResult<LeadKpis> Kpis(Action<CalculatorSet<LeadKpiCalculator, LeadKpis>> feed)
    {
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
        feed(set);
        return set.Snapshot();
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool A_built_batch_gives_the_same_kpis_as_LeadColumns_From(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        var records = leads.Select(l => LeadRecord.FromLead(l, encoding)).ToArray();
        var expected = Kpis(set => set.AddRange(LeadColumns.From(records)));

        // One builder, its arrays reused over three batches (each added before the next is appended).
        var builder = new LeadColumnsBuilder(capacity: 2);
        var actual = Kpis(set =>
        {
            var third = (records.Length + 2) / 3;
            for (var start = 0; start < records.Length; start += third)
            {
                foreach (var r in records.AsSpan(start, Math.Min(third, records.Length - start)))
                {
                    Append(builder, r);
                }

                set.AddRange(builder.Build());
            }
        });
        return expected.Equals(actual);
    }

    [Fact]
    public void A_built_batch_round_trips_its_leads()
    {
        var records = SyntheticLeadRecords.Generate(3000, seed: 9);
        var builder = new LeadColumnsBuilder(100);
        foreach (var r in records)
        {
            Append(builder, r);
        }

        Assert.Equal(3000, builder.Count);
        var columns = builder.Build();
        Assert.Equal(0, builder.Count);
        Assert.Equal(records.Length, columns.Count);
        for (var i = 0; i < records.Length; i++)
        {
            var a = records[i];
            var b = columns[i];
            Assert.Equal((a.Lead, a.CreatedAt, a.Source, a.Campaign, a.Owner, a.Segment, a.FirstResponseAt, a.Outcome, a.ClosedAt, a.FurthestPosition, a.DealValue),
                (b.Lead, b.CreatedAt, b.Source, b.Campaign, b.Owner, b.Segment, b.FirstResponseAt, b.Outcome, b.ClosedAt, b.FurthestPosition, b.DealValue));
            Assert.Equal(a.Stages.ToArray(), b.Stages.ToArray());
        }

        Assert.Equal(
            Kpis(set => set.AddRange(LeadColumns.From(records))),
            Kpis(set => set.AddRange(columns)));
    }

    [Fact]
    public void Steady_state_appends_allocate_nothing()
    {
        var records = SyntheticLeadRecords.Generate(20_000, seed: 4);
        var builder = new LeadColumnsBuilder(1024);

        // Warm up: the arrays grow to the batch size (and the code is jitted) in the first batch.
        foreach (var r in records)
        {
            Append(builder, r);
        }

        builder.Build();
        builder.Clear();

        // The least of a few measurements, each from a retired allocation context (ThreadAllocations): a one-time cost
        // of the runtime on this thread cannot fail the test, a cost per append would show in every round (60,000 appends).
        var allocated = long.MaxValue;
        for (var attempt = 0; attempt < 5 && allocated != 0; attempt++)
        {
            var before = ThreadAllocations.Start();
            for (var round = 0; round < 3; round++)
            {
                foreach (var r in records)
                {
                    Append(builder, r);
                }

                builder.Clear();
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_batch_built_again_reuses_the_arrays()
    {
        var records = SyntheticLeadRecords.Generate(2000, seed: 6);
        var builder = new LeadColumnsBuilder(16);
        foreach (var r in records)
        {
            Append(builder, r);
        }

        var first = builder.Build();
        Assert.Same(first, builder.Build());
        Append(builder, records[0]);
        var second = builder.Build();
        Assert.Same(first, second);
        Assert.Equal(1, second.Count);
        builder.Clear();
        Assert.Equal(0, builder.Build().Count);
    }

    [Fact]
    public void A_bad_fact_is_named_and_leaves_the_batch_as_it_was()
    {
        var t0 = Instant.FromUtc(2024, 1, 1, 0, 0).ToUnixTimeTicks();
        var builder = new LeadColumnsBuilder();
        builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, 0, null, default);
        Assert.Equal("lead", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(0, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, 0, null, default)).ParamName);
        Assert.Equal("closedTicks", Assert.Throws<ArgumentException>(() => builder.Add(2, t0, 0, 0, 0, 0, null, LeadOutcome.Won, null, 0, null, default)).ParamName);
        Assert.Equal("closedTicks", Assert.Throws<ArgumentException>(() => builder.Add(2, t0, 0, 0, 0, 0, null, LeadOutcome.Lost, t0 - 1, 0, null, default)).ParamName);
        Assert.Equal("firstResponseTicks", Assert.Throws<ArgumentException>(() => builder.Add(2, t0, 0, 0, 0, 0, t0 - 1, LeadOutcome.Open, null, 0, null, default)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(2, t0, -1, 0, 0, 0, null, LeadOutcome.Open, null, 0, null, default)).ParamName);
        Assert.Equal("furthestPosition", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(2, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, 300, null, default)).ParamName);
        var late = new StageVisit(2, Instant.FromUnixTimeTicks(t0 + 100));
        var early = new StageVisit(1, Instant.FromUnixTimeTicks(t0 + 50));
        var e = Assert.Throws<ArgumentException>(() => builder.Add(2, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, 2, null, new[] { late, early }));
        Assert.Equal("stages", e.ParamName);
        Assert.Contains("stages[1].EnteredAt", e.Message, StringComparison.Ordinal);
        Assert.Equal("closedTicks", Assert.Throws<ArgumentException>(() => builder.Add(2, t0, 0, 0, 0, 0, null, LeadOutcome.Lost, t0 + 10, 2, null, new[] { late })).ParamName);
        Assert.Equal(1, builder.Count);
        Assert.Equal(1, builder.Build().Count);
    }

    [Fact]
    public void Every_fact_the_combined_test_covers_is_refused_by_name()
    {
        // Add tests all facts at once and names the fault through the checks one by one: each kind of fault here,
        // at the edges of the combined test, must still be refused with its parameter (and a valid lead at the edges accepted).
        var t0 = Instant.FromUtc(2024, 1, 1, 0, 0).ToUnixTimeTicks();
        var max = Instant.MaxValue.ToUnixTimeTicks();
        var usd = Currency.FromCode("USD");
        var builder = new LeadColumnsBuilder();
        void Refused<TException>(string param, Action add)
            where TException : ArgumentException => Assert.Equal(param, Assert.Throws<TException>(add).ParamName);

        Refused<ArgumentOutOfRangeException>("createdTicks", () => builder.Add(1, max + 1, 0, 0, 0, 0, null, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentOutOfRangeException>("createdTicks", () => builder.Add(1, Instant.MinValue.ToUnixTimeTicks() - 1, 0, 0, 0, 0, null, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentOutOfRangeException>("campaign", () => builder.Add(1, t0, 0, 1 << 24, 0, 0, null, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentOutOfRangeException>("owner", () => builder.Add(1, t0, 0, 0, int.MinValue, 0, null, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentOutOfRangeException>("segment", () => builder.Add(1, t0, 0, 0, 0, -1, null, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentOutOfRangeException>("outcome", () => builder.Add(1, t0, 0, 0, 0, 0, null, (LeadOutcome)3, t0, 0, null, default));
        Refused<ArgumentOutOfRangeException>("furthestPosition", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, -1, null, default));
        Refused<ArgumentOutOfRangeException>("firstResponseTicks", () => builder.Add(1, t0, 0, 0, 0, 0, max + 1, LeadOutcome.Open, null, 0, null, default));
        Refused<ArgumentException>("closedTicks", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Open, t0, 0, null, default));
        Refused<ArgumentOutOfRangeException>("closedTicks", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Won, max + 1, 0, null, default));
        Refused<ArgumentException>("dealValue", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Won, t0, 0, default(Money), default));
        Refused<ArgumentOutOfRangeException>("dealValue", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Won, t0, 0, new Money(-0.01m, usd), default));
        Refused<ArgumentOutOfRangeException>("dealValue", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Won, t0, 0, new Money(Money.MaxFactAmount + 1, usd), default));
        Refused<ArgumentException>("stages", () => builder.Add(1, t0, 0, 0, 0, 0, null, LeadOutcome.Open, null, 1, null, new[] { new StageVisit(1, Instant.FromUnixTimeTicks(t0 - 1)) }));
        Assert.Equal(0, builder.Count);

        // The edges themselves are valid.
        builder.Add(1, t0, (1 << 24) - 1, 0, 0, 0, t0, LeadOutcome.Won, t0, 300, new Money(Money.MaxFactAmount, usd), new[] { new StageVisit(1, Instant.FromUnixTimeTicks(t0)) });
        builder.Add(2, max, 0, 0, 0, 0, max, LeadOutcome.Lost, max, 255, new Money(0m, usd), default);
        Assert.Equal(2, builder.Build().Count);
    }
}
