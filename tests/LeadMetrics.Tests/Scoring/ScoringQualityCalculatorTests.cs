using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Scoring;

/// <summary>
/// The one public way to a scoring model's quality, <see cref="ScoringQualityCalculator"/>: its result is the four
/// parts (distribution, conversion by band, ROC AUC, calibration) that the part accumulators compute on their own
/// (tested against references in <see cref="ScoreQualityTests"/>), and it merges, serializes and refuses bad input
/// like every calculator.
/// </summary>
public sealed class ScoringQualityCalculatorTests
{
    private static readonly ScoreBands Bands = new([30m, 60m]);

    private static LeadScore ScoreOf(decimal total) => new(total, 0m, total, GradeScale.Default.Classify(total), null, LeadRouting.Nurture);

    private static decimal Probability(ScoredOutcome s) => Math.Clamp(s.Score / 100m, 0m, 1m);

    private static ScoringQualityCalculator Empty() => new(GradeScale.Default, Bands, 7);

    private static ScoringQualityCalculator Of(IEnumerable<ScoredOutcome> samples)
    {
        var calculator = Empty();
        foreach (var s in samples)
        {
            calculator.Add(s.Group, ScoreOf(s.Score), s.Outcome);
            calculator.AddWinProbability(Probability(s), s.Outcome);
        }

        return calculator;
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 200)]
    public Property The_result_is_the_four_parts_computed_on_their_own(ScoredOutcome[] samples)
    {
        var (distribution, conversion, auc, calibration) = (new ScoreDistributionAccumulator(Bands, GradeScale.Default), new ScoreBandConversionAccumulator(Bands), new RocAucAccumulator(), new CalibrationAccumulator(7));
        foreach (var s in samples)
        {
            distribution.Add(s.Group, ScoreOf(s.Score));
            conversion.Add(s.Score, s.Outcome);
            auc.Add(s.Score, s.Outcome);
            calibration.Add(Probability(s), s.Outcome);
        }

        var quality = Of(samples).Snapshot();
        return (quality.Distribution.Equals(distribution.Snapshot())).Label("distribution")
            .And((quality.BandConversion.Equals(conversion.Snapshot())).Label("conversion by band"))
            .And((quality.RocAuc.Equals(auc.Snapshot())).Label("ROC AUC"))
            .And((quality.Calibration.Equals(calibration.Snapshot())).Label("calibration"))
            .And((Of(samples).Count == samples.Length).Label("count"));
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 200)]
    public Property Partials_merged_in_any_order_and_through_bytes_equal_one_pass(ScoredOutcome[] samples, int split1, int split2)
    {
        var n = samples.Length + 1;
        var (a, b) = (Math.Abs(split1 % n), Math.Abs(split2 % n));
        (a, b) = (Math.Min(a, b), Math.Max(a, b));
        var onePass = Of(samples);
        var parts = new[] { samples[..a], samples[a..b], samples[b..] };

        var merged = Empty();
        foreach (var part in parts)
        {
            merged.Merge(Of(part));
        }

        var serialized = Empty();
        foreach (var part in parts.Reverse())
        {
            serialized.MergeSerialized(Of(part).Serialize());
        }

        return (merged.Snapshot().Equals(onePass.Snapshot())).Label("merged = one pass")
            .And((serialized.Snapshot().Equals(onePass.Snapshot())).Label("serialized partials merged in another order = one pass"))
            .And(serialized.Serialize().AsSpan().SequenceEqual(onePass.Serialize()).Label("equal bytes"))
            .And(Of(samples.Reverse()).Serialize().AsSpan().SequenceEqual(onePass.Serialize()).Label("order independent bytes"));
    }

    [Fact]
    public void Hand_computed_example()
    {
        // Scores 10 (lost), 45 (won, group 2), 75 (open, group 2), 75 (won, group 1) on bands [30, 60].
        var calculator = Of([new(10m, LeadOutcome.Lost, 0), new(45m, LeadOutcome.Won, 2), new(75m, LeadOutcome.Open, 2), new(75m, LeadOutcome.Won, 1)]);
        var quality = calculator.Snapshot();

        Assert.Equal(4, quality.Distribution.Overall.Count);
        Assert.Equal(51.25m, quality.Distribution.Overall.Mean);
        Assert.True(quality.Distribution.TryGetGroup(2, out var two));
        Assert.Equal((2L, 60m), (two!.Count, two.Mean!.Value));
        Assert.Equal([1L, 1L, 1L], quality.BandConversion.Rows.Select(r => r.Won + r.Lost).ToArray());
        Assert.Equal(1m, quality.RocAuc.Auc); // both won leads scored above the lost one
        Assert.Equal((2L, 1L, 1L), (quality.RocAuc.Won, quality.RocAuc.Lost, quality.RocAuc.Open));
        Assert.Equal(2L, quality.Calibration.Won);

        var copy = Empty();
        copy.MergeSerialized(calculator.Serialize());
        Assert.Equal(quality, copy.Snapshot());
    }

    [Fact]
    public void Bad_input_and_other_configurations_are_refused_and_leave_the_calculator_unchanged()
    {
        var calculator = Of([new(45m, LeadOutcome.Won, 1)]);
        var before = calculator.Serialize();

        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Add(-1, ScoreOf(10m), LeadOutcome.Won));
        Assert.Throws<ArgumentException>(() => calculator.Add(0, default, LeadOutcome.Won));
        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Add(0, ScoreOf(10m), (LeadOutcome)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.AddWinProbability(1.5m, LeadOutcome.Won));

        var otherBands = Assert.Throws<ArgumentException>(() => calculator.Merge(new ScoringQualityCalculator(GradeScale.Default, new ScoreBands([1m]), 7)));
        Assert.Contains("score bands", otherBands.Message, StringComparison.Ordinal);
        var otherBins = Assert.Throws<ArgumentException>(() => calculator.Merge(new ScoringQualityCalculator(GradeScale.Default, Bands, 10)));
        Assert.Contains("calibration bins", otherBins.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => calculator.MergeSerialized(new ScoringQualityCalculator(GradeScale.Default, Bands, 10).Serialize()));
        var part = Assert.Throws<ArgumentException>(() => calculator.MergeSerialized(new RocAucAccumulator().Serialize()));
        Assert.Contains("ScoringQualityCalculator", part.Message, StringComparison.Ordinal);

        Assert.Equal(before, calculator.Serialize());
    }

    [Fact]
    public void A_model_gives_bands_at_its_grade_thresholds()
    {
        var calculator = new ScoringQualityCalculator(WorkedExample.Model);
        Assert.Equal([30m, 60m], calculator.Bands.Edges.ToArray());
        Assert.Same(WorkedExample.Model.Grades, calculator.Grades);
        Assert.Equal(10, calculator.CalibrationBins);
        Assert.Equal(0, calculator.CreateEmpty().Count);
    }
}
