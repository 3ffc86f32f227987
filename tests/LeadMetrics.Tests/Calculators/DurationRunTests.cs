using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>
/// The columnar path adds a statistics' durations as one run (<see cref="DurationStatistics.AddRun"/>): it
/// must give exactly what adding them one by one gives, with and without vectors, for histogram edges inside
/// one window of split buckets or not, edges sharing a bucket, zeros, values on and beside the edges, and
/// values large enough that 64-bit lane sums would overflow, and the edges of the portable loops' conversions (powers
/// of two, 2^52); each vector width forced in turn (<see cref="VectorWidths.Available"/>).
/// </summary>
public class DurationRunTests
{
    private static readonly DistributionOptions[] Configurations =
    [
        DistributionOptions.Default,
        DistributionOptions.ResponseTime,

        // Edges from 1 tick to a millennium: the split buckets do not fit one window.
        new(histogramEdges: [Duration.FromTicks(1), Duration.FromSeconds(1), Duration.FromDays(365), Duration.FromDays(365_000)]),

        // Two edges in one bucket (a bucket binned value by value), and a coarser accuracy.
        new(0.05, histogramEdges: [Duration.FromTicks(1_000), Duration.FromTicks(1_001), Duration.FromMinutes(1)]),
    ];

    private static readonly long[] Near = [.. Configurations.SelectMany(o => o.HistogramEdges).Select(e => e.BclCompatibleTicks)];

    // Where the portable loops' conversions by bits could differ from the scalar ones: 1, powers of two and their
    // neighbours (a bucket index's exponent changes), 2^52 and beside it (the largest value the vector loops convert,
    // and the first they leave to the scalar loop), and the largest tick count.
    private static readonly long[] Edges =
    [
        1, 2, 3,
        .. Enumerable.Range(2, 61).SelectMany(k => new[] { (1L << k) - 1, 1L << k, (1L << k) + 1 }),
        (1L << 52) - 2, long.MaxValue - 1, long.MaxValue,
    ];

    public static class Arbs
    {
        public static Arbitrary<long[]> Runs() =>
            Gen.ArrayOf(Gen.Frequency(
                (1, Gen.Constant(0L)),
                (2, Gen.Choose(1, 1000).Select(t => (long)t)),
                (3, Gen.Elements(Near).Zip(Gen.Choose(-3, 3), (e, d) => Math.Max(0, e + d))),
                (6, Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, 40), (v, shift) => (long)v << (shift / 2))),
                (1, Gen.Choose(0, int.MaxValue).Select(v => (long.MaxValue / 4) + v)),
                (2, Gen.Elements(Edges)),
                (3, Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, int.MaxValue), (h, l) => (((long)h << 21) ^ l) & ((1L << 52) - 1))))).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbs)], MaxTest = 300)]
    public void A_run_adds_what_one_by_one_adds(long[] run, NonNegativeInt split) =>
        AssertRunAddsWhatOneByOneAdds(run, run.Length == 0 ? 0 : split.Get % (run.Length + 1));

    // Lengths around the vector widths (8 values to index, 16 indexes to test for split buckets), with every
    // value in a split bucket (each is a histogram edge, so the positions written reach the run's length) and
    // with zeros where the sixteen-index blocks meet.
    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(33)]
    [InlineData(100)]
    public void Runs_whose_values_all_lie_in_split_buckets_add_what_one_by_one_adds(int length)
    {
        var onEdges = Enumerable.Range(0, length).Select(i => Near[i % Near.Length]).ToArray();
        AssertRunAddsWhatOneByOneAdds(onEdges, 0);
        AssertRunAddsWhatOneByOneAdds(onEdges, length / 2);

        var withZeros = onEdges.Select((t, i) => i is 0 or 15 or 16 or 31 ? 0L : t).ToArray();
        AssertRunAddsWhatOneByOneAdds(withZeros, 0);
    }

    // The run in two parts (cut), so that a sketch that already holds values takes a second run; at every vector
    // width, under every configuration.
    private static void AssertRunAddsWhatOneByOneAdds(long[] run, int cut)
    {
        foreach (var options in Configurations)
        {
            var expected = new DurationStatistics(options);
            foreach (var ticks in run)
            {
                expected.AddTicks(ticks);
            }

            // Each width this processor has, forced (an AVX-512 machine runs all four).
            foreach (var width in VectorWidths.Available)
            {
                var actual = new DurationStatistics(options);
                var indexes = new int[run.Length + DurationSketch.RunScratch];
                var apart = new int[DurationSketch.ApartLength(run.Length)];
                // The switch is passed in: no shared state to flip.
                actual.AddRun(run.AsSpan(0, cut), indexes, apart, width);
                actual.AddRun(run.AsSpan(cut), indexes, apart, width);

                Assert.Equal(expected.Sketch.Serialize(), actual.Sketch.Serialize());
                Assert.Equal(expected.Histogram(), actual.Histogram());
            }
        }
    }

    // Every edge value, alone among ordinary values and in runs long enough for each width's loop.
    [Fact]
    public void Edge_values_add_what_one_by_one_adds()
    {
        AssertRunAddsWhatOneByOneAdds(Edges, 0);
        AssertRunAddsWhatOneByOneAdds(Edges, Edges.Length / 3);
        foreach (var edge in Edges)
        {
            var run = Enumerable.Range(0, 40).Select(i => i % 5 == 2 ? edge : (long)(i * 7_919)).ToArray();
            AssertRunAddsWhatOneByOneAdds(run, 0);
        }
    }

    // The NativeAOT library's baseline (x86-64 without SSE4.1) floors the 128-bit loop's indexes by rounding with 2^52
    // instead of Vector128.Floor: the same floor for every value the loop floors (a non-zero value's lane: 0 to below
    // 2^31), including integers, halves and the doubles either side of them.
    [Property(MaxTest = 500)]
    public Property Floor_by_rounding_equals_math_floor(int whole, int sixteenths, bool nudgeUp, bool nudgeDown)
    {
        var x = Math.Abs((long)whole) + (Math.Abs(sixteenths % 16) / 16.0);
        x = nudgeUp ? Math.BitIncrement(x) : nudgeDown && x > 0 ? Math.BitDecrement(x) : x;
        var floored = DurationSketch.FloorByRounding(Vector128.Create(x, x * 1024));
        return (floored.GetElement(0).Equals(Math.Floor(x)) && floored.GetElement(1).Equals(Math.Floor(x * 1024))).Label($"x = {x:R}");
    }

    [Fact]
    public void This_machine_forces_each_width_it_has()
    {
        Assert.Equal(VectorWidth.Scalar, VectorWidths.Available[0]);
        Assert.Equal(VectorWidths.Best, VectorWidths.Available[^1]);
    }

    [Fact]
    public void Split_buckets_fit_one_window_for_the_default_edges_only()
    {
        Assert.True(DistributionOptions.Default.Lookup.Splits.InWindow);
        Assert.True(DistributionOptions.ResponseTime.Lookup.Splits.InWindow);
        Assert.False(Configurations[2].Lookup.Splits.InWindow);
    }
}
