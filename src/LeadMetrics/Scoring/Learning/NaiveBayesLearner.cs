using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring.Learning;

/// <summary>
/// Learns a scoring model from history, the way Odoo's predictive lead scoring does: naive Bayes over
/// the attributes of won and lost leads, with additive (Laplace) smoothing and a minimum support, emitted
/// as an ordinary rule set whose points are log-odds, plus a win probability per lead.
/// </summary>
/// <remarks>
/// <para>For a feature with <c>K</c> categories, a category with <c>w</c> won and <c>l</c> lost leads
/// (out of <c>W</c> won and <c>L</c> lost in all) gets the log-odds ratio
/// <c>ln((w + a) / (W + aK)) − ln((l + a) / (L + aK))</c>, <c>a</c> being the smoothing. Categories seen in
/// fewer than <see cref="MinimumSupport"/> closed leads get no rule (their evidence is too thin). Points are
/// the log-odds times <see cref="PointsPerLogOdds"/>, rounded to 2 decimal places.</para>
/// <para>Only closed leads are learned from; open leads are counted and ignored. A missing value, or a
/// non-number for a numeric feature, adds nothing for that feature.</para>
/// <para>Streaming and mergeable: <see cref="Add"/> one lead at a time, <see cref="Merge"/> partials of the
/// same configuration; the learned model does not depend on order. Not thread-safe.</para>
/// </remarks>
public sealed class NaiveBayesLearner
{
    /// <summary>The decimal places of learned points: 2.</summary>
    public const int PointsDecimalPlaces = 2;

    private readonly FeatureState[] _states;

