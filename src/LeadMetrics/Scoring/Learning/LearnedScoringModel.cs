using System.Collections.Immutable;

namespace LeadMetrics.Scoring.Learning;

/// <summary>
/// The result of a <see cref="NaiveBayesLearner"/>: an ordinary scoring model (one fit group of rules,
/// one per supported category, points = scaled log-odds), the prior, and the win probability per lead.
/// </summary>
/// <remarks>
/// The win probability of a lead is <c>1 / (1 + e^-((PriorPoints + fit) / PointsPerLogOdds))</c> where
/// <c>fit</c> is the sum of the points of the model's rules that fire for it: exactly the rules a person
/// can read in <see cref="Model"/>.
/// </remarks>
public sealed class LearnedScoringModel
{
    private readonly RuleGroup _group;

    internal LearnedScoringModel(ScoringModel model, decimal priorPoints, decimal pointsPerLogOdds, long won, long lost, ImmutableArray<NaiveBayesEvidence> evidence)
    {
        Model = model;
        _group = model.Groups[0];
        PriorPoints = priorPoints;
        PointsPerLogOdds = pointsPerLogOdds;
        Won = won;
        Lost = lost;
        Evidence = evidence;
    }

    /// <summary>The learned model: one fit group <c>learned</c> of inspectable rules, unbounded, graded by win probability.</summary>
    public ScoringModel Model { get; }

    /// <summary>The prior log-odds of winning in points: ln((won + a) / (lost + a)) × <see cref="PointsPerLogOdds"/>, rounded.</summary>
    public decimal PriorPoints { get; }

    /// <summary>How many points one unit of natural log-odds is worth.</summary>
    public decimal PointsPerLogOdds { get; }

    /// <summary>The won leads learned from.</summary>
    public long Won { get; }

    /// <summary>The lost leads learned from.</summary>
    public long Lost { get; }

    /// <summary>Everything learned, category by category, including categories without enough support.</summary>
    public ImmutableArray<NaiveBayesEvidence> Evidence { get; }

    /// <summary>The win probability of a fit score of <see cref="Model"/>.</summary>
    /// <param name="fitScore">The fit score (the sum of the fired rules' points).</param>
    /// <returns>The probability, 0 to 1.</returns>
    public decimal WinProbability(decimal fitScore)
    {
        var logOdds = (double)((PriorPoints + fitScore) / PointsPerLogOdds);
        var probability = 1.0 / (1.0 + Math.Exp(-logOdds));
        return Math.Clamp((decimal)probability, 0m, 1m);
    }

    /// <summary>The win probability of a lead.</summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The probability, 0 to 1.</returns>
    public decimal WinProbability(Lead lead) => WinProbability(FitScore(lead));

    /// <summary>The fit score of a lead under <see cref="Model"/>: the sum of the points of the rules that fire.</summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The score, in points.</returns>
    public decimal FitScore(Lead lead)
    {
        Preconditions.CheckNotNull(lead);
        var sum = 0m;
        foreach (var rule in _group.FitRules)
        {
            if (rule.Evaluate(lead, out var points, out _))
            {
                sum += points;
            }
        }

        return sum;
    }
}
