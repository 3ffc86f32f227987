using LeadMetrics.Serialization;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>The duration sketch in the library's one format: its preamble and checksum, dense or sparse buckets, every truncation refused.</summary>
public class SketchSerializationTests
{
    private static DurationSketch Of(params long[] ticks)
    {
        var sketch = new DurationSketch();
        foreach (var t in ticks)
        {
            sketch.Add(Duration.FromTicks(t));
        }

        return sketch;
    }

    [Fact]
    public void Sparse_and_dense_bucket_ranges_round_trip_to_the_same_bytes()
    {
        // Two far-apart values leave hundreds of empty buckets between them (sparse is smaller); values in every bucket of a range do not (dense).
        var sparse = Of(0, 10, 600_000_000_000);
        var dense = Of([.. Enumerable.Range(0, 400).Select(i => 1_000_000L + (i * 2_000L))]);
        foreach (var sketch in new[] { sparse, dense, new DurationSketch() })
        {
            var bytes = sketch.Serialize();
            var copy = DurationSketch.Deserialize(bytes);
            Assert.Equal(bytes, copy.Serialize());
            Assert.Equal(sketch.Quantile(0.5), copy.Quantile(0.5));
            Assert.Equal(sketch.Count, copy.Count);
        }

        Assert.True(sparse.Serialize().Length < 200, "the sparse form writes the non-empty buckets only");
    }

    [Fact]
    public void Every_truncation_damage_or_other_type_is_refused_naming_bytes()
    {
        var bytes = Of(0, 5, 70, 9_000, 600_000_000_000).Serialize();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(bytes.AsSpan(0, length))).ParamName);
        }

        var damaged = bytes.ToArray();
        damaged[^12] ^= 1;
        Assert.Contains("checksum", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(damaged)).Message, StringComparison.Ordinal);
        var volume = new LeadMetrics.Calculators.VolumeCalculator().Serialize();
        Assert.Contains("is a VolumeCalculator, not a DurationSketch", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(volume)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Altered_sketch_state_is_refused_or_reads_as_a_consistent_sketch()
    {
        var valid = Of(0, 3, 17, 4_000, 90_000, 600_000_000_000, 600_000_000_001).Serialize();
        var stateStart = valid.Length - CalculatorState.ChecksumBytes - BitConverter.ToInt32(valid, CalculatorState.StateLengthOffset);
        var random = new Random(77);
        for (var round = 0; round < 3_000; round++)
        {
            var bytes = valid.ToArray();
            bytes[stateStart + random.Next(bytes.Length - CalculatorState.ChecksumBytes - stateStart)] ^= (byte)(1 << random.Next(8));
            CalculatorState.Seal(bytes);
            try
            {
                var sketch = DurationSketch.Deserialize(bytes);
                Assert.Equal(sketch.Count, sketch.GetBuckets().Sum(b => b.Value));
                _ = sketch.Quantile(0.9);
            }
            catch (ArgumentException e)
            {
                Assert.Equal("bytes", e.ParamName);
            }
        }
    }
}
