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

    private static bool DistributionMatches(DurationDistribution d, List<Duration> values, DistributionOptions options)
    {
        if (d.Count != values.Count || d.Mean != Reference.Mean(values))
        {
            return false;
        }

        if (values.Count == 0)
        {
            return d.Min is null && d.Max is null && d.Quantiles.IsEmpty && d.Histogram.All(b => b.Count == 0 && b.Share is null);
        }

        return d.Min == values.Min() && d.Max == values.Max()
            && d.Quantiles.All(q => Reference.Within(q.Value, Reference.ExactQuantile(values, q.Quantile), options.RelativeAccuracy))
            && d.Histogram.Select(b => b.Count).SequenceEqual(Reference.Histogram(values, options.HistogramEdges));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Funnel_equals_reference(Lead[] leads)
    {
        var result = Feed(new FunnelCalculator(), Encode(leads)).Snapshot();
        var expected = Reference.FunnelOf(leads, P);
        return result.Leads == expected.Leads && result.Won == expected.Won && result.Lost == expected.Lost && result.Open == expected.Open
            && result.Stages.Select(s => s.Reached).SequenceEqual(expected.Reached)
            && result.Stages.Select(s => s.LostHere).SequenceEqual(expected.LostAt)
            && result.Stages.Select(s => s.OpenHere).SequenceEqual(expected.OpenAt)
            && result.WinRate == (expected.Won + expected.Lost == 0 ? null : (decimal)expected.Won / (expected.Won + expected.Lost))
            && result.LeadToWonConversion == (expected.Leads == 0 ? null : (decimal)expected.Won / expected.Leads);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Funnel_rates_are_fractions_and_reach_never_increases(Lead[] leads)
    {
        var result = Feed(new FunnelCalculator(), Encode(leads)).Snapshot();
        static bool Fraction(decimal? x) => x is null || (x >= 0 && x <= 1);
        return result.Stages.Zip(result.Stages.Skip(1)).All(p => p.First.Reached >= p.Second.Reached)
            && result.Stages.All(s => Fraction(s.ConversionFromPrevious) && Fraction(s.DropOffShare))
            && Fraction(result.WinRate) && Fraction(result.LeadToWonConversion)
            && result.Stages.All(s => s.DroppedOff == s.LostHere + s.OpenHere);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Response_time_equals_reference(Lead[] leads)
    {
        var options = ResponseTimeOptions.Default;
        var result = Feed(new ResponseTimeCalculator(options), Encode(leads)).Snapshot();
        var times = Reference.ResponseTimes(leads);
        var unanswered = leads.Count(l => l.FirstResponseAt is null);
        return result.Answered == times.Count && result.Unanswered == unanswered && result.Leads == leads.Length
            && DistributionMatches(result.Distribution, times, options.Distribution)
            && result.WithinTarget.All(t =>
                t.Count == times.Count(d => d <= t.Target)
                && t.Share == (leads.Length == 0 ? null : (decimal)t.Count / leads.Length));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Every_share_is_a_fraction_and_histograms_sum_to_their_count(Lead[] leads)
    {
        var k = Feed(new LeadKpiCalculator(), Encode(leads)).Snapshot();
        static bool Fraction(decimal? x) => x is null || (x >= 0 && x <= 1);
        static bool Histogram(LeadMetrics.Statistics.DurationDistribution d) =>
            d.Histogram.Sum(b => b.Count) == d.Count && d.Histogram.All(b => Fraction(b.Share));
        var distributions = new[] { k.ResponseTime.Distribution, k.TimeToConversion.Distribution, k.SalesCycle.Won, k.SalesCycle.Lost }
            .Concat(k.TimeToConversion.StageVelocity.Select(s => s.Distribution));
        return k.ResponseTime.WithinTarget.All(t => Fraction(t.Share))
            && k.ResponseTime.WithinTarget.Zip(k.ResponseTime.WithinTarget.Skip(1)).All(p => p.First.Count <= p.Second.Count)
            && distributions.All(Histogram)
            && distributions.All(d => d.Count == 0 || (d.Min <= d.Mean && d.Mean <= d.Max && d.Quantiles.All(q => d.Min <= q.Value && q.Value <= d.Max)));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Time_to_conversion_and_stage_velocity_equal_reference(Lead[] leads)
    {
        var result = Feed(new TimeToConversionCalculator(), Encode(leads)).Snapshot();
        var stays = Reference.StageStays(leads, P);
        return result.Leads == leads.Length
            && DistributionMatches(result.Distribution, Reference.ConversionTimes(leads), DistributionOptions.Default)
            && result.StageVelocity.Select((s, i) => DistributionMatches(s.Distribution, stays[i], DistributionOptions.Default)).All(ok => ok);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Sales_cycle_equals_reference_from_creation_and_from_a_stage(Lead[] leads)
    {
        var records = Encode(leads);
        var fromCreation = Feed(new SalesCycleCalculator(), records).Snapshot();
        var fromQualified = Feed(new SalesCycleCalculator(P, P["Qualified"]), records).Snapshot();
        var wonQ = Reference.Cycles(leads, LeadOutcome.Won, P["Qualified"], out var noStartWon);
        var lostQ = Reference.Cycles(leads, LeadOutcome.Lost, P["Qualified"], out var noStartLost);
        return DistributionMatches(fromCreation.Won, Reference.Cycles(leads, LeadOutcome.Won, null, out _), DistributionOptions.Default)
            && DistributionMatches(fromCreation.Lost, Reference.Cycles(leads, LeadOutcome.Lost, null, out _), DistributionOptions.Default)
            && fromCreation.ClosedWithoutStart == 0
            && DistributionMatches(fromQualified.Won, wonQ, DistributionOptions.Default)
            && DistributionMatches(fromQualified.Lost, lostQ, DistributionOptions.Default)
            && fromQualified.ClosedWithoutStart == noStartWon + noStartLost;
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Grouped_by_source_equals_reference_per_source(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        var grouped = Feed(new GroupedCalculator<FunnelCalculator, FunnelResult>(LeadGrouping.BySource, new FunnelCalculator()), Encode(leads, encoding)).Snapshot();
        var expected = leads.GroupBy(l => l.Source ?? DimensionEncoder.NoneLabel).ToDictionary(g => g.Key, g => Reference.FunnelOf([.. g], P));
        return grouped.Groups.Length == expected.Count
            && grouped.Groups.All(g =>
                expected.TryGetValue(encoding.Sources.Decode(g.Key.DimensionId), out var e)
                && g.Result.Leads == e.Leads && g.Result.Won == e.Won && g.Result.Stages.Select(s => s.Reached).SequenceEqual(e.Reached));
    }

    private static CalculatorSet<LeadKpiCalculator, LeadKpis> NewSet(KpiOptions options) =>
        LeadKpiSet.Create(options, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London), new LeadGrouping(bucket: TimeBucket.HourOfDay, zone: London));

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Merging_partials_equals_one_pass_associative_and_commutative(Lead[] leads, PositiveInt seed)
    {
        var options = new KpiOptions(salesCycleStart: P["Working"]);
        var records = Encode(leads);
        var random = new Random(seed.Get);
        var cut1 = random.Next(records.Length + 1);
        var cut2 = random.Next(cut1, records.Length + 1);
        CalculatorSet<LeadKpiCalculator, LeadKpis> Part(int from, int to) => Feed(NewSet(options), records[from..to]);

        var whole = Fingerprint.Of(Feed(NewSet(options), records).Snapshot());

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

        return Fingerprint.Of(left.Snapshot()) == whole && Fingerprint.Of(right.Snapshot()) == whole && Fingerprint.Of(swapped.Snapshot()) == whole;
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Result_does_not_depend_on_input_order(Lead[] leads, PositiveInt seed)
    {
        var options = KpiOptions.Default;
        var records = Encode(leads);
        var shuffled = records.ToArray();
        new Random(seed.Get).Shuffle(shuffled);
        return Fingerprint.Of(Feed(NewSet(options), records).Snapshot()) == Fingerprint.Of(Feed(NewSet(options), shuffled).Snapshot());
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Totals_derived_from_a_dimension_equal_totals_fed_directly(Lead[] leads)
    {
        var records = Encode(leads);
        var monthly = new LeadGrouping(bucket: TimeBucket.Month, zone: London);
        var derived = Feed(LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, monthly, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London)), records).Snapshot();
        var direct = Feed(LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, monthly), records).Snapshot();
        return Fingerprint.Of(derived.For(LeadGrouping.Total), Fingerprint.Of) == Fingerprint.Of(direct.For(LeadGrouping.Total), Fingerprint.Of)
            && Fingerprint.Of(derived.For(monthly), Fingerprint.Of) == Fingerprint.Of(direct.For(monthly), Fingerprint.Of);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Merging_with_an_empty_partial_changes_nothing(Lead[] leads)
    {
        var records = Encode(leads);
        var a = Feed(NewSet(KpiOptions.Default), records);
        var before = Fingerprint.Of(a.Snapshot());
        a.Merge(a.CreateEmpty());
        var empty = a.CreateEmpty();
        empty.Merge(a);
        return Fingerprint.Of(a.Snapshot()) == before && Fingerprint.Of(empty.Snapshot()) == before;
    }
}