    /// <summary>Creates a learner.</summary>
    /// <param name="features">The attributes to learn from; at least one, each attribute once.</param>
    /// <param name="smoothing">The additive smoothing <c>a</c>; positive (1 is Laplace smoothing).</param>
    /// <param name="minimumSupport">The fewest closed leads a category needs to get a rule; 1 or more.</param>
    /// <param name="pointsPerLogOdds">Points per unit of natural log-odds; positive. 100 makes e-fold odds worth 100 points.</param>
    /// <exception cref="ArgumentException">An argument is out of range or an attribute repeats; the message names it.</exception>
    public NaiveBayesLearner(IEnumerable<NaiveBayesFeature> features, decimal smoothing = 1m, int minimumSupport = 5, decimal pointsPerLogOdds = 100m)
    {
        var list = Preconditions.CheckNotNull(features).ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("features must hold at least one feature; was empty.", nameof(features));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null || !names.Add(list[i].Attribute))
            {
                throw new ArgumentException($"features[{i}] is null or repeats the attribute '{list[i]?.Attribute}'.", nameof(features));
            }
        }

        if (smoothing <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, $"smoothing must be greater than zero; was {smoothing.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (pointsPerLogOdds <= 0m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(pointsPerLogOdds), pointsPerLogOdds, $"pointsPerLogOdds must be greater than zero; was {pointsPerLogOdds.ToString(CultureInfo.InvariantCulture)}.");
        }

        Features = [.. list];
        Smoothing = smoothing;
        MinimumSupport = Preconditions.CheckPositive(minimumSupport);
        PointsPerLogOdds = pointsPerLogOdds;
        _states = [.. list.Select(f => new FeatureState(f))];
    }

    /// <summary>The features, in the order their rules are emitted.</summary>
    public ImmutableArray<NaiveBayesFeature> Features { get; }

    /// <summary>The additive smoothing.</summary>
    public decimal Smoothing { get; }

    /// <summary>The fewest closed leads a category needs to get a rule.</summary>
    public int MinimumSupport { get; }

    /// <summary>Points per unit of natural log-odds.</summary>
    public decimal PointsPerLogOdds { get; }

    /// <summary>Won leads added.</summary>
    public long Won { get; private set; }

    /// <summary>Lost leads added.</summary>
    public long Lost { get; private set; }

    /// <summary>Open leads added (ignored).</summary>
    public long Open { get; private set; }

    /// <summary>Adds one lead of history (its outcome says won, lost or open).</summary>
    /// <param name="lead">The lead.</param>
    public void Add(Lead lead)
    {
        Preconditions.CheckNotNull(lead);
        var outcome = lead.Outcome;
        if (outcome == LeadOutcome.Open)
        {
            Open++;
            return;
        }

        var won = outcome == LeadOutcome.Won;
        foreach (var state in _states)
        {
            state.Add(lead.GetAttribute(state.Feature.Attribute), won);
        }

        if (won)
        {
            Won++;
        }
        else
        {
            Lost++;
        }
    }

    /// <summary>Adds another partial into this one.</summary>
    /// <param name="other">A learner with the same features, smoothing, minimum support and points per log-odds.</param>
    public void Merge(NaiveBayesLearner other)
    {
        Preconditions.CheckNotNull(other);
        if (!Features.SequenceEqual(other.Features) || Smoothing != other.Smoothing || MinimumSupport != other.MinimumSupport || PointsPerLogOdds != other.PointsPerLogOdds)
        {
            throw new ArgumentException("other has another configuration (features, smoothing, minimum support or points per log-odds); only partials of the same configuration merge.", nameof(other));
        }

        for (var i = 0; i < _states.Length; i++)
        {
            _states[i].Merge(other._states[i]);
        }

        Won += other.Won;
        Lost += other.Lost;
        Open += other.Open;
    }

    /// <summary>Learns the model from what was added.</summary>
    /// <param name="modelName">The name of the learned model.</param>
    /// <param name="hotProbability">The win probability from which a lead is Hot (sent to sales).</param>
    /// <param name="warmProbability">The win probability from which a lead is Warm (nurtured); below it, Cold. Less than <paramref name="hotProbability"/>.</param>
    /// <returns>The learned model.</returns>
    public LearnedScoringModel Learn(string modelName = "learned", decimal hotProbability = 0.5m, decimal warmProbability = 0.2m)
    {
        Preconditions.CheckNotNullOrWhiteSpace(modelName);
        if (!(warmProbability > 0m && warmProbability < hotProbability && hotProbability < 1m))
        {
            throw new ArgumentOutOfRangeException(
                nameof(warmProbability), warmProbability,
                string.Create(CultureInfo.InvariantCulture, $"probabilities must satisfy 0 < warmProbability < hotProbability < 1; was warm {warmProbability} and hot {hotProbability}."));
        }

        var a = (double)Smoothing;
        var priorLogOdds = Math.Log((Won + a) / (Lost + a));
        var priorPoints = ToPoints(priorLogOdds);
        var rules = new List<ScoringRule>();
        var evidence = ImmutableArray.CreateBuilder<NaiveBayesEvidence>();
        foreach (var state in _states)
        {
            state.Learn(this, rules, evidence);
        }

        var grades = new GradeScale(
        [
            new GradeThreshold("Hot", Threshold(hotProbability), LeadRouting.SendToSales),
            new GradeThreshold("Warm", Threshold(warmProbability), LeadRouting.Nurture),
            new GradeThreshold("Cold", null, LeadRouting.Nurture),
        ]);
        var model = new ScoringModel(modelName, [new RuleGroup("learned", ScoreDimension.Fit, rules)], grades: grades);
        return new LearnedScoringModel(model, priorPoints, PointsPerLogOdds, Won, Lost, evidence.ToImmutable());

        decimal Threshold(decimal probability)
        {
            var p = (double)probability;
            var points = (Math.Log(p / (1 - p)) * (double)PointsPerLogOdds) - (double)priorPoints;
            return Math.Ceiling((decimal)points * 100m) / 100m;
        }
    }

    internal static string RuleName(NaiveBayesFeature feature, AttributeValue value) => value.Kind == AttributeKind.Text
        ? $"{feature.Attribute} = \"{value.Text.Trim()}\""
        : $"{feature.Attribute} = {value}";

    private decimal ToPoints(double logOdds) =>
        Math.Round((decimal)logOdds * PointsPerLogOdds, PointsDecimalPlaces, MidpointRounding.ToEven);

    private double LogOdds(long won, long lost, int categories)
    {
        var a = (double)Smoothing;
        return Math.Log((won + a) / (Won + (a * categories))) - Math.Log((lost + a) / (Lost + (a * categories)));
    }

    private sealed class FeatureState(NaiveBayesFeature feature)
    {
        private readonly Dictionary<AttributeValue, (long Won, long Lost, AttributeValue Spelling)> _categories = new(AttributeValueComparer.Instance);
        private readonly long[] _bandWon = new long[feature.Bands?.Count ?? 0];
        private readonly long[] _bandLost = new long[feature.Bands?.Count ?? 0];

        internal NaiveBayesFeature Feature { get; } = feature;

        internal void Add(AttributeValue value, bool won)
        {
            if (Feature.Bands is { } bands)
            {
                if (value.Kind != AttributeKind.Number)
                {
                    return;
                }

                var band = bands.IndexOf(value.Number);
                if (won)
                {
                    _bandWon[band]++;
                }
                else
                {
                    _bandLost[band]++;
                }

                return;
            }

            if (value.IsMissing || (value.Kind == AttributeKind.Text && string.IsNullOrWhiteSpace(value.Text)))
            {
                return;
            }

            Increment(value, won ? 1 : 0, won ? 0 : 1);
        }

        internal void Merge(FeatureState other)
        {
            foreach (var (_, (won, lost, spelling)) in other._categories)
            {
                Increment(spelling, won, lost);
            }

            for (var i = 0; i < _bandWon.Length; i++)
            {
                _bandWon[i] += other._bandWon[i];
                _bandLost[i] += other._bandLost[i];
            }
        }

        internal void Learn(NaiveBayesLearner learner, List<ScoringRule> rules, ImmutableArray<NaiveBayesEvidence>.Builder evidence)
        {
            if (Feature.Bands is { } bands)
            {
                var points = new decimal?[bands.Count];
                for (var i = 0; i < bands.Count; i++)
                {
                    var logOdds = learner.LogOdds(_bandWon[i], _bandLost[i], bands.Count);
                    points[i] = _bandWon[i] + _bandLost[i] >= learner.MinimumSupport ? learner.ToPoints(logOdds) : null;
                    evidence.Add(new NaiveBayesEvidence(Feature, AttributeValue.Missing, i, _bandWon[i], _bandLost[i], logOdds, points[i]));
                }

                var ranges = Feature.BandRanges([.. points]);
                if (!ranges.IsEmpty)
                {
                    rules.Add(new NumericBandsRule(Feature.Attribute, Feature.Attribute, ranges));
                }

                return;
            }

            var categories = _categories.Values.ToArray();
            Array.Sort(categories, static (x, y) => AttributeValueComparer.Compare(x.Spelling, y.Spelling));
            foreach (var (won, lost, value) in categories)
            {
                var logOdds = learner.LogOdds(won, lost, categories.Length);
                decimal? points = won + lost >= learner.MinimumSupport ? learner.ToPoints(logOdds) : null;
                evidence.Add(new NaiveBayesEvidence(Feature, value, -1, won, lost, logOdds, points));
                if (points is { } p)
                {
                    rules.Add(new ValueInSetRule(RuleName(Feature, value), Feature.Attribute, value, p));
                }
            }
        }

        private void Increment(AttributeValue value, long won, long lost)
        {
            if (_categories.TryGetValue(value, out var entry))
            {
                // Keep the same spelling whatever the order of adds and merges: the smallest one.
                var spelling = AttributeValueComparer.Compare(value, entry.Spelling) < 0 ? value : entry.Spelling;
                _categories[value] = (entry.Won + won, entry.Lost + lost, spelling);
            }
            else
            {
                _categories.Add(value, (won, lost, value));
            }
        }
    }
}
