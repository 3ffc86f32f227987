using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadMetrics.Capacity;
using LeadMetrics.Encoding;

namespace LeadMetrics.Data.Reports;

/// <summary>The --capacity setting: leads per ISO week a rep can handle, by default and for named reps.</summary>
/// <param name="Default">Leads per week of a rep without a value of their own.</param>
/// <param name="Reps">Leads per week of named reps (the roster: they appear in every week, with or without leads).</param>
internal sealed record CapacitySetting(int Default, IReadOnlyDictionary<string, int> Reps)
{
    /// <summary>
    /// Parses <c>40</c> or <c>40,dana=30,eli=50</c>: the default first, then <c>rep=leads</c> pairs; each zero or more.
    /// </summary>
    /// <exception cref="ReportOptionsException">The text is not of that form (the message names the part).</exception>
    public static CapacitySetting Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var fallback))
        {
            throw new ReportOptionsException($"--capacity '{text}': expected leads per rep and week, such as 40 or 40,dana=30 (the default first, whole numbers of 0 or more).");
        }

        var reps = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(part.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var leads))
            {
                throw new ReportOptionsException($"--capacity: '{part}' is not rep=leads (a rep's name and a whole number of 0 or more).");
            }

            if (!reps.TryAdd(part[..eq].Trim(), leads))
            {
                throw new ReportOptionsException($"--capacity names rep '{part[..eq].Trim()}' twice.");
            }
        }

        return new CapacitySetting(fallback, reps);
    }

    /// <summary>The library's options, with the named reps encoded as owners of <paramref name="encoding"/>.</summary>
    public CapacityOptions Options(LeadEncoding encoding, NodaTime.DateTimeZone zone) =>
        new(Default, Reps.Select(r => KeyValuePair.Create(encoding.Owners.Encode(r.Key), r.Value)), zone: zone);
}

/// <summary>One rep's capacity over the weeks of the data.</summary>
internal sealed record CapacityRep(string Rep, int Weeks, int WeeksOverCapacity, int Assigned, int Capacity, decimal? Utilization, int Dead, decimal? DeadShare);

/// <summary>The team in one ISO week.</summary>
internal sealed record CapacityWeek(string Week, int Leads, int Unassigned, int Capacity, decimal? Utilization, int Dead, decimal? DeadShare, int Reps, int RepsOverCapacity);

/// <summary>The report's capacity section (--capacity): per rep, and per team week, from the library's <see cref="CapacityCalculator"/>.</summary>
/// <param name="DefaultCapacity">Leads per week of a rep without a value of their own.</param>
/// <param name="ResponseTargetSeconds">A lead not answered within this long is dead.</param>
/// <param name="Reps">Each rep, most leads first.</param>
/// <param name="Weeks">Each ISO week with leads, in order.</param>
internal sealed record CapacityModel(int DefaultCapacity, long ResponseTargetSeconds, IReadOnlyList<CapacityRep> Reps, IReadOnlyList<CapacityWeek> Weeks)
{
    /// <summary>How many of the latest weeks the console and HTML show (every week is in the JSON).</summary>
    public const int ShownWeeks = 8;

    public static CapacityModel From(CapacityReport report, LeadEncoding encoding)
    {
        string Rep(int owner) => owner == 0 ? "(none)" : encoding.Owners.Decode(owner);
        return new CapacityModel(
            report.Options.DefaultWeeklyCapacity,
            (long)report.Options.ResponseTarget.TotalSeconds,
            [.. report.Reps.Select(r => new CapacityRep(Rep(r.Owner), r.Weeks, r.WeeksOverCapacity, r.Assigned, r.Capacity, r.Utilization, r.Dead, r.DeadShare))
                .OrderByDescending(r => r.Assigned).ThenBy(r => r.Rep, StringComparer.Ordinal)],
            [.. report.TeamWeeks.OrderBy(w => w.WeekStart).Select(w => new CapacityWeek(w.Week, w.Leads, w.Unassigned, w.Capacity, w.Utilization, w.Dead, w.DeadShare, w.Reps, w.RepsOverCapacity))]);
    }

    /// <summary>Writes <c>capacity</c>: null without --capacity.</summary>
    public static void WriteJson(Utf8JsonWriter w, CapacityModel? capacity)
    {
        if (capacity is null)
        {
            w.WriteNull("capacity");
            return;
        }

        w.WriteStartObject("capacity");
        w.WriteNumber("default_weekly_capacity", capacity.DefaultCapacity);
        w.WriteNumber("response_target_seconds", capacity.ResponseTargetSeconds);
        w.WriteStartArray("reps");
        foreach (var r in capacity.Reps)
        {
            w.WriteStartObject();
            w.WriteString("rep", r.Rep);
            w.WriteNumber("weeks", r.Weeks);
            w.WriteNumber("weeks_over_capacity", r.WeeksOverCapacity);
            w.WriteNumber("assigned", r.Assigned);
            w.WriteNumber("capacity", r.Capacity);
            JsonReportWriter.Ratio(w, "utilization", r.Utilization);
            w.WriteNumber("dead", r.Dead);
            JsonReportWriter.Ratio(w, "dead_share", r.DeadShare);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("weeks");
        foreach (var t in capacity.Weeks)
        {
            w.WriteStartObject();
            w.WriteString("week", t.Week);
            w.WriteNumber("leads", t.Leads);
            w.WriteNumber("unassigned", t.Unassigned);
            w.WriteNumber("capacity", t.Capacity);
            JsonReportWriter.Ratio(w, "utilization", t.Utilization);
            w.WriteNumber("dead", t.Dead);
            JsonReportWriter.Ratio(w, "dead_share", t.DeadShare);
            w.WriteNumber("reps", t.Reps);
            w.WriteNumber("reps_over_capacity", t.RepsOverCapacity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static readonly string[] RepHeaders = ["rep", "weeks", "over capacity", "leads", "capacity", "utilization", "dead", "dead share"];

    internal static readonly string[] WeekHeaders = ["week", "leads", "unassigned", "capacity", "utilization", "dead", "dead share", "reps over capacity"];

    internal static IEnumerable<string> RepCells(CapacityRep r) =>
        [r.Rep, Format.Count(r.Weeks), Format.Count(r.WeeksOverCapacity), Format.Count(r.Assigned), Format.Count(r.Capacity), Format.Ratio(r.Utilization), Format.Count(r.Dead), KpiFormat.Rate(r.DeadShare)];

    internal static IEnumerable<string> WeekCells(CapacityWeek t) =>
        [t.Week, Format.Count(t.Leads), Format.Count(t.Unassigned), Format.Count(t.Capacity), Format.Ratio(t.Utilization), Format.Count(t.Dead), KpiFormat.Rate(t.DeadShare), $"{Format.Count(t.RepsOverCapacity)} of {Format.Count(t.Reps)}"];
}
