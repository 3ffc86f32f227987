using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>Conversion with open leads (issue 18): Kaplan-Meier per group, converted within 7/30/90 days, immature cells marked.</summary>
public sealed class ConversionSurvivalTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2024, 1, 31, 0, 0);

    private static Instant Jan(int day) => Instant.FromUtc(2024, 1, day, 0, 0);

    private static LeadRecord[] Five() =>
    [
        new(1, Jan(1), outcome: LeadOutcome.Won, closedAt: Jan(6), furthestPosition: 4), // converted after 5 days
        new(2, Jan(1), outcome: LeadOutcome.Lost, closedAt: Jan(3)),                     // lost after 2 days
        new(3, Jan(11)),                                                                  // open, 20 days old
        new(4, Jan(21), outcome: LeadOutcome.Won, closedAt: Jan(23), furthestPosition: 4), // converted after 2 days
        new(5, Jan(26)),                                                                  // open, 5 days old
    ];

    private static ConversionSurvivalResult Run(IEnumerable<LeadRecord> leads, LostLeadTreatment lost = LostLeadTreatment.AtRiskUntilAsOf)
    {
        var calculator = new ConversionSurvivalCalculator(new ConversionSurvivalOptions(AsOf, lost));
        foreach (var lead in leads)
        {
            calculator.Add(lead);
        }

        return calculator.Snapshot();
    }

    [Fact]
    public void Hand_computed_curve_with_lost_leads_at_risk_until_as_of()
    {
        // Times: conversion 2d (lead 4), conversion 5d (lead 1), censored 5d (lead 5, at risk at 5d), 20d (lead 3),
        // 30d (lead 2: lost, at risk until its age at as-of). S(2d) = 1 − 1/5 = 0.8; S(5d) = 0.8 · (1 − 1/4) = 0.6.
        var result = Run(Five());
        Assert.Equal([5L, 4], result.Curve.Points.Select(p => p.AtRisk));
        Assert.Equal([0.8m, 0.6m], result.Curve.Points.Select(p => p.Survival));
        Assert.Equal(Duration.FromDays(5), result.YoungestAge);

        var within7 = result.Within(Duration.FromDays(7))!;
        Assert.Equal(0.4m, within7.Share);
        Assert.False(within7.IsMature); // lead 5 is only 5 days old
        Assert.True(within7.Interval!.Value.Contains(0.4m));

        // Within 3 days every lead was observed: mature, and the plain share 1 of 5 (lead 4).
        var within3 = result.Within(Duration.FromDays(3))!;
        Assert.True(within3.IsMature);
        Assert.Equal(0.2m, within3.Share);

        // Before the first conversion, mature: 0 of 5 with Wilson's interval (lower bound exactly 0).
        var within1 = result.Within(Duration.FromDays(1))!;
        Assert.Equal(0m, within1.Share);
        Assert.Equal(ConfidenceInterval.Wilson(0, 5), within1.Interval);

        Assert.Equal(0.4m, result.Within(Duration.FromDays(30))!.Share);
        Assert.Null(result.Within(Duration.FromDays(31))); // nobody observed that long: too young to say
    }

    [Fact]
    public void Censoring_lost_leads_at_loss_estimates_conversion_had_they_stayed_open()
    {
        // Lead 2 censored at 2d (at risk at the 2d conversion): S(2d) = 0.8, at 5d at risk leads 1, 5 and 3: S = 0.8 · 2/3.
        var result = Run(Five(), LostLeadTreatment.CensoredAtLoss);
        Assert.Equal([5L, 3], result.Curve.Points.Select(p => p.AtRisk));
        Assert.Equal(1 - (0.8m * (1 - (1 / 3m))), result.Within(Duration.FromDays(7))!.Share);
        Assert.Null(result.Within(Duration.FromDays(21))); // the longest observation is lead 3's 20 days
    }

    [Fact]
    public void A_lead_won_after_as_of_is_open_then_and_one_created_after_is_an_error()
    {
        var result = Run([new LeadRecord(1, Jan(20), outcome: LeadOutcome.Won, closedAt: Instant.FromUtc(2024, 2, 5, 0, 0), furthestPosition: 4)]);
        Assert.Empty(result.Curve.Points);
        Assert.Equal(Duration.FromDays(11), result.Curve.LastObserved);

        var calculator = new ConversionSurvivalCalculator(new ConversionSurvivalOptions(AsOf));
        var e = Assert.Throws<ArgumentException>(() => calculator.Add(new LeadRecord(2, Instant.FromUtc(2024, 2, 1, 0, 0))));
        Assert.Contains("as-of", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversionSurvivalOptions(AsOf, (LostLeadTreatment)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversionSurvivalOptions(AsOf, confidence: 1));
        Assert.Throws<ArgumentException>(() => calculator.Merge(new ConversionSurvivalCalculator(new ConversionSurvivalOptions(Jan(30)))));
    }

    [Fact]
    public void Without_open_leads_converted_within_any_time_is_won_over_leads()
    {
        LeadRecord[] closed = [.. Five().Where(l => l.Outcome != LeadOutcome.Open)];
        var result = Run(closed);
        Assert.Equal(decimal.Round(2m / 3m, 20), decimal.Round(result.Within(Duration.FromDays(29))!.Share, 20)); // 2 won of 3
    }

    [Fact]
    public void Grouped_by_month_each_cohort_has_its_cells()
    {
        var grouped = new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(
            new LeadGrouping(GroupDimension.None, TimeBucket.IsoWeek, DateTimeZone.Utc), new ConversionSurvivalCalculator(new ConversionSurvivalOptions(AsOf)));
        foreach (var lead in Five())
        {
            grouped.Add(lead);
        }

        var weeks = grouped.Snapshot().Groups.OrderBy(g => g.Key.Period).Select(g => g.Result).ToList();
        Assert.Equal(4, weeks.Count);
        Assert.True(weeks[0].Within(Duration.FromDays(7))!.IsMature); // leads 1 and 2, 30 days old
        Assert.Equal(0.5m, weeks[0].Within(Duration.FromDays(7))!.Share);
    }

    // Times from a set spaced more than the buckets' width apart, so the bucketed curve is the exact Kaplan-Meier curve.
    private static readonly int[] Days = [1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60];

    private static readonly Arbitrary<(int Age, int Outcome, int Close)[]> Leads =
        Gen.ArrayOf(from age in Gen.Elements(Days) from outcome in Gen.Choose(0, 2) from close in Gen.Elements(Days) select (age, outcome, close)).ToArbitrary();

    private static LeadRecord[] Records((int Age, int Outcome, int Close)[] leads) =>
    [
        .. leads.Select((l, i) =>
        {
            var created = AsOf - Duration.FromDays(l.Age);
            var close = Math.Min(l.Close, l.Age);
            return l.Outcome switch
            {
                0 => new LeadRecord(i + 1, created),
                1 => new LeadRecord(i + 1, created, outcome: LeadOutcome.Won, closedAt: created + Duration.FromDays(close), furthestPosition: 4),
                _ => new LeadRecord(i + 1, created, outcome: LeadOutcome.Lost, closedAt: created + Duration.FromDays(close)),
            };
        }),
    ];

    /// <summary>The exact Kaplan-Meier estimate, 1 − S(t), by the textbook: risk sets of exact times, censored at a tie at risk.</summary>
    private static decimal? Reference(LeadRecord[] leads, LostLeadTreatment lost, Duration t)
    {
        var obs = leads.Select(l =>
        {
            var won = l.Outcome == LeadOutcome.Won;
            var time = won || (l.Outcome == LeadOutcome.Lost && lost == LostLeadTreatment.CensoredAtLoss) ? l.ClosedAt!.Value - l.CreatedAt : AsOf - l.CreatedAt;
            return (Time: time, Event: won);
        }).ToList();
        if (obs.Count == 0 || t > obs.Max(o => o.Time))
        {
            return null;
        }

        var s = 1m;
        foreach (var time in obs.Where(o => o.Event && o.Time <= t).Select(o => o.Time).Distinct().Order())
        {
            var atRisk = obs.Count(o => o.Time >= time);
            var events = obs.Count(o => o.Event && o.Time == time);
            s *= 1 - (events / (decimal)atRisk);
        }

        return 1 - s;
    }

    [Property]
    public Property Equals_the_exact_Kaplan_Meier_estimate_and_marks_cells_mature_only_when_every_lead_is_that_old() =>
        Prop.ForAll(Leads, Gen.Elements(LostLeadTreatment.AtRiskUntilAsOf, LostLeadTreatment.CensoredAtLoss).ToArbitrary(), (input, lost) =>
        {
            var records = Records(input);
            var result = Run(records, lost);
            var property = true.ToProperty();
            foreach (var d in Days)
            {
                var t = Duration.FromTicks((long)(d * 1.02 * NodaConstants.TicksPerDay));
                var cell = result.Within(t);
                var expected = Reference(records, lost, t);
                var mature = records.Length > 0 && records.Min(r => AsOf - r.CreatedAt) >= t;
                property = property
                    .And((cell?.Share == expected).Label($"{d}d: {cell?.Share} = {expected}"))
                    .And((cell is null || cell.IsMature == mature).Label($"{d}d mature {mature}"))
                    .And((cell?.Interval is not { } ci || ci.Contains(cell.Share)).Label($"{d}d interval holds the share"));
            }

            return property;
        });

    [Property]
    public Property Merging_partials_equals_one_pass_in_either_order() =>
        Prop.ForAll(Leads, Gen.Choose(0, 1000).ToArbitrary(), (input, cut) =>
        {
            var records = Records(input);
            var at = records.Length == 0 ? 0 : cut % (records.Length + 1);
            ConversionSurvivalCalculator Feed(IEnumerable<LeadRecord> rows)
            {
                var c = new ConversionSurvivalCalculator(new ConversionSurvivalOptions(AsOf));
                foreach (var r in rows)
                {
                    c.Add(r);
                }

                return c;
            }

            var one = Feed(records).Snapshot();
            var ab = Feed(records.Take(at));
            ab.Merge(Feed(records.Skip(at)));
            var ba = Feed(records.Skip(at));
            ba.Merge(Feed(records.Take(at)));
            return (ab.Snapshot().Equals(one)).Label("a + b = one pass")
                .And((ba.Snapshot().Equals(one)).Label("b + a = one pass"))
                .And((Feed(records.Reverse()).Snapshot().Equals(one)).Label("order independent"));
        });
}
