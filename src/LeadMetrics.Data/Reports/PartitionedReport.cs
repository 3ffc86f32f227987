using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The CLI's report over partitions (issue 20): each partition reads its slice with the CLI's ingest options and sends
/// its pass as bytes (<see cref="Partition"/>); the merger merges them by label and builds the CLI's report and JSON
/// from the merge (<see cref="Json"/>), with the CLI's own <see cref="ReportBuilder"/> and <see cref="JsonReportWriter"/>.
/// Options are the CLI's: <c>--by</c>, <c>--period</c>, <c>--capacity</c> and <c>--targets</c> here, the rest at
/// their defaults (zone UTC, USD, the default pipeline, bad rows fail the run). The columnar path only: no
/// <c>--scoring</c> and no --by attribute column (they need the row path, which keeps every lead in memory).
/// </summary>
internal static class PartitionedReport
{
    /// <summary>The report's settings from the CLI's option texts.</summary>
    public static ReportSettings Settings(IReadOnlyList<string>? by, string? period, string? capacity) => new()
    {
        By = [.. (by ?? []).SelectMany(b => b.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
        Period = period switch
        {
            null => TimeBucket.None,
            "day" => TimeBucket.Day,
            "week" => TimeBucket.IsoWeek,
            "month" => TimeBucket.Month,
            "quarter" => TimeBucket.Quarter,
            _ => throw new ReportOptionsException($"--period '{period}' is not day, week, month or quarter."),
        },
        Capacity = capacity is null ? null : CapacitySetting.Parse(capacity),
    };

    /// <summary>The CLI's ingest options of a slice, its leads numbered apart from the other slices' (part <paramref name="part"/> of <paramref name="parts"/>).</summary>
    public static LeadDataSetOptions Options(string leadsPath, string? stagesPath, string? touchpointsPath, string? costsPath, string? revenuePath, int part, int parts) =>
        new LoadOptions { LeadsPath = leadsPath, StagesPath = stagesPath, TouchpointsPath = touchpointsPath, CostsPath = costsPath, RevenuePath = revenuePath }.ToDataSetOptions() with
        {
            LeadKeys = new LeadKeyRange(part, parts),
        };

    /// <summary>A partition's pass over its slice, as bytes with its labels.</summary>
    /// <param name="options">The slice's options (<see cref="Options"/>).</param>
    /// <param name="settings">The report's settings (<see cref="Settings"/>), the same in every partition.</param>
    /// <param name="hasCosts">Whether the report has a costs file (given whole to one slice).</param>
    /// <param name="hasRevenue">Whether the report has a revenue file.</param>
    /// <param name="observedUntil">With revenue, the date of the last instant over all the data (<see cref="LastInstant"/> of every slice).</param>
    public static byte[] Partition(LeadDataSetOptions options, ReportSettings settings, bool hasCosts, bool hasRevenue, LocalDate? observedUntil)
    {
        var (pass, encoding) = ReportBuilder.Partition(options, settings, hasCosts, hasRevenue, observedUntil);
        return ReportPassBytes.Serialize(pass, encoding);
    }

    /// <summary>The last instant of a slice as the CLI's lifetime value observes it (latest lead creation or payment).</summary>
    public static Instant LastInstant(LeadDataSetOptions options)
    {
        var data = LeadDataSet.Open(options with { StagesPath = null, TouchpointsPath = null, CostsPath = null });
        data.Read(static _ => { });
        return data.LastInstant;
    }

    /// <summary>
    /// The CLI's report of the merged partitions, as the CLI's JSON. <paramref name="files"/> are the names the report
    /// shows for its inputs and in its data quality (a slice's files have the slice's names): leads, stages,
    /// touchpoints, costs, revenue, those given.
    /// </summary>
    /// <param name="parts">Each partition's bytes (<see cref="Partition"/>).</param>
    /// <param name="settings">The report's settings, as the partitions had them.</param>
    /// <param name="files">The input files' names by kind, in the CLI's order.</param>
    /// <param name="labelOrder">
    /// The sources, campaigns and owners in the order the whole leads file first names them, or null: the CLI encodes
    /// labels in that order, and lists the reps and adds sums over sources in id order; without it the labels get ids
    /// in the order the partitions are merged (the same figures, but the reps in another order and sums over sources
    /// that may differ in the last of 28 decimal digits).
    /// </param>
    /// <param name="hasCosts">Whether the report has a costs file.</param>
    /// <param name="hasRevenue">Whether the report has a revenue file.</param>
    /// <param name="targetsPath">The --targets file, or null.</param>
    public static string Json(IEnumerable<byte[]> parts, ReportSettings settings, IReadOnlyList<(InputKind Kind, string Name)> files, IReadOnlyList<IReadOnlyList<string>>? labelOrder, bool hasCosts, bool hasRevenue, string? targetsPath = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(files);
        var options = new LoadOptions { LeadsPath = "leads" }.ToDataSetOptions();
        var encoding = new LeadEncoding();
        var pass = ReportBuilder.Merger(options, settings, encoding, [], hasCosts, hasRevenue);
        if (labelOrder is [var sources, var campaigns, var owners])
        {
            // After the capacity roster (encoded by the merger's pass, as the CLI encodes it before reading).
            Encode(encoding.Sources, sources);
            Encode(encoding.Campaigns, campaigns);
            Encode(encoding.Owners, owners);
        }

        foreach (var part in parts)
        {
            ReportPassBytes.MergeSerialized(pass, part);
        }

        var quality = pass.Extra!.ToQuality(options.OnBadRow, options.FoldCase, options.ResponseKinds, files);
        var source = new ReportSource
        {
            Zone = options.Zone, Currency = options.Currency, Pipeline = options.Pipeline, Quality = quality, Files = [.. files.Select(f => f.Name)],
            AttributeNames = [], Encoding = encoding, Merged = pass,
        };
        var report = ReportBuilder.Build(source, settings);
        if (targetsPath is not null)
        {
            report.Targets = TargetFile.Check(report, TargetFile.Load(targetsPath));
        }

        return JsonReportWriter.ToJson(report);
    }

    private static void Encode(DimensionEncoder encoder, IEnumerable<string> labels)
    {
        foreach (var label in labels)
        {
            encoder.Encode(label);
        }
    }
}
