using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;
using NodaTime.Text;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Marks each trend period's maturity with the library's <see cref="CohortMaturityCalculator"/>, grouped like the
/// trend (docs/metrics.md, "Cohort maturity"): the share of its leads still open, the age of its youngest lead at the
/// as-of instant (the last instant observed in the leads), and whether that age reaches the typical time to close
/// (the 90th percentile of the total's time to conversion).
/// </summary>
internal sealed class MaturityEngine
{
    private readonly GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult> _cohorts;

    public MaturityEngine(LeadGrouping trend) => _cohorts = new(trend, new CohortMaturityCalculator());

    public void Add(in LeadRecord lead) => _cohorts.Add(lead);

    /// <summary>Merges another engine of the same trend grouping (exact: the cohorts' counts add).</summary>
    public void Merge(MaturityEngine other) => _cohorts.Merge(other._cohorts);

    public void AddRange(ReadOnlySpan<LeadRecord> leads)
    {
        foreach (ref readonly var lead in leads)
        {
            _cohorts.Add(lead);
        }
    }

    /// <summary>Sets the maturity of every trend period; returns the as-of instant, or null without leads.</summary>
    public Instant? Apply(List<(GroupKey Key, ReportKpis Kpis)> trend, ReportKpis total)
    {
        var cohorts = _cohorts.Snapshot();
        var asOf = cohorts.Groups.Select(g => g.Result.LastObservedAt).Max();
        if (asOf is not { } at)
        {
            return null;
        }

        Duration? typical = total.TimeToConversion?.P90 is { } p90 ? Duration.FromTicks((long)Math.Round(p90 * NodaConstants.TicksPerSecond)) : null;
        foreach (var (key, kpis) in trend)
        {
            if (cohorts.TryGet(key, out var cohort))
            {
                kpis.Maturity = Kpis(cohort, at, typical);
            }
        }

        return at;
    }

    /// <summary>A cohort's maturity as the report writes it: open share, youngest age and typical time in seconds, mature or not.</summary>
    public static MaturityKpis Kpis(CohortMaturityResult cohort, Instant asOf, Duration? typical) =>
        new((double?)cohort.OpenShare, cohort.YoungestAge(asOf)?.TotalSeconds, typical?.TotalSeconds, cohort.IsMature(asOf, typical));

    public static string Text(Instant asOf) => InstantPattern.ExtendedIso.Format(asOf);
}
