using NodaTime;

namespace LeadMetrics.Scoring;

/// <summary>What a score reads of the lead being scored: each fit rule's verdict and each engagement rule's sum.</summary>
internal interface IScoredLead
{
    /// <summary>Evaluates a fit rule for the lead; <paramref name="value"/> is the attribute value that decided it.</summary>
    bool Fit(FitRule rule, out decimal points, out AttributeValue value);

    /// <summary>Evaluates an engagement rule over the lead's touchpoints up to <paramref name="asOf"/>.</summary>
    bool Engagement(EngagementRule rule, Instant asOf, out decimal points, out int count);
}

/// <summary>A lead's attribute values by name (case-insensitive), for scoring without a <see cref="Lead"/> (the columnar path).</summary>
internal interface IAttributeCells
{
    /// <summary>The value of the attribute named <paramref name="name"/>, or <see cref="AttributeValue.Missing"/>.</summary>
    AttributeValue Get(string name);
}

/// <summary>A touchpoint as an engagement rule reads it: kind, direction and instant.</summary>
internal readonly record struct TouchpointCell(TouchpointKind Kind, TouchpointDirection Direction, Instant At);

/// <summary>
/// The scoring arithmetic of <see cref="LeadScorer"/> (group sums and caps, dimension and total caps, grade, grid cell
/// and routing), over any <see cref="IScoredLead"/>: a <see cref="Lead"/> with its touchpoints, or the cells of a row
/// read into columns (<see cref="ScoreCells"/>: the columnar path's --scoring, no <see cref="Lead"/> made per lead).
/// </summary>
internal static class ScoringCore
{
    /// <summary>True when every fit rule of <paramref name="model"/> reads one attribute (no predicate rule, which reads a whole <see cref="Lead"/>).</summary>
    public static bool ScoresCells(ScoringModel model)
    {
        foreach (var group in model.GroupSpan)
        {
            foreach (var rule in group.FitRules)
            {
                if (rule.ReadsAttribute is null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Scores a lead given as attribute cells and touchpoints as of <paramref name="asOf"/>, as
    /// <see cref="LeadScorer.Score(Lead, ReadOnlySpan{Touchpoint}, Instant, ScoreExplanationBuffer?)"/> scores the
    /// <see cref="Lead"/> of those attributes with those touchpoints (the model must pass <see cref="ScoresCells"/>).
    /// </summary>
    public static LeadScore ScoreCells<TCells>(ScoringModel model, TCells cells, ReadOnlySpan<TouchpointCell> touchpoints, Instant asOf)
        where TCells : IAttributeCells
    {
        var lead = new CellLead<TCells>(cells, touchpoints);
        return Score(model, ref lead, asOf, null);
    }

    /// <summary>The score of <paramref name="lead"/> under <paramref name="model"/>, filling <paramref name="explanation"/> when given.</summary>
    public static LeadScore Score<TLead>(ScoringModel model, scoped ref TLead lead, Instant asOf, ScoreExplanationBuffer? explanation)
        where TLead : IScoredLead, allows ref struct
    {
        explanation?.Clear();
        var fit = 0m;
        var engagement = 0m;
        foreach (var group in model.GroupSpan)
        {
            var sum = 0m;
            if (group.Dimension == ScoreDimension.Fit)
            {
                foreach (var rule in group.FitRules)
                {
                    if (lead.Fit(rule, out var points, out var value))
                    {
                        sum += points;
                        explanation?.Add(ScoreLine.ForFitRule(group, rule, points, value));
                    }
                }
            }
            else
            {
                foreach (var rule in group.EngagementRules)
                {
                    if (lead.Engagement(rule, asOf, out var points, out var count))
                    {
                        sum += points;
                        explanation?.Add(ScoreLine.ForEngagementRule(group, rule, points, count));
                    }
                }
            }

            var clamped = group.Bounds.Clamp(sum);
            if (clamped != sum)
            {
                explanation?.Add(new ScoreLine(ScoreLineKind.GroupCap, group.Dimension, group, null, clamped - sum, 0, default));
            }

            if (group.Dimension == ScoreDimension.Fit)
            {
                fit += clamped;
            }
            else
            {
                engagement += clamped;
            }
        }

        fit = ClampDimension(model.FitBounds, fit, ScoreDimension.Fit, explanation);
        engagement = ClampDimension(model.EngagementBounds, engagement, ScoreDimension.Engagement, explanation);
        var total = fit + engagement;
        var clampedTotal = model.TotalBounds.Clamp(total);
        if (clampedTotal != total)
        {
            explanation?.Add(new ScoreLine(ScoreLineKind.TotalCap, null, null, null, clampedTotal - total, 0, default));
        }

        var grade = model.Grades.Classify(clampedTotal);
        var cell = model.Grid?.Classify(fit, engagement);
        return new LeadScore(fit, engagement, clampedTotal, grade, cell, cell?.Routing ?? grade.Routing);
    }

    private static decimal ClampDimension(ScoreBounds bounds, decimal sum, ScoreDimension dimension, ScoreExplanationBuffer? explanation)
    {
        var clamped = bounds.Clamp(sum);
        if (clamped != sum)
        {
            explanation?.Add(new ScoreLine(ScoreLineKind.DimensionCap, dimension, null, null, clamped - sum, 0, default));
        }

        return clamped;
    }
}

/// <summary>A <see cref="Lead"/> and its touchpoints, as <see cref="LeadScorer"/> scores them.</summary>
internal readonly ref struct ObjectLead(Lead lead, ReadOnlySpan<Touchpoint> touchpoints) : IScoredLead
{
    private readonly ReadOnlySpan<Touchpoint> _touchpoints = touchpoints;

    public bool Fit(FitRule rule, out decimal points, out AttributeValue value) => rule.Evaluate(lead, out points, out value);

    public bool Engagement(EngagementRule rule, Instant asOf, out decimal points, out int count) => rule.TryEvaluate(_touchpoints, asOf, out points, out count);
}

/// <summary>A lead's attribute cells and touchpoints: each fit rule reads its attribute's value, as from a <see cref="Lead"/> of those attributes.</summary>
internal readonly ref struct CellLead<TCells>(TCells cells, ReadOnlySpan<TouchpointCell> touchpoints) : IScoredLead
    where TCells : IAttributeCells
{
    private readonly ReadOnlySpan<TouchpointCell> _touchpoints = touchpoints;

    public bool Fit(FitRule rule, out decimal points, out AttributeValue value)
    {
        value = cells.Get(rule.ReadsAttribute ?? throw new InvalidOperationException($"the rule '{rule.Name}' reads a whole lead, not an attribute."));
        return rule.EvaluateValue(value, out points);
    }

    public bool Engagement(EngagementRule rule, Instant asOf, out decimal points, out int count) => rule.TryEvaluate(_touchpoints, asOf, out points, out count);
}
