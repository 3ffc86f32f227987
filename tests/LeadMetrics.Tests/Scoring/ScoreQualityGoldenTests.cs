using System.Buffers.Binary;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using LeadMetrics.Serialization;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Scoring;

/// <summary>
/// Golden files of the scoring-quality accumulators, beside the calculators' in Serialization/golden/v4 (and v2 and v3, still read; see
/// GoldenFileTests): each is read back, re-serializes to the same bytes, and equals what this build writes from the
/// same fixed inputs. LEADMETRICS_WRITE_GOLDEN=1 writes them.
/// </summary>
public class ScoreQualityGoldenTests
{
    private static readonly ScoreBands Bands = new([30m, 60m, 85.5m]);

    public static TheoryData<string> Names => ["ScoreDistributionAccumulator", "ScoreBandConversionAccumulator", "RocAucAccumulator", "CalibrationAccumulator"];

    private static (decimal Score, LeadOutcome Outcome, int Group)[] Inputs()
    {
        var random = new Random(2024);
        return [.. Enumerable.Range(0, 60).Select(_ => (Math.Round((decimal)random.NextDouble() * 100m, 1), (LeadOutcome)random.Next(3), random.Next(4)))];
    }

    private static (byte[] Written, Func<byte[], byte[]> RoundTrip) Case(string name)
    {
        var inputs = Inputs();
        switch (name)
        {
            case "ScoreDistributionAccumulator":
                var distribution = new ScoreDistributionAccumulator(Bands, GradeScale.Default);
                foreach (var (score, _, group) in inputs)
                {
                    distribution.Add(group, new LeadScore(score, 0m, score, GradeScale.Default.Classify(score), null, LeadRouting.Nurture));
                }

                return (distribution.Serialize(), bytes => Copy(new ScoreDistributionAccumulator(Bands, GradeScale.Default), bytes));
            case "ScoreBandConversionAccumulator":
                var conversion = new ScoreBandConversionAccumulator(Bands);
                foreach (var (score, outcome, _) in inputs)
                {
                    conversion.Add(score, outcome);
                }

                return (conversion.Serialize(), bytes => Copy(new ScoreBandConversionAccumulator(Bands), bytes));
            case "RocAucAccumulator":
                var auc = new RocAucAccumulator();
                foreach (var (score, outcome, _) in inputs)
                {
                    auc.Add(score, outcome);
                }

                return (auc.Serialize(), bytes => Copy(new RocAucAccumulator(), bytes));
            default:
                var calibration = new CalibrationAccumulator(10);
                foreach (var (score, outcome, _) in inputs)
                {
                    calibration.Add(score / 100m, outcome);
                }

                return (calibration.Serialize(), bytes => Copy(new CalibrationAccumulator(10), bytes));
        }
    }

    private static byte[] Copy(ScoreDistributionAccumulator empty, byte[] bytes)
    {
        empty.MergeSerialized(bytes);
        return empty.Serialize();
    }

    private static byte[] Copy(ScoreBandConversionAccumulator empty, byte[] bytes)
    {
        empty.MergeSerialized(bytes);
        return empty.Serialize();
    }

    private static byte[] Copy(RocAucAccumulator empty, byte[] bytes)
    {
        empty.MergeSerialized(bytes);
        return empty.Serialize();
    }

    private static byte[] Copy(CalibrationAccumulator empty, byte[] bytes)
    {
        empty.MergeSerialized(bytes);
        return empty.Serialize();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_version_2_reads_into_what_this_build_writes(string name)
    {
        // Format version 3 changed only the money calculator's layout (issue 16 item 4), version 4 added the labels
        // section (empty here: no encoding): these read as they were written.
        var (written, roundTrip) = Case(name);
        var v2 = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", "v2", name + ".bin"));
        Assert.Equal(written, roundTrip(v2));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_version_3_reads_into_what_this_build_writes(string name)
    {
        var (written, roundTrip) = Case(name);
        var v3 = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", "v3", name + ".bin"));
        Assert.Equal(written, roundTrip(v3));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_this_version_is_read_and_written_alike(string name)
    {
        var (written, roundTrip) = Case(name);
        var path = Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", $"v{CalculatorState.Version}", name + ".bin");
        if (Environment.GetEnvironmentVariable("LEADMETRICS_WRITE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, written);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with LEADMETRICS_WRITE_GOLDEN=1 and commit it.");
        var golden = File.ReadAllBytes(path);
        Assert.Equal(CalculatorState.Magic, BinaryPrimitives.ReadInt32LittleEndian(golden));
        Assert.Equal(golden, roundTrip(golden));
        Assert.True(golden.AsSpan().SequenceEqual(written), $"{name}: this build writes other bytes than the golden file of format version {CalculatorState.Version}; raise the version if the layout changed on purpose.");
    }
}
