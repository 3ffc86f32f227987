using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using NodaTime;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Local timestamps that do not exist or exist twice in --zone (issue 16, item 7): a time in the spring-forward gap moves
/// forward by the gap, an ambiguous time in the fall-back hour takes the earlier offset (NodaTime's lenient resolver),
/// on both reading paths, as docs/cli.md says.
/// </summary>
public sealed class DstTimestampTests
{
    // America/New_York: 2024-03-10 02:00 EST jumps to 03:00 EDT; 2024-11-03 02:00 EDT falls back to 01:00 EST.
    // gap: 02:30 does not exist -> 03:30 EDT = 07:30Z; answered 04:00 EDT = 08:00Z: 30 minutes.
    // overlap: 01:30 happens twice -> the earlier, 01:30 EDT = 05:30Z; answered 03:00 EST = 08:00Z: 2.5 hours
    // (the later offset would give 1.5 hours).
    private const string Leads =
        "lead_id,created_at,source,first_response_at\n" +
        "L1,2024-03-10 02:30,gap,2024-03-10 04:00\n" +
        "L2,2024-11-03 01:30,overlap,2024-11-03 03:00\n";

    [Fact]
    public void A_gap_time_moves_forward_and_an_ambiguous_time_takes_the_earlier_offset_on_both_paths()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads), Zone = DateTimeZoneProviders.Tzdb["America/New_York"] };
        var settings = new ReportSettings { By = ["source"] };
        var (rows, columns) = Reports.BothPaths(load, settings);
        foreach (var report in new[] { rows, columns })
        {
            var mean = report.Groups.ToDictionary(g => g.Key[0].Value, g => g.Kpis.ResponseTime!.Durations.Mean);
            Assert.Equal(30 * 60.0, mean["gap"]);
            Assert.Equal(150 * 60.0, mean["overlap"]);
        }
    }
}
