using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LeadMetrics.Statistics;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Writes the JSON contract of docs/cli.md with <see cref="Utf8JsonWriter"/> (no reflection, trimming-friendly):
/// durations in seconds, rates as fractions, money as exact decimal numbers in the report currency, undefined values as null.
/// </summary>
internal static class JsonReportWriter
{
    public static void Write(ReportModel report, Stream stream)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var w = new Utf8JsonWriter(stream, options);
        w.WriteStartObject();
        w.WriteNumber("schema_version", ReportModel.SchemaVersion);
        w.WriteString("currency", report.Currency);
        w.WriteString("zone", report.Zone);
        w.WriteString("revenue_basis", report.RevenueBasis);
        Money(w, "margin", report.Margin);
        w.WriteNumber("lifetime_value_months", report.LifetimeValueMonths);
        w.WriteString("sales_cycle_from", report.SalesCycleFrom);
        w.WriteStartArray("group_by");
        foreach (var g in report.GroupBy)
        {
            w.WriteStringValue(g);
        }

        w.WriteEndArray();
        if (report.Period is null)
        {
            w.WriteNull("period");
        }
        else
        {
            w.WriteString("period", report.Period);
        }

        StatisticsJson.WriteSettings(w, report);

        w.WritePropertyName("total");
        WriteKpis(w, report.Total, null, report.Confidence);
        w.WriteStartArray("groups");
        foreach (var group in report.Groups)
        {
            WriteKpis(w, group.Kpis, group.Key, report.Confidence);
        }

        w.WriteEndArray();
        w.WriteString("trend_period", report.TrendPeriod);
        w.WriteStartArray("trend");
        foreach (var group in report.Trend)
        {
            WriteKpis(w, group.Kpis, group.Key, report.Confidence);
        }

        w.WriteEndArray();
        WriteTargets(w, report.Targets);
        WriteReps(w, report.Reps, report.RepMix, report.Confidence);
        ComparisonJson.Write(w, report);
        PeakHours.WriteJson(w, report);
        CapacityModel.WriteJson(w, report.Capacity);
        ScoreQualityModel.WriteJson(w, report.ScoreQuality);
        WriteDataQuality(w, report);
        // Always empty: every KPI section is computed. Kept so that schema 1 readers still find the key.
        w.WriteStartArray("unavailable");
        w.WriteEndArray();
        if (report.ScoringModel is null)
        {
            w.WriteNull("scoring_model");
        }
        else
        {
            w.WriteString("scoring_model", report.ScoringModel);
        }

