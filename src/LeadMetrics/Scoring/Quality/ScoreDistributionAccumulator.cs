using System.Collections.Immutable;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Accumulates the score distribution and grade mix of scored leads by group: by source, campaign,
/// period or any other dimension the caller encodes to an integer id (a
/// <see cref="Encoding.DimensionEncoder"/> id; 0 is "(none)"). Answers "do organic LinkedIn leads
/// score higher than broad Facebook campaigns?".
/// </summary>
/// <remarks>
/// <para>Streaming and mergeable: <see cref="Add"/> one score at a time (no allocation except the first
/// time a group id is seen), <see cref="Merge"/> another partial of the same bands and grade scale,
/// <see cref="Snapshot"/> at any moment. Results do not depend on the order of adds and merges.</para>
/// <para>Not thread-safe: use one accumulator per thread and merge them.</para>
/// </remarks>
public sealed class ScoreDistributionAccumulator
{
    private GroupState?[] _groups = new GroupState?[8];

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="bands">The score bands of the distribution.</param>
    /// <param name="grades">The grade scale of the scores that will be added.</param>
    public ScoreDistributionAccumulator(ScoreBands bands, GradeScale grades)
    {
        Bands = Preconditions.CheckNotNull(bands);
        Grades = Preconditions.CheckNotNull(grades);
    }

    /// <summary>Creates an empty accumulator for the scores of a model, with bands at its grade thresholds.</summary>
    /// <param name="model">The model.</param>
    public ScoreDistributionAccumulator(ScoringModel model)
        : this(ScoreBands.FromGrades(Preconditions.CheckNotNull(model).Grades), model.Grades)
    {
    }

    /// <summary>The score bands.</summary>
    public ScoreBands Bands { get; }

    /// <summary>The grade scale.</summary>
    public GradeScale Grades { get; }

    /// <summary>The number of scores added (including merged ones).</summary>
    public long Count { get; private set; }

    /// <summary>Adds one scored lead.</summary>
    /// <param name="group">The lead's group id (0 or more).</param>
    /// <param name="score">The lead's score, graded on <see cref="Grades"/>.</param>
    /// <exception cref="ArgumentException">The group is negative or the score is default or of another grade scale.</exception>
    public void Add(int group, in LeadScore score)
    {
        Preconditions.CheckNonNegative(group);
        var grade = QualityChecks.Grade(score, Grades, nameof(score));
        var state = GetOrCreate(group);
        state.Add(score.Total, score.Fit, score.Engagement, Bands.IndexOf(score.Total), grade.Rank);
        Count++;
    }

    /// <summary>Adds another partial result into this one (the other is not changed).</summary>
    /// <param name="other">A partial of the same bands and grade scale.</param>
    /// <exception cref="ArgumentException">The configurations differ.</exception>
    public void Merge(ScoreDistributionAccumulator other)
    {
        Preconditions.CheckNotNull(other);
        QualityChecks.SameBands(Bands, other.Bands, nameof(other));
        if (!QualityChecks.SameScale(Grades, other.Grades))
        {
            throw new ArgumentException($"other uses the grade scale {other.Grades}, not {Grades}; only partials of the same configuration merge.", nameof(other));
        }

        for (var group = 0; group < other._groups.Length; group++)
        {
            if (other._groups[group] is { } theirs)
            {
                GetOrCreate(group).Merge(theirs);
            }
        }

        Count += other.Count;
    }

    /// <summary>Takes an immutable snapshot.</summary>
    /// <returns>The distribution.</returns>
    public ScoreDistribution Snapshot()
    {
        var overall = new GroupState(Bands.Count, Grades.Grades.Length);
        var groups = ImmutableArray.CreateBuilder<ScoreDistributionGroup>();
        for (var group = 0; group < _groups.Length; group++)
        {
            if (_groups[group] is { Count: > 0 } state)
            {
                groups.Add(state.ToGroup(group));
                overall.Merge(state);
            }
        }

        return new ScoreDistribution(Bands, Grades, overall.ToGroup(null), groups.ToImmutable());
    }

    private GroupState GetOrCreate(int group)
    {
        if (group >= _groups.Length)
        {
            Array.Resize(ref _groups, Math.Max(group + 1, _groups.Length * 2));
        }

        return _groups[group] ??= new GroupState(Bands.Count, Grades.Grades.Length);
    }

    private sealed class GroupState(int bandCount, int gradeCount)
    {
        private readonly long[] _bands = new long[bandCount];
        private readonly long[] _grades = new long[gradeCount];
        private decimal _total;
        private decimal _fit;
        private decimal _engagement;
        private decimal _min;
        private decimal _max;

        internal long Count { get; private set; }

        internal void Add(decimal total, decimal fit, decimal engagement, int band, int gradeRank)
        {
            _min = Count == 0 || total < _min ? total : _min;
            _max = Count == 0 || total > _max ? total : _max;
            _total += total;
            _fit += fit;
            _engagement += engagement;
            _bands[band]++;
            _grades[gradeRank]++;
            Count++;
        }

        internal void Merge(GroupState other)
        {
            if (other.Count == 0)
            {
                return;
            }

            _min = Count == 0 || other._min < _min ? other._min : _min;
            _max = Count == 0 || other._max > _max ? other._max : _max;
            _total += other._total;
            _fit += other._fit;
            _engagement += other._engagement;
            for (var i = 0; i < _bands.Length; i++)
            {
                _bands[i] += other._bands[i];
            }

            for (var i = 0; i < _grades.Length; i++)
            {
                _grades[i] += other._grades[i];
            }

            Count += other.Count;
        }

        internal ScoreDistributionGroup ToGroup(int? group) => new(
            group,
            Count,
            _total,
            _fit,
            _engagement,
            Count == 0 ? null : _min,
            Count == 0 ? null : _max,
            [.. _bands],
            [.. _grades]);
    }
}
