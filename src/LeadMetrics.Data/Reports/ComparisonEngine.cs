using LeadMetrics.Statistics;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// One comparison of a rate: a group against the rest of its dimension, or a trend period against the previous one
/// (the library's <see cref="ProportionTest.Compare"/>: the pooled z-test, or Fisher's exact test for small counts),
/// with the Benjamini-Hochberg adjusted p-value over its family (one dimension's groups, or the trend, for one rate).
/// </summary>
internal sealed record RateComparison(
    string Family, string Scope, string Against, string Kpi, long Successes, long Trials, long OtherSuccesses, long OtherTrials,
    decimal Rate, decimal OtherRate, double PValue, string Method, double AdjustedPValue, bool Significant, bool? Immature);

/// <summary>
/// Compares every group with the rest of its dimension and every trend period with the previous one, for conversion
/// (won / leads) and win rate (won / closed), from the counts of the report (docs/metrics.md, "Comparisons in the
/// report"). Significant: the adjusted p-value is below 1 − the report's confidence (0.05 at 95%).
/// </summary>
internal static class ComparisonEngine
{
    private static readonly (string Kpi, Func<ReportKpis, long> Successes, Func<ReportKpis, long> Trials)[] Rates =
    [
        ("conversion_rate", k => k.Won, k => k.Leads),
        ("win_rate", k => k.Won, k => k.Won + k.Lost),
    ];

    public static IReadOnlyList<RateComparison> Compare(ReportModel report)
    {
        var alpha = 1 - report.Confidence;
        var all = new List<RateComparison>();

        // Groups against the rest of their dimension (without --period: with it, each group is a group × period).
        if (report.Period is null)
        {
            foreach (var dimension in report.Groups.Where(g => g.Key.Count == 1).GroupBy(g => g.Key[0].Name))
            {
                var groups = dimension.ToList();
                foreach (var (kpi, successes, trials) in Rates)
                {
                    var x = groups.Sum(g => successes(g.Kpis));
                    var n = groups.Sum(g => trials(g.Kpis));
                    var family = new List<(GroupReport Group, ProportionComparison Test)>();
                    foreach (var g in groups)
                    {
                        if (ProportionTest.Compare(successes(g.Kpis), trials(g.Kpis), x - successes(g.Kpis), n - trials(g.Kpis)) is { } test)
                        {
                            family.Add((g, test));
                        }
                    }

                    Add(all, $"{dimension.Key} {kpi}", kpi, family.Select(f => (f.Group.Key[0].Value, "rest", f.Test, (bool?)null)).ToList(), alpha);
                }
            }
        }

        // Each trend period against the previous one.
        foreach (var (kpi, successes, trials) in Rates)
        {
            var family = new List<(string, string, ProportionComparison, bool?)>();
            for (var i = 1; i < report.Trend.Count; i++)
            {
                var now = report.Trend[i];
                var before = report.Trend[i - 1];
                if (ProportionTest.Compare(successes(now.Kpis), trials(now.Kpis), successes(before.Kpis), trials(before.Kpis)) is { } test)
                {
                    family.Add((now.Key[0].Value, before.Key[0].Value, test, now.Kpis.Maturity?.Mature == false || before.Kpis.Maturity?.Mature == false));
                }
            }

            Add(all, $"{report.TrendPeriod} {kpi}", kpi, family, alpha);
        }

        return all;
    }

    private static readonly (string Kpi, Func<DurationSamples, DurationSketch> Sketch)[] Durations =
    [
        ("response_time_seconds", d => d.Response),
        ("time_to_conversion_seconds", d => d.Conversion),
    ];

    /// <summary>
    /// Compares response time and time to conversion (Mann-Whitney, docs/metrics.md "Comparisons in the report") of every
    /// group with the rest of its dimension and of every trend period with the previous one, each family (one
    /// dimension's groups, or the trend, for one duration) adjusted by Benjamini-Hochberg.
    /// </summary>
    public static IReadOnlyList<DurationComparison> CompareDurations(ReportModel report)
    {
        var alpha = 1 - report.Confidence;
        var all = new List<DurationComparison>();
        if (report.Period is null)
        {
            foreach (var dimension in report.Groups.Where(g => g.Key.Count == 1 && g.Kpis.Durations is not null).GroupBy(g => g.Key[0].Name))
            {
                var groups = dimension.ToList();
                foreach (var (kpi, sketch) in Durations)
                {
                    var family = new List<(string, string, DurationSketch, DurationSketch, bool?)>();
                    foreach (var g in groups)
                    {
                        var rest = new DurationSketch(DurationSamples.Accuracy);
                        foreach (var other in groups.Where(o => !ReferenceEquals(o, g)))
                        {
                            rest.Merge(sketch(other.Kpis.Durations!));
                        }

                        family.Add((g.Key[0].Value, "rest", sketch(g.Kpis.Durations!), rest, null));
                    }

                    AddDurations(all, $"{dimension.Key} {kpi}", kpi, family, alpha);
                }
            }
        }

        foreach (var (kpi, sketch) in Durations)
        {
            var family = new List<(string, string, DurationSketch, DurationSketch, bool?)>();
            for (var i = 1; i < report.Trend.Count; i++)
            {
                var (now, before) = (report.Trend[i], report.Trend[i - 1]);
                if (now.Kpis.Durations is { } a && before.Kpis.Durations is { } b)
                {
                    family.Add((now.Key[0].Value, before.Key[0].Value, sketch(a), sketch(b), now.Kpis.Maturity?.Mature == false || before.Kpis.Maturity?.Mature == false));
                }
            }

            AddDurations(all, $"{report.TrendPeriod} {kpi}", kpi, family, alpha);
        }

        return all;
    }

    private static void AddDurations(List<DurationComparison> into, string family, string kpi, List<(string Scope, string Against, DurationSketch First, DurationSketch Second, bool? Immature)> pairs, double alpha)
    {
        var tests = pairs.Select(p => (Pair: p, Test: MannWhitney.Compare(p.First, p.Second))).Where(t => t.Test is not null).ToList();
        if (tests.Count == 0)
        {
            return;
        }

        var adjusted = FalseDiscoveryRate.BenjaminiHochberg([.. tests.Select(t => t.Test!.PValue)]);
        for (var i = 0; i < tests.Count; i++)
        {
            var ((scope, against, first, second, immature), t) = tests[i];
            into.Add(new DurationComparison(
                family, scope, against, kpi, t!.Count1, t.Count2, first.Quantile(0.5)?.TotalSeconds, second.Quantile(0.5)?.TotalSeconds,
                t.ProbabilityFirstLonger, t.Z, t.PValue, adjusted[i], adjusted[i] < alpha, immature));
        }
    }

    private static void Add(List<RateComparison> into, string family, string kpi, List<(string Scope, string Against, ProportionComparison Test, bool? Immature)> tests, double alpha)
    {
        if (tests.Count == 0)
        {
            return;
        }

        var adjusted = FalseDiscoveryRate.BenjaminiHochberg([.. tests.Select(t => t.Test.PValue)]);
        for (var i = 0; i < tests.Count; i++)
        {
            var (scope, against, t, immature) = tests[i];
            into.Add(new RateComparison(
                family, scope, against, kpi, t.Successes1, t.Trials1, t.Successes2, t.Trials2, t.Rate1, t.Rate2, t.PValue,
                t.Method == ProportionTestMethod.FisherExact ? "fisher" : "z", adjusted[i], adjusted[i] < alpha, immature));
        }
    }
}
