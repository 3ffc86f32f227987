using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The durations a Mann-Whitney comparison reads from a scope: response time (created to first response, answered
/// leads) and time to conversion (created to won, won leads) as <see cref="DurationSketch"/>es of the same accuracy.
/// A calculator of the CLI (the library's KPI results give quantiles, not their sketch), fed in the same pass as the
/// KPI set; one per group through <see cref="GroupedCalculator{TCalculator, TResult}"/>.
/// </summary>
internal sealed class DurationSamples : ILeadCalculator<DurationSamples, DurationSamples>
{
    /// <summary>The sketches' relative accuracy (the library's default).</summary>
    public const double Accuracy = 0.01;

    public DurationSketch Response { get; } = new(Accuracy);

    public DurationSketch Conversion { get; } = new(Accuracy);

    public void Add(in LeadRecord lead)
    {
        if (lead.FirstResponseAt is { } response)
        {
            Response.Add(response - lead.CreatedAt);
        }

        if (lead.Outcome == LeadOutcome.Won && lead.ClosedAt is { } won)
        {
            Conversion.Add(won - lead.CreatedAt);
        }
    }

    public void Merge(DurationSamples other)
    {
        Response.Merge(other.Response);
        Conversion.Merge(other.Conversion);
    }

    /// <summary>This calculator (the report reads it once, after the pass).</summary>
    public DurationSamples Snapshot() => this;

    public DurationSamples CreateEmpty() => new();

    /// <summary>Grouped samples for each grouping of a pass.</summary>
    public static Dictionary<LeadGrouping, GroupedCalculator<DurationSamples, DurationSamples>> For(IEnumerable<LeadGrouping> groupings) =>
        groupings.ToDictionary(g => g, g => new GroupedCalculator<DurationSamples, DurationSamples>(g, new DurationSamples()));

    /// <summary>Hands each computed group its samples (for <see cref="ComparisonEngine.CompareDurations"/>).</summary>
    public static void Apply(GroupedCalculator<DurationSamples, DurationSamples> samples, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        var snapshot = samples.Snapshot();
        foreach (var (key, kpis) in computed)
        {
            if (snapshot.TryGet(key, out var s))
            {
                kpis.Durations = s;
            }
        }
    }
}

/// <summary>
/// One Mann-Whitney comparison of a duration (the library's <see cref="MannWhitney.Compare"/> on the sketches' bucket
/// counts): a group against the rest of its dimension, or a trend period against the previous one; with the
/// Benjamini-Hochberg adjusted p-value over its family. <see cref="ProbabilityLonger"/> is U / (n₁n₂): the chance that
/// a duration of the scope is longer than one of the other (0.5: no difference).
/// </summary>
internal sealed record DurationComparison(
    string Family, string Scope, string Against, string Kpi, long Count, long OtherCount, double? Median, double? OtherMedian,
    double ProbabilityLonger, double Z, double PValue, double AdjustedPValue, bool Significant, bool? Immature);

/// <summary>The duration samples of a scope (not written: the comparisons read them).</summary>
internal sealed partial class ReportKpis
{
    /// <summary>Response time and time to conversion sketches for the Mann-Whitney comparisons, or null (a scope with no lead).</summary>
    public DurationSamples? Durations { get; set; }
}
