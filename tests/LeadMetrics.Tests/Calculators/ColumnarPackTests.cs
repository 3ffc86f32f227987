using LeadMetrics.Engine;
using LeadMetrics.Records;
using LeadMetrics.Statistics;

namespace LeadMetrics.Tests.Calculators;

/// <summary>
/// Time to conversion's kernels called directly at every width the processor has (AVX-512's compress, AVX2's lane
/// permutes, the 128-bit byte shuffles), each against the scalar loop, on blocks whose kept pairs are all, none, every
/// other one or random, and of every length up to 40 rows (every tail past the 8- and 4-row loops).
/// </summary>
public class ColumnarPackTests
{
    private const int Stride = 7;
    private const int Offset = 1;
    private const int Open = 3;

    public static TheoryData<string> Patterns => ["all", "none", "alternate", "random"];

    private static bool Kept(string pattern, int i, Random random) => pattern switch
    {
        "all" => true,
        "none" => false,
        "alternate" => i % 2 == 0,
        _ => random.Next(2) == 0,
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void The_row_kernels_pack_the_same_pairs_at_every_width(string pattern)
    {
        for (var length = 0; length <= 40; length++)
        {
            var random = new Random(length + (pattern.Length * 100));
            var slots = new int[length];
            var created = new long[length];
            var closed = new long[length];
            var outcomes = new byte[length];
            var bounds = new int[length];
            var since = new long[length];
            var stage = new int[length];
            for (var i = 0; i < length; i++)
            {
                slots[i] = random.Next(5);
                created[i] = random.NextInt64(1L << 40);
                var kept = Kept(pattern, i, random);
                outcomes[i] = (byte)(kept ? LeadOutcome.Won : random.Next(2) == 0 ? LeadOutcome.Open : LeadOutcome.Lost);

                // Kept: simple, in an open stage, closed at or after the last stretch's start. Else one of those fails.
                var fails = kept ? -1 : random.Next(4);
                bounds[i] = fails == 0 ? Open + random.Next(3) : random.Next(-1, Open);
                stage[i] = fails == 1 ? Open + random.Next(2) : random.Next(Open);
                since[i] = created[i] + random.NextInt64(1L << 30);
                closed[i] = fails == 2 ? LeadRecord.None : fails == 3 ? since[i] - 1 - random.Next(1000) : since[i] + random.Next(2) * random.NextInt64(1L << 30);
            }

            (int N, (int, long)[] Pairs, int[] Simple, int[] StageIds) Rows(VectorWidth width)
            {
                ColumnKernels.Width = width;
                var ids = new int[(2 * length) + ColumnKernels.PairSlack + 3];
                var ticks = new long[ids.Length];
                var simple = new int[length];
                var stageIds = new int[length];
                ids[0] = -5;
                ticks[0] = -5;
                var n = TimeToConversionKernel.EmitRows(slots, created, closed, outcomes, bounds, since, stage, Stride, Offset, Open, simple, stageIds, ref ids[1], ref ticks[1], 0);
                Assert.Equal((-5, -5L), (ids[0], ticks[0]));
                return (n, Sorted(ids.AsSpan(1, n), ticks.AsSpan(1, n)), simple, stageIds);
            }

            (int N, (int, long)[] Pairs) WithoutVisits(VectorWidth width, int open)
            {
                ColumnKernels.Width = width;
                var ids = new int[(2 * length) + ColumnKernels.PairSlack];
                var ticks = new long[ids.Length];
                var n = TimeToConversionKernel.EmitRowsWithoutVisits(slots, created, closed, outcomes, Stride, Offset, open, ref ids[0], ref ticks[0], 0);
                return (n, Sorted(ids.AsSpan(0, n), ticks.AsSpan(0, n)));
            }

            try
            {
                var scalar = Rows(VectorWidth.Scalar);
                var scalarWithout = WithoutVisits(VectorWidth.Scalar, Open);
                var scalarClosedStage = WithoutVisits(VectorWidth.Scalar, 0);
                if (pattern == "all")
                {
                    Assert.Equal(2 * length, scalar.N);
                }
                else if (pattern == "none")
                {
                    Assert.Equal(0, scalar.N);
                }

                foreach (var width in VectorWidths.Available)
                {
                    // The width reaches its loop: AVX2's below 512 bits on an AVX2 machine, the 128-bit one below 256.
                    ColumnKernels.Width = width;
                    Assert.Equal(width == VectorWidth.V256 && System.Runtime.Intrinsics.X86.Avx2.IsSupported, ColumnKernels.Avx2Pack && !ColumnKernels.Avx512);
                    Assert.Equal(width == VectorWidth.V128, ColumnKernels.Pack128 && !ColumnKernels.Avx2Pack);
                    var vector = Rows(width);
                    Assert.True(scalar.N == vector.N, $"{width}, {length} rows: {vector.N} pairs, scalar {scalar.N}");
                    Assert.Equal(scalar.Pairs, vector.Pairs);
                    Assert.Equal(scalar.Simple, vector.Simple);
                    Assert.Equal(scalar.StageIds, vector.StageIds);
                    SamePairs(scalarWithout, WithoutVisits(width, Open));
                    SamePairs(scalarClosedStage, WithoutVisits(width, 0));
                }
            }
            finally
            {
                ColumnKernels.UseVectors = true;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void The_stretch_kernel_packs_the_same_pairs_at_every_width(string pattern)
    {
        const int Rows = 50;
        const int Start = 65_530;
        for (var length = 0; length <= 40; length++)
        {
            var random = new Random(length + (pattern.Length * 1000));

            // Stage 0 ids by row of the block: negative for a row whose history is not simple.
            var stageIds = new int[Rows];
            for (var row = 0; row < Rows; row++)
            {
                stageIds[row] = random.Next(2) == 0 ? 1 + (Stride * row) : -1 - random.Next(1000);
            }

            var rows = new ushort[length];
            var from = new byte[length];
            var stretchTicks = new long[length];
            for (var k = 0; k < length; k++)
            {
                var kept = Kept(pattern, k, random);
                int row;
                do
                {
                    row = random.Next(Rows);
                }
                while ((stageIds[row] >= 0) != kept);

                // Batch rows past 65,535 stored modulo 65,536 (the block starts at batch row Start).
                rows[k] = unchecked((ushort)(Start + row));
                from[k] = (byte)random.Next(Open);
                stretchTicks[k] = random.NextInt64(long.MaxValue);
            }

            (int N, (int, long)[] Pairs) Stretches(VectorWidth width)
            {
                ColumnKernels.Width = width;
                var ids = new int[length + ColumnKernels.PairSlack];
                var ticks = new long[ids.Length];
                var n = TimeToConversionKernel.EmitStretches(rows, from, stretchTicks, Start, stageIds, ref ids[0], ref ticks[0], 0);
                return (n, Sorted(ids.AsSpan(0, n), ticks.AsSpan(0, n)));
            }

            try
            {
                var scalar = Stretches(VectorWidth.Scalar);
                Assert.Equal(pattern switch { "all" => length, "none" => 0, _ => scalar.N }, scalar.N);
                foreach (var width in VectorWidths.Available)
                {
                    SamePairs(scalar, Stretches(width));
                }
            }
            finally
            {
                ColumnKernels.UseVectors = true;
            }
        }
    }

    [Fact]
    public void The_pack_tables_move_the_kept_lanes_to_the_front_in_order()
    {
        for (var keep = 0u; keep < 256; keep++)
        {
            var lanes = Enumerable.Range(0, 8).Where(l => (keep & (1u << l)) != 0).ToArray();
            var ints8 = PackTables.Ints8(keep);
            var longs4 = PackTables.Longs4(keep & 0xF);
            var ints4 = PackTables.Ints4(keep & 0xF);
            var longs2 = PackTables.Longs2(keep & 0x3);
            for (var k = 0; k < lanes.Length; k++)
            {
                Assert.Equal(lanes[k], ints8[k]);
            }

            var low4 = lanes.Where(l => l < 4).ToArray();
            for (var k = 0; k < low4.Length; k++)
            {
                Assert.Equal((2 * low4[k], (2 * low4[k]) + 1), (longs4[2 * k], longs4[(2 * k) + 1]));
                for (var b = 0; b < 4; b++)
                {
                    Assert.Equal((4 * low4[k]) + b, ints4[(4 * k) + b]);
                }
            }

            var low2 = lanes.Where(l => l < 2).ToArray();
            for (var k = 0; k < low2.Length; k++)
            {
                for (var b = 0; b < 8; b++)
                {
                    Assert.Equal((8 * low2[k]) + b, longs2[(8 * k) + b]);
                }
            }
        }
    }

    private static void SamePairs((int N, (int, long)[] Pairs) expected, (int N, (int, long)[] Pairs) actual)
    {
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.Pairs, actual.Pairs);
    }

    private static (int, long)[] Sorted(Span<int> ids, Span<long> ticks)
    {
        var pairs = new (int, long)[ids.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (ids[i], ticks[i]);
        }

        Array.Sort(pairs);
        return pairs;
    }
}
