using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using LeadMetrics.Testing;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public class ScoreQualityTests
{
    private static readonly ScoreBands Bands = new([30m, 60m]);

    private static LeadScore ScoreOf(decimal total) => new(total, 0m, total, GradeScale.Default.Classify(total), null, LeadRouting.Nurture);

    private static string D(decimal? value) => value?.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    [Fact]
    public void Conversion_by_band_with_lift_hand_computed()
    {
        var accumulator = new ScoreBandConversionAccumulator(Bands);
        (decimal Score, LeadOutcome Outcome)[] leads =
        [
            (10, LeadOutcome.Lost), (20, LeadOutcome.Lost), (25, LeadOutcome.Won),
            (40, LeadOutcome.Won), (45, LeadOutcome.Lost), (50, LeadOutcome.Open),
            (70, LeadOutcome.Won), (80, LeadOutcome.Won), (90, LeadOutcome.Lost),
        ];
        foreach (var (score, outcome) in leads)
        {
            accumulator.Add(score, outcome);
        }

        var result = accumulator.Snapshot();

        Assert.Equal(0.5m, result.BaseRate); // 4 won of 8 closed
        Assert.Equal(9, result.Leads);
        Assert.Equal(["(-inf, 30)", "[30, 60)", "[60, +inf)"], result.Rows.Select(r => r.Label).ToArray());
        Assert.Equal([3L, 3L, 3L], result.Rows.Select(r => r.Leads).ToArray());
        Assert.Equal(1m / 3m, result.Rows[0].ConversionRate);
        Assert.Equal(0.5m, result.Rows[1].ConversionRate);
        Assert.Equal(1, result.Rows[1].Open);
        Assert.Equal(2m / 3m, result.Rows[2].ConversionRate);
        Assert.Equal(1m / 3m / 0.5m, result.Rows[0].Lift);
        Assert.Equal(1m, result.Rows[1].Lift);
        Assert.Equal(2m / 3m / 0.5m, result.Rows[2].Lift);
    }

    [Fact]
    public void Rates_are_null_when_nothing_is_closed()
    {
        var accumulator = new ScoreBandConversionAccumulator(Bands);
        accumulator.Add(ScoreOf(40), LeadOutcome.Open);

        var result = accumulator.Snapshot();

        Assert.Null(result.BaseRate);
        Assert.All(result.Rows, r => Assert.Null(r.ConversionRate));
        Assert.All(result.Rows, r => Assert.Null(r.Lift));
    }

    [Fact]
    public void Roc_auc_hand_computed_with_and_without_ties()
    {
        var auc = new RocAucAccumulator();
        foreach (var won in new[] { 25m, 40m, 70m, 80m })
        {
            auc.Add(won, LeadOutcome.Won);
        }

        foreach (var lost in new[] { 10m, 20m, 45m, 90m })
        {
            auc.Add(lost, LeadOutcome.Lost);
        }

        auc.Add(1000m, LeadOutcome.Open);
        Assert.Equal(10m / 16m, auc.Snapshot().Auc); // 2 + 2 + 3 + 3 of 16 pairs
        Assert.Equal(0.25m, auc.Snapshot().Gini);
        Assert.Equal(1, auc.Snapshot().Open);

        auc.Add(45m, LeadOutcome.Won); // beats 10 and 20, ties 45: 2.5 more of 4 more pairs
        Assert.Equal(12.5m / 20m, auc.Snapshot().Auc);
    }

    [Fact]
    public void Roc_auc_is_undefined_without_both_outcomes()
    {
        var auc = new RocAucAccumulator();
        auc.Add(ScoreOf(5), LeadOutcome.Won);

        Assert.Null(auc.Snapshot().Auc);
        Assert.Null(auc.Snapshot().Gini);
    }

    [Fact]
    public void Calibration_hand_computed()
    {
        var calibration = new CalibrationAccumulator(10);
        calibration.Add(0.05m, LeadOutcome.Lost);
        calibration.Add(0.15m, LeadOutcome.Won);
        calibration.Add(0.15m, LeadOutcome.Lost);
        calibration.Add(0.95m, LeadOutcome.Won);
        calibration.Add(1m, LeadOutcome.Won);
        calibration.Add(0.5m, LeadOutcome.Open);

        var result = calibration.Snapshot();

        Assert.Equal(5, result.Count);
        Assert.Equal(1, result.Open);
        Assert.Equal(3, result.Won);
        Assert.Equal(2.3m, result.ExpectedWins);
        Assert.Equal(0.15m, result.BrierScore); // (0.0025 + 0.7225 + 0.0225 + 0.0025 + 0) / 5
        Assert.Equal(-0.05m, result.Bins[0].Gap);
        Assert.Equal(0.15m, result.Bins[1].MeanPredicted);
        Assert.Equal(0.5m, result.Bins[1].ObservedRate);
        Assert.Equal(0.975m, result.Bins[9].MeanPredicted);
        Assert.Equal(1m, result.Bins[9].ObservedRate);
        Assert.Null(result.Bins[5].ObservedRate);
        Assert.Equal(0.9m, result.Bins[9].Lower);
        Assert.Equal("winProbability", Assert.Throws<ArgumentOutOfRangeException>(() => calibration.Add(1.01m, LeadOutcome.Won)).ParamName);
    }

    [Fact]
    public void Distribution_and_grade_mix_by_source_hand_computed_on_the_worked_example()
    {
        var scorer = new LeadScorer(WorkedExample.Model, new FakeClock(WorkedExample.AsOf));
        var sources = new LeadMetrics.Encoding.DimensionEncoder("source");
        var distribution = new ScoreDistributionAccumulator(WorkedExample.Model);
        foreach (var (lead, touchpoints) in WorkedExample.All)
        {
            distribution.Add(sources.Encode(lead.Source), scorer.Score(lead, touchpoints, WorkedExample.AsOf, null));
        }

        var result = distribution.Snapshot();
        Assert.True(result.TryGetGroup(sources.Encode("linkedin"), out var linkedin));
        Assert.True(result.TryGetGroup(sources.Encode("facebook"), out var facebook));

        Assert.Equal([30m, 60m], result.Bands.Edges.ToArray());
        Assert.Equal(66.25m, linkedin.Mean); // (67.5 + 65) / 2
        Assert.Equal(37.5m, linkedin.MeanFit);
        Assert.Equal([0L, 0L, 2L], linkedin.BandCounts.ToArray());
        Assert.Equal([2L, 0L, 0L], linkedin.GradeCounts.ToArray()); // Hot, Warm, Cold
        Assert.Equal(5m, facebook.Mean); // (10 + 0) / 2
        Assert.Equal(0m, facebook.Minimum);
        Assert.Equal(1m, facebook.GradeShare(2));
        Assert.Equal(35.625m, result.Overall.Mean);
        Assert.Equal(0.5m, result.Overall.GradeShare(0));
        Assert.Null(result.Overall.Group);
    }

    [Fact]
    public void Accumulators_reject_partials_of_another_configuration()
    {
        Assert.Throws<ArgumentException>(() => new ScoreBandConversionAccumulator(Bands).Merge(new ScoreBandConversionAccumulator(new ScoreBands([1m]))));
        Assert.Throws<ArgumentException>(() => new CalibrationAccumulator(10).Merge(new CalibrationAccumulator(5)));
        var distribution = new ScoreDistributionAccumulator(Bands, GradeScale.Default);
        var otherScale = new GradeScale([new("A", 1, LeadRouting.SendToSales), new("B", null, LeadRouting.Nurture)]);
        var foreign = new LeadScore(1, 0, 1, otherScale.Grades[0], null, LeadRouting.SendToSales);
        Assert.Contains("not on this accumulator's scale", Assert.Throws<ArgumentException>(() => distribution.Add(0, foreign)).Message, StringComparison.Ordinal);
        Assert.Contains("default(LeadScore)", Assert.Throws<ArgumentException>(() => distribution.Add(0, default)).Message, StringComparison.Ordinal);
    }

    // ---- properties: merge equals one pass; order does not matter; AUC equals the brute-force pairwise reference ----

    private static (ScoreDistribution Distribution, ScoreBandConversion Conversion, RocAuc Auc) AllFour(IEnumerable<ScoredOutcome> samples)
    {
        var (distribution, conversion, auc) = (new ScoreDistributionAccumulator(Bands, GradeScale.Default), new ScoreBandConversionAccumulator(Bands), new RocAucAccumulator());
        foreach (var s in samples)
        {
            distribution.Add(s.Group, ScoreOf(s.Score));
            conversion.Add(s.Score, s.Outcome);
            auc.Add(s.Score, s.Outcome);
        }

        return (distribution.Snapshot(), conversion.Snapshot(), auc.Snapshot());
    }

    private static (ScoreDistribution Distribution, ScoreBandConversion Conversion, RocAuc Auc) AllFourMerged(ScoredOutcome[] samples, int split)
    {
        var at = samples.Length == 0 ? 0 : Math.Abs(split % (samples.Length + 1));
        var parts = new[] { samples[..at], samples[at..] };
        var distribution = new ScoreDistributionAccumulator(Bands, GradeScale.Default);
        var conversion = new ScoreBandConversionAccumulator(Bands);
        var auc = new RocAucAccumulator();
        foreach (var part in parts)
        {
            var (d, c, a) = (new ScoreDistributionAccumulator(Bands, GradeScale.Default), new ScoreBandConversionAccumulator(Bands), new RocAucAccumulator());
            foreach (var s in part)
            {
                d.Add(s.Group, ScoreOf(s.Score));
                c.Add(s.Score, s.Outcome);
                a.Add(s.Score, s.Outcome);
            }

            distribution.Merge(d);
            conversion.Merge(c);
            auc.Merge(a);
        }

        return (distribution.Snapshot(), conversion.Snapshot(), auc.Snapshot());
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 300)]
    public Property Merging_partials_equals_one_pass(ScoredOutcome[] samples, int split) =>
        Same("merged", AllFourMerged(samples, split), AllFour(samples));

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 300)]
    public Property Results_do_not_depend_on_input_order(ScoredOutcome[] samples)
    {
        var expected = AllFour(samples);
        return Same("reversed", AllFour(samples.Reverse()), expected)
            .And(Same("by score", AllFour(samples.OrderBy(s => s.Score).ThenBy(s => s.Outcome)), expected))
            .And(Same("by group descending", AllFour(samples.OrderByDescending(s => s.Group).ThenByDescending(s => s.Score)), expected));
    }

    private static Property Same(
        string how, (ScoreDistribution Distribution, ScoreBandConversion Conversion, RocAuc Auc) actual, (ScoreDistribution Distribution, ScoreBandConversion Conversion, RocAuc Auc) expected) =>
        (actual.Distribution.Equals(expected.Distribution)).Label($"{how}: score distribution {actual.Distribution} vs {expected.Distribution}")
            .And((actual.Conversion.Equals(expected.Conversion)).Label($"{how}: conversion by band {actual.Conversion} vs {expected.Conversion}"))
            .And((actual.Auc.Equals(expected.Auc)).Label($"{how}: {actual.Auc} vs {expected.Auc}"));

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 300)]
    public Property Roc_auc_equals_the_brute_force_pairwise_reference(ScoredOutcome[] samples)
    {
        var accumulator = new RocAucAccumulator();
        foreach (var s in samples)
        {
            accumulator.Add(s.Score, s.Outcome);
        }

        var won = samples.Where(s => s.Outcome == LeadOutcome.Won).Select(s => s.Score).ToArray();
        var lost = samples.Where(s => s.Outcome == LeadOutcome.Lost).Select(s => s.Score).ToArray();
        decimal? reference = null;
        if (won.Length > 0 && lost.Length > 0)
        {
            var halves = 0L;
            foreach (var w in won)
            {
                foreach (var l in lost)
                {
                    halves += w > l ? 2 : w == l ? 1 : 0;
                }
            }

            reference = halves / (2m * won.Length * lost.Length);
        }

        var auc = accumulator.Snapshot().Auc;
        return (auc == reference).Label($"AUC {D(auc)} vs pairwise {D(reference)}");
    }

    [Property(MaxTest = 300)]
    public Property Calibration_merge_equals_one_pass_and_ignores_order() => Prop.ForAll(
        ScoringGenerators.ProbabilityOutcomes.ToArbitrary(),
        Gen.Choose(0, 1000).ToArbitrary(),
        (samples, split) =>
        {
            static CalibrationAccumulator Pass(IEnumerable<ScoredOutcome> items)
            {
                var accumulator = new CalibrationAccumulator(7);
                foreach (var s in items)
                {
                    accumulator.Add(s.Score, s.Outcome);
                }

                return accumulator;
            }

            var at = split % (samples.Length + 1);
            var merged = Pass(samples[..at]);
            merged.Merge(Pass(samples[at..]));
            var expected = Pass(samples).Snapshot();
            return (merged.Snapshot().Equals(expected)).Label("merged equals one pass")
                .And((Pass(samples.Reverse()).Snapshot().Equals(expected)).Label("reversed equals one pass"));
        });
}
