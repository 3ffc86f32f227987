using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using LeadMetrics.Scoring.Learning;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Scoring;

public class NaiveBayesLearnerTests
{
    private static readonly Instant Created = Instant.FromUtc(2024, 1, 10, 9, 0);

    private static Lead History(string id, string industry, int size, LeadOutcome outcome) => new(
        new LeadId(id), Created, attributes: [new("industry", industry), new("company_size", size)],
        wonAt: outcome == LeadOutcome.Won ? Created + Duration.FromDays(20) : null,
        lostAt: outcome == LeadOutcome.Lost ? Created + Duration.FromDays(20) : null);

    // Industry: software 3 won / 1 lost, retail 1 / 3, fintech 0 / 1 (below the minimum support of 2).
    // Size below 100: 1 won / 4 lost; 100 and more: 3 won / 1 lost. Plus one open lead, ignored.
    private static readonly Lead[] Leads =
    [
        History("W1", "software", 150, LeadOutcome.Won),
        History("W2", "Software", 500, LeadOutcome.Won),
        History("W3", "software", 50, LeadOutcome.Won),
        History("W4", "retail", 300, LeadOutcome.Won),
        History("L1", "software", 20, LeadOutcome.Lost),
        History("L2", "retail", 30, LeadOutcome.Lost),
        History("L3", "retail", 200, LeadOutcome.Lost),
        History("L4", "retail", 10, LeadOutcome.Lost),
        History("L5", "fintech", 40, LeadOutcome.Lost),
        History("O1", "software", 1000, LeadOutcome.Open),
    ];

    private static NaiveBayesLearner NewLearner() =>
        new([NaiveBayesFeature.Categorical("industry"), NaiveBayesFeature.Numeric("company_size", 100)], smoothing: 1m, minimumSupport: 2);

    private static LearnedScoringModel Learn(IEnumerable<Lead> leads)
    {
        var learner = NewLearner();
        foreach (var lead in leads)
        {
            learner.Add(lead);
        }

        return learner.Learn();
    }

    [Fact]
    public void Points_are_smoothed_log_odds_hand_computed()
    {
        var learned = Learn(Leads);

        // W = 4 won, L = 5 lost, a = 1. Industry has K = 3 categories, size K = 2 bands.
        Assert.Equal(4, learned.Won);
        Assert.Equal(5, learned.Lost);
        Assert.Equal(Math.Round(100m * (decimal)Math.Log(5.0 / 6.0), 2), learned.PriorPoints); // ln((4+1)/(5+1)) = -18.23
        Assert.Equal(-18.23m, learned.PriorPoints);

        var rules = learned.Model.Groups.Single().Rules;
        // Spellings that differ only by case are one category, named by the smallest spelling (ordinal): "Software".
        Assert.Equal(["industry = \"retail\"", "industry = \"Software\"", "company_size"], rules.Select(r => r.Name).ToArray());
        var retail = Assert.IsType<ValueInSetRule>(rules[0]);
        var software = Assert.IsType<ValueInSetRule>(rules[1]);
        Assert.Equal(-55.96m, retail.Points);   // ln(2/7) - ln(4/8) = ln(4/7)
        Assert.Equal(82.67m, software.Points);  // ln(4/7) - ln(2/8) = ln(16/7)
        var size = Assert.IsType<NumericBandsRule>(rules[2]);
        Assert.Equal([NumericBand.Below(100, -76.21m), NumericBand.From(100, 84.73m)], size.Bands.ToArray()); // ln(7/15), ln(7/3)

        var fintech = learned.Evidence.Single(e => e.Value == AttributeValue.FromText("fintech"));
        Assert.Null(fintech.Points);
        Assert.Equal(1, fintech.Support);
        Assert.Equal(Math.Log(1.0 / 7) - Math.Log(2.0 / 8), fintech.LogOdds, 12);
        Assert.Equal("industry = \"fintech\": won 0, lost 1, no rule (support below minimum)", fintech.ToString());
    }

