namespace LeadMetrics.Scoring.Learning;

/// <summary>
/// What a <see cref="NaiveBayesLearner"/> learned about one category of one attribute: how many won and
/// lost leads had it, and the points it gives (its smoothed log-odds ratio), or none when it lacked
/// support. Immutable; the inspectable table behind a <see cref="LearnedScoringModel"/>.
/// </summary>
public sealed class NaiveBayesEvidence
{
    internal NaiveBayesEvidence(NaiveBayesFeature feature, AttributeValue value, int band, long won, long lost, double logOdds, decimal? points)
    {
        Feature = feature;
        Value = value;
        Band = band;
        Won = won;
        Lost = lost;
        LogOdds = logOdds;
        Points = points;
    }

    /// <summary>The feature.</summary>
    public NaiveBayesFeature Feature { get; }

    /// <summary>The category's value for a categorical feature; missing for a numeric one.</summary>
    public AttributeValue Value { get; }

    /// <summary>The band index for a numeric feature; -1 for a categorical one.</summary>
    public int Band { get; }

    /// <summary>Won leads with the category.</summary>
    public long Won { get; }

    /// <summary>Lost leads with the category.</summary>
    public long Lost { get; }

    /// <summary>Won + lost: the support of the category.</summary>
    public long Support => Won + Lost;

    /// <summary>The smoothed log-odds ratio (natural log): ln P(category | won) − ln P(category | lost).</summary>
    public double LogOdds { get; }

    /// <summary>The points of the category's rule (log-odds × points per unit, rounded), or null when the support is below the minimum (no rule).</summary>
    public decimal? Points { get; }

    /// <summary>Such as <c>industry = "software": won 12, lost 3, +91.63</c>.</summary>
    public override string ToString() =>
        $"{(Band >= 0 ? Feature.BandLabel(Band) : NaiveBayesLearner.RuleName(Feature, Value))}: won {Won}, lost {Lost}, {(Points is { } p ? PointsFormat.Signed(p) : "no rule (support below minimum)")}";
}
