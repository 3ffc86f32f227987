using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using LeadMetrics.Testing;
using NodaTime;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public static class ScoringPropertyArbitraries
{
    public static Arbitrary<ScoringModel> Model() => ScoringGenerators.Model.ToArbitrary();

    public static Arbitrary<ScoringCase> Case() => ScoringGenerators.Case.ToArbitrary();

    public static Arbitrary<GradeScale> Grades() => ScoringGenerators.Grades.ToArbitrary();

    public static Arbitrary<GradeGrid> Grid() => ScoringGenerators.Grid.Where(g => g is not null).Select(g => g!).ToArbitrary();
}

public class ScoringPropertyTests
{
    private static LeadScore Score(ScoringModel model, ScoringCase c, ScoreExplanationBuffer? buffer = null) =>
        new LeadScorer(model, new FakeClock(c.AsOf)).Score(c.Lead, c.Touchpoints, c.AsOf, buffer);

    private static decimal Clamp(decimal sum, ScoreBounds bounds) =>
        Math.Max(bounds.Minimum ?? decimal.MinValue, Math.Min(bounds.Maximum ?? decimal.MaxValue, sum));

    /// <summary>An independent reference: fired rules and their points, then the documented caps, step by step.</summary>
    private static (decimal Fit, decimal Engagement, decimal Total, List<(string Rule, decimal Points)> Fired) Reference(ScoringModel model, ScoringCase c)
    {
        var fired = new List<(string, decimal)>();
        decimal fit = 0m, engagement = 0m;
        foreach (var group in model.Groups)
        {
            var sum = 0m;
            foreach (var rule in group.Rules)
            {
                if (rule is FitRule fitRule)
                {
                    if (fitRule.TryEvaluate(c.Lead, out var points))
                    {
                        fired.Add((rule.Name, points));
                        sum += points;
                    }

                    continue;
                }

                var engagementRule = (EngagementRule)rule;
                var total = 0m;
                var count = 0;
                foreach (var touchpoint in c.Touchpoints)
                {
                    var age = c.AsOf - touchpoint.At;
                    if (age < Duration.Zero || !engagementRule.Matches(touchpoint) || (engagementRule.Decay.Window is { } w && age > w))
                    {
                        continue;
                    }

                    var factor = engagementRule.Decay.HalfLife is { } h ? (decimal)Math.Pow(0.5, age.TotalTicks / h.TotalTicks) : 1m;
                    total += engagementRule.Decay.HalfLife is null ? engagementRule.PointsPerTouchpoint : Math.Round(engagementRule.PointsPerTouchpoint * factor, 4);
                    count++;
                }

                if (count > 0)
                {
                    fired.Add((rule.Name, total));
                    sum += total;
                }
            }

            if (group.Dimension == ScoreDimension.Fit)
            {
                fit += Clamp(sum, group.Bounds);
            }
            else
            {
                engagement += Clamp(sum, group.Bounds);
            }
        }

        fit = Clamp(fit, model.FitBounds);
        engagement = Clamp(engagement, model.EngagementBounds);
        return (fit, engagement, Clamp(fit + engagement, model.TotalBounds), fired);
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 300)]
    public Property Score_is_the_sum_of_the_fired_rules_points_within_the_caps(ScoringModel model, ScoringCase c)
    {
        var buffer = new ScoreExplanationBuffer(0);
        var score = Score(model, c, buffer);
        var (fit, engagement, total, fired) = Reference(model, c);
        var explainedRules = buffer.Lines.ToArray().Where(l => l.Kind == ScoreLineKind.Rule).Select(l => (l.Rule!.Name, l.Points)).ToList();

        return (score.Fit == fit).Label($"fit {score.Fit} vs reference {fit}")
            .And((score.Engagement == engagement).Label($"engagement {score.Engagement} vs reference {engagement}"))
            .And((score.Total == total).Label($"total {score.Total} vs reference {total}"))
            .And(explainedRules.SequenceEqual(fired).Label("the explanation lists exactly the fired rules with their points"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 300)]
    public Property Explanation_sums_to_the_score(ScoringModel model, ScoringCase c)
    {
        var buffer = new ScoreExplanationBuffer();
        var score = Score(model, c, buffer);
        var lines = buffer.Lines.ToArray();

        return (lines.Sum(l => l.Points) == score.Total).Label("all lines sum to the total")
            .And((lines.Where(l => l.Dimension == ScoreDimension.Fit).Sum(l => l.Points) == score.Fit).Label("fit lines sum to fit"))
            .And((lines.Where(l => l.Dimension == ScoreDimension.Engagement).Sum(l => l.Points) == score.Engagement).Label("engagement lines sum to engagement"))
            .And((lines.Length <= model.MaxExplanationLines).Label("no more lines than the model allows"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 300)]
    public Property Scoring_without_a_buffer_gives_the_same_score(ScoringModel model, ScoringCase c)
    {
        var a = Score(model, c);
        var b = Score(model, c, new ScoreExplanationBuffer(1));
        return (a.Total == b.Total).Label("total")
            .And((a.Fit == b.Fit).Label("fit"))
            .And((a.Engagement == b.Engagement).Label("engagement"))
            .And((a.Grade == b.Grade).Label("grade"))
            .And((a.Cell == b.Cell).Label("grid cell"))
            .And((a.Routing == b.Routing).Label("routing"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 500)]
    public Property Grade_is_monotone_in_score(GradeScale grades, int a, int b)
    {
        decimal low = Math.Min(a, b) / 4m, high = Math.Max(a, b) / 4m;
        var lowGrade = grades.Classify(low);
        var highGrade = grades.Classify(high);
        return (highGrade.Rank <= lowGrade.Rank).Label($"score {high} grades {highGrade.Name}, no lower than {lowGrade.Name} of score {low}")
            .And((lowGrade.MinimumScore is null || low >= lowGrade.MinimumScore).Label($"score {low} reaches the minimum of its grade {lowGrade.Name}"))
            .And((lowGrade.Rank == 0 || low < grades.Grades[lowGrade.Rank - 1].MinimumScore).Label($"score {low} is below the minimum of the grade above {lowGrade.Name}"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 500)]
    public Property Grid_is_monotone_in_fit_and_in_engagement(GradeGrid grid, int fit1, int fit2, int engagement1, int engagement2)
    {
        var low = grid.Classify(Math.Min(fit1, fit2), Math.Min(engagement1, engagement2));
        var highFit = grid.Classify(Math.Max(fit1, fit2), Math.Min(engagement1, engagement2));
        var highEngagement = grid.Classify(Math.Min(fit1, fit2), Math.Max(engagement1, engagement2));
        return (highFit.FitRank <= low.FitRank).Label("more fit ranks no lower in fit")
            .And((highFit.EngagementRank == low.EngagementRank).Label("more fit keeps the engagement rank"))
            .And((highEngagement.EngagementRank <= low.EngagementRank).Label("more engagement ranks no lower in engagement"))
            .And((highEngagement.FitRank == low.FitRank).Label("more engagement keeps the fit rank"))
            .And((grid.Cells[low.Index] == low).Label("a cell sits at its index"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 200)]
    public Property Json_round_trip_gives_the_same_model(ScoringModel model, ScoringCase c)
    {
        var json = ScoringModelJson.Serialize(model);
        var back = ScoringModelJson.Parse(json, ScoringGenerators.Predicates);
        var compact = ScoringModelJson.Parse(ScoringModelJson.Serialize(model, indented: false), ScoringGenerators.Predicates);

        var expected = Explain(model, c);
        return (ScoringModelJson.Serialize(back) == json).Label("serializing the parsed model gives the same JSON")
            .And((ScoringModelJson.Serialize(compact) == json).Label("compact JSON parses to the same model"))
            .And((back.RuleCount == model.RuleCount && back.Groups.Length == model.Groups.Length).Label("same groups and rules"))
            .And((Explain(back, c) == expected).Label("the parsed model scores and explains the same"));

        static string Explain(ScoringModel m, ScoringCase c) => new LeadScorer(m, new FakeClock(c.AsOf)).Explain(c.Lead, c.Touchpoints, c.AsOf).ToString();
    }
}
