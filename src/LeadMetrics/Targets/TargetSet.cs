using System.Collections.Immutable;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;

namespace LeadMetrics.Targets;

/// <summary>
/// The targets of a team: level targets and change targets (<see cref="KpiTarget{TResult}.IsChange"/>) over one kind of
/// result, checked together; <see cref="Alerts(GroupedResult{TResult})"/> lists every KPI off target in every group and
/// <see cref="ChangeAlerts(GroupedResult{TResult})"/> every change off target from one period to the next. Immutable and
/// thread-safe (the selectors must be pure).
/// </summary>
/// <typeparam name="TResult">The result the KPIs are read from.</typeparam>
public sealed class TargetSet<TResult>
{
    private readonly ImmutableArray<KpiTarget<TResult>> _levels;
    private readonly ImmutableArray<KpiTarget<TResult>> _changes;

    /// <summary>Creates a set.</summary>
    /// <param name="targets">The targets, level and change targets in any order.</param>
    /// <exception cref="ArgumentException">A target is null, or two targets share a name (level and change targets included: an alert's name says which target it is).</exception>
    public TargetSet(IEnumerable<KpiTarget<TResult>> targets)
    {
        Targets = [.. Preconditions.CheckNotNull(targets)];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Targets.Length; i++)
        {
            CheckTarget(Targets[i]?.Kpi, names, $"targets[{i}]");
        }

