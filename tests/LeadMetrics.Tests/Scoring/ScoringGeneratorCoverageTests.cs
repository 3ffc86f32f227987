using FsCheck;
using FsCheck.Fluent;
using LeadMetrics.Scoring;
using LeadMetrics.Testing;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

/// <summary>Guards the property tests against vacuity: the generated cases do exercise caps, decay, predicates and the grid.</summary>
/// <remarks>
/// The samples come from fixed seeds. With a new seed each run this test failed CI once: over 500 seeds, 16 samples of
/// 200 (3.2%) had no line from one rule type (a predicate, boolean or value-set rule whose attribute never matched) or
/// no disqualified lead. Several seeds, none chosen for passing, keep the guard from resting on one lucky sample.
/// </remarks>
public class ScoringGeneratorCoverageTests
{
    /// <summary>Seeds of the samples (FsCheck's <see cref="Rnd"/> needs an odd gamma).</summary>
    public static TheoryData<ulong> Seeds => new() { 1UL, 20_261_123UL, 0x5EED_CAFEUL };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_models_and_cases_exercise_every_kind_of_explanation_line(ulong seed)
    {
        var models = ScoringGenerators.Model.Sample(30, new Rnd(seed, 0x9E37_79B9_7F4A_7C15UL), 200);
        var cases = ScoringGenerators.Case.Sample(30, new Rnd(seed + 1, 0x9E37_79B9_7F4A_7C15UL), 200);
        var kinds = new HashSet<ScoreLineKind>();
        var rules = new HashSet<Type>();
        var routings = new HashSet<LeadRouting>();
        var decayed = 0;
        for (var i = 0; i < models.Length; i++)
        {
            var c = cases[i];
            var buffer = new ScoreExplanationBuffer();
            var score = new LeadScorer(models[i], new FakeClock(c.AsOf)).Score(c.Lead, c.Touchpoints, c.AsOf, buffer);
            routings.Add(score.Routing);
            foreach (var line in buffer.Lines)
            {
                kinds.Add(line.Kind);
                if (line.Rule is { } rule)
                {
                    rules.Add(rule.GetType());
                    if (rule is EngagementRule { Decay.HalfLife: not null } && line.Points % 0.25m != 0m)
                    {
                        decayed++;
                    }
                }
            }
        }

        Assert.Equal(Enum.GetValues<ScoreLineKind>().Length, kinds.Count);
        Assert.Equal(6, rules.Count); // bands, set, boolean, presence, predicate, engagement
        Assert.Equal(Enum.GetValues<LeadRouting>().Length, routings.Count);
        Assert.True(decayed >= 5, $"only {decayed} decayed engagement lines");
    }
}
