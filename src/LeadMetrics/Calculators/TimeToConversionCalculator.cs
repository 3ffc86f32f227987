using System.Collections.Immutable;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Time to conversion: creation to won, as a distribution; and stage velocity: how long leads stay
/// in each open stage, so that users see where leads get stuck.
/// </summary>
/// <remarks>
/// A lead is in the first stage from its creation. Each recorded visit to a different stage ends the
/// current stay and starts a new one; a repeated visit to the current stage continues the stay. The
/// stay in the last open stage ends when the lead is won or lost. The current stay of an open lead is
/// censored: it is not counted (it has not ended). Terminal stages have no stay.
/// </remarks>
public sealed class TimeToConversionCalculator : ILeadCalculator<TimeToConversionCalculator, TimeToConversionResult>
{
    private readonly DurationStatistics _conversion;
    private readonly DurationStatistics[] _stages;
    private readonly int _stageCount;
    private readonly int _openCount;
    private long _leads;

    /// <summary>Creates a calculator.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="distribution">Quantiles, histogram and accuracy; <see cref="DistributionOptions.Default"/> when null.</param>
    public TimeToConversionCalculator(Pipeline? pipeline = null, DistributionOptions? distribution = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        Distribution = distribution ?? DistributionOptions.Default;
        _conversion = new DurationStatistics(Distribution);
        _openCount = Pipeline.OpenStageCount;
        _stageCount = Pipeline.Stages.Length;
        _stages = new DurationStatistics[_openCount];
        for (var i = 0; i < _stages.Length; i++)
        {
            _stages[i] = new DurationStatistics(Distribution);
        }
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The distribution options.</summary>
    public DistributionOptions Distribution { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A stage visit's index is not a stage of the pipeline.</exception>
    public void Add(in LeadRecord lead)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            // Check every visit before changing anything: a rejected lead leaves the calculator as it was.
            var visits = lead.Stages.Span;
            foreach (ref readonly var visit in visits)
            {
                if (unchecked((uint)visit.Stage >= (uint)_stageCount))
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(lead), visit.Stage, $"lead.Stages of lead {lead.Lead} has stage index {visit.Stage}, but the pipeline has stages 0 to {_stageCount - 1}.");
                }
            }

            _leads++;
            if (lead.Outcome == LeadOutcome.Won)
            {
                _conversion.AddTicks(lead.ClosedTicks - lead.CreatedTicks);
            }

            var current = 0;
            var since = lead.CreatedTicks;
            foreach (ref readonly var visit in visits)
            {
                var stage = visit.Stage;
                if (stage == current)
                {
                    continue;
                }

                var at = visit.EnteredTicks;
                _stages[current].AddTicks(at - since);
                if (stage >= _openCount)
                {
                    return;
                }

                current = stage;
                since = at;
            }

            if (lead.ClosedTicks != LeadRecord.None && lead.ClosedTicks >= since)
            {
                _stages[current].AddTicks(lead.ClosedTicks - since);
            }
        }
    }

    /// <inheritdoc />
    public void Merge(TimeToConversionCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!ReferenceEquals(other.Pipeline, Pipeline) || !other.Distribution.Equals(Distribution))
        {
            throw new ArgumentException("other has a different pipeline or distribution options; only equal configurations merge.", nameof(other));
        }

        _leads += other._leads;
        _conversion.Merge(other._conversion);
        for (var i = 0; i < _stages.Length; i++)
        {
            _stages[i].Merge(other._stages[i]);
        }
    }

    /// <inheritdoc />
    public TimeToConversionResult Snapshot()
    {
        var velocity = ImmutableArray.CreateBuilder<StageDurationResult>(_stages.Length);
        for (var i = 0; i < _stages.Length; i++)
        {
            velocity.Add(new StageDurationResult(Pipeline.Stages[i], _stages[i].Snapshot()));
        }

        return new TimeToConversionResult(_leads, _conversion.Count, _conversion.Snapshot(), velocity.MoveToImmutable());
    }

    /// <inheritdoc />
    public TimeToConversionCalculator CreateEmpty() => new(Pipeline, Distribution);
}