    [Fact]
    public void Win_probability_is_the_logistic_of_prior_plus_fired_points()
    {
        var learned = Learn(Leads);
        var lead = History("N1", "SOFTWARE", 120, LeadOutcome.Open);

        Assert.Equal(82.67m + 84.73m, learned.FitScore(lead));
        var expected = 1.0 / (1.0 + Math.Exp(-(double)((-18.23m + 82.67m + 84.73m) / 100m)));
        Assert.Equal((decimal)expected, learned.WinProbability(lead));
        var nothingKnown = new Lead(new LeadId("N2"), Created);
        Assert.Equal(0m, learned.FitScore(nothingKnown));
        Assert.Equal((decimal)(1.0 / (1.0 + Math.Exp(0.1823))), learned.WinProbability(nothingKnown)); // the prior alone
    }

    [Fact]
    public void Learned_grades_follow_win_probability_thresholds()
    {
        var learned = Learn(Leads);
        var scorer = new LeadScorer(learned.Model, NodaTime.Testing.FakeClock.FromUtc(2024, 6, 1));

        foreach (var lead in Leads)
        {
            var score = scorer.Score(lead);
            var p = learned.WinProbability(score.Fit);
            var expected = p >= 0.5m ? "Hot" : p >= 0.2m ? "Warm" : "Cold";
            Assert.Equal(expected, score.Grade.Name);
        }
    }

    [Fact]
    public void The_learned_model_is_an_ordinary_model_that_round_trips_through_json()
    {
        var learned = Learn(Leads);

        var json = ScoringModelJson.Serialize(learned.Model);

        Assert.Equal(json, ScoringModelJson.Serialize(ScoringModelJson.Parse(json)));
        Assert.Contains("\"name\": \"industry = \\\"Software\\\"\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("smoothing", Assert.Throws<ArgumentOutOfRangeException>(() => new NaiveBayesLearner([NaiveBayesFeature.Categorical("a")], smoothing: 0m)).ParamName);
        Assert.Equal("minimumSupport", Assert.Throws<ArgumentOutOfRangeException>(() => new NaiveBayesLearner([NaiveBayesFeature.Categorical("a")], minimumSupport: 0)).ParamName);
        Assert.Contains("repeats the attribute 'A'", Assert.Throws<ArgumentException>(() => new NaiveBayesLearner([NaiveBayesFeature.Categorical("a"), NaiveBayesFeature.Categorical("A")])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => NewLearner().Learn(hotProbability: 0.2m, warmProbability: 0.5m));
        Assert.Throws<ArgumentException>(() => NewLearner().Merge(new NaiveBayesLearner([NaiveBayesFeature.Categorical("industry")])));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 200)]
    public void Learning_from_merged_partials_equals_one_pass_in_any_order(Lead[] leads, int split)
    {
        static string Render(LearnedScoringModel m) =>
            ScoringModelJson.Serialize(m.Model) + "|" + m.PriorPoints + "|" + string.Join(';', m.Evidence.Select(e => e.ToString()));

        var learner = () => new NaiveBayesLearner(
            [NaiveBayesFeature.Categorical("industry"), NaiveBayesFeature.Categorical("has_budget"), NaiveBayesFeature.Numeric("company_size", 50, 500)],
            minimumSupport: 3);
        var onePass = learner();
        foreach (var lead in leads)
        {
            onePass.Add(lead);
        }

        var at = leads.Length == 0 ? 0 : Math.Abs(split % (leads.Length + 1));
        var first = learner();
        var second = learner();
        foreach (var lead in leads[at..].Reverse())
        {
            second.Add(lead);
        }

        foreach (var lead in leads[..at])
        {
            first.Add(lead);
        }

        second.Merge(first);
        Assert.Equal(Render(onePass.Learn()), Render(second.Learn()));
    }
}
