using System.Collections.Immutable;

namespace LeadMetrics.Performance;

/// <summary>
/// A fair comparison of reps: the team's rate per mix cell, and each rep's observed rate next to the rate adjusted
/// for the rep's lead mix (indirect standardization; see docs/metrics.md).
/// </summary>
/// <param name="Options">The configuration.</param>
/// <param name="Leads">All leads.</param>
/// <param name="Won">Won.</param>
/// <param name="Lost">Lost.</param>
/// <param name="TeamRate">The team's overall rate; null when its basis is zero.</param>
/// <param name="Cells">The team's leads by mix cell, in ascending id order.</param>
/// <param name="Reps">Every owner with leads, in ascending owner id order.</param>
public sealed record RepComparisonReport(
    RepComparisonOptions Options, long Leads, long Won, long Lost, decimal? TeamRate, ImmutableArray<MixCell> Cells, ImmutableArray<RepPerformance> Reps)
{
    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;

    /// <summary>The performance of one rep.</summary>
    /// <param name="owner">The owner id.</param>
    /// <returns>The rep's performance, or null when the rep has no leads.</returns>
    public RepPerformance? For(int owner)
    {
        foreach (var rep in Reps)
        {
            if (rep.Owner == owner)
            {
                return rep;
            }
        }

        return null;
    }
}
