using System.Globalization;
using LeadMetrics.Encoding;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using LeadMetrics.Scoring.Learning;
using LeadMetrics.Scoring.Quality;
using NodaTime;

namespace LeadMetrics.Samples.Scoring;

/// <summary>The sample's code path, callable from tests.</summary>
public static class ScoringSample
{
    /// <summary>The instant of scoring: fixed, so that the output is the same on every run.</summary>
    public static readonly Instant AsOf = Instant.FromUtc(2024, 6, 30, 12, 0);

    /// <summary>Runs the sample.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="modelPath">The JSON model file.</param>
    public static void Run(TextWriter output, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var file = File.OpenRead(modelPath);
        var model = ScoringModelJson.Load(file);
        var scorer = new LeadScorer(model, SystemClock.Instance);
        output.WriteLine($"Model {model}: grades {model.Grades}; grid {model.Grid}");
        output.WriteLine();

        // 1. Score a handful of leads and print every explanation.
        foreach (var (lead, touchpoints) in Leads())
        {
            output.Write(scorer.Explain(lead, touchpoints, AsOf).ToString());
        }

        // 2. Does the score predict? Score a synthetic history at creation (fit only) and compare with outcomes.
        var history = History(seed: 42, count: 400);
        var quality = new ScoringQualityCalculator(model);
        var sources = new DimensionEncoder("source");
        foreach (var lead in history)
        {
            quality.Add(sources.Encode(lead.Source), scorer.Score(lead, [], lead.CreatedAt), lead.Outcome);
        }

        var qualitySnapshot = quality.Snapshot();

        output.WriteLine();
        output.WriteLine("Score by source (at creation):");
        var snapshot = qualitySnapshot.Distribution;
        foreach (var group in snapshot.Groups)
        {
            var mix = string.Join(", ", snapshot.Grades.Grades.Select(g => $"{g.Name} {group.GradeShare(g.Rank):P0}"));
            output.WriteLine(Invariant($"  {sources.Decode(group.Group!.Value),-9} {group.Count,4} leads, mean {group.Mean:0.0}: {mix}"));
        }

        output.WriteLine();
        var bands = qualitySnapshot.BandConversion;
        output.WriteLine(Invariant($"Conversion by score band (base rate {bands.BaseRate:P1}):"));
        foreach (var row in bands.Rows)
        {
            output.WriteLine(Invariant($"  {row.Label,-11} {row.Won,4} won {row.Lost,4} lost  rate {Percent(row.ConversionRate)}  lift {Number(row.Lift)}"));
        }

        output.WriteLine(Invariant($"ROC AUC of the ICP score: {Number(qualitySnapshot.RocAuc.Auc)}"));

        // 3. Learn a model from the same history: naive-Bayes log-odds points, an ordinary rule set.
        var learner = new NaiveBayesLearner(
            [NaiveBayesFeature.Categorical("industry"), NaiveBayesFeature.Categorical("has_budget"), NaiveBayesFeature.Numeric("company_size", 11, 201)],
            smoothing: 1m,
            minimumSupport: 10);
        foreach (var lead in history)
        {
            learner.Add(lead);
        }

        var learned = learner.Learn("learned-icp");
        output.WriteLine();
        output.WriteLine(Invariant($"Learned from {learned.Won} won and {learned.Lost} lost leads (prior {learned.PriorPoints} points):"));
        foreach (var evidence in learned.Evidence)
        {
            output.WriteLine("  " + evidence);
        }

        foreach (var lead in history)
        {
            quality.AddWinProbability(learned.WinProbability(lead), lead.Outcome);
        }

        var calibrated = quality.Snapshot().Calibration;
        output.WriteLine(Invariant($"In-sample calibration: expected {calibrated.ExpectedWins:0.0} wins, observed {calibrated.Won}; Brier score {Number(calibrated.BrierScore)}"));
    }

