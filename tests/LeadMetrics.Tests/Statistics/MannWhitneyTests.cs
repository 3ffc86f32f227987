using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Statistics;

/// <summary>Mann-Whitney from sketch bucket counts (issue 18): hand-computed, exact U against pairs, symmetry, calibration.</summary>
public sealed class MannWhitneyTests
{
    private static DurationSketch Hours(params double[] hours)
    {
        var sketch = new DurationSketch();
        foreach (var h in hours)
        {
            sketch.Add(Duration.FromTicks((long)(h * NodaConstants.TicksPerHour)));
        }

        return sketch;
    }

    [Fact]
    public void Hand_computed_without_ties()
    {
        // A = 1, 3, 5, 7 h; B = 2, 4 h. U_A = 0 + 1 + 2 + 2 = 5 of 8 pairs; σ² = 4·2/12·(6 + 1) = 56/12;
        // z = (5 − 4)/√(56/12) = 0.462910; p = 2(1 − Φ(0.462910)) = 0.643429.
        var r = MannWhitney.Compare(Hours(1, 3, 5, 7), Hours(2, 4))!;
        Assert.Equal(5, r.U);
        Assert.Equal(0.625, r.ProbabilityFirstLonger);
        Assert.Equal(0.462910, r.Z, 6);
        Assert.Equal(0.643429, r.PValue, 6);
    }

    [Fact]
    public void Hand_computed_with_ties()
    {
        // A = 1, 2, 2, 3 h; B = 2, 3, 3 h: U_A = 0 + 1.5·2 + 1 = 3 (... by pairs, ties half: 3.0); tie groups of sizes 1, 3, 3:
        // σ² = 4·3/12·(8 − (0 + 24 + 24)/42) = 6.857143; z = (3 − 6)/√6.857143 = −1.145644; p = 0.251943.
        var r = MannWhitney.Compare(Hours(1, 2, 2, 3), Hours(2, 3, 3))!;
        Assert.Equal(3, r.U);
        Assert.Equal(-1.145644, r.Z, 6);
        Assert.Equal(0.251943, r.PValue, 6);
    }

    [Fact]
    public void Empty_groups_give_null_and_mismatched_accuracies_are_an_error()
    {
        Assert.Null(MannWhitney.Compare(new DurationSketch(), Hours(1)));
        var e = Assert.Throws<ArgumentException>(() => MannWhitney.Compare(Hours(1), new DurationSketch(0.02)));
        Assert.Equal("second", e.ParamName);
        Assert.Equal(1, MannWhitney.Compare(Hours(0, 0), Hours(0))!.PValue); // all tied: no evidence
    }

    // Values from a set spaced wider than the buckets, zero included: the sketch's U is the exact U of the values.
    private static readonly double[] Spaced = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55];

    private static readonly Arbitrary<(double[] A, double[] B)> Groups =
        (from a in Gen.ArrayOf(Gen.Elements(Spaced)) from b in Gen.ArrayOf(Gen.Elements(Spaced)) select (a, b)).ToArbitrary();

    [Property]
    public Property U_equals_the_count_of_pairs_and_the_two_directions_mirror() =>
        Prop.ForAll(Groups, g =>
        {
            var ab = MannWhitney.Compare(Hours(g.A), Hours(g.B));
            var ba = MannWhitney.Compare(Hours(g.B), Hours(g.A));
            if (g.A.Length == 0 || g.B.Length == 0)
            {
                return (ab is null && ba is null).Label("null when a group is empty");
            }

            var pairs = g.A.Sum(a => g.B.Sum(b => a > b ? 1.0 : a == b ? 0.5 : 0));
            return (ab!.U == pairs).Label($"U {ab.U} = pairs {pairs}")
                .And((ab.U + ba!.U == (double)g.A.Length * g.B.Length).Label("U1 + U2 = n1 n2"))
                .And((Math.Abs(ab.Z + ba.Z) < 1e-9).Label("z mirrors"))
                .And((Math.Abs(ab.PValue - ba.PValue) < 1e-12 && ab.PValue is >= 0 and <= 1).Label("same p in 0..1"));
        });

    [Fact]
    public void P_values_are_about_uniform_under_the_null()
    {
        // 2,000 seeded A/A comparisons of 50 against 50 log-normal response times: about 5% below 0.05.
        var random = new Random(18);
        double Draw() => Math.Exp(random.NextDouble() * 4) * (0.5 + random.NextDouble());
        var below = 0;
        for (var k = 0; k < 2000; k++)
        {
            var a = Hours([.. Enumerable.Range(0, 50).Select(_ => Draw())]);
            var b = Hours([.. Enumerable.Range(0, 50).Select(_ => Draw())]);
            below += MannWhitney.Compare(a, b)!.PValue < 0.05 ? 1 : 0;
        }

        Assert.InRange(below / 2000.0, 0.035, 0.065);
    }
}
