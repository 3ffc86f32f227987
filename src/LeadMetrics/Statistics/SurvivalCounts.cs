using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// The streaming, mergeable summary behind a <see cref="SurvivalCurve"/>: conversion times and censoring times, each
/// counted in the buckets of a <see cref="DurationSketch"/> of the same relative accuracy. Adding allocates nothing
/// once the buckets in use exist; merging adds counters, so it is exact, associative and commutative, and a curve
/// from merged partials equals the curve of one pass. Steps are the sketch's buckets, so each conversion time is
/// placed within the relative accuracy α of its exact value (at α = 1%, a conversion after 10 days is placed within
/// about 2.4 hours of it); with distinct times more than a factor (1 + α)/(1 − α) apart the curve equals the exact
/// Kaplan-Meier estimate.
/// </summary>
/// <remarks>Not thread-safe: one writer at a time; merge partials from several threads at the end.</remarks>
internal sealed class SurvivalCounts
{
    private readonly DurationSketch _events;
    private readonly DurationSketch _censored;

    /// <summary>Creates empty counts.</summary>
    /// <param name="relativeAccuracy">The relative accuracy α of the time buckets (see <see cref="DurationSketch"/>); 0.01 by default.</param>
    /// <param name="confidence">The confidence level of the curve's intervals, strictly between 0 and 1; 0.95 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">α or the confidence is out of range.</exception>
    public SurvivalCounts(double relativeAccuracy = 0.01, double confidence = ConfidenceInterval.DefaultConfidence)
    {
        _events = new DurationSketch(relativeAccuracy);
        _censored = new DurationSketch(relativeAccuracy);
        ConfidenceInterval.Z(confidence);
        Confidence = confidence;
    }

    /// <summary>The relative accuracy α of the time buckets.</summary>
    public double RelativeAccuracy => _events.RelativeAccuracy;

    /// <summary>The confidence level of the curve's intervals.</summary>
    public double Confidence { get; }

    /// <summary>The conversions added.</summary>
    public long Events => _events.Count;

    /// <summary>The censored leads added.</summary>
    public long Censored => _censored.Count;

    /// <summary>Adds a lead that converted after <paramref name="time"/> since creation.</summary>
    /// <param name="time">The time to conversion, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative.</exception>
    public void AddConversion(Duration time) => _events.Add(time);

    /// <summary>Adds a lead not converted when last observed, <paramref name="time"/> after its creation (an open lead at the as-of instant).</summary>
    /// <param name="time">The time observed, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is negative.</exception>
    public void AddCensored(Duration time) => _censored.Add(time);

    /// <summary>Adds another partial summary of the same accuracy and confidence.</summary>
    /// <param name="other">The other summary.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The accuracy or confidence differs (the message gives both).</exception>
    public void Merge(SurvivalCounts other)
    {
        Preconditions.CheckNotNull(other);
        if (!other.RelativeAccuracy.Equals(RelativeAccuracy) || !other.Confidence.Equals(Confidence))
        {
            throw new ArgumentException(
                $"other has relative accuracy {other.RelativeAccuracy} and confidence {other.Confidence}; this has {RelativeAccuracy} and {Confidence}. Only equal settings merge.", nameof(other));
        }

        _events.Merge(other._events);
        _censored.Merge(other._censored);
    }

    /// <summary>Creates empty counts of the same settings.</summary>
    /// <returns>The new counts.</returns>
    public SurvivalCounts CreateEmpty() => new(RelativeAccuracy, Confidence);

    /// <summary>
    /// The Kaplan-Meier curve: for each bucket with conversions, in time order, S ← S·(1 − d/n) with d the
    /// conversions in it and n the leads neither converted nor censored in an earlier bucket (censoring in the same
    /// bucket counts as after the conversions). The interval of 1 − S uses Greenwood's variance
    /// Σ d/(n(n − d)) on the log(−log S) scale (Kalbfleisch and Prentice), which keeps the bounds within 0 to 1.
    /// </summary>
    /// <returns>The curve.</returns>
    public SurvivalCurve Snapshot()
    {
        var leads = _events.Count + _censored.Count;
        if (leads == 0)
        {
            return new SurvivalCurve(0, 0, null, []);
        }

        var z = ConfidenceInterval.Z(Confidence);
        var censored = _censored.GetBuckets().ToArray();
        var points = ImmutableArray.CreateBuilder<SurvivalPoint>();
        var atRisk = leads;
        var survival = 1m;
        var greenwood = 0.0;
        var c = 0;
        foreach (var (bucket, events) in _events.GetBuckets())
        {
            // Both bucket lists ascend: censored leads of earlier buckets leave the risk set before this bucket.
            for (; c < censored.Length && censored[c].Key < bucket; c++)
            {
                atRisk -= censored[c].Value;
            }

            var censoredHere = c < censored.Length && censored[c].Key == bucket ? censored[c++].Value : 0;
            survival *= 1 - (events / (decimal)atRisk);
            if (atRisk > events)
            {
                greenwood += events / ((double)atRisk * (atRisk - events));
            }

            var s = (double)survival;
            ConfidenceInterval? interval = null;
            if (s is > 0 and < 1)
            {
                var spread = z * Math.Sqrt(greenwood) / Math.Log(s);
                var upperSurvival = Math.Pow(s, Math.Exp(spread));
                var lowerSurvival = Math.Pow(s, Math.Exp(-spread));
                interval = ConfidenceInterval.FromBounds(1 - upperSurvival, 1 - lowerSurvival, Confidence);
            }
            else if (s == 0)
            {
                interval = ConfidenceInterval.FromBounds(1, 1, Confidence);
            }

            points.Add(new SurvivalPoint(Duration.FromTicks((long)Math.Round(_events.Representative(bucket), MidpointRounding.ToEven)), atRisk, events, censoredHere, survival, interval));
            atRisk -= events + censoredHere;
        }

        var last = Max(_events.Max, _censored.Max);
        return new SurvivalCurve(leads, _events.Count, last, points.ToImmutable());
    }

    private static Duration? Max(Duration? a, Duration? b) => a is null ? b : b is null ? a : Duration.Max(a.Value, b.Value);
}
