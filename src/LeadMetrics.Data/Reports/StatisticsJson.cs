using System.Text.Json;

namespace LeadMetrics.Data.Reports;

/// <summary>The statistics fields of the JSON contract (docs/cli.md): the report's confidence and as-of, and per scope the cohort maturity and spend-based acquisition cost.</summary>
internal static class StatisticsJson
{
    public static void WriteSettings(Utf8JsonWriter w, ReportModel report)
    {
        w.WriteNumber("confidence", report.Confidence);
        if (report.AsOf is null)
        {
            w.WriteNull("as_of");
        }
        else
        {
            w.WriteString("as_of", report.AsOf);
        }
    }

    /// <summary>A rep's performance-index interval (Byar) and whether it excludes 1 (the rep differs from the team beyond chance).</summary>
    public static void WriteRepInterval(Utf8JsonWriter w, RepRow r, double confidence)
    {
        var ci = RateIntervals.IndexInterval(r, confidence);
        JsonReportWriter.Interval(w, "performance_index_ci", ci);
        if (ci is { } interval)
        {
            w.WriteBoolean("differs_from_team", interval.Lower > 1 || interval.Upper < 1);
        }
        else
        {
            w.WriteNull("differs_from_team");
        }
    }

    /// <summary>A scope's cohort maturity (trend periods; null elsewhere).</summary>
    public static void WriteMaturity(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.Maturity is not { } m)
        {
            w.WriteNull("maturity");
            return;
        }

        w.WriteStartObject("maturity");
        JsonReportWriter.Number(w, "open_share", m.OpenShare);
        JsonReportWriter.Number(w, "youngest_age_seconds", m.YoungestAgeSeconds);
        JsonReportWriter.Number(w, "typical_close_seconds", m.TypicalCloseSeconds);
        if (m.Mature is { } mature)
        {
            w.WriteBoolean("mature", mature);
        }
        else
        {
            w.WriteNull("mature");
        }

        w.WriteEndObject();
    }
}

/// <summary>The comparisons section of the JSON contract.</summary>
internal static class ComparisonJson
{
    public static void Write(Utf8JsonWriter w, ReportModel report)
    {
        w.WriteStartObject("comparisons");
        w.WriteNumber("significance", Math.Round(1 - report.Confidence, 12));
        w.WriteString("correction", "benjamini_hochberg");
        w.WriteStartArray("rates");
        foreach (var c in ComparisonEngine.Compare(report))
        {
            w.WriteStartObject();
            w.WriteString("family", c.Family);
            w.WriteString("scope", c.Scope);
            w.WriteString("against", c.Against);
            w.WriteString("kpi", c.Kpi);
            w.WriteNumber("successes", c.Successes);
            w.WriteNumber("trials", c.Trials);
            w.WriteNumber("other_successes", c.OtherSuccesses);
            w.WriteNumber("other_trials", c.OtherTrials);
            w.WriteNumber("rate", c.Rate);
            w.WriteNumber("other_rate", c.OtherRate);
            JsonReportWriter.Number(w, "p_value", c.PValue);
            w.WriteString("method", c.Method);
            JsonReportWriter.Number(w, "p_adjusted", c.AdjustedPValue);
            w.WriteBoolean("significant", c.Significant);
            Immature(w, c.Immature);

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("durations");
        foreach (var c in ComparisonEngine.CompareDurations(report))
        {
            w.WriteStartObject();
            w.WriteString("family", c.Family);
            w.WriteString("scope", c.Scope);
            w.WriteString("against", c.Against);
            w.WriteString("kpi", c.Kpi);
            w.WriteString("method", "mann_whitney");
            w.WriteNumber("count", c.Count);
            w.WriteNumber("other_count", c.OtherCount);
            JsonReportWriter.Number(w, "p50", c.Median);
            JsonReportWriter.Number(w, "other_p50", c.OtherMedian);
            JsonReportWriter.Number(w, "probability_longer", c.ProbabilityLonger);
            JsonReportWriter.Number(w, "z", c.Z);
            JsonReportWriter.Number(w, "p_value", c.PValue);
            JsonReportWriter.Number(w, "p_adjusted", c.AdjustedPValue);
            w.WriteBoolean("significant", c.Significant);
            Immature(w, c.Immature);

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Whether a comparison involves an immature period: true, false, or null when it does not apply.</summary>
    private static void Immature(Utf8JsonWriter w, bool? immature)
    {
        if (immature is { } value)
        {
            w.WriteBoolean("immature", value);
        }
        else
        {
            w.WriteNull("immature");
        }
    }
}
