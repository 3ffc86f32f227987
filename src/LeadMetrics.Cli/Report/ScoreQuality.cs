using System.Text;
using System.Text.Json;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using Spectre.Console;

namespace LeadMetrics.Cli.Report;

/// <summary>Conversion of the leads of one grade (score band).</summary>
internal sealed record GradeConversion(string Grade, string Range, long Leads, long Won, long Lost, long Open, decimal? ConversionRate, decimal? Lift);

/// <summary>
/// Whether the ICP score predicts (issue 16, item 6; --scoring): conversion and lift per grade and the ROC AUC of the
/// day-one score against the outcome, from the library's <see cref="ScoreBandConversionAccumulator"/> and
/// <see cref="RocAucAccumulator"/> (docs/scoring.md). Calibration is not reported: it needs a predicted probability,
/// and an ICP score is points.
/// </summary>
internal sealed record ScoreQualityModel(decimal? Auc, decimal? Gini, long Won, long Lost, long Open, decimal? BaseRate, IReadOnlyList<GradeConversion> Grades)
{
    public static ScoreQualityModel From(RocAuc auc, ScoreBandConversion bands, GradeScale grades)
    {
        // Bands come from the grades' minimum scores: band i holds grade rank Count - 1 - i (lowest band first); the
        // report lists the best grade first.
        var byRank = grades.Grades.ToDictionary(g => g.Rank);
        var rows = bands.Rows
            .Select(r => new GradeConversion(
                byRank.TryGetValue(bands.Bands.Count - 1 - r.Band, out var grade) ? grade.Name : r.Label, r.Label, r.Leads, r.Won, r.Lost, r.Open, r.ConversionRate, r.Lift))
            .Reverse()
            .ToList();
        return new ScoreQualityModel(auc.Auc, auc.Gini, auc.Won, auc.Lost, auc.Open, bands.BaseRate, rows);
    }

    /// <summary>Writes <c>score_quality</c>: null without --scoring.</summary>
    public static void WriteJson(Utf8JsonWriter w, ScoreQualityModel? quality)
    {
        if (quality is null)
        {
            w.WriteNull("score_quality");
            return;
        }

        w.WriteStartObject("score_quality");
        JsonReportWriter.Ratio(w, "auc", quality.Auc);
        JsonReportWriter.Ratio(w, "gini", quality.Gini);
        w.WriteNumber("won", quality.Won);
        w.WriteNumber("lost", quality.Lost);
        w.WriteNumber("open", quality.Open);
        JsonReportWriter.Ratio(w, "base_rate", quality.BaseRate);
        w.WriteStartArray("by_grade");
        foreach (var g in quality.Grades)
        {
            w.WriteStartObject();
            w.WriteString("grade", g.Grade);
            w.WriteString("score_range", g.Range);
            w.WriteNumber("leads", g.Leads);
            w.WriteNumber("won", g.Won);
            w.WriteNumber("lost", g.Lost);
            w.WriteNumber("open", g.Open);
            JsonReportWriter.Ratio(w, "conversion_rate", g.ConversionRate);
            JsonReportWriter.Ratio(w, "lift", g.Lift);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

    }

    private static string Title(ScoreQualityModel q) =>
        $"Does the score predict? AUC {(q.Auc is { } a ? a.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : KpiFormat.Undefined)} (0.5 is chance, 1 perfect) over {KpiFormat.Count(q.Won)} won and {KpiFormat.Count(q.Lost)} lost leads";

    private static readonly string[] Headers = ["grade", "score", "leads", "won", "lost", "open", "win rate", "lift"];

    private static IEnumerable<string> Cells(GradeConversion g) =>
        [g.Grade, g.Range, KpiFormat.Count(g.Leads), KpiFormat.Count(g.Won), KpiFormat.Count(g.Lost), KpiFormat.Count(g.Open), KpiFormat.Rate(g.ConversionRate),
            g.Lift is { } l ? l.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "x" : KpiFormat.Undefined];

    /// <summary>The console's table.</summary>
    public static void WriteTable(IAnsiConsole console, ScoreQualityModel? quality)
    {
        if (quality is null)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(Title(quality))}[/]");
        t.AddColumn("grade");
        foreach (var header in Headers.Skip(1))
        {
            t.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var g in quality.Grades)
        {
            t.AddRow([.. Cells(g).Select(Markup.Escape)]);
        }

        console.Write(t);
    }

    /// <summary>The HTML section.</summary>
    public static void WriteHtml(StringBuilder h, ScoreQualityModel? quality)
    {
        if (quality is null)
        {
            return;
        }

        h.Append("<section id=\"score-quality\">\n<h2>Does the score predict?</h2>\n");
        HtmlReportWriter.Note(h, Title(quality) + ". Win rate per grade = won / closed (open leads are counted, not in the rate); lift = the grade's win rate / the overall win rate. If the score predicts, the win rate falls grade by grade.");
        HtmlReportWriter.Table(h, Headers, quality.Grades.Select(Cells));
        h.Append("</section>\n");
    }
}
