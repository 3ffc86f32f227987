using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class CalculatorPropertyTests
{
    private static readonly Pipeline P = Pipeline.Default;
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static LeadRecord[] Encode(Lead[] leads, LeadEncoding? encoding = null)
    {
        encoding ??= new LeadEncoding();
        return [.. leads.Select(l => LeadRecord.FromLead(l, encoding))];
    }

    private static TCalc Feed<TCalc>(TCalc calculator, IEnumerable<LeadRecord> records)
        where TCalc : ILeadSink
    {
        foreach (var r in records)
        {
            calculator.Add(r);
        }

        return calculator;
    }

    private static Property DistributionMatches(string name, DurationDistribution d, List<Duration> values, DistributionOptions options)
    {
        var counts = (d.Count == values.Count).Label($"{name}: count {d.Count} = {values.Count}")
            .And((d.Mean == Reference.Mean(values)).Label($"{name}: mean"));
        if (values.Count == 0)
        {
            return counts
                .And((d.Min is null && d.Max is null).Label($"{name}: no minimum or maximum without values"))
                .And(d.Quantiles.IsEmpty.Label($"{name}: no quantiles without values"))
                .And(d.Histogram.All(b => b.Count == 0 && b.Share is null).Label($"{name}: empty histogram without values"));
        }

        return counts
            .And((d.Min == values.Min()).Label($"{name}: minimum"))
            .And((d.Max == values.Max()).Label($"{name}: maximum"))
            .And(d.Quantiles.All(q => Reference.Within(q.Value, Reference.ExactQuantile(values, q.Quantile), options.RelativeAccuracy)).Label($"{name}: quantiles within the relative accuracy"))
            .And(d.Histogram.Select(b => b.Count).SequenceEqual(Reference.Histogram(values, options.HistogramEdges)).Label($"{name}: histogram counts"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Funnel_equals_reference(Lead[] leads)
    {
        var result = Feed(new FunnelCalculator(), Encode(leads)).Snapshot();
        var expected = Reference.FunnelOf(leads, P);
        return (result.Leads == expected.Leads).Label("leads")
            .And((result.Won == expected.Won).Label("won"))
            .And((result.Lost == expected.Lost).Label("lost"))
            .And((result.Open == expected.Open).Label("open"))
            .And(result.Stages.Select(s => s.Reached).SequenceEqual(expected.Reached).Label("reached per stage"))
            .And(result.Stages.Select(s => s.LostHere).SequenceEqual(expected.LostAt).Label("lost per stage"))
            .And(result.Stages.Select(s => s.OpenHere).SequenceEqual(expected.OpenAt).Label("open per stage"))
            .And((result.WinRate == (expected.Won + expected.Lost == 0 ? null : (decimal)expected.Won / (expected.Won + expected.Lost))).Label("win rate"))
            .And((result.ConversionRate == (expected.Leads == 0 ? null : (decimal)expected.Won / expected.Leads)).Label("lead-to-won conversion"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Funnel_rates_are_fractions_and_reach_never_increases(Lead[] leads)
    {
        var result = Feed(new FunnelCalculator(), Encode(leads)).Snapshot();
        static bool Fraction(decimal? x) => x is null || (x >= 0 && x <= 1);
        return result.Stages.Zip(result.Stages.Skip(1)).All(p => p.First.Reached >= p.Second.Reached).Label("reach never increases")
            .And(result.Stages.All(s => Fraction(s.ConversionFromPrevious)).Label("stage conversions are fractions"))
            .And(result.Stages.All(s => Fraction(s.DropOffShare)).Label("drop-off shares are fractions"))
            .And(Fraction(result.WinRate).Label("win rate is a fraction"))
            .And(Fraction(result.ConversionRate).Label("lead-to-won conversion is a fraction"))
            .And(result.Stages.All(s => s.DroppedOff == s.LostHere + s.OpenHere).Label("dropped off = lost here + open here"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Response_time_equals_reference(Lead[] leads)
    {
        var options = ResponseTimeOptions.Default;
        var result = Feed(new ResponseTimeCalculator(options), Encode(leads)).Snapshot();
        var times = Reference.ResponseTimes(leads);
        var unanswered = leads.Count(l => l.FirstResponseAt is null);
        return (result.Answered == times.Count).Label("answered")
            .And((result.Unanswered == unanswered).Label("unanswered"))
            .And((result.Leads == leads.Length).Label("leads"))
            .And(DistributionMatches("response time", result.Distribution, times, options.Distribution))
            .And(result.WithinTarget.All(t => t.Count == times.Count(d => d <= t.Target)).Label("counts within target"))
            .And(result.WithinTarget.All(t => t.Share == (leads.Length == 0 ? null : (decimal)t.Count / leads.Length)).Label("shares within target"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Every_share_is_a_fraction_and_histograms_sum_to_their_count(Lead[] leads)
    {
        var k = Feed(new LeadKpiCalculator(), Encode(leads)).Snapshot();
        static bool Fraction(decimal? x) => x is null || (x >= 0 && x <= 1);
        static bool Histogram(DurationDistribution d) =>
            d.Histogram.Sum(b => b.Count) == d.Count && d.Histogram.All(b => Fraction(b.Share));
        var distributions = new[] { k.ResponseTime.Distribution, k.TimeToConversion.Distribution, k.SalesCycle.Won, k.SalesCycle.Lost }
            .Concat(k.TimeToConversion.StageVelocity.Select(s => s.Distribution));
        return k.ResponseTime.WithinTarget.All(t => Fraction(t.Share)).Label("shares within target are fractions")
            .And(k.ResponseTime.WithinTarget.Zip(k.ResponseTime.WithinTarget.Skip(1)).All(p => p.First.Count <= p.Second.Count).Label("a longer target counts no fewer leads"))
            .And(distributions.All(Histogram).Label("histograms sum to their count with fractional shares"))
            .And(distributions.All(d => d.Count == 0 || (d.Min <= d.Mean && d.Mean <= d.Max)).Label("minimum <= mean <= maximum"))
            .And(distributions.All(d => d.Quantiles.All(q => d.Min <= q.Value && q.Value <= d.Max)).Label("quantiles between minimum and maximum"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Time_to_conversion_and_stage_velocity_equal_reference(Lead[] leads)
    {
        var result = Feed(new TimeToConversionCalculator(), Encode(leads)).Snapshot();
        var stays = Reference.StageStays(leads, P);
        return result.StageVelocity.Select((s, i) => DistributionMatches("stays in " + s.Stage.Name, s.Distribution, stays[i], DistributionOptions.Default))
            .Aggregate(
                (result.Leads == leads.Length).Label("leads")
                    .And(DistributionMatches("time to conversion", result.Distribution, Reference.ConversionTimes(leads), DistributionOptions.Default)),
                (all, stage) => all.And(stage));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Sales_cycle_equals_reference_from_creation_and_from_a_stage(Lead[] leads)
    {
        var records = Encode(leads);
        var fromCreation = Feed(new SalesCycleCalculator(), records).Snapshot();
        var fromQualified = Feed(new SalesCycleCalculator(P, P["Qualified"]), records).Snapshot();
        var wonQ = Reference.Cycles(leads, LeadOutcome.Won, P["Qualified"], out var noStartWon);
        var lostQ = Reference.Cycles(leads, LeadOutcome.Lost, P["Qualified"], out var noStartLost);
        return DistributionMatches("won from creation", fromCreation.Won, Reference.Cycles(leads, LeadOutcome.Won, null, out _), DistributionOptions.Default)
            .And(DistributionMatches("lost from creation", fromCreation.Lost, Reference.Cycles(leads, LeadOutcome.Lost, null, out _), DistributionOptions.Default))
            .And((fromCreation.ClosedWithoutStart == 0).Label("no lead closes without the creation start"))
            .And(DistributionMatches("won from Qualified", fromQualified.Won, wonQ, DistributionOptions.Default))
            .And(DistributionMatches("lost from Qualified", fromQualified.Lost, lostQ, DistributionOptions.Default))
            .And((fromQualified.ClosedWithoutStart == noStartWon + noStartLost).Label("closed without reaching Qualified"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Grouped_by_source_equals_reference_per_source(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        var grouped = Feed(new GroupedCalculator<FunnelCalculator, FunnelResult>(LeadGrouping.BySource, new FunnelCalculator()), Encode(leads, encoding)).Snapshot();
        var expected = leads.GroupBy(l => l.Source ?? DimensionEncoder.NoneLabel).ToDictionary(g => g.Key, g => Reference.FunnelOf([.. g], P));
        return grouped.Groups.Select(g =>
        {
            var source = encoding.Sources.Decode(g.Key.DimensionId);
            return expected.TryGetValue(source, out var e)
                ? (g.Result.Leads == e.Leads && g.Result.Won == e.Won && g.Result.Stages.Select(s => s.Reached).SequenceEqual(e.Reached)).Label($"source {source}: leads, won and reach")
                : false.Label($"source {source} is a source of the leads");
        }).Aggregate((grouped.Groups.Length == expected.Count).Label("one group per source"), (all, group) => all.And(group));
    }

    private static CalculatorSet<LeadKpiCalculator, LeadKpis> NewSet(KpiOptions options) =>
        LeadKpiSet.Create(options, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London), new LeadGrouping(bucket: TimeBucket.HourOfDay, zone: London));

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Merging_partials_equals_one_pass_associative_and_commutative(Lead[] leads, PositiveInt seed)
    {
        var options = new KpiOptions(salesCycleStart: P["Working"]);
        var records = Encode(leads);
        var random = new Random(seed.Get);
        var cut1 = random.Next(records.Length + 1);
        var cut2 = random.Next(cut1, records.Length + 1);
        CalculatorSet<LeadKpiCalculator, LeadKpis> Part(int from, int to) => Feed(NewSet(options), records[from..to]);

        var whole = Feed(NewSet(options), records).Snapshot();

        var left = Part(0, cut1);
        left.Merge(Part(cut1, cut2));
        left.Merge(Part(cut2, records.Length));

        var bc = Part(cut1, cut2);
        bc.Merge(Part(cut2, records.Length));
        var right = Part(0, cut1);
        right.Merge(bc);

        var swapped = Part(cut2, records.Length);
        swapped.Merge(Part(0, cut1));
        swapped.Merge(Part(cut1, cut2));

        return (left.Snapshot().Equals(whole)).Label("(a + b) + c equals one pass")
            .And((right.Snapshot().Equals(whole)).Label("a + (b + c) equals one pass"))
            .And((swapped.Snapshot().Equals(whole)).Label("(c + a) + b equals one pass"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public void Result_does_not_depend_on_input_order(Lead[] leads, PositiveInt seed)
    {
        var options = KpiOptions.Default;
        var records = Encode(leads);
        var shuffled = records.ToArray();
        new Random(seed.Get).Shuffle(shuffled);
        Assert.Equal(Feed(NewSet(options), records).Snapshot(), Feed(NewSet(options), shuffled).Snapshot());
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Totals_derived_from_a_dimension_equal_totals_fed_directly(Lead[] leads)
    {
        var records = Encode(leads);
        var monthly = new LeadGrouping(bucket: TimeBucket.Month, zone: London);
        var derived = Feed(LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, monthly, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London)), records).Snapshot();
        var direct = Feed(LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, monthly), records).Snapshot();
        return (derived.For(LeadGrouping.Total).Equals(direct.For(LeadGrouping.Total))).Label("total grouping: beside dimension groupings equals alone")
            .And((derived.For(monthly).Equals(direct.For(monthly))).Label("month grouping: beside dimension groupings equals alone"));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Merging_with_an_empty_partial_changes_nothing(Lead[] leads)
    {
        var records = Encode(leads);
        var a = Feed(NewSet(KpiOptions.Default), records);
        var before = a.Snapshot();
        a.Merge(a.CreateEmpty());
        var empty = a.CreateEmpty();
        empty.Merge(a);
        return (a.Snapshot().Equals(before)).Label("a + empty = a")
            .And((empty.Snapshot().Equals(before)).Label("empty + a = a"));
    }
}
