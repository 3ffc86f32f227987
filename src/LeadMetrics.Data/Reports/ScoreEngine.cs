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
    private readonly LeadScore[] _scores = [];

    // The columnar path's streamed state (Add): the score groups of each plain grouping, the quality accumulators and
    // the rep comparison by source and grade, filled lead by lead in the report's pass.
    private readonly Dictionary<LeadGrouping, ScoreGroups> _groups = [];
    private readonly ScoreBandConversionAccumulator? _bands;
    private readonly RocAucAccumulator? _auc;
    private readonly RepComparisonCalculator? _reps;

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

    /// <summary>The columnar path's engine: the leads and their day-one scores arrive one by one (<see cref="Add"/>), scored by the data set.</summary>
    /// <param name="model">The model.</param>
    /// <param name="groupings">The plain groupings of the pass.</param>
    public ScoreEngine(ScoringModel model, IEnumerable<LeadGrouping> groupings)
    {
        _model = model;
        foreach (var g in groupings)
        {
            _groups[g] = new ScoreGroups(model);
        }

        var factory = new ScoringQualityFactory(model);
        _bands = factory.CreateBandConversion();
        _auc = factory.CreateRocAuc();
        _reps = NewRepComparison();
    }

    /// <summary>Adds a lead of the columnar pass with its day-one score to every plain grouping, the quality and the rep comparison.</summary>
    public void Add(in LeadRecord lead, in LeadScore score)
    {
        foreach (var (grouping, groups) in _groups)
        {
            groups.Add(grouping.KeyOf(lead), score);
        }

        _bands!.Add(score, lead.Outcome);
        _auc!.Add(score, lead.Outcome);
        _reps!.Add(GradeRecord(lead, score));
    }

    /// <summary>Fills the score of each computed group; <paramref name="records"/> are parallel to the scored leads (row path), or null for the streamed groups (columnar path).</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[]? records, IEnumerable<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        if (records is null)
        {
            _groups[grouping].Apply(computed);
            return;
        }

        var groups = new ScoreGroups(_model);
        for (var i = 0; i < records.Length; i++)
        {
            groups.Add(grouping.KeyOf(records[i]), _scores[i]);
        }

        groups.Apply(computed);
    }

    /// <summary>Whether the day-one score predicts the outcome: conversion per grade and ROC AUC over every lead.</summary>
    /// <param name="records">The records, parallel to the scored leads, or null on the columnar path.</param>
    public ScoreQualityModel Quality(LeadRecord[]? records)
    {
        if (records is null)
        {
            return ScoreQualityModel.From(_auc!.Snapshot(), _bands!.Snapshot(), _model.Grades);
        }

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
    /// <param name="records">The records, parallel to the scored leads, or null on the columnar path.</param>
    public RepComparisonCalculator CompareRepsBySourceAndGrade(LeadRecord[]? records)
    {
        if (records is null)
        {
            return _reps!;
        }

        var comparison = NewRepComparison();
        for (var i = 0; i < records.Length; i++)
        {
            comparison.Add(GradeRecord(records[i], _scores[i]));
        }

        return comparison;
    }

    private static RepComparisonCalculator NewRepComparison() => new(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment));

    private static LeadRecord GradeRecord(in LeadRecord r, in LeadScore score) =>
        new(r.Lead, r.CreatedAt, source: r.Source, owner: r.Owner, segment: score.Grade.Rank + 1, outcome: r.Outcome, closedAt: r.ClosedAt);

    /// <summary>The score distribution of the groups of one grouping (ids by first appearance, as the row path gives them).</summary>
    internal sealed class ScoreGroups(ScoringModel model)
    {
        private readonly ScoreDistributionAccumulator _accumulator = new(model);
        private readonly Dictionary<GroupKey, int> _ids = [];

        public void Add(GroupKey key, in LeadScore score)
        {
            if (!_ids.TryGetValue(key, out var id))
            {
                _ids[key] = id = _ids.Count;
            }

            _accumulator.Add(id, score);
        }

        public void Apply(IEnumerable<(GroupKey Key, ReportKpis Kpis)> computed)
        {
            var distribution = _accumulator.Snapshot();
            foreach (var (key, kpis) in computed)
            {
                if (_ids.TryGetValue(key, out var id) && distribution.TryGetGroup(id, out var group))
                {
                    kpis.Score = Map(group, distribution.Grades);
                }
            }
        }
    }

    private static ScoreKpis Map(ScoreDistributionGroup g, LeadMetrics.Scoring.GradeScale grades) => new(
        g.Count,
        g.Mean,
        g.MeanFit,
        g.MeanEngagement,
        [.. grades.Grades.Select(grade => (grade.Name, g.GradeCounts[grade.Rank]))]);
}
