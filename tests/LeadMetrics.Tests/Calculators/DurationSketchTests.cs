using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

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
    public bool Every_quantile_is_within_alpha_of_the_exact_quantile(Duration[] values, NonNegativeInt qSeed)
    {
        if (values.Length == 0)
        {
            return Sketch(values).Quantile(0.5) is null;
        }

        foreach (var alpha in new[] { 0.01, 0.05 })
        {
            var sketch = Sketch(values, alpha);
            var qs = new[] { 0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1, (qSeed.Get % 1000) / 1000.0 };
            var list = values.ToList();
            if (!qs.All(q => Reference.Within(sketch.Quantile(q)!.Value, Reference.ExactQuantile(list, q), alpha)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbs)])]
    public bool Merge_of_sketches_equals_the_sketch_of_the_union(Duration[] a, Duration[] b)
    {
        var merged = Sketch(a);
        merged.Merge(Sketch(b));
        return merged.Serialize().AsSpan().SequenceEqual(Sketch(a.Concat(b)).Serialize());
    }

    [Property(Arbitrary = [typeof(Arbs)])]
    public bool Serialization_round_trips(Duration[] values)
    {
        var sketch = Sketch(values);
        var copy = DurationSketch.Deserialize(sketch.Serialize());
        return copy.Serialize().AsSpan().SequenceEqual(sketch.Serialize())
            && copy.Count == sketch.Count && copy.Mean == sketch.Mean && copy.Min == sketch.Min && copy.Max == sketch.Max
            && copy.Quantile(0.9) == sketch.Quantile(0.9);
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
}
