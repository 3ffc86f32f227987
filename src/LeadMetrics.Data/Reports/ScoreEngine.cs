using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Scores every lead with the library's <see cref="LeadScorer"/> and fills the <c>score</c> section of each scope with
/// the library's <see cref="ScoreDistributionAccumulator"/> (mean total, fit and engagement, count per grade).
/// Leads are scored as of their creation (the "day one" score, with the touchpoints up to that instant), so that the
/// engagement that led to a sale does not leak into the score that is compared with the outcome.
/// </summary>
internal sealed class ScoreEngine
{
    private readonly ScoringModel _model;
    private readonly LeadScore[] _scores;

    public ScoreEngine(ScoringModel model, IReadOnlyList<Lead> leads, IReadOnlyList<Touchpoint> touchpoints)
    {
        _model = model;
        var scorer = new LeadScorer(model, SystemClock.Instance);
        var byLead = touchpoints.GroupBy(t => t.Lead).ToDictionary(g => g.Key, g => g.OrderBy(t => t.At).ToArray());
        _scores = new LeadScore[leads.Count];
        for (var i = 0; i < leads.Count; i++)
        {
            var lead = leads[i];
            var own = byLead.TryGetValue(lead.Id, out var list) ? list : [];
            _scores[i] = scorer.Score(lead, own, lead.CreatedAt, null);
        }
    }

    /// <summary>Fills the score of each computed group; <paramref name="records"/> are parallel to the scored leads.</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[] records, IEnumerable<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        var accumulator = new ScoreDistributionAccumulator(_model);
        var ids = new Dictionary<GroupKey, int>();
        for (var i = 0; i < records.Length; i++)
        {
            var key = grouping.KeyOf(records[i]);
            if (!ids.TryGetValue(key, out var id))
            {
                ids[key] = id = ids.Count;
            }

            accumulator.Add(id, _scores[i]);
        }

        var distribution = accumulator.Snapshot();
        foreach (var (key, kpis) in computed)
        {
            if (ids.TryGetValue(key, out var id) && distribution.TryGetGroup(id, out var group))
            {
                kpis.Score = Map(group, distribution.Grades);
            }
        }
    }

    /// <summary>Whether the day-one score predicts the outcome: conversion per grade and ROC AUC over every lead.</summary>
    /// <param name="records">The records, parallel to the scored leads.</param>
    public ScoreQualityModel Quality(LeadRecord[] records)
    {
        var factory = new ScoringQualityFactory(_model);
        var bands = factory.CreateBandConversion();
        var auc = factory.CreateRocAuc();
        for (var i = 0; i < records.Length; i++)
        {
            bands.Add(_scores[i], records[i].Outcome);
            auc.Add(_scores[i], records[i].Outcome);
        }

        return ScoreQualityModel.From(auc.Snapshot(), bands.Snapshot(), _model.Grades);
    }

    /// <summary>
    /// The fair rep comparison with mix cells by source and grade (lead quality), so that a rep handed mostly low-grade
    /// leads is set against the team's win rate with such leads; the grade is the day-one score's.
    /// </summary>
    /// <param name="records">The records, parallel to the scored leads.</param>
    public RepComparisonCalculator CompareRepsBySourceAndGrade(LeadRecord[] records)
    {
        var comparison = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment));
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            comparison.Add(new LeadRecord(r.Lead, r.CreatedAt, source: r.Source, owner: r.Owner, segment: _scores[i].Grade.Rank + 1, outcome: r.Outcome, closedAt: r.ClosedAt));
        }

        return comparison;
    }

    private static ScoreKpis Map(ScoreDistributionGroup g, LeadMetrics.Scoring.GradeScale grades) => new(
        g.Count,
        g.Mean,
        g.MeanFit,
        g.MeanEngagement,
        [.. grades.Grades.Select(grade => (grade.Name, g.GradeCounts[grade.Rank]))]);
}
