using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// Sales cycle length: from a configurable start (creation by default, or the first entry into a
/// start stage or any later funnel stage) to closing, won and lost apart. Open leads are not counted.
/// </summary>
public sealed class SalesCycleCalculator : ILeadCalculator<SalesCycleCalculator, SalesCycleResult>
{
    private readonly DurationStatistics _won;
    private readonly DurationStatistics _lost;
    private readonly int _startIndex;
    private readonly int _wonIndex;
    private long _withoutStart;

    /// <summary>Creates a calculator.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="startStage">The open stage the cycle starts at, or null for creation.</param>
    /// <param name="distribution">Quantiles, histogram and accuracy; <see cref="DistributionOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The start stage is not an open stage of the pipeline.</exception>
    public SalesCycleCalculator(Pipeline? pipeline = null, Stage? startStage = null, DistributionOptions? distribution = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        if (startStage is not null)
        {
            Pipeline.CheckOwns(startStage, nameof(startStage));
            if (startStage.IsTerminal)
            {
                throw new ArgumentException($"startStage '{startStage.Name}' is a terminal stage; the cycle must start at an open stage.", nameof(startStage));
            }
        }

        StartStage = startStage;
        Distribution = distribution ?? DistributionOptions.Default;
        _won = new DurationStatistics(Distribution);
        _lost = new DurationStatistics(Distribution);
        _startIndex = startStage?.Index ?? -1;
        _wonIndex = Pipeline.OpenStageCount;
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The start stage, or null for creation.</summary>
    public Stage? StartStage { get; }

    /// <summary>The distribution options.</summary>
    public DistributionOptions Distribution { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The start stage was entered after the lead closed.</exception>
    public void Add(in LeadRecord lead)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            var outcome = lead.Outcome;
            if (outcome == LeadOutcome.Open)
            {
                return;
            }

            var start = lead.CreatedTicks;
            if (_startIndex > 0)
            {
                start = LeadRecord.None;
                foreach (ref readonly var visit in lead.Stages.Span)
                {
                    if (visit.Stage >= _startIndex && visit.Stage <= _wonIndex)
                    {
                        start = visit.EnteredTicks;
                        break;
                    }
                }

                if (start == LeadRecord.None)
                {
                    _withoutStart++;
                    return;
                }

                if (start > lead.ClosedTicks)
                {
                    throw new ArgumentException($"lead.Stages of lead {lead.Lead} enters the start stage at {NodaTime.Instant.FromUnixTimeTicks(start)}, after the lead closed at {lead.ClosedAt}.", nameof(lead));
                }
            }

            (outcome == LeadOutcome.Won ? _won : _lost).AddTicks(lead.ClosedTicks - start);
        }
    }

    /// <inheritdoc />
    public void Merge(SalesCycleCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!ReferenceEquals(other.Pipeline, Pipeline) || !ReferenceEquals(other.StartStage, StartStage) || !other.Distribution.Equals(Distribution))
        {
            throw new ArgumentException("other has a different pipeline, start stage or distribution options; only equal configurations merge.", nameof(other));
        }

        _won.Merge(other._won);
        _lost.Merge(other._lost);
        _withoutStart += other._withoutStart;
    }

    /// <inheritdoc />
    public SalesCycleResult Snapshot() => new(StartStage, _won.Snapshot(), _lost.Snapshot(), _withoutStart);

    /// <inheritdoc />
    public SalesCycleCalculator CreateEmpty() => new(Pipeline, StartStage, Distribution);
}
