using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Scoring;

/// <summary>
/// The scoring-quality accumulators travel as bytes like the KPI calculators: serialized partials merged equal one
/// pass, equal partials give equal bytes whatever the order of their leads, and bad bytes are refused by name.
/// </summary>
public class ScoreQualitySerializationTests
{
    private static readonly ScoreBands Bands = new([30m, 60m]);

    private static LeadScore ScoreOf(decimal total) => new(total, 0m, total, GradeScale.Default.Classify(total), null, LeadRouting.Nurture);

    private sealed record Four(ScoreDistributionAccumulator Distribution, ScoreBandConversionAccumulator Conversion, RocAucAccumulator Auc, CalibrationAccumulator Calibration)
    {
        public static Four Empty() => new(new(Bands, GradeScale.Default), new(Bands), new(), new(7));

        public static Four Of(IEnumerable<ScoredOutcome> samples)
        {
            var four = Empty();
            foreach (var s in samples)
            {
                four.Distribution.Add(s.Group, ScoreOf(s.Score));
                four.Conversion.Add(s.Score, s.Outcome);
                four.Auc.Add(s.Score, s.Outcome);
                four.Calibration.Add(Math.Clamp(s.Score / 100m, 0m, 1m), s.Outcome);
            }

            return four;
        }

        public byte[][] Bytes() => [Distribution.Serialize(), Conversion.Serialize(), Auc.Serialize(), Calibration.Serialize()];

        public void MergeSerialized(byte[][] bytes)
        {
            Distribution.MergeSerialized(bytes[0]);
            Conversion.MergeSerialized(bytes[1]);
            Auc.MergeSerialized(bytes[2]);
            Calibration.MergeSerialized(bytes[3]);
        }

        public Property SameSnapshots(Four other, string how) =>
            (Distribution.Snapshot().Equals(other.Distribution.Snapshot())).Label($"{how}: distribution")
                .And((Conversion.Snapshot().Equals(other.Conversion.Snapshot())).Label($"{how}: conversion by band"))
                .And((Auc.Snapshot().Equals(other.Auc.Snapshot())).Label($"{how}: ROC AUC"))
                .And((Calibration.Snapshot().Equals(other.Calibration.Snapshot())).Label($"{how}: calibration"));
    }

