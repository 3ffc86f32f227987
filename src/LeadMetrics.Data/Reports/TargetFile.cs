using System.Globalization;
using System.Text.Json;
using LeadMetrics.Targets;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// targets.json over the report's KPIs, checked by the library's <see cref="TargetSet{TResult}"/> over
/// <see cref="ReportKpis"/> (one set of rules: the CLI only names KPIs by their JSON path). The file maps a KPI path of
/// the JSON contract to a minimum and/or maximum, e.g. <c>{"conversion_rate":{"min":0.1},"response_time_seconds.p50":{"max":300}}</c>,
/// and/or to a relative change between consecutive periods (<c>min_change</c>, <c>max_change</c>), which for a rate may
/// require significance (<c>require_significance</c>: the level a p-value must be below before the change alerts). Every
/// scope (the total and each group) is checked against the level bounds; the trend's periods, and each group's periods
/// with --period, against the change bounds. A value outside the range is "off_target", a null value is "no_data", a
/// change outside its bounds that a test of the two rates does not tell from chance is "not_significant".
/// </summary>
internal static class TargetFile
{
    /// <summary>The KPI paths a target can name: the KPIs of the registration table marked as targets, in its order.</summary>
    private static readonly Dictionary<string, Func<ReportKpis, double?>> Paths =
        ReportKpiTable.All.Where(k => k.Target).ToDictionary(k => k.Path, k => (Func<ReportKpis, double?>)k.Number, StringComparer.Ordinal);

    public static IReadOnlyList<string> KnownPaths => [.. Paths.Keys];

    /// <summary>The rate paths whose change can require significance, with their successes and trials.</summary>
    private static readonly Dictionary<string, Func<ReportKpis, (long Successes, long Trials)>> RateCounts = new(StringComparer.Ordinal)
    {
        ["conversion_rate"] = k => (k.Won, k.Leads),
        ["win_rate"] = k => (k.Won, k.Won + k.Lost),
    };

    public static List<TargetSpec> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportOptionsException($"--targets file '{path}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var list = new List<TargetSpec>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ReportOptionsException($"--targets file '{path}' must hold a JSON object of KPI path to {{\"min\":x,\"max\":y}}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var kpi = property.Name;
                if (!seen.Add(kpi))
                {
                    throw new ReportOptionsException($"--targets: '{kpi}' is given twice; give each KPI once with its min and/or max.");
                }

                if (!Paths.ContainsKey(kpi) && !IsWithinTarget(kpi))
                {
                    throw new ReportOptionsException($"--targets: '{kpi}' is not a KPI path; known paths: {string.Join(", ", Paths.Keys)}, response_time_seconds.within_target_share.<seconds>.");
                }

                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new ReportOptionsException($"--targets: the target of '{kpi}' must be an object like {{\"min\":0.1}} or {{\"max\":300}}.");
                }

                decimal? min = null, max = null, minChange = null, maxChange = null;
                double? significance = null;
                var bounds = new HashSet<string>(StringComparer.Ordinal);
                foreach (var bound in property.Value.EnumerateObject())
                {
                    if (!bounds.Add(bound.Name))
                    {
                        throw new ReportOptionsException($"--targets: '{kpi}' has '{bound.Name}' twice.");
                    }

                    if (bound.Value.ValueKind != JsonValueKind.Number)
                    {
                        throw new ReportOptionsException($"--targets: '{kpi}.{bound.Name}' must be a number.");
                    }

                    switch (bound.Name)
                    {
                        case "min":
                            min = Bound(kpi, bound);
                            break;
                        case "max":
                            max = Bound(kpi, bound);
                            break;
                        case "min_change":
                            minChange = Bound(kpi, bound);
                            break;
                        case "max_change":
                            maxChange = Bound(kpi, bound);
                            break;
                        case "require_significance":
                            significance = bound.Value.GetDouble();
                            break;
                        default:
                            throw new ReportOptionsException($"--targets: '{kpi}' has '{bound.Name}'; only min, max, min_change, max_change and require_significance are allowed.");
                    }
                }

                if (min is null && max is null && minChange is null && maxChange is null)
                {
                    throw new ReportOptionsException($"--targets: '{kpi}' needs a min or a max (or a min_change or max_change).");
                }

                if (min > max)
                {
                    throw new ReportOptionsException(string.Create(CultureInfo.InvariantCulture, $"--targets: '{kpi}' has min {min} above max {max}; no value could be on target."));
                }

                if (minChange > maxChange)
                {
                    throw new ReportOptionsException(string.Create(CultureInfo.InvariantCulture, $"--targets: '{kpi}' has min_change {minChange} above max_change {maxChange}; no change could be on target."));
                }

                if (significance is { } level)
                {
                    if (!(level > 0 && level < 1))
                    {
                        throw new ReportOptionsException(string.Create(CultureInfo.InvariantCulture, $"--targets: '{kpi}.require_significance' must be a level strictly between 0 and 1 (0.05 for 5%); was {level}."));
                    }

                    if (minChange is null && maxChange is null)
                    {
                        throw new ReportOptionsException($"--targets: '{kpi}' has require_significance without min_change or max_change; significance applies to a change between periods.");
                    }

                    if (Counts(kpi) is null)
                    {
                        throw new ReportOptionsException($"--targets: '{kpi}' cannot require significance: only a rate's change is tested (conversion_rate, win_rate, response_time_seconds.within_target_share.<seconds>).");
                    }
                }

                list.Add(new TargetSpec(kpi, min, max, minChange, maxChange, significance));
            }
        }
        catch (JsonException e)
        {
            throw new ReportOptionsException($"--targets file '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reads a lone surrogate escape (\ud800) in a name or value as text it cannot transcode.
            throw new ReportOptionsException($"--targets file '{path}' holds text that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", e);
        }

        return list;
    }

