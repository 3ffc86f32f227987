using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Statistics;
using LeadMetrics.Tests.Calculators;
using NodaTime;

namespace LeadMetrics.Tests.Statistics;

public class DurationSketchTests
{
    public static class Arbs
    {
        public static Arbitrary<Duration[]> Durations() =>
            Gen.ArrayOf(Gen.Frequency(
                (1, Gen.Constant(Duration.Zero)),
                (2, Gen.Choose(1, 1000).Select(t => Duration.FromTicks(t))),
                (4, Gen.Choose(0, int.MaxValue).Select(s => Duration.FromMilliseconds(s))),
                (2, Gen.Choose(0, 10_000).Select(d => Duration.FromDays(d) + Duration.FromTicks(d))))).ToArbitrary();
    }

    private static DurationSketch Sketch(IEnumerable<Duration> values, double alpha = 0.01)
    {
        var sketch = new DurationSketch(alpha);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        return sketch;
    }

    [Property(Arbitrary = [typeof(Arbs)], MaxTest = 300)]
    public bool Quantiles_in_one_scan_equal_each_quantile_alone(Duration[] values, NonNegativeInt[] picks)
    {
        if (values.Length == 0)
        {
            return true;
        }

        var sketch = Sketch(values);
        double[] qs = [0, .. picks.Select(p => (p.Get % 1001) / 1000.0).Order(), 1];
        var together = new Duration[qs.Length];
        sketch.Quantiles(qs, together);
        return qs.Select(q => sketch.Quantile(q)!.Value).SequenceEqual(together);
    }

    [Property(Arbitrary = [typeof(Arbs)], MaxTest = 300)]
    public Property Every_quantile_is_within_alpha_of_the_exact_quantile(Duration[] values, NonNegativeInt qSeed)
    {
        if (values.Length == 0)
        {
            return (Sketch(values).Quantile(0.5) is null).Label("no quantile without values");
        }

        var list = values.ToList();
        var qs = new[] { 0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1, (qSeed.Get % 1000) / 1000.0 };
        return new[] { 0.01, 0.05 }.SelectMany(alpha =>
        {
            var sketch = Sketch(values, alpha);
            return qs.Select(q => Reference.Within(sketch.Quantile(q)!.Value, Reference.ExactQuantile(list, q), alpha)
                .Label($"q{q} within alpha {alpha}: {sketch.Quantile(q)} vs exact {Reference.ExactQuantile(list, q)}"));
        }).Aggregate((all, check) => all.And(check));
    }

    [Property(Arbitrary = [typeof(Arbs)])]
    public bool Merge_of_sketches_equals_the_sketch_of_the_union(Duration[] a, Duration[] b)
    {
        var merged = Sketch(a);
        merged.Merge(Sketch(b));
        return merged.Serialize().AsSpan().SequenceEqual(Sketch(a.Concat(b)).Serialize());
    }

    [Property(Arbitrary = [typeof(Arbs)])]
    public Property Serialization_round_trips(Duration[] values)
    {
        var sketch = Sketch(values);
        var copy = DurationSketch.Deserialize(sketch.Serialize());
        return copy.Serialize().AsSpan().SequenceEqual(sketch.Serialize()).Label("same bytes")
            .And((copy.Count == sketch.Count).Label("count"))
            .And((copy.Mean == sketch.Mean).Label("mean"))
            .And((copy.Min == sketch.Min).Label("minimum"))
            .And((copy.Max == sketch.Max).Label("maximum"))
            .And((copy.Quantile(0.9) == sketch.Quantile(0.9)).Label("p90"));
    }

    [Property(Arbitrary = [typeof(Arbs)])]
    public bool Histogram_derived_from_buckets_is_exact_even_with_edges_inside_one_bucket(Duration[] a, Duration[] b)
    {
        // Edges 100 and 101 ticks (and 1 min and 1 min + 1 tick) fall inside one sketch bucket each.
        Duration[] edges = [Duration.FromTicks(100), Duration.FromTicks(101), Duration.FromMinutes(1), Duration.FromMinutes(1) + Duration.FromTicks(1), Duration.FromHours(1), Duration.FromDays(3)];
        var options = new DistributionOptions(histogramEdges: edges);
        var left = new DurationStatistics(options);
        var right = new DurationStatistics(options);
        foreach (var d in a)
        {
            left.AddTicks(d.BclCompatibleTicks);
        }

        foreach (var d in b)
        {
            right.AddTicks(d.BclCompatibleTicks);
        }

        left.Merge(right);
        var all = a.Concat(b).ToList();
        return left.Snapshot().Histogram.Select(h => h.Count).SequenceEqual(Reference.Histogram(all, edges));
    }

    [Fact]
    public void Count_sum_min_max_are_exact()
    {
        var sketch = Sketch([Duration.FromMinutes(2), Duration.FromMinutes(10), Duration.FromHours(2)]);
        Assert.Equal(3, sketch.Count);
        Assert.Equal(Duration.FromMinutes(44), sketch.Mean);
        Assert.Equal(Duration.FromMinutes(2), sketch.Min);
        Assert.Equal(Duration.FromHours(2), sketch.Max);
        var p50 = sketch.Quantile(0.5)!.Value;
        Assert.InRange(p50.TotalSeconds, 600 * 0.99, 600 * 1.01);
    }

    [Fact]
    public void Empty_sketch_reports_undefined()
    {
        var sketch = new DurationSketch();
        Assert.Null(sketch.Mean);
        Assert.Null(sketch.Min);
        Assert.Null(sketch.Quantile(0.5));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(0)).ParamName);
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(double.NaN)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch().Add(Duration.FromSeconds(-1))).ParamName);
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch().Quantile(1.5)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => new DurationSketch(0.01).Merge(new DurationSketch(0.02))).ParamName);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(new byte[10])).ParamName);
        var bytes = Sketch([Duration.FromMinutes(1)]).Serialize();
        bytes[LeadMetrics.Serialization.CalculatorState.VersionOffset] = 9; // the library's one preamble: the version follows "LMS1"
        Assert.Contains("version 9", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_is_exact_beyond_53_bits()
    {
        var sketch = new DurationSketch();
        sketch.Add(Duration.FromTicks((1L << 53) + 1));
        Assert.Equal(sketch.Max, sketch.Mean);
        Assert.Equal(2, DurationSketch.RoundedMeanTicks(5, 2));   // 2.5 -> 2 (ties to even)
        Assert.Equal(4, DurationSketch.RoundedMeanTicks(7, 2));   // 3.5 -> 4
        Assert.Equal(3, DurationSketch.RoundedMeanTicks(10, 3));  // 3.33 -> 3
    }

    [Fact]
    public void Inconsistent_serialized_sketches_are_rejected()
    {
        var sketch = new DurationSketch();
        sketch.Add(Duration.FromTicks(200));
        sketch.Add(Duration.FromTicks(300));
        var bytes = sketch.Serialize();
        var minAboveMax = (byte[])bytes.Clone();
        BitConverter.GetBytes(500L).CopyTo(minAboveMax, 44);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(minAboveMax)).ParamName);
        var negativeZeros = (byte[])bytes.Clone();
        BitConverter.GetBytes(-1L).CopyTo(negativeZeros, 20);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(negativeZeros)).ParamName);
        var badAlpha = (byte[])bytes.Clone();
        BitConverter.GetBytes(2.0).CopyTo(badAlpha, 4);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(badAlpha)).ParamName);
    }
}
