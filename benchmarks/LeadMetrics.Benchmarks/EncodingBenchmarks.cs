using BenchmarkDotNet.Attributes;
using LeadMetrics.Encoding;

namespace LeadMetrics.Benchmarks;

/// <summary>Encoding dimension values to dense ids: the one string hash per value that later calculators avoid.</summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private string[] _values = [];
    private DimensionEncoder _encoder = new("source");

    /// <summary>How many values are encoded per operation.</summary>
    [Params(1_000_000)]
    public int N { get; set; }

    /// <summary>Builds the input: 50 distinct sources repeated.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var sources = Enumerable.Range(0, 50).Select(i => "source-" + i).ToArray();
        var random = new Random(42);
        _values = Enumerable.Range(0, N).Select(_ => sources[random.Next(sources.Length)]).ToArray();
        _encoder = new DimensionEncoder("source");
        foreach (var s in sources)
        {
            _encoder.Encode(s);
        }
    }

    /// <summary>Encodes every value with an already-warm encoder (steady state: no allocation).</summary>
    /// <returns>A checksum of the ids.</returns>
    [Benchmark]
    public long EncodeWarm()
    {
        long sum = 0;
        foreach (var v in _values)
        {
            sum += _encoder.Encode(v);
        }

        return sum;
    }
}
