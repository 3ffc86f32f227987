using System.Globalization;

namespace LeadMetrics.Data.Reports;

/// <summary>Human formatting of KPI values for the table and HTML outputs.</summary>
internal static class Format
{
    public const string NotAvailable = KpiFormat.Undefined;

    /// <summary>How a cost ratio (CPL, CAC, ROI, ROAS) of a scope without any cost row is shown.</summary>
    public const string NoCostData = "no cost data";

    /// <summary>A cost ratio, or <see cref="NoCostData"/> when no cost row landed in the scope.</summary>
    public static string CostRatio(ReportKpis k, string formatted) => k.HasCostData == false ? NoCostData : formatted;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Count(long n) => KpiFormat.Count(n);

    /// <summary>
    /// Text from the data made safe to print on a terminal: control characters (C0 but none of them kept, DEL, C1) and
    /// lone surrogates become visible <c>\uXXXX</c> escapes, so a label holding <c>ESC]0;...BEL</c> or <c>ESC[2J</c> cannot
    /// retitle or clear the user's terminal.
    /// </summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            clean = !NeedsEscape(text, i);
        }

        if (clean)
        {
            return text;
        }

        var b = new System.Text.StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (NeedsEscape(text, i))
            {
                b.Append(C, $"\\u{(int)text[i]:X4}");
            }
            else
            {
                b.Append(text[i]);
                if (char.IsHighSurrogate(text[i]))
                {
                    b.Append(text[++i]);
                }
            }
        }

        return b.ToString();
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) ? i == 0 || !char.IsHighSurrogate(text[i - 1]) : char.IsControl(c);
    }

    /// <summary>A sentence on values left out of kept rows (a response before creation), or null when there are none.</summary>
    public static string? RejectedValues(DataQuality q) =>
        q.RejectedValues.Count == 0 ? null
            : "Values left out of kept rows (the row counts as accepted): " + string.Join(", ", q.RejectedValues.Select(r => $"{r.Key}: {Count(r.Value)}")) + ".";

    /// <summary>One warning per field (source, campaign) on cost rows whose label matches no lead; none when every label matches.</summary>
    public static IEnumerable<string> UnmatchedCostLabels(DataQuality q) =>
        q.UnmatchedCostLabels.Select(f =>
            $"Warning: cost rows whose {f.Key} matches no lead's {f.Key} (each makes a group with 0 leads{(q.FoldCase ? string.Empty : "; labels are case-sensitive, see --fold-case")}): "
            + string.Join(", ", f.Value.Select(l => $"'{l.Key}' {Count(l.Value)} rows")) + ".");

    /// <summary>One sentence on the first responses taken from touchpoints (console and HTML data-quality sections).</summary>
    public static string InferredResponses(ResponseInference r) =>
        $"Responses inferred from touchpoints (leads without first_response_at, earliest outbound {string.Join("/", r.Kinds.Select(k => LeadDataSet.Snake(k.ToString())))}): {Count(r.Inferred)}; "
        + $"leads whose outbound touchpoints are none of these kinds (left unanswered): {Count(r.NotAResponse)}.";

    // The numbers are formatted by the library's KpiFormat, so that a program printing results and this report
    // show a value the same way; the report's model holds the JSON contract's doubles, converted here.

    /// <summary>A rate as a percentage with one decimal (<c>12.3%</c>): <see cref="KpiFormat.Rate"/>.</summary>
    public static string Rate(double? r) => KpiFormat.Rate(Exact(r));

    /// <summary>An amount at its currency's minor unit with thousands separators and the code: <c>18,698.50 USD</c> (<see cref="KpiFormat.Money"/>).</summary>
    public static string Money(decimal? m, string currency) =>
        m is not { } amount ? NotAvailable
        : LeadMetrics.Currency.TryFromCode(currency, out var code) ? KpiFormat.Money(new LeadMetrics.Money(amount, code))
        : Amount(m) + " " + currency;

    /// <summary>An amount without its currency (the table's title or header names it), with two decimals and thousands separators.</summary>
    public static string Amount(decimal? m) => KpiFormat.Amount(m);

    /// <summary>A ratio such as ROI as a percentage with one decimal and thousands separators (2,945.7%).</summary>
    public static string Ratio(decimal? r) => KpiFormat.Ratio(r);

    /// <summary>A plain number (score, index, expected count) with two decimals, so that a column's numbers line up.</summary>
    public static string Number(double? d) => KpiFormat.Number(Exact(d));

    /// <summary>A duration in seconds as "42s", "7m 30s", "2.5h" or "3.2d": <see cref="KpiFormat.Duration"/>.</summary>
    public static string Duration(double? seconds) =>
        seconds is { } s && double.IsFinite(s) && Math.Abs(s) < MaxSeconds ? KpiFormat.Duration(NodaTime.Duration.FromSeconds(s)) : NotAvailable;

    /// <summary>Seconds beyond which a double is no NodaTime duration (about 16 million days).</summary>
    private const double MaxSeconds = 1e12;

    /// <summary>A finite double of the report model as a decimal, or null where it is undefined or past decimal's range.</summary>
    private static decimal? Exact(double? value) =>
        value is { } v && double.IsFinite(v) && Math.Abs(v) < 7.9e27 ? (decimal)v : null;

    /// <summary>The sales cycle's start in a label: empty from creation, <c> from Qualified</c> with --cycle-from.</summary>
    public static string CycleFrom(ReportModel report) => report.SalesCycleFrom == "created" ? string.Empty : " from " + report.SalesCycleFrom;

    /// <summary>A KPI value of a target check, formatted by its kind (duration, rate or plain number).</summary>
    public static string Kpi(string kpi, double? value) =>
        ReportKpiTable.Find(kpi) is { } registered ? registered.TargetText(value)
        : kpi.Contains("_seconds", StringComparison.Ordinal) && !kpi.Contains("within_target_share", StringComparison.Ordinal) && !kpi.EndsWith("unanswered", StringComparison.Ordinal) ? Duration(value)
        : kpi.EndsWith("_rate", StringComparison.Ordinal) || kpi.Contains("within_target_share", StringComparison.Ordinal) || kpi == "roi" ? Rate(value)
        : value is { } v && double.IsFinite(v) ? v.ToString("#,0.##", C) : NotAvailable;

    /// <summary>A target check's value, min or max: a KPI value, or for a change check a signed relative change (+12.5%).</summary>
    public static string TargetValue(TargetResult t, double? value) =>
        t.Change is null ? Kpi(t.Kpi, value)
        : value is { } v && double.IsFinite(v) ? (v > 0 ? "+" : string.Empty) + (v * 100).ToString("#,0.#", C) + "%" : NotAvailable;

    /// <summary>A target check's KPI label: for a change check, <c>conversion rate change from 2024-01</c>.</summary>
    public static string TargetLabel(TargetResult t) =>
        t.Change is { } c ? $"{KpiLabel(t.Kpi)} change from {c.BaselineScope.Split("period=")[^1]}" : KpiLabel(t.Kpi);

    /// <summary>A target check's status in words, with the p-value of a change that was tested (<c>off target (p 0.003)</c>).</summary>
    public static string TargetStatus(TargetResult t) =>
        t.Status.Replace('_', ' ') + (t.Change?.PValue is { } p ? " (p " + (p < 0.0001 ? "< 0.0001" : p.ToString("0.####", C)) + ")" : string.Empty);

    /// <summary>
    /// The label of a KPI path of the JSON contract, as the tables name it: <c>answered within 5m</c> for
    /// <c>response_time_seconds.within_target_share.300</c>, <c>response time p50</c>, <c>ROI</c>, <c>mean ICP score</c>.
    /// </summary>
    public static string KpiLabel(string path)
    {
        const string within = "response_time_seconds.within_target_share.";
        if (path.StartsWith(within, StringComparison.Ordinal) && long.TryParse(path.AsSpan(within.Length), NumberStyles.None, C, out var seconds))
        {
            return "answered within " + Target(seconds);
        }

        // A target's label is its registered label; the notes name other paths (roi_on_margin) as they always did.
        if (ReportKpiTable.Find(path) is { Target: true } registered)
        {
            return registered.Label;
        }

        return path switch
        {
            "roi" => "ROI",
            "roas" => "return on ad spend",
            "score.mean" => "mean ICP score",
            "response_time_seconds.unanswered" => "unanswered leads",
            _ when path.StartsWith("sales_cycle_seconds.", StringComparison.Ordinal) && path.Split('.') is [_, var outcome, var stat] => $"sales cycle ({outcome}) {stat}",
            _ => path.Replace("_seconds", string.Empty, StringComparison.Ordinal).Replace('_', ' ').Replace('.', ' '),
        };
    }

    /// <summary>A target in seconds as a short label ("5m", "1h").</summary>
    public static string Target(long seconds) =>
        seconds == 0 ? "0"
        : seconds % 86400 == 0 ? (seconds / 86400).ToString(C) + "d"
        : seconds % 3600 == 0 ? (seconds / 3600).ToString(C) + "h"
        : seconds % 60 == 0 ? (seconds / 60).ToString(C) + "m"
        : seconds.ToString(C) + "s";
}