    private static Property SameBytes(byte[][] a, byte[][] b, string how) =>
        a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second)).Label($"{how}: equal bytes");

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 200)]
    public Property Serialized_partials_merged_equal_one_pass(ScoredOutcome[] samples, int split1, int split2)
    {
        var n = samples.Length + 1;
        var (a, b) = (Math.Abs(split1 % n), Math.Abs(split2 % n));
        (a, b) = (Math.Min(a, b), Math.Max(a, b));
        var onePass = Four.Of(samples);
        var merged = Four.Empty();
        foreach (var part in new[] { samples[..a], samples[a..b], samples[b..] })
        {
            merged.MergeSerialized(Four.Of(part).Bytes());
        }

        // The other way round: serialized partials merged in another order.
        var reversed = Four.Empty();
        foreach (var part in new[] { samples[b..], samples[..a], samples[a..b] })
        {
            reversed.MergeSerialized(Four.Of(part).Bytes());
        }

        return merged.SameSnapshots(onePass, "merged")
            .And(reversed.SameSnapshots(onePass, "merged in another order"))
            .And(SameBytes(merged.Bytes(), onePass.Bytes(), "merged vs one pass"));
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)], MaxTest = 200)]
    public Property Equal_partials_give_equal_bytes_whatever_the_order(ScoredOutcome[] samples)
    {
        var expected = Four.Of(samples).Bytes();
        return SameBytes(Four.Of(samples.Reverse()).Bytes(), expected, "reversed")
            .And(SameBytes(Four.Of(samples.OrderBy(s => s.Score).ThenBy(s => s.Group)).Bytes(), expected, "by score"));
    }

    [Fact]
    public void A_round_trip_gives_the_same_snapshot_and_bytes()
    {
        var four = Four.Of([new(10m, LeadOutcome.Lost, 0), new(45m, LeadOutcome.Won, 2), new(75m, LeadOutcome.Open, 2), new(75m, LeadOutcome.Won, 1)]);
        var copy = Four.Empty();
        copy.MergeSerialized(four.Bytes());

        Assert.Equal(four.Distribution.Snapshot(), copy.Distribution.Snapshot());
        Assert.Equal(four.Conversion.Snapshot(), copy.Conversion.Snapshot());
        Assert.Equal(four.Auc.Snapshot(), copy.Auc.Snapshot());
        Assert.Equal(four.Calibration.Snapshot(), copy.Calibration.Snapshot());
        Assert.Equal(four.Bytes(), copy.Bytes());
        Assert.Equal(4, copy.Distribution.Count);
        Assert.Equal(4, copy.Conversion.Count);
    }

    [Fact]
    public void Scores_equal_in_value_give_equal_bytes_whatever_their_scale()
    {
        var a = new RocAucAccumulator();
        a.Add(40m, LeadOutcome.Won);
        a.Add(40.00m, LeadOutcome.Lost);
        var b = new RocAucAccumulator();
        b.Add(40.00m, LeadOutcome.Lost);
        b.Add(40.0m, LeadOutcome.Won);

        Assert.Equal(a.Serialize(), b.Serialize());
        Assert.Equal(new ScoreBandConversionAccumulator(new ScoreBands([40m])).Serialize(), new ScoreBandConversionAccumulator(new ScoreBands([40.00m])).Serialize());
    }

    [Fact]
    public void Bytes_of_another_configuration_or_type_are_refused_and_the_receiver_is_unchanged()
    {
        var conversion = new ScoreBandConversionAccumulator(Bands);
        conversion.Add(50m, LeadOutcome.Won);
        var before = conversion.Snapshot();

        var otherBands = Assert.Throws<ArgumentException>(() => conversion.MergeSerialized(new ScoreBandConversionAccumulator(new ScoreBands([1m])).Serialize()));
        Assert.Equal("state", otherBands.ParamName);
        Assert.Contains("bands=1", otherBands.Message, StringComparison.Ordinal);

        var otherType = Assert.Throws<ArgumentException>(() => conversion.MergeSerialized(new RocAucAccumulator().Serialize()));
        Assert.Contains("it is a RocAucAccumulator, not a ScoreBandConversionAccumulator", otherType.Message, StringComparison.Ordinal);

        var otherBins = Assert.Throws<ArgumentException>(() => new CalibrationAccumulator(10).MergeSerialized(new CalibrationAccumulator(5).Serialize()));
        Assert.Contains("bins=5", otherBins.Message, StringComparison.Ordinal);

        var otherScale = new GradeScale([new("A", 1, LeadRouting.SendToSales), new("B", null, LeadRouting.Nurture)]);
        var otherGrades = Assert.Throws<ArgumentException>(() =>
            new ScoreDistributionAccumulator(Bands, GradeScale.Default).MergeSerialized(new ScoreDistributionAccumulator(Bands, otherScale).Serialize()));
        Assert.Contains("grades=A:1", otherGrades.Message, StringComparison.Ordinal);

        var bytes = conversion.Serialize();
        Assert.Throws<ArgumentException>(() => conversion.MergeSerialized(bytes.AsSpan(0, bytes.Length - 1)));
        bytes[^12] ^= 1;
        Assert.Contains("checksum", Assert.Throws<ArgumentException>(() => conversion.MergeSerialized(bytes)).Message, StringComparison.Ordinal);
        Assert.Equal(before, conversion.Snapshot());
    }

    [Fact]
    public void State_that_no_accumulator_could_reach_is_refused_by_field()
    {
        // A ROC AUC whose per-score counts do not add up to its totals: rewrite the "won" total and re-seal the bytes.
        var auc = new RocAucAccumulator();
        auc.Add(10m, LeadOutcome.Won);
        var bytes = auc.Serialize();
        var state = bytes.Length - LeadMetrics.Serialization.CalculatorState.ChecksumBytes - (3 * 8) - 4 - 32;
        bytes[state] = 5;
        LeadMetrics.Serialization.CalculatorState.Seal(bytes);

        var error = Assert.Throws<ArgumentException>(() => new RocAucAccumulator().MergeSerialized(bytes));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("the totals say 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_ids_beyond_the_dimension_id_bound_are_refused_as_damage()
    {
        var distribution = new ScoreDistributionAccumulator(Bands, GradeScale.Default);
        distribution.Add(3, ScoreOf(50m));
        var bytes = distribution.Serialize();
        var stateLength = BitConverter.ToInt32(bytes, LeadMetrics.Serialization.CalculatorState.StateLengthOffset);
        var state = bytes.Length - LeadMetrics.Serialization.CalculatorState.ChecksumBytes - stateLength;
        BitConverter.TryWriteBytes(bytes.AsSpan(state + 4), 1 << 24);
        LeadMetrics.Serialization.CalculatorState.Seal(bytes);

        var error = Assert.Throws<ArgumentException>(() => new ScoreDistributionAccumulator(Bands, GradeScale.Default).MergeSerialized(bytes));
        Assert.Contains("groups[0].id is 16777216", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_that_would_overflow_is_refused_and_the_receiver_is_unchanged()
    {
        var conversion = new ScoreBandConversionAccumulator(Bands);
        conversion.Add(50m, LeadOutcome.Won);
        var big = new ScoreBandConversionAccumulator(Bands);
        big.Add(50m, LeadOutcome.Won);
        var bytes = big.Serialize();

        // won[1] = long.MaxValue: the merge overflows (the project builds with overflow checks).
        var at = bytes.Length - LeadMetrics.Serialization.CalculatorState.ChecksumBytes - (3 * (4 + (3 * 8))) + 4 + 8;
        BitConverter.TryWriteBytes(bytes.AsSpan(at), long.MaxValue);
        LeadMetrics.Serialization.CalculatorState.Seal(bytes);
        var before = conversion.Snapshot();

        var error = Assert.Throws<ArgumentException>(() => conversion.MergeSerialized(bytes));
        Assert.Equal("state", error.ParamName);
        Assert.Equal(before, conversion.Snapshot());
    }
}
