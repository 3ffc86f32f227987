using System.Collections.Immutable;
using LeadMetrics.Scoring.Learning;
using LeadMetrics.Serialization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Accumulates predicted win probabilities (such as <see cref="LearnedScoringModel.WinProbability(Lead)"/>)
/// against outcomes, in equal-width probability bins, to check calibration: do leads predicted at 30%
/// win about 30% of the time?
/// </summary>
/// <remarks>
/// <para>Open leads are counted but not used. Probabilities are rounded to 18 decimal places on entry and
/// squared errors to 18 places, so that sums stay exact and merging gives exactly the one-pass result.</para>
/// <para><see cref="Add"/> allocates nothing. Not thread-safe.</para>
/// </remarks>
internal sealed class CalibrationAccumulator : ISerializableState
{
    private const int Places = 18;
    private readonly long[] _count;
    private readonly long[] _won;
    private readonly decimal[] _predicted;
    private decimal _squaredErrors;
    private long _open;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="binCount">The number of equal-width bins over [0, 1]; 10 gives deciles.</param>
    public CalibrationAccumulator(int binCount = 10)
    {
        BinCount = Preconditions.CheckPositive(binCount);
        _count = new long[binCount];
        _won = new long[binCount];
        _predicted = new decimal[binCount];
    }

    /// <summary>The number of bins.</summary>
    public int BinCount { get; }

    /// <summary>Adds one lead's predicted win probability and outcome.</summary>
    /// <param name="winProbability">The predicted probability of winning, 0 to 1.</param>
    /// <param name="outcome">The outcome; open leads are counted but not used.</param>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1].</exception>
    public void Add(decimal winProbability, LeadOutcome outcome)
    {
        if (winProbability < 0m || winProbability > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(winProbability), winProbability, $"winProbability must be between 0 and 1; was {winProbability}.");
        }

        QualityChecks.Outcome(outcome, nameof(outcome));
        if (outcome == LeadOutcome.Open)
        {
            _open++;
            return;
        }

        var p = Math.Round(winProbability, Places, MidpointRounding.ToEven);
        var bin = Math.Min(BinCount - 1, (int)decimal.Floor(p * BinCount));
        var y = outcome == LeadOutcome.Won ? 1m : 0m;
        _count[bin]++;
        _predicted[bin] += p;
        if (outcome == LeadOutcome.Won)
        {
            _won[bin]++;
        }

        _squaredErrors += Math.Round((p - y) * (p - y), Places, MidpointRounding.ToEven);
    }

    /// <summary>Adds another partial result into this one.</summary>
    /// <param name="other">A partial with the same number of bins.</param>
    public void Merge(CalibrationAccumulator other)
    {
        Preconditions.CheckNotNull(other);
        if (other.BinCount != BinCount)
        {
            throw new ArgumentException($"other has {other.BinCount} bins, not {BinCount}; only partials of the same configuration merge.", nameof(other));
        }

        for (var i = 0; i < BinCount; i++)
        {
            _count[i] += other._count[i];
            _won[i] += other._won[i];
            _predicted[i] += other._predicted[i];
        }

        _squaredErrors += other._squaredErrors;
        _open += other._open;
    }

    /// <summary>
    /// Serializes this partial result (the format of every LeadMetrics calculator, see docs/architecture.md): equal
    /// partials give equal bytes, whatever the order their leads arrived in.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize() => QualityState.Serialize(this);

    /// <summary>Merges a partial written by <see cref="Serialize"/>: the same as <see cref="Merge"/> with the accumulator that wrote it.</summary>
    /// <param name="state">The bytes.</param>
    /// <exception cref="ArgumentException">The bytes are not a serialized calibration accumulator with this number of bins, are of
    /// another format version, truncated or damaged, hold counts no accumulator could reach, or would overflow a sum; this accumulator is unchanged.</exception>
    public void MergeSerialized(ReadOnlySpan<byte> state) =>
        QualityState.MergeSerialized(this, state, static r => new CalibrationAccumulator(r.BinCount), static (into, other) => into.Merge(other));

    string ISerializableState.Configuration => "calibration;bins=" + BinCount.ToString(System.Globalization.CultureInfo.InvariantCulture);

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt64s(_count);
        writer.WriteInt64s(_won);
        foreach (var predicted in _predicted)
        {
            writer.WriteDecimal(predicted);
        }

        writer.WriteDecimal(_squaredErrors);
        writer.WriteInt64(_open);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        reader.ReadInt64s("count", _count);
        reader.ReadInt64s("won", _won);
        for (var i = 0; i < BinCount; i++)
        {
            if (_won[i] > _count[i])
            {
                throw reader.Error($"won[{i}] is {_won[i]}, more than the bin's {_count[i]} leads");
            }

            var predicted = reader.ReadDecimal($"predicted[{i}]");
            if (predicted < 0m || predicted > _count[i])
            {
                throw reader.Error($"predicted[{i}] is {predicted}, outside 0 to the bin's {_count[i]} leads");
            }

            _predicted[i] = predicted;
        }

        _squaredErrors = reader.ReadDecimal("squaredErrors");
        if (_squaredErrors < 0m)
        {
            throw reader.Error($"squaredErrors is {_squaredErrors}, negative");
        }

        _open = reader.ReadCounter("open");
    }

    /// <summary>Takes an immutable snapshot.</summary>
    /// <returns>The calibration.</returns>
    public Calibration Snapshot()
    {
        var bins = ImmutableArray.CreateBuilder<CalibrationBin>(BinCount);
        for (var i = 0; i < BinCount; i++)
        {
            bins.Add(new CalibrationBin((decimal)i / BinCount, (decimal)(i + 1) / BinCount, _count[i], _won[i], _predicted[i]));
        }

        return new Calibration(bins.MoveToImmutable(), _open, _squaredErrors);
    }
}
