using System.Collections.Immutable;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// Response time: creation to first response (elapsed, or working time of a calendar). Count, mean,
/// min, max, quantiles, histogram, share within each target; unanswered leads counted apart and
/// included in the within-target denominator. Group by owner, or by <see cref="TimeBucket.HourOfDay"/>
/// / <see cref="TimeBucket.DayOfWeek"/> of arrival, with a <see cref="LeadGrouping"/>.
/// </summary>
public sealed class ResponseTimeCalculator : ILeadCalculator<ResponseTimeCalculator, ResponseTimeResult>
{
    private readonly DurationStatistics _statistics;
    private readonly long[] _targetTicks;
    private readonly long[] _within;
    private readonly WorkingCalendar.Evaluator? _calendar;
    private long _unanswered;

    /// <summary>Creates a calculator.</summary>
    /// <param name="options">The options; <see cref="ResponseTimeOptions.Default"/> when null.</param>
    public ResponseTimeCalculator(ResponseTimeOptions? options = null)
    {
        Options = options ?? ResponseTimeOptions.Default;
        _statistics = new DurationStatistics(Options.Distribution);
        _targetTicks = [.. Options.Targets.Select(t => t.BclCompatibleTicks)];
        _within = new long[_targetTicks.Length];
        _calendar = Options.BusinessHours?.CreateEvaluator();
    }

    /// <summary>The options.</summary>
    public ResponseTimeOptions Options { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        // Unchecked on purpose: 64-bit counters and differences of in-range tick instants cannot overflow.
        unchecked
        {
            if (lead.ResponseTicks == LeadRecord.None)
            {
                _unanswered++;
                return;
            }

            var ticks = _calendar is null
                ? lead.ResponseTicks - lead.CreatedTicks
                : _calendar.WorkingTicksBetween(lead.CreatedTicks, lead.ResponseTicks);
            _statistics.AddTicks(ticks);
            var targets = _targetTicks;
            for (var i = 0; i < targets.Length; i++)
            {
                if (ticks <= targets[i])
                {
                    _within[i]++;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Merge(ResponseTimeCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException("other has different response-time options; only equal configurations merge.", nameof(other));
        }

        _statistics.Merge(other._statistics);
        _unanswered += other._unanswered;
        for (var i = 0; i < _within.Length; i++)
        {
            _within[i] += other._within[i];
        }
    }

    /// <inheritdoc />
    public ResponseTimeResult Snapshot()
    {
        var answered = _statistics.Count;
        var leads = answered + _unanswered;
        var within = ImmutableArray.CreateBuilder<TargetShare>(_within.Length);
        for (var i = 0; i < _within.Length; i++)
        {
            within.Add(new TargetShare(Duration.FromTicks(_targetTicks[i]), _within[i], Ratio.Of(_within[i], leads)));
        }

        return new ResponseTimeResult(leads, answered, _unanswered, _statistics.Snapshot(), within.MoveToImmutable(), _calendar is not null);
    }

    /// <inheritdoc />
    public ResponseTimeCalculator CreateEmpty() => new(Options);
}
