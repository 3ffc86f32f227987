using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Scores every lead with the library's <see cref="LeadScorer"/> and fills the <c>score</c> section of each scope with
/// the library's <see cref="ScoringQualityCalculator"/> (its distribution: mean total, fit and engagement, count per grade).
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
    private readonly ScoringQualityCalculator? _quality;
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

        _quality = new ScoringQualityCalculator(model);
        _reps = NewRepComparison();
    }

    /// <summary>Adds a lead of the columnar pass with its day-one score to every plain grouping, the quality and the rep comparison.</summary>
    public void Add(in LeadRecord lead, in LeadScore score)
    {
        foreach (var (grouping, groups) in _groups)
        {
            groups.Add(grouping.KeyOf(lead), score);
        }

        _quality!.Add(0, score, lead.Outcome);
        _reps!.Add(GradeRecord(lead, score));
    }

    /// <summary>Merges another columnar engine of the same model and groupings (the other thread's pass): every part's Merge is exact.</summary>
    public void Merge(ScoreEngine other)
    {
        foreach (var (grouping, groups) in _groups)
        {
            groups.Merge(other._groups[grouping]);
        }

        _quality!.Merge(other._quality!);
        _reps!.Merge(other._reps!);
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
            return From(_quality!.Snapshot());
        }

        var quality = new ScoringQualityCalculator(_model);
        for (var i = 0; i < records.Length; i++)
        {
            quality.Add(0, _scores[i], records[i].Outcome);
        }

        return From(quality.Snapshot());

        ScoreQualityModel From(ScoringQuality q) => ScoreQualityModel.From(q.RocAuc, q.BandConversion, _model.Grades);
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

    /// <summary>
    /// The score distribution of the groups of one grouping, one quality calculator per group (by its dimension id and period:
    /// the grouping fixes the rest of the key), so that a partition's groups travel by label and merge group by group.
    /// </summary>
    internal sealed class ScoreGroups(ScoringModel model)
    {
        private readonly Dictionary<(int Id, int Period), ScoringQualityCalculator> _groups = [];

        // A group's score section reads only the distribution: its leads are added as open, so that the group's
        // conversion-by-band and AUC parts stay counts of open leads (no per-score state to carry or merge).
        public void Add(GroupKey key, in LeadScore score) => Group(key.DimensionId, key.Period).Add(0, score, LeadOutcome.Open);

        private ScoringQualityCalculator Group(int id, int period)
        {
            if (!_groups.TryGetValue((id, period), out var accumulator))
            {
                _groups[(id, period)] = accumulator = new ScoringQualityCalculator(model);
            }

            return accumulator;
        }

        public void Apply(IEnumerable<(GroupKey Key, ReportKpis Kpis)> computed)
        {
            foreach (var (key, kpis) in computed)
            {
                if (_groups.TryGetValue((key.DimensionId, key.Period), out var accumulator))
                {
                    var distribution = accumulator.Snapshot().Distribution;
                    if (distribution.TryGetGroup(0, out var group))
                    {
                        kpis.Score = Map(group, distribution.Grades);
                    }
                }
            }
        }

        /// <summary>Writes the groups: count, then each group's dimension label (of <paramref name="encoder"/>; empty for none), period and accumulator state.</summary>
        public void Write(BinaryWriter w, DimensionEncoderView encoder)
        {
            w.Write(_groups.Count);
            foreach (var ((id, period), accumulator) in _groups.OrderBy(g => g.Key))
            {
                w.Write(id == 0 ? string.Empty : encoder.Decode(id));
                w.Write(period);
                var bytes = accumulator.Serialize();
                w.Write(bytes.Length);
                w.Write(bytes);
            }
        }

        /// <summary>
        /// Merges the groups of <paramref name="other"/> with each dimension id <c>i</c> read as <c>ids[i]</c>: the groups
        /// of ids with one target merge by their accumulators' Merge (an attribute's labels folded over partitions).
        /// </summary>
        public void MergeMapped(ScoreGroups other, int[] ids)
        {
            foreach (var ((id, period), accumulator) in other._groups.OrderBy(g => g.Key))
            {
                Group(ids[id], period).Merge(accumulator);
            }
        }

        /// <summary>Merges the groups of <paramref name="other"/> (of the same encoding) group by group.</summary>
        public void Merge(ScoreGroups other)
        {
            foreach (var ((id, period), accumulator) in other._groups.OrderBy(g => g.Key))
            {
                Group(id, period).Merge(accumulator);
            }
        }

        /// <summary>Merges groups written by <see cref="Write"/>, their labels encoded with <paramref name="encoder"/>.</summary>
        public void Read(BinaryReader r, DimensionEncoderView encoder)
        {
            for (var n = r.ReadInt32(); n > 0; n--)
            {
                var label = r.ReadString();
                var period = r.ReadInt32();
                var bytes = r.ReadBytes(r.ReadInt32());
                Group(label.Length == 0 ? 0 : encoder.Encode(label), period).MergeSerialized(bytes);
            }
        }
    }

    /// <summary>The label encoder of a grouping's dimension (none: the total and the trend, one group per period).</summary>
    internal readonly record struct DimensionEncoderView(LeadMetrics.Encoding.DimensionEncoder? Encoder)
    {
        public static DimensionEncoderView Of(LeadGrouping grouping, LeadMetrics.Encoding.LeadEncoding encoding) => new(grouping.Dimension switch
        {
            GroupDimension.Source => encoding.Sources,
            GroupDimension.Campaign => encoding.Campaigns,
            GroupDimension.Owner => encoding.Owners,
            GroupDimension.None => null,
            _ => throw new InvalidOperationException($"The score groups of a {grouping.Dimension} grouping do not travel."),
        });

        public string Decode(int id) => Encoder?.Decode(id) ?? throw new InvalidOperationException("A grouping without a dimension has no labels.");

        public int Encode(string label) => Encoder?.Encode(label) ?? throw new InvalidDataException("A grouping without a dimension has no labels.");
    }

    /// <summary>Writes the streamed state of a partition's pass (columnar path): each plain grouping's score groups, the score quality and the rep comparison by source and grade.</summary>
    public void Write(BinaryWriter w, IReadOnlyList<LeadGrouping> plain, LeadMetrics.Encoding.LeadEncoding encoding)
    {
        foreach (var g in plain)
        {
            _groups[g].Write(w, DimensionEncoderView.Of(g, encoding));
        }

        Bytes(w, _quality!.Serialize());
        GradeLabels(encoding);
        Bytes(w, _reps!.Serialize(encoding));

        static void Bytes(BinaryWriter w, byte[] bytes)
        {
            w.Write(bytes.Length);
            w.Write(bytes);
        }
    }

    /// <summary>Merges a partition's state written by <see cref="Write"/> (labels encoded with the merger's <paramref name="encoding"/>).</summary>
    public void Read(BinaryReader r, IReadOnlyList<LeadGrouping> plain, LeadMetrics.Encoding.LeadEncoding encoding)
    {
        foreach (var g in plain)
        {
            _groups[g].Read(r, DimensionEncoderView.Of(g, encoding));
        }

        _quality!.MergeSerialized(r.ReadBytes(r.ReadInt32()));
        GradeLabels(encoding);
        _reps!.MergeSerialized(r.ReadBytes(r.ReadInt32()), encoding);
    }

    /// <summary>
    /// The rep comparison's segment is the grade (rank + 1): its bytes carry segment labels through the encoding's one
    /// attribute, so the partitions and the merger name the grades alike ("grade 1" is the best), each id its rank + 1.
    /// </summary>
    private void GradeLabels(LeadMetrics.Encoding.LeadEncoding encoding)
    {
        var grades = encoding.Attribute(GradeAttribute);
        for (var rank = 0; rank < _model.Grades.Grades.Length; rank++)
        {
            if (grades.Encode("grade " + (rank + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) != rank + 1)
            {
                throw new InvalidOperationException("The grade labels of the rep comparison are not numbered by rank.");
            }
        }
    }

    /// <summary>The attribute name the grades travel under (not a column name: the parentheses keep it apart).</summary>
    private const string GradeAttribute = "(grade)";

    private static ScoreKpis Map(ScoreDistributionGroup g, LeadMetrics.Scoring.GradeScale grades) => new(
        g.Count,
        g.Mean,
        g.MeanFit,
        g.MeanEngagement,
        [.. grades.Grades.Select(grade => (grade.Name, g.GradeCounts[grade.Rank]))]);
}
