using LeadMetrics.Encoding;
using LeadMetrics.Fuzz;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, fuzzing: every harness entry point of fuzz/LeadMetrics.Fuzz runs over its seed corpus (fuzz/corpus/&lt;target&gt;)
/// and every crash reproducer kept (fuzz/crashes/&lt;target&gt;), then over a short seeded run of byte mutations of the
/// seeds, so CI replays what AFL found without AFL. A finding throws (see <see cref="FuzzTargets"/>).
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    private static IEnumerable<string> Inputs(string target) =>
        new[] { "corpus", "crashes" }
            .Select(kind => Repo.Path("fuzz", kind, target))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_corpus_and_the_crashes_found_replay_without_a_finding(string target)
    {
        var inputs = Inputs(target).ToList();
        Assert.NotEmpty(inputs);
        foreach (var file in inputs)
        {
            var e = Record.Exception(() => FuzzTargets.Run(target, File.ReadAllBytes(file)));
            Assert.True(e is null, $"{file}: {e}");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_short_seeded_run_of_mutations_finds_nothing(string target)
    {
        // 20 mutations of each seed: flipped bits, replaced bytes, cut or doubled tails, bytes of interest.
        var random = new Random(15);
        byte[] interesting = [0, (byte)'"', (byte)',', (byte)'\n', (byte)'\r', (byte)';', (byte)'9', (byte)'-', (byte)'e', 0xFF, 0xC3, 0x7F];
        foreach (var file in Inputs(target))
        {
            var seed = File.ReadAllBytes(file);
            for (var i = 0; i < 20; i++)
            {
                var input = seed.ToList();
                for (var m = random.Next(1, 4); m > 0 && input.Count > 0; m--)
                {
                    var at = random.Next(input.Count);
                    switch (random.Next(5))
                    {
                        case 0:
                            input[at] ^= (byte)(1 << random.Next(8));
                            break;
                        case 1:
                            input[at] = interesting[random.Next(interesting.Length)];
                            break;
                        case 2:
                            input.RemoveRange(at, input.Count - at);
                            break;
                        case 3:
                            input.InsertRange(at, input.Skip(at).Take(random.Next(1, 16)).ToList());
                            break;
                        default:
                            input.Insert(at, interesting[random.Next(interesting.Length)]);
                            break;
                    }
                }

                var bytes = input.ToArray();
                var e = Record.Exception(() => FuzzTargets.Run(target, bytes));
                Assert.True(e is null, $"{file}, mutation {i} ({Convert.ToBase64String(bytes)}): {e}");
            }
        }
    }

    [Fact]
    public void The_label_seeds_are_merged_by_label_not_refused()
    {
        // The state-labels target fuzzes the remapping path only if its seeds reach it: each seed (format 4, labels
        // inside) merges into a calculator whose encoding is empty, so every id is remapped through the bytes' labels.
        foreach (var (name, bytes) in FuzzTargets.StateLabelSeeds())
        {
            var calculator = FuzzTargets.StateCalculators()[bytes[0]];
            var encoding = new LeadEncoding();
            var e = Record.Exception(() => calculator.MergeSerialized(bytes.AsSpan(1), encoding));
            Assert.True(e is null, $"{name}: {e}");
            Assert.True(encoding.Sources.Count + encoding.Leads.Count > 0, $"{name}: no label was added");
        }
    }
}
