using System.Collections.Immutable;
using LeadMetrics.Serialization;

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
internal sealed class ScoreDistributionAccumulator : ISerializableState
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

    /// <summary>
    /// Serializes this partial result (the format of every LeadMetrics calculator, see docs/architecture.md): the groups
    /// in id order, so equal partials give equal bytes. The group ids are the caller's: partials merge group by id, so
    /// encode groups alike wherever partials are made (the bytes carry no labels for them).
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize() => QualityState.Serialize(this);

    /// <summary>Merges a partial written by <see cref="Serialize"/>: the same as <see cref="Merge"/> with the accumulator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">The bytes are not a serialized distribution accumulator of these bands and grade scale,
    /// are of another format version, truncated or damaged, hold counts no accumulator could reach, or would overflow a sum; this accumulator is unchanged.</exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) =>
        QualityState.MergeSerialized(this, state, static r => new ScoreDistributionAccumulator(r.Bands, r.Grades), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "scoreDistribution;" + QualityState.Text(Bands) + ";" + QualityState.Text(Grades);

    void ISerializableState.WriteState(StateWriter writer)
    {
        var groups = 0;
        foreach (var state in _groups)
        {
            groups += state is { Count: > 0 } ? 1 : 0;
        }

        writer.WriteInt32(groups);
        for (var group = 0; group < _groups.Length; group++)
        {
            if (_groups[group] is { Count: > 0 } state)
            {
                writer.WriteInt32(group);
                state.Write(writer);
            }
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        var groups = reader.ReadCount("groups", 4);
        var previous = -1;
        long count = 0;
        for (var i = 0; i < groups; i++)
        {
            var group = reader.ReadInt32($"groups[{i}].id");
            if (group <= previous || group > Preconditions.MaxDimensionId)
            {
                throw reader.Error($"groups[{i}].id is {group}, not greater than the id before it ({previous}) and at most {Preconditions.MaxDimensionId}");
            }

            GetOrCreate(group).Read(ref reader, $"groups[{i}]");
            count = checked(count + _groups[group]!.Count);
            previous = group;
        }

        Count = count;
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

        internal void Write(StateWriter writer)
        {
            writer.WriteInt64(Count);
            writer.WriteDecimal(_total);
            writer.WriteDecimal(_fit);
            writer.WriteDecimal(_engagement);
            writer.WriteDecimal(_min);
            writer.WriteDecimal(_max);
            writer.WriteInt64s(_bands);
            writer.WriteInt64s(_grades);
        }

        internal void Read(ref StateReader reader, string field)
        {
            var count = reader.ReadCounter(field + ".count");
            if (count == 0)
            {
                throw reader.Error($"{field} has no lead (groups without leads are not written)");
            }

            _total = reader.ReadDecimal(field + ".total");
            _fit = reader.ReadDecimal(field + ".fit");
            _engagement = reader.ReadDecimal(field + ".engagement");
            _min = reader.ReadDecimal(field + ".min");
            _max = reader.ReadDecimal(field + ".max");
            if (_min > _max)
            {
                throw reader.Error($"{field}.min {_min} is greater than its max {_max}");
            }

            reader.ReadInt64s(field + ".bands", _bands);
            reader.ReadInt64s(field + ".grades", _grades);
            if (QualityState.Sum(_bands) != count || QualityState.Sum(_grades) != count)
            {
                throw reader.Error($"{field} counts {count} leads, but its bands hold {QualityState.Sum(_bands)} and its grades {QualityState.Sum(_grades)}");
            }

            Count = count;
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
