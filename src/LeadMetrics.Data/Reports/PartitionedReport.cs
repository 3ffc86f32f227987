using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The report of <c>leadmetrics report --format json</c> over partitions (issue 20): each partition reads its slice of
/// the data and returns its pass as bytes (<see cref="Partition(ReportSlice, PartitionedReportOptions, LocalDate?)"/>); a merger merges the bytes of every partition, in
/// any order, and writes the report's JSON (<c>Json</c>), byte for byte the CLI's over the whole files. The
/// passes travel by any transport (an Orleans grain's state in samples/LeadMetrics.Samples.Orleans); a pass of other
/// options, of another observation date, or damaged bytes are refused with an error, not merged wrongly. The
/// columnar path only: no scoring model and no attribute column as a grouping.
/// </summary>
public static class PartitionedReport
{
    /// <summary>
    /// The latest instant of a slice as the report's lifetime value observes it (the latest lead creation or
    /// payment). With revenue, every partition's pass takes the date of the latest instant over all slices.
    /// </summary>
    /// <param name="slice">The slice (its leads and revenue files are read).</param>
    /// <returns>The slice's latest instant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="slice"/> is null.</exception>
    /// <exception cref="DataSetException">A file is missing or not readable, or a row is bad (the message names it).</exception>
    public static Instant LastInstant(ReportSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return LastInstant(Options(slice));
    }

    /// <summary>A partition's pass over its slice, as bytes with its labels (merge them with <c>Json</c>).</summary>
    /// <param name="slice">The partition's slice.</param>
    /// <param name="options">The report's options, the same in every partition and in the merger.</param>
    /// <param name="observedUntil">With revenue, the date (UTC) of the latest <see cref="LastInstant(ReportSlice)"/> over all slices; null without revenue.</param>
    /// <returns>The pass's bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is not valid (the message names it and its value).</exception>
    /// <exception cref="DataSetException">A file is missing or not readable, or a row is bad (the message names it).</exception>
    public static byte[] Partition(ReportSlice slice, PartitionedReportOptions options, LocalDate? observedUntil)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(options);
        return Partition(Options(slice), Settings(options), options.HasCosts, options.HasRevenue, observedUntil);
    }

    /// <summary>
    /// The report of the merged partitions, as the CLI's JSON (without the final line break).
    /// </summary>
    /// <param name="partitions">Each partition's bytes (<see cref="Partition(ReportSlice, PartitionedReportOptions, LocalDate?)"/>), in any order.</param>
    /// <param name="options">The report's options, as the partitions had them.</param>
    /// <param name="files">The names the report shows for its input files, by kind, in the CLI's order: leads, stages, touchpoints, costs, revenue, those given.</param>
    /// <param name="labelOrder">
    /// The sources, campaigns and owners in the order the whole leads file first names them, or null: the CLI encodes
    /// labels in that order, and lists the reps and adds sums over sources in id order; without it the labels get ids
    /// in the order the partitions are merged (the same figures, but the reps in another order and sums over sources
    /// that may differ in the last of 28 decimal digits).
    /// </param>
    /// <returns>The report's JSON.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// Bytes that are not a pass of these options (another grouping, period or capacity, with or without costs or
    /// revenue), damaged or truncated (parameter name <c>state</c>); or an option or the targets file not valid.
    /// </exception>
    /// <exception cref="InvalidOperationException">Passes observed until different dates (the message names them).</exception>
    public static string Json(IEnumerable<byte[]> partitions, PartitionedReportOptions options, IReadOnlyList<(InputKind Kind, string Name)> files, IReadOnlyList<IReadOnlyList<string>>? labelOrder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Json(partitions, Settings(options), files, labelOrder, options.HasCosts, options.HasRevenue, options.TargetsPath);
    }

    /// <summary>The size of each part of a partition's bytes (the report's sections and the samples that travel), for a look at what travels.</summary>
    /// <param name="partition">A partition's bytes.</param>
    /// <returns>Each part's name and bytes, in the order they are written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partition"/> is null.</exception>
    /// <exception cref="ArgumentException">The bytes are not a partition's pass.</exception>
    public static IReadOnlyList<(string Part, long Bytes)> PartSizes(byte[] partition) => ReportPassBytes.Parts(partition);

    private static LeadDataSetOptions Options(ReportSlice s) =>
        Options(s.LeadsPath, s.StagesPath, s.TouchpointsPath, s.CostsPath, s.RevenuePath, s.Part.Offset, s.Part.Stride);

    private static ReportSettings Settings(PartitionedReportOptions o) => Settings(o.By, o.Period, o.Capacity);

    /// <summary>The report's settings from the CLI's option texts.</summary>
    internal static ReportSettings Settings(IReadOnlyList<string>? by, string? period, string? capacity) => new()
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
    internal static LeadDataSetOptions Options(string leadsPath, string? stagesPath, string? touchpointsPath, string? costsPath, string? revenuePath, int part, int parts) =>
        new LoadOptions { LeadsPath = leadsPath, StagesPath = stagesPath, TouchpointsPath = touchpointsPath, CostsPath = costsPath, RevenuePath = revenuePath }.ToDataSetOptions() with
        {
            LeadKeys = new LeadKeyRange(part, parts),
        };

    /// <summary>A partition's pass over its slice, as bytes with its labels.</summary>
    /// <param name="options">The slice's options (<c>Options</c>).</param>
    /// <param name="settings">The report's settings (<c>Settings</c>), the same in every partition.</param>
    /// <param name="hasCosts">Whether the report has a costs file (given whole to one slice).</param>
    /// <param name="hasRevenue">Whether the report has a revenue file.</param>
    /// <param name="observedUntil">With revenue, the date of the last instant over all the data (<see cref="LastInstant(ReportSlice)"/> of every slice).</param>
    internal static byte[] Partition(LeadDataSetOptions options, ReportSettings settings, bool hasCosts, bool hasRevenue, LocalDate? observedUntil)
    {
        var (pass, encoding) = ReportBuilder.Partition(options, settings, hasCosts, hasRevenue, observedUntil);
        return ReportPassBytes.Serialize(pass, encoding);
    }

    /// <summary>The last instant of a slice as the CLI's lifetime value observes it (latest lead creation or payment).</summary>
    internal static Instant LastInstant(LeadDataSetOptions options)
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
    /// <param name="parts">Each partition's bytes (<see cref="Partition(ReportSlice, PartitionedReportOptions, LocalDate?)"/>).</param>
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
    internal static string Json(IEnumerable<byte[]> parts, ReportSettings settings, IReadOnlyList<(InputKind Kind, string Name)> files, IReadOnlyList<IReadOnlyList<string>>? labelOrder, bool hasCosts, bool hasRevenue, string? targetsPath = null)
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
