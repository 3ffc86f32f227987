using System.Text;
using System.Text.Json;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;

namespace LeadMetrics.Data.Reports;

/// <summary>Conversion of the leads of one grade (score band).</summary>
internal sealed record GradeConversion(string Grade, string Range, long Leads, long Won, long Lost, long Open, decimal? ConversionRate, decimal? Lift);

/// <summary>
/// Whether the ICP score predicts (issue 16, item 6; --scoring): conversion and lift per grade and the ROC AUC of the
/// day-one score against the outcome, from the library's <see cref="ScoringQualityCalculator"/> (its
/// <see cref="ScoringQuality.BandConversion"/> and <see cref="ScoringQuality.RocAuc"/>) (docs/scoring.md). Calibration is not reported: it needs a predicted probability,
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

    internal static string Title(ScoreQualityModel q) =>
        $"Does the score predict? AUC {(q.Auc is { } a ? a.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : KpiFormat.Undefined)} (0.5 is chance, 1 perfect) over {KpiFormat.Count(q.Won)} won and {KpiFormat.Count(q.Lost)} lost leads";

    internal static readonly string[] Headers = ["grade", "score", "leads", "won", "lost", "open", "win rate", "lift"];

    internal static IEnumerable<string> Cells(GradeConversion g) =>
        [g.Grade, g.Range, KpiFormat.Count(g.Leads), KpiFormat.Count(g.Won), KpiFormat.Count(g.Lost), KpiFormat.Count(g.Open), KpiFormat.Rate(g.ConversionRate),
            g.Lift is { } l ? l.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "x" : KpiFormat.Undefined];

}
