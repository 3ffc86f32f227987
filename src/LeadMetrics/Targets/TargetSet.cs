using System.Collections.Immutable;
using LeadMetrics.Calculators;

namespace LeadMetrics.Targets;

/// <summary>
/// The targets of a team (brief item 13): level targets and change targets over one kind of result, checked
/// together; <see cref="Alerts(GroupedResult{TResult})"/> lists every KPI off target in every group and
/// <see cref="ChangeAlerts(GroupedResult{TResult})"/> every change off target from one period to the next. Immutable and
/// thread-safe (the selectors must be pure).
/// </summary>
/// <typeparam name="TResult">The result the KPIs are read from.</typeparam>
public sealed class TargetSet<TResult>
{
    /// <summary>Creates a set.</summary>
    /// <param name="targets">The level targets.</param>
    /// <param name="changeTargets">The change targets, or null for none.</param>
    /// <exception cref="ArgumentException">Two targets of the same kind share a name.</exception>
    public TargetSet(IEnumerable<KpiTarget<TResult>> targets, IEnumerable<KpiChangeTarget<TResult>>? changeTargets = null)
    {
        Targets = [.. Preconditions.CheckNotNull(targets)];
        ChangeTargets = [.. changeTargets ?? []];
        CheckUnique(Targets.Select(t => t.Kpi), nameof(targets));
        CheckUnique(ChangeTargets.Select(t => t.Kpi), nameof(changeTargets));
    }

    /// <summary>The level targets, in the order given.</summary>
    public ImmutableArray<KpiTarget<TResult>> Targets { get; }

    /// <summary>The change targets, in the order given.</summary>
    public ImmutableArray<KpiChangeTarget<TResult>> ChangeTargets { get; }

    /// <summary>Checks every level target against one result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>One check per target, in order.</returns>
    public ImmutableArray<TargetCheck> Check(TResult result) => [.. Targets.Select(t => t.Check(result))];

    /// <summary>Checks every change target between a baseline and a current result.</summary>
    /// <param name="baseline">The earlier result (last week, the period before a change).</param>
    /// <param name="current">The later result.</param>
    /// <returns>One check per change target, in order.</returns>
    public ImmutableArray<TargetCheck> CheckChange(TResult baseline, TResult current) => [.. ChangeTargets.Select(t => t.Check(baseline, current))];

    /// <summary>Every level target off target in every group, in group order then target order.</summary>
    /// <param name="result">A grouped result (per source, per rep and week, ...).</param>
    /// <returns>The alerts; empty when every KPI with data is on target.</returns>
    public ImmutableArray<KpiAlert> Alerts(GroupedResult<TResult> result)
    {
        Preconditions.CheckNotNull(result);
        var alerts = ImmutableArray.CreateBuilder<KpiAlert>();
        foreach (var group in result.Groups)
        {
            foreach (var target in Targets)
            {
                var check = target.Check(group.Result);
                if (check.IsOffTarget)
                {
                    alerts.Add(new KpiAlert(group.Key, check));
                }
            }
        }

        return alerts.ToImmutable();
    }

    /// <summary>
    /// Every change target off target between consecutive periods of a grouped result: each group is checked against
    /// the group of the same dimension id in the period before (last week, last month), when that group exists.
    /// </summary>
    /// <param name="result">A grouped result split by a calendar bucket (day, ISO week, month, quarter or year), with or without a dimension.</param>
    /// <returns>The alerts, keyed by the later group, in group order then target order.</returns>
    /// <exception cref="ArgumentException">The grouping has no calendar bucket (none, hour of day or day of week).</exception>
    public ImmutableArray<KpiAlert> ChangeAlerts(GroupedResult<TResult> result)
    {
        Preconditions.CheckNotNull(result);
        var bucket = result.Grouping.Bucket;
        if (bucket is not (TimeBucket.Day or TimeBucket.IsoWeek or TimeBucket.Month or TimeBucket.Quarter or TimeBucket.Year))
        {
            throw new ArgumentException($"result must be split by a calendar bucket (Day, IsoWeek, Month, Quarter or Year) to compare consecutive periods; was {bucket}.", nameof(result));
        }

        var alerts = ImmutableArray.CreateBuilder<KpiAlert>();
        foreach (var group in result.Groups)
        {
            var key = group.Key;
            if (key.HasNoPeriod || !result.TryGet(new GroupKey(key.Dimension, key.DimensionId, key.Bucket, key.Period - 1), out var previous))
            {
                continue;
            }

            foreach (var target in ChangeTargets)
            {
                var check = target.Check(previous, group.Result);
                if (check.IsOffTarget)
                {
                    alerts.Add(new KpiAlert(key, check));
                }
            }
        }

        return alerts.ToImmutable();
    }

    private static void CheckUnique(IEnumerable<string> names, string paramName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{paramName} has two targets named '{name}'.", paramName);
            }
        }
    }
}
