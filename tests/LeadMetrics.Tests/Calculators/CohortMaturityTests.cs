using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>Cohort maturity (issue 16 item 2) and spend-based acquisition cost per period: hand-computed, reference, merge laws.</summary>
public sealed class CohortMaturityTests
{
    private static Instant Dec(int day, int hour = 0) => Instant.FromUtc(2024, 12, day, hour, 0);

    private static LeadRecord[] December() =>
    [
        // Won on Dec 5 (responded Dec 2), lost on Dec 28 after a stage change on Dec 22 (the close is the last fact), open.
        new(1, Dec(1), firstResponseAt: Dec(2), outcome: LeadOutcome.Won, closedAt: Dec(5), furthestPosition: 4),
        new(2, Dec(10), outcome: LeadOutcome.Lost, closedAt: Dec(28), stages: new[] { new StageVisit(0, Dec(10)), new StageVisit(1, Dec(22)) }),
        new(3, Dec(20)),
    ];

    [Fact]
    public void Hand_computed_cohort_is_immature_until_its_youngest_lead_is_a_typical_close_old()
    {
        var calculator = new CohortMaturityCalculator();
        foreach (var lead in December())
        {
            calculator.Add(lead);
        }

        var result = calculator.Snapshot();
        Assert.Equal(3, result.Leads);
        Assert.Equal(1, result.Open);
        Assert.Equal(1m / 3m, result.OpenShare);
        Assert.Equal(Dec(20), result.YoungestCreatedAt);
        Assert.Equal(Dec(1), result.OldestCreatedAt);
        Assert.Equal(Dec(28), result.LastObservedAt);

        // As of Dec 31 the youngest lead is 11 days old: immature against a typical close of 30 days, mature against 10.
        var asOf = Dec(31);
        Assert.Equal(Duration.FromDays(11), result.YoungestAge(asOf));
        Assert.False(result.IsMature(asOf, Duration.FromDays(30)));
        Assert.True(result.IsMature(asOf, Duration.FromDays(10)));
        Assert.True(result.IsMature(asOf, Duration.FromDays(11)));

        // Open leads and no typical time: unknown. As-of before the youngest lead: an error naming asOf.
        Assert.Null(result.IsMature(asOf, null));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => result.IsMature(Dec(19), Duration.FromDays(1)));
        Assert.Equal("asOf", e.ParamName);
        Assert.Equal("asOf", Assert.Throws<ArgumentOutOfRangeException>(() => result.YoungestAge(Dec(19))).ParamName);
        Assert.Equal("asOf", Assert.Throws<ArgumentOutOfRangeException>(() => result.IsMature(Dec(19), null)).ParamName);
        Assert.Equal("typicalTimeToClose", Assert.Throws<ArgumentOutOfRangeException>(() => result.IsMature(asOf, Duration.FromDays(-1))).ParamName);
    }

    [Fact]
    public void A_closed_cohort_is_mature_and_an_empty_one_unknown()
    {
        var closed = new CohortMaturityCalculator();
        closed.Add(December()[0]);
        var maturity = closed.Snapshot();
        Assert.True(maturity.IsMature(Dec(6), null));
        Assert.Equal(0m, maturity.OpenShare);
        Assert.Equal(Duration.FromDays(5), maturity.YoungestAge(Dec(6)));

        var empty = new CohortMaturityCalculator().Snapshot();
        Assert.Equal(0, empty.Leads);
        Assert.Null(empty.OpenShare);
        Assert.Null(empty.YoungestCreatedAt);
        Assert.Null(empty.LastObservedAt);
        Assert.Null(empty.IsMature(Dec(1), Duration.FromDays(1)));
        Assert.Null(empty.YoungestAge(Dec(1)));
    }

    [Fact]
    public void Grouped_by_month_each_cohort_has_its_own_maturity()
    {
        var grouping = new LeadGrouping(GroupDimension.None, TimeBucket.Month, DateTimeZone.Utc);
        var grouped = new GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>(grouping, new CohortMaturityCalculator());
        grouped.Add(new LeadRecord(10, Instant.FromUtc(2024, 11, 3, 0, 0), outcome: LeadOutcome.Won, closedAt: Instant.FromUtc(2024, 11, 20, 0, 0), furthestPosition: 4));
        grouped.Add(new LeadRecord(11, Instant.FromUtc(2024, 11, 15, 0, 0), outcome: LeadOutcome.Lost, closedAt: Instant.FromUtc(2024, 12, 1, 0, 0)));
        foreach (var lead in December())
        {
            grouped.Add(lead);
        }

        var months = grouped.Snapshot().Groups.OrderBy(g => g.Key.Period).Select(g => g.Result).ToList();
        Assert.Equal([true, false], months.Select(m => m.IsMature(Dec(31), Duration.FromDays(30))));
        Assert.Equal([0m, 1m / 3m], months.Select(m => m.OpenShare));
    }

    [Fact]
    public void Spend_based_acquisition_cost_per_period_is_the_period_spend_over_the_customers_won_in_it()
    {
        // Cohort view: November's 2 leads and December's 3 leads; spend 600 in November, 300 in December.
        // One November lead is won in November, the December lead won on Dec 5, so by period of winning:
        // November 600 / 1 customer, December 300 / 1 customer (the November cohort's CAC is 600 / 1, December's 300 / 1).
        // A lead created in November and won in December moves a customer from the cohort's month to December's.
        var encoding = new LeadEncoding();
        var web = encoding.Sources.Encode("web");
        LeadRecord[] leads =
        [
            new(10, Instant.FromUtc(2024, 11, 3, 0, 0), source: web, outcome: LeadOutcome.Won, closedAt: Instant.FromUtc(2024, 11, 20, 0, 0), furthestPosition: 4),
            new(11, Instant.FromUtc(2024, 11, 15, 0, 0), source: web, outcome: LeadOutcome.Won, closedAt: Instant.FromUtc(2024, 12, 2, 0, 0), furthestPosition: 4),
            new(1, Dec(1), source: web, outcome: LeadOutcome.Won, closedAt: Dec(5), furthestPosition: 4),
            new(2, Dec(10), source: web, outcome: LeadOutcome.Lost, closedAt: Dec(25)),
            new(3, Dec(20), source: web),
        ];
        CostEvent[] costs =
        [
            new(web, new LocalDate(2024, 11, 1), new LocalDate(2024, 11, 30), new Money(600m, "USD")),
            new(web, new LocalDate(2024, 12, 1), new LocalDate(2024, 12, 31), new Money(300m, "USD")),
        ];

        FinanceResult[] Months(PeriodInstant periodOf)
        {
            var finance = new FinanceCalculator(new LeadGrouping(GroupDimension.None, TimeBucket.Month, DateTimeZone.Utc, periodOf), new FinanceOptions(Currency.Usd));
            finance.AddRange(leads.AsSpan());
            finance.AddRange(costs);
            return [.. finance.Snapshot().Groups.Where(g => g.Key.Period != Periods.NonePeriod).OrderBy(g => g.Key.Period).Select(g => g.Result)];
        }

        var cohort = Months(PeriodInstant.Created);
        Assert.Equal([300m, 300m], cohort.Select(m => m.CustomerAcquisitionCost!.Value.Amount)); // Nov 600 / 2 won, Dec 300 / 1 won
        var spend = Months(PeriodInstant.Closed);
        Assert.Equal([1m, 2m], spend.Select(m => m.Customers));
        Assert.Equal([600m, 150m], spend.Select(m => m.CustomerAcquisitionCost!.Value.Amount)); // Nov 600 / 1, Dec 300 / 2
    }

    private static readonly Arbitrary<(Lead[] Leads, int Cut)> LeadsAndCut =
        (from leads in LeadGenerators.Leads from cut in Gen.Choose(0, 1000) select (leads, cut)).ToArbitrary();

    [Property]
    public Property Streaming_equals_the_reference_and_merging_partials_equals_one_pass() =>
        Prop.ForAll(LeadsAndCut, input =>
        {
            var encoding = new LeadEncoding();
            var records = input.Leads.Select(l => LeadRecord.FromLead(l, encoding)).ToArray();
            var cut = records.Length == 0 ? 0 : input.Cut % (records.Length + 1);
            CohortMaturityCalculator Feed(IEnumerable<LeadRecord> rows)
            {
                var c = new CohortMaturityCalculator();
                foreach (var r in rows)
                {
                    c.Add(r);
                }

                return c;
            }

            var one = Feed(records).Snapshot();
            var reversed = Feed(records.Reverse()).Snapshot();
            var left = Feed(records.Take(cut));
            var right = Feed(records.Skip(cut));
            var ab = left.CreateEmpty();
            ab.Merge(left);
            ab.Merge(right);
            var ba = right.CreateEmpty();
            ba.Merge(right);
            ba.Merge(left);

            // Reference: plain LINQ over the records' public facts.
            var expectedLast = records.Length == 0 ? (Instant?)null : records.Max(r => new[] { r.CreatedAt, r.FirstResponseAt ?? r.CreatedAt, r.ClosedAt ?? r.CreatedAt }
                .Concat(r.Stages.ToArray().Select(s => s.EnteredAt)).Max());
            var reference = records.Length == 0
                ? (0L, 0L, (Instant?)null, (Instant?)null, (Instant?)null)
                : ((long)records.Length, (long)records.Count(r => r.Outcome == LeadOutcome.Open), records.Max(r => r.CreatedAt), records.Min(r => r.CreatedAt), expectedLast);
            return ((one.Leads, one.Open, one.YoungestCreatedAt, one.OldestCreatedAt, one.LastObservedAt) == reference).Label($"reference {reference} vs {one}")
                .And((reversed.Equals(one)).Label("order independent"))
                .And((ab.Snapshot().Equals(one)).Label("merge a+b = one pass"))
                .And((ba.Snapshot().Equals(one)).Label("merge b+a = one pass"));
        });
}
