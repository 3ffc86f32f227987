using LeadMetrics.Statistics;

namespace LeadMetrics.Data.Reports;

/// <summary>The statistics of a scope (issue 16 item 2, issue 18): cohort maturity, spend-based acquisition cost and the counts behind intervals.</summary>
internal sealed partial class ReportKpis
{
    /// <summary>The maturity of a trend period's cohort (null outside the trend).</summary>
    public MaturityKpis? Maturity { get; set; }

    /// <summary>Acquisition cost dated in the period / customers won in the period (trend periods with a costs file; null elsewhere or without cost data).</summary>
    public decimal? SpendAcquisitionCost { get; set; }

    /// <summary>The leads won (closed as won) in the period, whatever their creation: the denominator of <see cref="SpendAcquisitionCost"/>.</summary>
    public long? CustomersWonInPeriod { get; set; }

    /// <summary>For each response-time target: the leads answered within it and all leads (the share's numerator and denominator).</summary>
    public IReadOnlyList<(long TargetSeconds, long Within, long Of)> WithinTargetCounts { get; set; } = [];
}

/// <summary>A cohort's maturity at the report's as-of instant (see docs/metrics.md, "Cohort maturity").</summary>
/// <param name="OpenShare">Open leads / leads.</param>
/// <param name="YoungestAgeSeconds">As-of minus the youngest lead's creation, in seconds.</param>
/// <param name="TypicalCloseSeconds">The typical time to close (p90 of the total's time to conversion), in seconds, or null.</param>
/// <param name="Mature">No open lead, or the youngest lead at least the typical time old; null when unknown.</param>
internal sealed record MaturityKpis(double? OpenShare, double? YoungestAgeSeconds, double? TypicalCloseSeconds, bool? Mature);

/// <summary>The report's statistics settings.</summary>
internal sealed partial class ReportModel
{
    /// <summary>The confidence level of every interval (--confidence), 0.95 by default.</summary>
    public double Confidence { get; init; } = ConfidenceInterval.DefaultConfidence;

    /// <summary>The instant the cohorts' maturity is assessed at: the last instant observed in the leads (ISO-8601), or null without leads.</summary>
    public string? AsOf { get; init; }
}

/// <summary>The intervals of the report's rates, at the report's confidence (Wilson score intervals, docs/metrics.md).</summary>
internal static class RateIntervals
{
    public static ConfidenceInterval? Conversion(ReportKpis k, double confidence) => ConfidenceInterval.Wilson(k.Won, k.Leads, confidence);

    public static ConfidenceInterval? WinRate(ReportKpis k, double confidence) => ConfidenceInterval.Wilson(k.Won, k.Won + k.Lost, confidence);

    /// <summary>The interval of a funnel step's conversion from the previous step (reached here of reached there); null for the first step.</summary>
    public static ConfidenceInterval? Step(IReadOnlyList<FunnelStep> funnel, int index, double confidence) =>
        index == 0 || funnel[index].Reached > funnel[index - 1].Reached ? null : ConfidenceInterval.Wilson(funnel[index].Reached, funnel[index - 1].Reached, confidence);

    /// <summary>The interval of the share of leads answered within a target; null when unknown.</summary>
    public static ConfidenceInterval? WithinTarget(ReportKpis k, long targetSeconds, double confidence)
    {
        foreach (var (target, within, of) in k.WithinTargetCounts)
        {
            if (target == targetSeconds)
            {
                return ConfidenceInterval.Wilson(within, of, confidence);
            }
        }

        return null;
    }

    /// <summary>The interval of a grade's share of the scored leads.</summary>
    public static ConfidenceInterval? Grade(ScoreKpis score, long count, double confidence) => ConfidenceInterval.Wilson(count, score.Count, confidence);

    /// <summary>The interval of a rep's performance index (won / expected won), Byar's approximation to the exact Poisson interval; null when nothing is expected.</summary>
    public static ConfidenceInterval? IndexInterval(RepRow r, double confidence) => ConfidenceInterval.Byar(r.Won, r.ExpectedWon, confidence);

    /// <summary>A rep's index with its interval, as <c>1.52 (1.32–1.74)</c>; "*" marks an interval that excludes 1.</summary>
    public static string Index(RepRow r, double confidence)
    {
        if (r.PerformanceIndex is null || IndexInterval(r, confidence) is not { } ci)
        {
            return Format.Number((double?)r.PerformanceIndex);
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        return $"{Format.Number((double?)r.PerformanceIndex)} ({ci.Lower.ToString("0.00", c)}–{ci.Upper.ToString("0.00", c)}){(ci.Lower > 1 || ci.Upper < 1 ? "*" : string.Empty)}";
    }

    /// <summary>A rate with its interval, as <c>12.0% (9.1–15.6)</c>; the rate alone when there is no interval.</summary>
    public static string Text(double? rate, ConfidenceInterval? interval) =>
        interval is { } ci && rate is not null
            ? $"{Format.Rate(rate)} ({((double)ci.Lower * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}–{((double)ci.Upper * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)})"
            : Format.Rate(rate);

    /// <summary>The confidence as a percentage label, such as <c>95%</c>.</summary>
    public static string Level(double confidence) => (confidence * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