    /// <summary>The four leads of the worked example in docs/scoring.md, with their touchpoints.</summary>
    /// <returns>The leads.</returns>
    public static (Lead Lead, Touchpoint[] Touchpoints)[] Leads()
    {
        var acme = new Lead(
            new LeadId("L-1"), AsOf - Duration.FromDays(45), source: "linkedin",
            attributes: [new("company_size", 150), new("industry", "Software"), new("has_budget", true), new("phone", "+1 555 0100"), new("job_title", "VP Sales")]);
        var globex = new Lead(
            new LeadId("L-2"), AsOf - Duration.FromDays(40), source: "linkedin",
            attributes: [new("company_size", 5000), new("industry", "fintech"), new("has_budget", true)]);
        var initech = new Lead(
            new LeadId("L-3"), AsOf - Duration.FromDays(20), source: "facebook",
            attributes: [new("company_size", 8), new("industry", "retail"), new("has_budget", false), new("phone", "+1 555 0199"), new("job_title", "Intern")]);
        var hooli = new Lead(new LeadId("L-4"), AsOf - Duration.FromDays(3), source: "facebook");
        return
        [
            (acme,
            [
                Inbound(acme, 14, TouchpointKind.Webinar),
                Inbound(acme, 28, TouchpointKind.Webinar),
                Inbound(acme, 10, TouchpointKind.Form),
                Inbound(acme, 40, TouchpointKind.Form),
                new(acme.Id, AsOf - Duration.FromDays(2), "sales", TouchpointKind.Meeting, TouchpointDirection.Outbound, actor: "dana"),
            ]),
            (globex,
            [
                Inbound(globex, 0, TouchpointKind.Webinar),
                Inbound(globex, 14, TouchpointKind.Webinar),
                Inbound(globex, 28, TouchpointKind.Webinar),
                Inbound(globex, 1, TouchpointKind.Meeting),
            ]),
            (initech, [Inbound(initech, 3, TouchpointKind.Form)]),
            (hooli, []),
        ];
    }

    /// <summary>
    /// A synthetic, reproducible history of closed and open leads from two sources, where the chance of
    /// winning rises with company size, target industry and budget (LinkedIn brings better-fitting leads).
    /// </summary>
    /// <param name="seed">The random seed.</param>
    /// <param name="count">The number of leads.</param>
    /// <returns>The leads.</returns>
    public static Lead[] History(int seed, int count)
    {
        var random = new Random(seed);
        string[] industries = ["software", "fintech", "retail", "education"];
        var leads = new Lead[count];
        for (var i = 0; i < count; i++)
        {
            var linkedin = random.NextDouble() < 0.5;
            var size = linkedin ? random.Next(5, 2000) : random.Next(1, 300);
            var industry = industries[linkedin ? random.Next(0, 3) : random.Next(1, 4)];
            var budget = random.NextDouble() < (linkedin ? 0.6 : 0.3);
            var logOdds = -2.0 + (size > 200 ? 1.0 : size > 10 ? 0.5 : 0) + (industry is "software" or "fintech" ? 1.0 : 0) + (budget ? 1.2 : 0);
            var won = random.NextDouble() < 1 / (1 + Math.Exp(-logOdds));
            var created = AsOf - Duration.FromDays(random.Next(30, 365));
            var closed = created + Duration.FromDays(random.Next(5, 25));
            var open = random.NextDouble() < 0.1;
            leads[i] = new Lead(
                new LeadId("H-" + i.ToString("0000", CultureInfo.InvariantCulture)),
                created,
                source: linkedin ? "linkedin" : "facebook",
                attributes: [new("company_size", size), new("industry", industry), new("has_budget", budget)],
                wonAt: !open && won ? closed : null,
                lostAt: !open && !won ? closed : null);
        }

        return leads;
    }

    private static Touchpoint Inbound(Lead lead, int daysAgo, TouchpointKind kind) =>
        new(lead.Id, AsOf - Duration.FromDays(daysAgo), "website", kind, TouchpointDirection.Inbound);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Percent(decimal? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string Number(decimal? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