        _levels = [.. Targets.Where(t => !t.IsChange)];
        _changes = [.. Targets.Where(t => t.IsChange)];
    }

    /// <summary>The targets, in the order given.</summary>
    public ImmutableArray<KpiTarget<TResult>> Targets { get; }

    /// <summary>Checks every level target against one result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>One check per level target, in order (change targets are checked by <see cref="CheckChange"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public ImmutableArray<TargetCheck> Check(TResult result)
    {
        KpiTarget<TResult>.CheckResult(result);
        return [.. _levels.Select(t => t.Check(result))];
    }

    /// <summary>Checks every change target between a baseline and a current result.</summary>
    /// <param name="baseline">The earlier result (last week, the period before a change).</param>
    /// <param name="current">The later result.</param>
    /// <returns>One check per change target, in order (level targets are checked by <see cref="Check"/>).</returns>
    /// <exception cref="ArgumentNullException">A result is null.</exception>
    public ImmutableArray<TargetCheck> CheckChange(TResult baseline, TResult current)
    {
        KpiTarget<TResult>.CheckResult(baseline, nameof(baseline));
        KpiTarget<TResult>.CheckResult(current, nameof(current));
        return [.. _changes.Select(t => t.Check(baseline, current))];
    }

    /// <summary>Every level target off target in every group, in group order then target order.</summary>
    /// <param name="result">A grouped result (per source, per rep and week, ...).</param>
    /// <returns>The alerts, each the group's key and its off-target check (<see cref="GroupResult{TResult}.Key"/>, <see cref="GroupResult{TResult}.Result"/>); empty when every KPI with data is on target.</returns>
    public ImmutableArray<GroupResult<TargetCheck>> Alerts(GroupedResult<TResult> result)
    {
        Preconditions.CheckNotNull(result);
        var alerts = ImmutableArray.CreateBuilder<GroupResult<TargetCheck>>();
        foreach (var group in result.Groups)
        {
            foreach (var target in _levels)
            {
                var check = target.Check(group.Result);
                if (check.IsOffTarget)
                {
                    alerts.Add(new GroupResult<TargetCheck>(group.Key, check));
                }
            }
        }

        return alerts.ToImmutable();
    }

    /// <summary>
    /// Every change target off target between consecutive periods of a grouped result: each group is checked against
    /// the group of the same dimension id in the period before (last week, last month), when that group exists. A
    /// group with no lead is absent from a grouped result, so a source that fell to no lead at all is not seen here:
    /// use <see cref="ChangeAlerts(GroupedResult{TResult}, TResult)"/> to check it against an empty result.
    /// </summary>
    /// <param name="result">A grouped result split by a calendar bucket (day, ISO week, month, quarter or year), with or without a dimension.</param>
    /// <returns>The alerts, keyed by the later group, in group order then target order.</returns>
    /// <exception cref="ArgumentException">The grouping has no calendar bucket (none, hour of day or day of week).</exception>
    public ImmutableArray<GroupResult<TargetCheck>> ChangeAlerts(GroupedResult<TResult> result) => ChangeAlerts(result, default, false);

    /// <summary>
    /// Like <see cref="ChangeAlerts(GroupedResult{TResult})"/>, and a group of one period with no group of the same
    /// dimension id in the next period (up to the result's last period) is checked against <paramref name="empty"/>:
    /// a source that went from 100 leads to none is an alert.
    /// </summary>
    /// <param name="result">A grouped result split by a calendar bucket.</param>
    /// <param name="empty">The result of a group with no lead (a new calculator's snapshot, or <see cref="CalculatorSetResult{TResult}.Empty"/>).</param>
    /// <returns>The alerts, keyed by the later group (for a vanished group, its dimension id in the next period), in group order then target order.</returns>
    /// <exception cref="ArgumentException">The grouping has no calendar bucket.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="empty"/> is null.</exception>
    public ImmutableArray<GroupResult<TargetCheck>> ChangeAlerts(GroupedResult<TResult> result, TResult empty) =>
        ChangeAlerts(result, KpiTarget<TResult>.CheckResult(empty, nameof(empty)), true);

    private ImmutableArray<GroupResult<TargetCheck>> ChangeAlerts(GroupedResult<TResult> result, TResult? empty, bool checkVanished)
    {
        Preconditions.CheckNotNull(result);
        var bucket = result.Grouping.Bucket;
        if (bucket is not (TimeBucket.Day or TimeBucket.IsoWeek or TimeBucket.Month or TimeBucket.Quarter or TimeBucket.Year))
        {
            throw new ArgumentException($"result must be split by a calendar bucket (Day, IsoWeek, Month, Quarter or Year) to compare consecutive periods; was {bucket}.", nameof(result));
        }

        var last = int.MinValue;
        foreach (var group in result.Groups)
        {
            last = group.Key.HasNoPeriod ? last : Math.Max(last, group.Key.Period);
        }

        var alerts = new List<(GroupKey Key, int Order, GroupResult<TargetCheck> Alert)>();
        foreach (var group in result.Groups)
        {
            var key = group.Key;
            if (key.HasNoPeriod)
            {
                continue;
            }

            if (result.TryGet(new GroupKey(key.Dimension, key.DimensionId, key.Bucket, key.Period - 1), out var previous))
            {
                Add(alerts, key, previous, group.Result);
            }

            var next = new GroupKey(key.Dimension, key.DimensionId, key.Bucket, key.Period + 1);
            if (checkVanished && key.Period < last && !result.TryGet(next, out _))
            {
                Add(alerts, next, group.Result, empty!);
            }
        }

        // Group order (dimension id, then period), then target order.
        return [.. alerts.OrderBy(a => a.Key).ThenBy(a => a.Order).Select(a => a.Alert)];
    }

    private void Add(List<(GroupKey, int, GroupResult<TargetCheck>)> alerts, GroupKey key, TResult baseline, TResult current)
    {
        for (var i = 0; i < _changes.Length; i++)
        {
            var check = _changes[i].Check(baseline, current);
            if (check.IsOffTarget)
            {
                alerts.Add((key, i, new GroupResult<TargetCheck>(key, check)));
            }
        }
    }

    private static void CheckTarget(string? name, HashSet<string> names, string paramName)
    {
        if (name is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} must not be null.");
        }

        if (!names.Add(name))
        {
            throw new ArgumentException($"{paramName} is named '{name}' like another target; names must be unique so that an alert says which target it is.", paramName);
        }
    }
}