        w.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
        w.WriteString("generator", report.Generator);
        w.WriteEndObject();
    }

    public static string ToJson(ReportModel report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>
    /// Writes one scope's object: its key (a group's or a trend period's), then the fields of
    /// <see cref="ReportKpiTable.Scope"/> in order. The native library's snapshot writes its scopes here too;
    /// <paramref name="survival"/> false leaves out the conversion with open leads (the snapshot without that option).
    /// </summary>
    internal static void WriteKpis(Utf8JsonWriter w, ReportKpis k, IReadOnlyList<(string Name, string Value)>? key, double confidence, bool survival = true)
    {
        w.WriteStartObject();
        if (key is not null)
        {
            w.WriteStartObject("key");
            foreach (var (name, value) in key)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
        }

        foreach (var field in ReportKpiTable.Scope)
        {
            if (survival || field != ReportKpiTable.Survival)
            {
                field.WriteJson(w, k, confidence);
            }
        }

        w.WriteEndObject();
    }

    internal static void Funnel(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.Funnel is null)
        {
            w.WriteNull("funnel");
            return;
        }

        w.WriteStartArray("funnel");
        for (var i = 0; i < k.Funnel.Count; i++)
        {
            var step = k.Funnel[i];
            w.WriteStartObject();
            w.WriteString("stage", step.Stage);
            w.WriteNumber("reached", step.Reached);
            Number(w, "conversion_from_previous", step.ConversionFromPrevious);
            Interval(w, "conversion_from_previous_ci", RateIntervals.Step(k.Funnel, i, confidence));
            w.WriteNumber("lost_here", step.LostHere);
            w.WriteNumber("open_here", step.OpenHere);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void ResponseTime(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.ResponseTime is not { } rt)
        {
            w.WriteNull("response_time_seconds");
            return;
        }

        w.WriteStartObject("response_time_seconds");
        w.WriteNumber("count", rt.Count);
        w.WriteNumber("unanswered", rt.Unanswered);
        Number(w, "mean", rt.Durations.Mean);
        Number(w, "p50", rt.Durations.P50);
        Number(w, "p90", rt.Durations.P90);
        w.WriteStartObject("within_target_share");
        foreach (var (target, share) in rt.WithinTargetShare)
        {
            Number(w, target.ToString(CultureInfo.InvariantCulture), share);
        }

        w.WriteEndObject();
        w.WriteStartObject("within_target_share_ci");
        foreach (var (target, _) in rt.WithinTargetShare)
        {
            Interval(w, target.ToString(CultureInfo.InvariantCulture), RateIntervals.WithinTarget(k, target, confidence));
        }

        w.WriteEndObject();
        Histogram(w, rt.Durations);
        w.WriteEndObject();
    }

    internal static void TimeToConversion(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.TimeToConversion is not { } ttc)
        {
            w.WriteNull("time_to_conversion_seconds");
            return;
        }

        w.WriteStartObject("time_to_conversion_seconds");
        DurationFields(w, ttc);
        Histogram(w, ttc);
        w.WriteStartArray("time_in_stage");
        foreach (var st in k.StageTimes ?? [])
        {
            w.WriteStartObject();
            w.WriteString("stage", st.Stage);
            DurationFields(w, st.Durations);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void SalesCycle(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.SalesCycle is not { } cycle)
        {
            w.WriteNull("sales_cycle_seconds");
            return;
        }

        w.WriteStartObject("sales_cycle_seconds");
        Duration(w, "won", cycle.Won);
        Duration(w, "lost", cycle.Lost);
        w.WriteNumber("closed_without_start", cycle.ClosedWithoutStart);
        w.WriteEndObject();
    }

    internal static void HasCostData(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.HasCostData is { } hasCost)
        {
            w.WriteBoolean("has_cost_data", hasCost);
        }
        else
        {
            w.WriteNull("has_cost_data");
        }
    }

    internal static void CostByCategory(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.CostByCategory is null)
        {
            w.WriteNull("cost_by_category");
            return;
        }

        w.WriteStartObject("cost_by_category");
        foreach (var (category, amount) in k.CostByCategory)
        {
            w.WriteNumber(category, amount);
        }

        w.WriteEndObject();
    }

    /// <summary>Only where a figure did not fit (issue 15): the KPI's name to why it is null.</summary>
    internal static void Undefined(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.Undefined.Count > 0)
        {
            w.WriteStartObject("undefined");
            foreach (var (kpi, reason) in k.Undefined)
            {
                w.WriteString(kpi, reason);
            }

            w.WriteEndObject();
        }
    }

    internal static void Score(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (k.Score is not { } score)
        {
            w.WriteNull("score");
            return;
        }

        w.WriteStartObject("score");
        w.WriteNumber("count", score.Count);
        Money(w, "mean", score.Mean);
        Money(w, "mean_fit", score.MeanFit);
        Money(w, "mean_engagement", score.MeanEngagement);
        w.WriteStartObject("grades");
        foreach (var (grade, count) in score.Grades)
        {
            w.WriteNumber(grade, count);
        }

        w.WriteEndObject();
        w.WriteStartObject("grade_share_ci");
        foreach (var (grade, count) in score.Grades)
        {
            Interval(w, grade, RateIntervals.Grade(score, count, confidence));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter w, IReadOnlyList<TargetResult> targets)
    {
        w.WriteStartArray("targets");
        foreach (var t in targets)
        {
            w.WriteStartObject();
            w.WriteString("scope", t.Scope);
            w.WriteString("kpi", t.Kpi);
            Number(w, "value", t.Value);
            Number(w, "min", t.Min);
            Number(w, "max", t.Max);
            w.WriteString("status", t.Status);
            if (t.Change is { } c)
            {
                // A change check: value, min and max are relative changes from the period before.
                w.WriteString("check", "change");
                w.WriteString("baseline_scope", c.BaselineScope);
                Number(w, "baseline", c.Baseline);
                Number(w, "current", c.Current);
                Number(w, "p_value", c.PValue);
                Number(w, "significance_level", c.SignificanceLevel);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteReps(Utf8JsonWriter w, IReadOnlyList<RepRow> reps, string mix, double confidence)
    {
        w.WriteStartObject("reps");
        w.WriteString("mix", mix);
        w.WriteString("basis", "win_rate");
        w.WriteStartArray("reps");
        foreach (var r in reps)
        {
            w.WriteStartObject();
            w.WriteString("rep", r.Rep);
            w.WriteNumber("leads", r.Leads);
            w.WriteNumber("won", r.Won);
            w.WriteNumber("lost", r.Lost);
            Money(w, "win_rate", r.WinRate);
            w.WriteNumber("expected_won", r.ExpectedWon);
            Money(w, "performance_index", r.PerformanceIndex);
            StatisticsJson.WriteRepInterval(w, r, confidence);
            Money(w, "adjusted_win_rate", r.AdjustedWinRate);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes the data-quality counts of a whole reading (policy, rows read and accepted, rejected rows and rejected
    /// values by reason) into the open <c>data_quality</c> object: the report's and the native snapshot's one writer.
    /// </summary>
    internal static void WriteQualityCounts(Utf8JsonWriter w, DataQuality q)
    {
        w.WriteString("on_bad_row", q.Policy == BadRowPolicy.Fail ? "fail" : "skip");
        w.WriteNumber("rows_read", q.RowsRead);
        w.WriteNumber("rows_accepted", q.RowsAccepted);
        w.WriteStartObject("rejected");
        foreach (var (reason, n) in q.Rejected)
        {
            w.WriteNumber(reason, n);
        }

        w.WriteEndObject();
        w.WriteStartObject("rejected_values");
        foreach (var (reason, n) in q.RejectedValues)
        {
            w.WriteNumber(reason, n);
        }

        w.WriteEndObject();
    }

    private static void WriteDataQuality(Utf8JsonWriter w, ReportModel report)
    {
        var q = report.DataQuality;
        w.WriteStartObject("data_quality");
        WriteQualityCounts(w, q);
        w.WriteStartArray("files");
        foreach (var f in q.Files)
        {
            w.WriteStartObject();
            w.WriteString("file", f.File);
            w.WriteString("kind", CanonicalColumns.FileName(f.Kind));
            w.WriteNumber("rows_read", f.RowsRead);
            w.WriteNumber("rows_accepted", f.RowsAccepted);
            w.WriteStartObject("rejected");
            foreach (var (reason, n) in f.Rejected)
            {
                w.WriteNumber(reason, n);
            }

            w.WriteEndObject();
            w.WriteStartObject("rejected_values");
            foreach (var (reason, n) in f.RejectedValues)
            {
                w.WriteNumber(reason, n);
            }

            w.WriteEndObject();
            w.WriteStartObject("examples");
            foreach (var (reason, rows) in f.Examples)
            {
                w.WriteStartArray(reason);
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", row.Line);
                    w.WriteString("column", row.Column);
                    w.WriteString("value", row.Value);
                    w.WriteString("message", row.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var r = q.Responses;
        w.WriteStartObject("inferred_responses");
        w.WriteStartArray("kinds");
        foreach (var kind in r.Kinds)
        {
            w.WriteStringValue(LeadDataSet.Snake(kind.ToString()));
        }

        w.WriteEndArray();
        w.WriteNumber("inferred", r.Inferred);
        w.WriteNumber("not_a_response", r.NotAResponse);
        w.WriteEndObject();
        w.WriteBoolean("fold_case", q.FoldCase);
        w.WriteStartObject("unmatched_cost_labels");
        foreach (var (field, labels) in q.UnmatchedCostLabels)
        {
            w.WriteStartObject(field);
            foreach (var (label, rows) in labels)
            {
                w.WriteNumber(label, rows);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Duration(Utf8JsonWriter w, string name, DurationStats? d)
    {
        if (d is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        DurationFields(w, d);
        w.WriteEndObject();
    }

    private static void DurationFields(Utf8JsonWriter w, DurationStats d)
    {
        w.WriteNumber("count", d.Count);
        Number(w, "mean", d.Mean);
        Number(w, "p50", d.P50);
        Number(w, "p90", d.P90);
    }

    private static void Histogram(Utf8JsonWriter w, DurationStats d)
    {
        w.WriteStartArray("histogram");
        foreach (var (label, count, share) in d.Histogram)
        {
            w.WriteStartObject();
            w.WriteString("bin", label);
            w.WriteNumber("count", count);
            Number(w, "share", share);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>An interval as [lower, upper], or null when the rate is undefined (<see cref="JsonValues.Interval"/>).</summary>
    internal static void Interval(Utf8JsonWriter w, string name, ConfidenceInterval? interval) => JsonValues.Interval(w, name, interval);

    /// <summary>A ratio rounded to 6 decimals, or null (<see cref="JsonValues.Ratio"/>).</summary>
    internal static void Ratio(Utf8JsonWriter w, string name, decimal? value) => JsonValues.Ratio(w, name, value);

    /// <summary>A finite number, or null (<see cref="JsonValues.Number"/>).</summary>
    internal static void Number(Utf8JsonWriter w, string name, double? value) => JsonValues.Number(w, name, value);

    /// <summary>An amount, or null (<see cref="JsonValues.Amount"/>).</summary>
    internal static void Money(Utf8JsonWriter w, string name, decimal? value) => JsonValues.Amount(w, name, value);
}
