using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Records;

/// <summary>
/// The native library's bulk paths (issue 19) equal the one-lead-at-a-time paths: <c>LeadColumnsBuilder.AddColumns</c>
/// builds the batch <see cref="LeadColumns.From"/> builds, the columnar cohort maturity and rep comparison count what
/// adding the records counts, and the period cache of a grouping gives the periods the plain arithmetic gives.
/// </summary>
public sealed class BulkColumnsTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LeadGrouping[] Groupings =
    [
        LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.None, TimeBucket.Month, London),
        new LeadGrouping(GroupDimension.Owner, TimeBucket.Quarter, London), new LeadGrouping(GroupDimension.Campaign, TimeBucket.Year, London, PeriodInstant.Closed),
    ];

    // The generated records with every deal value in USD at scale 2 (the bulk path's one currency and scale).
    private static LeadRecord[] Records(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        return [.. leads.Select(l => LeadRecord.FromLead(l, encoding)).Select(r =>
        {
            Money? deal = null;
            if (r.DealValue is { } d)
            {
                var units = (long)(decimal.Round(d.Amount, 2) * 100m % 1_000_000_000_000m);
                deal = new Money(new decimal(unchecked((int)units), unchecked((int)(units >> 32)), 0, false, 2), Currency.Usd);
            }

            return new LeadRecord(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt, r.Outcome, r.ClosedAt,
                r.FurthestPosition, deal, r.Stages);
        })];
    }

    // The records appended in bulk, in two calls (a batch grows across calls); lead keys 1.. in order.
    private static LeadColumns Bulk(LeadRecord[] records, int cut)
    {
        var builder = new LeadColumnsBuilder(4);
        foreach (var (from, to) in new[] { (0, cut), (cut, records.Length) })
        {
            var part = records[from..to];
            var visits = part.SelectMany(r => r.Stages.ToArray()).ToArray();
            var starts = new int[part.Length + 1];
            for (var i = 0; i < part.Length; i++)
            {
                starts[i + 1] = starts[i] + part[i].Stages.Length;
            }

            builder.AddColumns(from + 1, [.. part.Select(r => r.CreatedTicks)], [.. part.Select(r => r.ResponseTicks)], [.. part.Select(r => r.ClosedTicks)],
                [.. part.Select(r => (byte)r.Outcome)], [.. part.Select(r => r.Source)], [.. part.Select(r => r.Campaign)], [.. part.Select(r => r.Owner)],
                [.. part.Select(r => r.Segment)], [.. part.Select(r => r.FurthestPosition)],
                [.. part.Select(r => r.DealValue is { } d ? (long)(d.Amount * 100m) : long.MinValue)], 2, Currency.Usd, visits, starts);
        }

        return builder.Build();
    }

    private static readonly Arbitrary<(Lead[] Leads, int Cut)> LeadsAndCut =
        (from leads in LeadGenerators.Leads from cut in Gen.Choose(0, 1000) select (leads, cut)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Bulk_columns_equal_the_columns_of_the_records() =>
        Prop.ForAll(LeadsAndCut, input => BulkEqualsRecords(input.Leads, input.Cut, withStages: true));

    // Without stage rows AppendColumns takes its leads-only loop (the native library's lean path): the same batch.
    [Property(MaxTest = 200)]
    public Property Bulk_columns_without_stage_rows_equal_the_columns_of_the_records() =>
        Prop.ForAll(LeadsAndCut, input => BulkEqualsRecords(input.Leads, input.Cut, withStages: false));

    private static Property BulkEqualsRecords(Lead[] leads, int cutAt, bool withStages)
    {
        var records = Records(leads).Select((r, i) => new LeadRecord(i + 1, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt,
            r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, withStages ? r.Stages : default)).ToArray();
        var cut = records.Length == 0 ? 0 : cutAt % (records.Length + 1);
        var a = LeadColumns.From(records);
        var b = Bulk(records, cut);
        var n = a.Count;
        bool Same<T>(T[] x, T[] y, int count) => x.AsSpan(0, count).SequenceEqual(y.AsSpan(0, count));
        var stretches = a.StretchStarts[n];
        return (b.Count == n).Label("count")
            .And(Same(a.LeadKeys, b.LeadKeys, n) && Same(a.CreatedTicks, b.CreatedTicks, n) && Same(a.ResponseTicks, b.ResponseTicks, n)
                && Same(a.ClosedTicks, b.ClosedTicks, n) && Same(a.Outcomes, b.Outcomes, n) && Same(a.Furthest, b.Furthest, n)
                && Same(a.Sources, b.Sources, n) && Same(a.Campaigns, b.Campaigns, n) && Same(a.Owners, b.Owners, n) && Same(a.Segments, b.Segments, n))
            .Label("fact columns")
            .And((Same(a.DealAmounts, b.DealAmounts, n) && Same(a.DealCurrencies, b.DealCurrencies, n)).Label("deal values"))
            .And((Same(a.StageStarts, b.StageStarts, n + 1) && Same(a.Visits, b.Visits, a.StageStarts[n]) && Same(a.StretchStarts, b.StretchStarts, n + 1)
                && Same(a.StretchRows, b.StretchRows, stretches) && Same(a.StretchFrom, b.StretchFrom, stretches) && Same(a.StretchTicks, b.StretchTicks, stretches)
                && Same(a.LastSince, b.LastSince, n) && Same(a.LastStage, b.LastStage, n) && Same(a.WalkBounds, b.WalkBounds, n)).Label("visits and walk"))
            .And((a.MaxVisitStage == b.MaxVisitStage && a.MaxOpenFurthest == b.MaxOpenFurthest && a.WonCurrency == b.WonCurrency).Label("summaries"))
            .And((Kpis(a).Equals(Kpis(b))).Label("all lead KPIs"));
    }

    private static readonly Arbitrary<(Lead[] Leads, int[] Batches)> LeadsAndBatches =
        (from leads in LeadGenerators.Leads from batches in Gen.ArrayOf(Gen.Choose(0, 4 * 1024)) select (leads, batches)).ToArbitrary();

    // One builder reused batch after batch, as the native library's workers reuse theirs (issue 19): a leads-only
    // AppendColumns keeps the layout constants an earlier batch left in the arrays and writes LastSince only when it
    // is read; batches with visits, leads added one by one, and batches of other lengths in between must leave each
    // batch equal to the batch of its records.
    [Property(MaxTest = 200)]
    public Property A_reused_builder_builds_each_batch_as_its_records() =>
        Prop.ForAll(LeadsAndBatches, input =>
        {
            var all = Records(input.Leads);
            var builder = new LeadColumnsBuilder(4);
            var failed = new List<string>();
            foreach (var batch in input.Batches)
            {
                // kind 0: leads only, one call; 1: leads only, two calls; 2: with visits, two calls; 3: one by one, with visits.
                var kind = batch % 4;
                var length = all.Length == 0 ? 0 : (batch / 4) % (all.Length + 1);
                var records = all[..length].Select((r, i) => new LeadRecord(i + 1, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt,
                    r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, kind >= 2 ? r.Stages : default)).ToArray();
                if (kind == 3)
                {
                    builder.Clear(); // no Add at all would build the last batch again
                    foreach (var r in records)
                    {
                        builder.Add(r.Lead, r.CreatedTicks, r.Source, r.Campaign, r.Owner, r.Segment, r.ResponseTicks == LeadRecord.None ? null : r.ResponseTicks,
                            r.Outcome, r.ClosedTicks == LeadRecord.None ? null : r.ClosedTicks, r.FurthestPosition, r.DealValue, r.Stages.Span);
                    }
                }
                else
                {
                    var cut = kind == 0 ? records.Length : records.Length / 2;
                    foreach (var (from, to) in new[] { (0, cut), (cut, records.Length) })
                    {
                        var part = records[from..to];
                        var visits = part.SelectMany(r => r.Stages.ToArray()).ToArray();
                        var starts = new int[part.Length + 1];
                        for (var i = 0; i < part.Length; i++)
                        {
                            starts[i + 1] = starts[i] + part[i].Stages.Length;
                        }

                        builder.AddColumns(from + 1, [.. part.Select(r => r.CreatedTicks)], [.. part.Select(r => r.ResponseTicks)], [.. part.Select(r => r.ClosedTicks)],
                            [.. part.Select(r => (byte)r.Outcome)], [.. part.Select(r => r.Source)], [.. part.Select(r => r.Campaign)], [.. part.Select(r => r.Owner)],
                            [.. part.Select(r => r.Segment)], [.. part.Select(r => r.FurthestPosition)],
                            [.. part.Select(r => r.DealValue is { } d ? (long)(d.Amount * 100m) : long.MinValue)], 2, Currency.Usd, visits, starts);
                    }
                }

                var a = LeadColumns.From(records);
                var b = builder.Build();
                var n = a.Count;
                bool Same<T>(T[] x, T[] y, int count) => x.AsSpan(0, count).SequenceEqual(y.AsSpan(0, count));
                var same = (b.Count == n, Same(a.StageStarts, b.StageStarts, n + 1), Same(a.StretchStarts, b.StretchStarts, n + 1),
                    Same(a.WalkBounds, b.WalkBounds, n), Same(a.LastStage, b.LastStage, n), Same(a.LastSince, b.LastSince, n),
                    Same(a.CreatedTicks, b.CreatedTicks, n), a.MaxVisitStage == b.MaxVisitStage, Kpis(a).Equals(Kpis(b)));
                if (same != (true, true, true, true, true, true, true, true, true))
                {
                    failed.Add($"batch {batch} (kind {kind}, {n} leads): {same}");
                }
            }

            return (failed.Count == 0).Label(string.Join("; ", failed));
        });

    private static CalculatorSetResult<LeadKpis> Kpis(LeadColumns columns)
    {
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
        set.AddRange(columns);
        return set.Snapshot();
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 200)]
    public Property Columnar_cohort_maturity_equals_adding_the_records(Lead[] leads)
    {
        var records = Records(leads);
        var byRow = new CalculatorSet<CohortMaturityCalculator, CohortMaturityResult>(new CohortMaturityCalculator(), Groupings);
        byRow.AddRange(records.AsSpan());
        var byColumn = new CalculatorSet<CohortMaturityCalculator, CohortMaturityResult>(new CohortMaturityCalculator(), Groupings);
        var half = records.Length / 2;
        byColumn.AddRange(LeadColumns.From(records.AsSpan(0, half)));
        byColumn.AddRange(LeadColumns.From(records.AsSpan(half)));
        return (byRow.Snapshot().Equals(byColumn.Snapshot())).ToProperty();
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 200)]
    public Property Columnar_rep_comparison_equals_adding_the_records(Lead[] leads)
    {
        var records = Records(leads);
        var ok = true;
        foreach (var options in new[] { new RepComparisonOptions(), new RepComparisonOptions(GroupDimension.Campaign), new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment) })
        {
            var byRow = new RepComparisonCalculator(options);
            foreach (var r in records)
            {
                byRow.Add(r);
            }

            var byColumn = new RepComparisonCalculator(options);
            var half = records.Length / 2;
            byColumn.AddColumns(LeadColumns.From(records.AsSpan(0, half)));
            byColumn.AddColumns(LeadColumns.From(records.AsSpan(half)));
            ok &= byRow.Snapshot().Equals(byColumn.Snapshot());
        }

        return ok.ToProperty();
    }

    [Fact]
    public void Rep_comparison_by_columns_counts_ids_beyond_the_dense_cache()
    {
        var at = Instant.FromUtc(2024, 3, 1, 9, 0);
        LeadRecord[] records =
        [
            new(1, at, source: 3, owner: 1, outcome: LeadOutcome.Won, closedAt: at + Duration.FromDays(2)),
            new(2, at, source: 300, owner: 1, outcome: LeadOutcome.Lost, closedAt: at + Duration.FromDays(2)),
            new(3, at, source: 3, owner: 70_000),
            new(4, at, source: 300, owner: 70_000, outcome: LeadOutcome.Won, closedAt: at + Duration.FromDays(3)),
            new(5, at, source: 3, owner: 1),
        ];
        var byRow = new RepComparisonCalculator();
        foreach (var r in records)
        {
            byRow.Add(r);
        }

        var byColumn = new RepComparisonCalculator();
        byColumn.AddColumns(LeadColumns.From(records));
        Assert.Equal(byRow.Snapshot(), byColumn.Snapshot());
    }

    [Fact]
    public void Calendar_periods_beyond_the_cached_days_equal_the_plain_arithmetic()
    {
        // Creations centuries apart: the grouping's day cache covers about 11 years around the first row it sees.
        Instant[] created = [Instant.FromUtc(2024, 3, 31, 23, 30), Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(2250, 12, 31, 23, 59),
            Instant.FromUtc(2024, 10, 27, 0, 30), Instant.FromUtc(2035, 6, 30, 23, 0), Instant.FromUtc(2013, 1, 1, 0, 0)];
        var records = created.Select((c, i) => new LeadRecord(i + 1, c, source: (i % 2) + 1)).ToArray();
        foreach (var bucket in new[] { TimeBucket.Month, TimeBucket.Quarter, TimeBucket.Year })
        {
            var grouping = new LeadGrouping(GroupDimension.Source, bucket, London);
            var byColumn = new GroupedCalculator<LeadKpiCalculator, LeadKpis>(grouping, new LeadKpiCalculator());
            byColumn.AddRange(LeadColumns.From(records));
            var expected = records.GroupBy(r => grouping.KeyOf(r)).ToDictionary(g => g.Key, g => (long)g.Count());
            var actual = byColumn.Snapshot().Groups.ToDictionary(g => g.Key, g => g.Result.Funnel.Leads);
            Assert.Equal(expected.OrderBy(p => p.Key.ToString()), actual.OrderBy(p => p.Key.ToString()));
        }
    }
}
