using System.Globalization;
using System.Text.Json;
using LeadMetrics.Cli.Input;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// A small target check over the report's KPIs (the library's <c>TargetSet</c> checks library results; this one names
/// KPIs by their JSON path): targets.json maps a
/// KPI path of the JSON contract to a minimum and/or maximum, e.g.
/// <c>{"conversion_rate":{"min":0.1},"response_time_seconds.p50":{"max":300}}</c>. Every scope (the total and each
/// group) is checked; a value outside the range is "off_target", a null value is "no_data".
/// </summary>
internal static class TargetFile
{
    private static readonly Dictionary<string, Func<ReportKpis, double?>> Paths = BuildPaths();

    public static IReadOnlyList<string> KnownPaths => [.. Paths.Keys];

    public static List<(string Kpi, double? Min, double? Max)> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--targets file '{path}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var list = new List<(string, double?, double?)>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--targets file '{path}' must hold a JSON object of KPI path to {{\"min\":x,\"max\":y}}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var kpi = property.Name;
                if (!seen.Add(kpi))
                {
                    throw new UsageException($"--targets: '{kpi}' is given twice; give each KPI once with its min and/or max.");
                }

                if (!Paths.ContainsKey(kpi) && !IsWithinTarget(kpi))
                {
                    throw new UsageException($"--targets: '{kpi}' is not a KPI path; known paths: {string.Join(", ", Paths.Keys)}, response_time_seconds.within_target_share.<seconds>.");
                }

                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException($"--targets: the target of '{kpi}' must be an object like {{\"min\":0.1}} or {{\"max\":300}}.");
                }

                double? min = null, max = null;
                var bounds = new HashSet<string>(StringComparer.Ordinal);
                foreach (var bound in property.Value.EnumerateObject())
                {
                    if (!bounds.Add(bound.Name))
                    {
                        throw new UsageException($"--targets: '{kpi}' has '{bound.Name}' twice.");
                    }

                    if (bound.Value.ValueKind != JsonValueKind.Number)
                    {
                        throw new UsageException($"--targets: '{kpi}.{bound.Name}' must be a number.");
                    }

                    switch (bound.Name)
                    {
                        case "min":
                            min = bound.Value.GetDouble();
                            break;
                        case "max":
                            max = bound.Value.GetDouble();
                            break;
                        default:
                            throw new UsageException($"--targets: '{kpi}' has '{bound.Name}'; only min and max are allowed.");
                    }
                }

                if (min is null && max is null)
                {
                    throw new UsageException($"--targets: '{kpi}' needs a min or a max.");
                }

                if (min > max)
                {
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--targets: '{kpi}' has min {min} above max {max}; no value could be on target."));
                }

                list.Add((kpi, min, max));
            }
        }
        catch (JsonException e)
        {
            throw new UsageException($"--targets file '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reads a lone surrogate escape (\ud800) in a name or value as text it cannot transcode.
            throw new UsageException($"--targets file '{path}' holds text that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", e);
        }

        return list;
    }

    public static List<TargetResult> Check(ReportModel report, IReadOnlyList<(string Kpi, double? Min, double? Max)> targets)
    {
        var results = new List<TargetResult>();
        var scopes = new List<(string, ReportKpis)> { ("total", report.Total) };
        scopes.AddRange(report.Groups.Select(g => (string.Join(", ", g.Key.Select(k => $"{k.Name}={k.Value}")), g.Kpis)));
        foreach (var (scope, kpis) in scopes)
        {
            foreach (var (kpi, min, max) in targets)
            {
                var value = Value(kpis, kpi);
                var status = value is not { } v ? "no_data" : (min is { } lo && v < lo) || (max is { } hi && v > hi) ? "off_target" : "ok";
                results.Add(new TargetResult(scope, kpi, value, min, max, status));
            }
        }

        return results;
    }

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

    private static Dictionary<string, Func<ReportKpis, double?>> BuildPaths() => new(StringComparer.Ordinal)
    {
        ["leads"] = k => k.Leads,
        ["won"] = k => k.Won,
        ["lost"] = k => k.Lost,
        ["open"] = k => k.Open,
        ["conversion_rate"] = k => k.ConversionRate,
        ["win_rate"] = k => k.WinRate,
        ["response_time_seconds.unanswered"] = k => k.ResponseTime?.Unanswered,
        ["response_time_seconds.mean"] = k => k.ResponseTime?.Durations.Mean,
        ["response_time_seconds.p50"] = k => k.ResponseTime?.Durations.P50,
        ["response_time_seconds.p90"] = k => k.ResponseTime?.Durations.P90,
        ["time_to_conversion_seconds.mean"] = k => k.TimeToConversion?.Mean,
        ["time_to_conversion_seconds.p50"] = k => k.TimeToConversion?.P50,
        ["time_to_conversion_seconds.p90"] = k => k.TimeToConversion?.P90,
        ["sales_cycle_seconds.won.p50"] = k => k.SalesCycle?.Won.P50,
        ["sales_cycle_seconds.won.p90"] = k => k.SalesCycle?.Won.P90,
        ["sales_cycle_seconds.won.mean"] = k => k.SalesCycle?.Won.Mean,
        ["sales_cycle_seconds.lost.p50"] = k => k.SalesCycle?.Lost.P50,
        ["revenue"] = k => (double?)k.Revenue,
        ["average_deal_value"] = k => (double?)k.AverageDealValue,
        ["cost"] = k => (double?)k.Cost,
        ["cost_per_lead"] = k => (double?)k.CostPerLead,
        ["customer_acquisition_cost"] = k => (double?)k.CustomerAcquisitionCost,
        ["roi"] = k => (double?)k.Roi,
        ["roas"] = k => (double?)k.Roas,
        ["lifetime_value"] = k => (double?)k.LifetimeValue,
        ["score.mean"] = k => (double?)k.Score?.Mean,
    };
}