    /// <summary>
    /// Checks the report: every scope (the total, then each group) against the level targets, then each period of the
    /// trend and of each group split by period against the change targets (against the period listed before it).
    /// </summary>
    public static List<TargetResult> Check(ReportModel report, IReadOnlyList<TargetSpec> targets)
    {
        var levels = new TargetSet<ReportKpis>(targets.Where(t => t.Min is not null || t.Max is not null).Select(t => new KpiTarget<ReportKpis>(t.Kpi, k => Decimal(Value(k, t.Kpi)), t.Min, t.Max)));
        var changes = new TargetSet<ReportKpis>(targets.Where(t => t.MinChange is not null || t.MaxChange is not null).Select(ChangeTarget));
        var results = new List<TargetResult>();
        var scopes = new List<(string, ReportKpis)> { ("total", report.Total) };
        scopes.AddRange(report.Groups.Select(g => (Scope(g), g.Kpis)));
        foreach (var (scope, kpis) in scopes)
        {
            foreach (var check in levels.Check(kpis))
            {
                results.Add(new TargetResult(scope, check.Kpi, Value(kpis, check.Kpi), Double(check.Minimum), Double(check.Maximum), Status(check.Status)));
            }
        }

        if (changes.Targets.Length == 0)
        {
            return results;
        }

        // Consecutive periods: the trend (the total by period), and with --period each group's periods (groups are
        // listed by label, then period).
        var series = new List<List<GroupReport>> { report.Trend.ToList() };
        if (report.Period is not null)
        {
            series.AddRange(report.Groups.Where(g => g.Dimension is not null).GroupBy(g => (g.Dimension, Label: g.Key[0].Value)).Select(s => s.ToList()));
        }

        foreach (var periods in series)
        {
            for (var i = 1; i < periods.Count; i++)
            {
                var (before, now) = (periods[i - 1], periods[i]);
                foreach (var check in changes.CheckChange(before.Kpis, now.Kpis))
                {
                    var spec = targets.First(t => t.Kpi == check.Kpi);
                    results.Add(new TargetResult(Scope(now), check.Kpi, Double(check.Value), Double(check.Minimum), Double(check.Maximum), Status(check.Status))
                    {
                        Change = new ChangeDetail(Scope(before), Value(before.Kpis, check.Kpi), Value(now.Kpis, check.Kpi), check.PValue, spec.Significance),
                    });
                }
            }
        }

        return results;
    }

    private static KpiTarget<ReportKpis> ChangeTarget(TargetSpec t) => t.Significance is { } level
        ? new KpiTarget<ReportKpis>(t.Kpi, k => Decimal(Value(k, t.Kpi)), Counts(t.Kpi)!, t.MinChange, t.MaxChange, level)
        : new KpiTarget<ReportKpis>(t.Kpi, k => Decimal(Value(k, t.Kpi)), minimumChange: t.MinChange, maximumChange: t.MaxChange);

    /// <summary>The successes and trials of a rate path (for a significance test), or null for a KPI that is not a rate.</summary>
    private static Func<ReportKpis, (long Successes, long Trials)>? Counts(string kpi)
    {
        if (RateCounts.TryGetValue(kpi, out var counts))
        {
            return counts;
        }

        if (!IsWithinTarget(kpi))
        {
            return null;
        }

        var seconds = long.Parse(kpi.AsSpan("response_time_seconds.within_target_share.".Length), CultureInfo.InvariantCulture);
        return k => k.WithinTargetCounts.FirstOrDefault(t => t.TargetSeconds == seconds) is var (_, within, of) ? (within, of) : (0, 0);
    }

    private static string Scope(GroupReport g) => string.Join(", ", g.Key.Select(k => $"{k.Name}={k.Value}"));

    private static string Status(TargetStatus status) => status switch
    {
        TargetStatus.OnTarget => "ok",
        TargetStatus.BelowMinimum or TargetStatus.AboveMaximum => "off_target",
        TargetStatus.NotSignificant => "not_significant",
        _ => "no_data",
    };

    /// <summary>A bound of the file as a decimal (the library's targets are decimal), or a usage error naming it.</summary>
    private static decimal Bound(string kpi, JsonProperty bound) =>
        bound.Value.TryGetDecimal(out var d) ? d : throw new ReportOptionsException($"--targets: '{kpi}.{bound.Name}' {bound.Value.GetRawText()} is out of range (at most ±7.9e28).");

    /// <summary>A report value as the decimal the library's targets read; a value beyond decimal's range (none in practice) as no data.</summary>
    private static decimal? Decimal(double? value) => value is { } v && double.IsFinite(v) && Math.Abs(v) < 7.9e27 ? (decimal)v : null;

    private static double? Double(decimal? value) => (double?)value;

    private static bool IsWithinTarget(string kpi) =>
        kpi.StartsWith("response_time_seconds.within_target_share.", StringComparison.Ordinal)
        && long.TryParse(kpi.AsSpan("response_time_seconds.within_target_share.".Length), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static double? Value(ReportKpis k, string kpi)
    {
        if (Paths.TryGetValue(kpi, out var f))
        {
            return f(k);
        }

        var seconds = long.Parse(kpi.AsSpan("response_time_seconds.within_target_share.".Length), CultureInfo.InvariantCulture);
        return k.ResponseTime?.WithinTargetShare.FirstOrDefault(t => t.TargetSeconds == seconds).Share;
    }
}

/// <summary>One entry of targets.json: a KPI path with level bounds and/or change bounds (relative change between consecutive periods) and the significance a change must reach.</summary>
internal sealed record TargetSpec(string Kpi, decimal? Min, decimal? Max, decimal? MinChange, decimal? MaxChange, double? Significance);
