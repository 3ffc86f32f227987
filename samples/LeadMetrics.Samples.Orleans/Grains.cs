using LeadMetrics.Data.Reports;
using LeadMetrics.Calculators;

namespace LeadMetrics.Samples.Orleans;

/// <summary>A slice of the data: a leads file, its stages and revenue files (one part of a split, see <see cref="DataParts"/>), and for one slice the costs file.</summary>
[GenerateSerializer]
public sealed class Slice
{
    /// <summary>The leads CSV of the slice.</summary>
    [Id(0)]
    public string LeadsPath { get; set; } = "";

    /// <summary>The stages CSV of the slice, or null.</summary>
    [Id(1)]
    public string? StagesPath { get; set; }

    /// <summary>The revenue CSV of the slice (split by the same lead-id hash), or null.</summary>
    [Id(2)]
    public string? RevenuePath { get; set; }

    /// <summary>The slice's index, 0 to <see cref="Parts"/> - 1: its leads get keys 1 + (k - 1) x Parts + Part, unique across the slices.</summary>
    [Id(3)]
    public int Part { get; set; }

    /// <summary>The number of slices of the split.</summary>
    [Id(4)]
    public int Parts { get; set; } = 1;

    /// <summary>The costs CSV, whole (costs are not per lead: one slice adds them), or null.</summary>
    [Id(5)]
    public string? CostsPath { get; set; }

    /// <summary>The touchpoints CSV of the slice (split by the same lead-id hash; an outbound touch can be a lead's first response), or null.</summary>
    [Id(6)]
    public string? TouchpointsPath { get; set; }

    /// <summary>The CLI's <c>--capacity</c> text for a capacity report (the same in every slice), or null.</summary>
    [Id(7)]
    public string? Capacity { get; set; }

    /// <summary>The CLI's report over partitions (issue 20): with a request, the partition also sends its pass of the CLI's report builder; or null.</summary>
    [Id(8)]
    public ReportRequest? Report { get; set; }

    /// <summary>The index in the whole leads file of each row of the slice's (<see cref="DataParts.Split"/>), or null.</summary>
    [Id(9)]
    public string? RowsPath { get; set; }

    /// <summary>The ingest options of the slice.</summary>
    public LeadMetrics.Data.LeadDataSetOptions Options() => ReportPartial.Options(LeadsPath, StagesPath, RevenuePath, Part, Parts, CostsPath, TouchpointsPath);
}

/// <summary>
/// The CLI's report over partitions: the options of <c>leadmetrics report</c> the partitions and the merger build it
/// with (the rest at the CLI's defaults), and the names the report shows for its input files.
/// </summary>
[GenerateSerializer]
public sealed class ReportRequest
{
    /// <summary>The CLI's <c>--by</c> (source, owner, campaign).</summary>
    [Id(0)]
    public string[] By { get; set; } = [];

    /// <summary>The CLI's <c>--period</c> (day, week, month, quarter), or null.</summary>
    [Id(1)]
    public string? Period { get; set; }

    /// <summary>The CLI's <c>--targets</c> file (read by the merger), or null.</summary>
    [Id(2)]
    public string? Targets { get; set; }

    /// <summary>
    /// The names the report shows for its inputs and in its data quality, in the CLI's order (leads, stages, touchpoints,
    /// costs, revenue; null where not given): the whole files', not the slices'.
    /// </summary>
    [Id(3)]
    public string?[] Inputs { get; set; } = [];

    /// <summary>Whether the report has a costs file (set by the report grain from the slices).</summary>
    [Id(4)]
    public bool HasCosts { get; set; }

    /// <summary>Whether the report has a revenue file (set by the report grain from the slices).</summary>
    [Id(5)]
    public bool HasRevenue { get; set; }

    /// <summary>The CLI's <c>--zone</c> (an IANA id), or null for UTC.</summary>
    [Id(6)]
    public string? Zone { get; set; }

    /// <summary>The CLI's <c>--currency</c> (ISO 4217), or null for USD.</summary>
    [Id(7)]
    public string? Currency { get; set; }

    /// <summary>The rates of the CLI's <c>--rates</c> file (units of the report's currency per unit, by code), or null.</summary>
    [Id(8)]
    public Dictionary<string, decimal>? Rates { get; set; }

    /// <summary>The CLI's <c>--map</c> entries.</summary>
    [Id(9)]
    public string[] Map { get; set; } = [];

    /// <summary>The CLI's <c>--stage-names</c> (name to stage).</summary>
    [Id(10)]
    public Dictionary<string, string> StageNames { get; set; } = [];

    /// <summary>The CLI's <c>--time-format</c>, or null.</summary>
    [Id(11)]
    public string? TimeFormat { get; set; }

    /// <summary>The CLI's <c>--on-bad-row</c>.</summary>
    [Id(12)]
    public LeadMetrics.Data.BadRowPolicy OnBadRow { get; set; } = LeadMetrics.Data.BadRowPolicy.Fail;

    /// <summary>The CLI's <c>--on-duplicate</c>.</summary>
    [Id(13)]
    public LeadMetrics.Data.DuplicateLeadPolicy OnDuplicate { get; set; } = LeadMetrics.Data.DuplicateLeadPolicy.First;

    /// <summary>The CLI's <c>--fold-case</c>.</summary>
    [Id(14)]
    public bool FoldCase { get; set; }

    /// <summary>The CLI's <c>--response-kinds</c>, or null for its default.</summary>
    [Id(15)]
    public LeadMetrics.TouchpointKind[]? ResponseKinds { get; set; }

    /// <summary>The CLI's <c>--response-targets</c> in seconds, or null for its default.</summary>
    [Id(16)]
    public long[]? ResponseTargets { get; set; }

    /// <summary>The CLI's <c>--cycle-from</c>, or null.</summary>
    [Id(17)]
    public string? CycleFrom { get; set; }

    /// <summary>The CLI's <c>--ltv-months</c>.</summary>
    [Id(18)]
    public int LifetimeValueMonths { get; set; } = 6;

    /// <summary>The CLI's <c>--confidence</c> as a fraction.</summary>
    [Id(19)]
    public double Confidence { get; set; } = 0.95;

    /// <summary>The CLI's <c>--margin</c> as a fraction, or null.</summary>
    [Id(20)]
    public decimal? Margin { get; set; }

    /// <summary>The CLI's <c>--max-groups</c>.</summary>
    [Id(21)]
    public int MaxGroups { get; set; } = 1000;

    /// <summary>The report's lifetime-value observation date in its zone (yyyy-MM-dd; set by the report grain), or null.</summary>
    [Id(22)]
    public string? ObservedUntil { get; set; }

    /// <summary>Only the CLI's report: the partitions skip the sample's own partial (for a run at scale; <see cref="IReportGrain.Merge"/> has nothing to merge).</summary>
    [Id(23)]
    public bool Only { get; set; }

    /// <summary>The CLI's <c>--scoring</c>: the path of an ICP scoring model (JSON, docs/scoring.md) every silo can read, or null.</summary>
    [Id(24)]
    public string? ScoringPath { get; set; }

    /// <summary>The report's options (every partition's and the merger's) with the capacity setting of the slices.</summary>
    public PartitionedReportOptions ToOptions(string? capacity) => new()
    {
        By = By, Period = Period, Capacity = capacity, TargetsPath = Targets, HasCosts = HasCosts, HasRevenue = HasRevenue,
        Zone = Zone is null ? NodaTime.DateTimeZone.Utc : NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(Zone) ?? throw new InvalidOperationException($"Zone '{Zone}' is not an IANA time zone id."),
        Currency = Currency is null ? LeadMetrics.Currency.Usd : LeadMetrics.Currency.TryFromCode(Currency, out var c) ? c : throw new InvalidOperationException($"Currency '{Currency}' is not an ISO 4217 code."),
        Rates = Rates, Map = Map, StageNames = StageNames, TimeFormat = TimeFormat, OnBadRow = OnBadRow, OnDuplicate = OnDuplicate, FoldCase = FoldCase,
        ResponseKinds = ResponseKinds ?? LeadMetrics.Data.ResponseInference.DefaultKinds, ResponseTargets = ResponseTargets ?? [300, 3600],
        CycleFrom = CycleFrom, LifetimeValueMonths = LifetimeValueMonths, Confidence = Confidence, Margin = Margin, MaxGroups = MaxGroups,
        Scoring = ScoringPath is null ? null : LoadScoringModel(ScoringPath),
    };

    private static LeadMetrics.Scoring.ScoringModel LoadScoringModel(string path)
    {
        using var stream = File.OpenRead(path);
        return LeadMetrics.Scoring.Json.ScoringModelJson.Load(stream);
    }
}

/// <summary>
/// A partition: ingests its slice through the ingest layer with its own encoding, keeps its partial report as bytes
/// in grain storage (so a silo that stops loses nothing: the grain re-activates elsewhere and reads them back), and
/// answers with bytes, which carry their labels.
/// </summary>
public interface IPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>The slice's last instant (Unix ticks; leads and revenue files only), for the lifetime value's observation date.</summary>
    Task<long> ScanLastInstant(Slice slice);

    /// <summary>Ingests the slice (lifetime value observed until <paramref name="observedUntil"/>, yyyy-MM-dd, or none), stores the partial's bytes and returns their length.</summary>
    Task<long> Ingest(Slice slice, string? observedUntil);

    /// <summary>The stored partial's bytes, or null before <see cref="Ingest"/>.</summary>
    Task<PartialBytes?> GetPartial();
}

/// <summary>Merges the partitions' bytes into the report.</summary>
public interface IReportGrain : IGrainWithStringKey
{
    /// <summary>Ingests every slice on its partition grain (partition i gets slice i): the observation date first (with revenue), then the data.</summary>
    Task<IngestSummary> IngestAll(Slice[] slices);

    /// <summary>Merges the stored partials of partitions 0 to <paramref name="partitions"/> - 1 into the report's bytes, by label.</summary>
    Task<MergedReport> Merge(int partitions);

    /// <summary>
    /// The CLI's report (<c>leadmetrics report --format json</c>) of the merged partitions, built by the CLI's report
    /// builder from the passes the partitions stored (slices ingested with a <see cref="Slice.Report"/>).
    /// </summary>
    Task<string> ReportJson(int partitions, ReportRequest request);
}

/// <summary>What an ingest did: the observation date and the bytes each partition stored.</summary>
[GenerateSerializer]
public sealed class IngestSummary
{
    /// <summary>The lifetime value's observation date (yyyy-MM-dd), or null without revenue.</summary>
    [Id(0)]
    public string? ObservedUntil { get; set; }

    /// <summary>The bytes each partition stored (and sends when asked).</summary>
    [Id(1)]
    public long[] BytesPerPartition { get; set; } = [];

    /// <summary>The wall time of the first round (every partition reading its slice's last instant; only with revenue).</summary>
    [Id(2)]
    public TimeSpan Scan { get; set; }

    /// <summary>The wall time of the ingest (every partition reading its slice and storing its bytes).</summary>
    [Id(3)]
    public TimeSpan Ingest { get; set; }
}

/// <summary>The merged report: the merged partial's bytes and the labels its ids stand for.</summary>
[GenerateSerializer]
public sealed class MergedReport
{
    /// <summary>The merged state.</summary>
    [Id(0)]
    public PartialBytes Bytes { get; set; } = new();

    /// <summary>The labels of the merged ids (in the order the merge met them).</summary>
    [Id(1)]
    public SharedLabels Dictionary { get; set; } = new();

    /// <summary>The bytes received from each partition.</summary>
    [Id(2)]
    public long[] BytesPerPartition { get; set; } = [];

    /// <summary>The lifetime value's observation date (yyyy-MM-dd), or null.</summary>
    [Id(3)]
    public string? ObservedUntil { get; set; }

    /// <summary>The capacity setting of the report, or null.</summary>
    [Id(4)]
    public string? Capacity { get; set; }

    /// <summary>The bytes of the CLI report's pass each partition sent (0 without a <see cref="Slice.Report"/>).</summary>
    [Id(5)]
    public long[] ReportBytes { get; set; } = [];

    /// <summary>The merged calculators (read from the bytes), to snapshot.</summary>
    public ReportPartial ToPartial()
    {
        var partial = ReportPartial.Create(observedUntil: Dates.Parse(ObservedUntil), capacity: Capacity);
        partial.MergeSerialized(Bytes, Dictionary.ToEncoding());
        return partial;
    }

    /// <summary>The lead KPIs of every grouping.</summary>
    public CalculatorSetResult<LeadKpis> Kpis() => ToPartial().Kpis.Snapshot();
}

/// <summary>The persisted state of a partition: its partial's bytes.</summary>
[GenerateSerializer]
public sealed class PartitionState
{
    /// <summary>The partial's bytes, or null before the first ingest.</summary>
    [Id(0)]
    public PartialBytes? Partial { get; set; }

    /// <summary>The observation date of the ingest.</summary>
    [Id(1)]
    public string? ObservedUntil { get; set; }
}

/// <summary>The persisted state of the report grain: the observation date the partitions ingested with.</summary>
[GenerateSerializer]
public sealed class ReportState
{
    /// <summary>The lifetime value's observation date (yyyy-MM-dd), or null.</summary>
    [Id(0)]
    public string? ObservedUntil { get; set; }

    /// <summary>The capacity setting the partitions ingested with, or null.</summary>
    [Id(1)]
    public string? Capacity { get; set; }
}

/// <summary>Dates as they travel between grains (NodaTime types have no Orleans codec here): ISO yyyy-MM-dd.</summary>
public static class Dates
{
    /// <summary>The ISO text of a date, or null.</summary>
    public static string? Format(NodaTime.LocalDate? date) => date?.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The date of an ISO text, or null.</summary>
    public static NodaTime.LocalDate? Parse(string? text) => text is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}

/// <summary>The partition grain: stores only bytes; no calculator outlives a call. Partitions are placed at random over
/// the silos (each is one heavy ingest): the default resource-optimized placement, and activation-count placement before
/// the silos have published their statistics, put them all on the silo of the caller.</summary>
[global::Orleans.Placement.RandomPlacement]
public sealed class PartitionGrain([PersistentState("partial", FileGrainStorage.Name)] IPersistentState<PartitionState> state) : Grain, IPartitionGrain
{
    /// <inheritdoc />
    public Task<long> ScanLastInstant(Slice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);

        // With a report request, the slice read as the report reads it (its column map, time format, zone...).
        return Task.FromResult((slice.Report is { } request
            ? PartitionedReport.LastInstant(ReportSliceOf(slice), request.ToOptions(slice.Capacity))
            : ReportPartial.LastInstantOf(slice.Options())).ToUnixTimeTicks());
    }

    private static ReportSlice ReportSliceOf(Slice slice) => new()
    {
        LeadsPath = slice.LeadsPath, StagesPath = slice.StagesPath, TouchpointsPath = slice.TouchpointsPath, CostsPath = slice.CostsPath,
        RevenuePath = slice.RevenuePath, Part = new LeadMetrics.Data.LeadKeyRange(slice.Part, slice.Parts),
        RowIndexPaths = RowIndexes(slice),
    };

    // The row index files DataParts writes beside each part (data-quality examples then carry the whole files' lines).
    private static Dictionary<LeadMetrics.Data.InputKind, string> RowIndexes(Slice slice)
    {
        var rows = new Dictionary<LeadMetrics.Data.InputKind, string>();
        if (slice.RowsPath is not null)
        {
            rows[LeadMetrics.Data.InputKind.Leads] = slice.RowsPath;
        }

        foreach (var (kind, path) in new[] { (LeadMetrics.Data.InputKind.Stages, slice.StagesPath), (LeadMetrics.Data.InputKind.Touchpoints, slice.TouchpointsPath), (LeadMetrics.Data.InputKind.Revenue, slice.RevenuePath) })
        {
            if (path is not null && Path.ChangeExtension(path, ".rows") is var index && File.Exists(index))
            {
                rows[kind] = index;
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<long> Ingest(Slice slice, string? observedUntil)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var bytes = new PartialBytes();
        if (slice.Report is not { Only: true })
        {
            var partial = ReportPartial.Create(observedUntil: Dates.Parse(observedUntil), capacity: slice.Capacity);
            var encoding = partial.Ingest(slice.Options());
            bytes = partial.Serialize(encoding);
        }

        if (slice.Report is { } request)
        {
            // The CLI's report builder's pass over the slice (its ingest options, the slice's lead keys), observed until
            // the report's date (in its zone).
            bytes.Report = PartitionedReport.Partition(ReportSliceOf(slice), request.ToOptions(slice.Capacity), Dates.Parse(request.ObservedUntil));
            bytes.Labels = slice.RowsPath is null ? null : LabelOrder.Of(slice.LeadsPath, slice.RowsPath);
        }

        state.State = new PartitionState { Partial = bytes, ObservedUntil = observedUntil };
        await state.WriteStateAsync();
        return state.State.Partial.Length;
    }

    /// <inheritdoc />
    public Task<PartialBytes?> GetPartial() => Task.FromResult(state.State.Partial);
}

/// <summary>The report grain: asks each partition for its bytes and merges them by label.</summary>
public sealed class ReportGrain([PersistentState("report", FileGrainStorage.Name)] IPersistentState<ReportState> report) : Grain, IReportGrain
{
    /// <inheritdoc />
    public async Task<IngestSummary> IngestAll(Slice[] slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var partitions = slices.Select((_, i) => GrainFactory.GetGrain<IPartitionGrain>(i)).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The lifetime value's observation date is part of its configuration (partials of other dates do not merge)
        // and a global fact (the last date in all the data): a first round asks every partition for its last instant.
        string? observedUntil = null;
        if (slices.Any(s => s.RevenuePath is not null))
        {
            var last = (await Task.WhenAll(partitions.Select((p, i) => p.ScanLastInstant(slices[i])))).Select(NodaTime.Instant.FromUnixTimeTicks).ToList();
            observedUntil = Dates.Format(ReportPartial.ObservedUntilOf(last));
            foreach (var slice in slices.Where(s => s.Report is not null))
            {
                // The CLI's report observes the lifetime value until the last date in its own zone.
                slice.Report!.ObservedUntil = Dates.Format(PartitionedReport.ObservedUntil(last, slice.Report.ToOptions(slice.Capacity)));
            }
        }

        report.State = new ReportState { ObservedUntil = observedUntil, Capacity = slices.Select(s => s.Capacity).FirstOrDefault() };
        await report.WriteStateAsync();
        var scan = clock.Elapsed;
        clock.Restart();
        foreach (var request in slices.Select(s => s.Report).OfType<ReportRequest>())
        {
            (request.HasCosts, request.HasRevenue) = (slices.Any(s => s.CostsPath is not null), slices.Any(s => s.RevenuePath is not null));
        }

        var bytes = await Task.WhenAll(partitions.Select((p, i) => p.Ingest(slices[i], observedUntil)));
        return new IngestSummary { ObservedUntil = observedUntil, BytesPerPartition = bytes, Scan = scan, Ingest = clock.Elapsed };
    }

    /// <inheritdoc />
    public async Task<MergedReport> Merge(int partitions)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(i => GrainFactory.GetGrain<IPartitionGrain>(i).GetPartial()));
        var encoding = new LeadMetrics.Encoding.LeadEncoding();
        var merged = ReportPartial.Create(observedUntil: Dates.Parse(report.State.ObservedUntil), capacity: report.State.Capacity);
        merged.UseEncoding(encoding); // the capacity roster first, as in every partition
        for (var i = 0; i < parts.Length; i++)
        {
            merged.MergeSerialized(parts[i] ?? throw new InvalidOperationException($"Partition {i} has no partial: ingest its slice first."), encoding);
        }

        return new MergedReport
        {
            ReportBytes = [.. parts.Select(p => (long)p!.Report.Length)],
            Bytes = merged.Serialize(encoding),
            Dictionary = SharedLabels.Of(encoding),
            BytesPerPartition = [.. parts.Select(p => p!.Length)],
            ObservedUntil = report.State.ObservedUntil,
            Capacity = report.State.Capacity,
        };
    }

    /// <inheritdoc />
    public async Task<string> ReportJson(int partitions, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(i => GrainFactory.GetGrain<IPartitionGrain>(i).GetPartial()));
        var passes = parts.Select((p, i) => p is { Report.Length: > 0 } ? p.Report : throw new InvalidOperationException($"Partition {i} has no report pass: ingest its slice with a report request first.")).ToList();
        LeadMetrics.Data.InputKind[] kinds = [LeadMetrics.Data.InputKind.Leads, LeadMetrics.Data.InputKind.Stages, LeadMetrics.Data.InputKind.Touchpoints, LeadMetrics.Data.InputKind.Costs, LeadMetrics.Data.InputKind.Revenue];
        var files = request.Inputs.Select((name, i) => (Kind: kinds[i], Name: name)).Where(f => f.Name is not null).Select(f => (f.Kind, f.Name!)).ToList();
        var options = request.ToOptions(report.State.Capacity) with
        {
            HasCosts = files.Any(f => f.Kind == LeadMetrics.Data.InputKind.Costs), HasRevenue = files.Any(f => f.Kind == LeadMetrics.Data.InputKind.Revenue),
        };

        // The labels in the order the whole leads file first names them (the one pass's ids, which order the reps and
        // the sums over sources), when every partition knows its rows' place in the whole file.
        var order = parts.All(p => p!.Labels is not null) ? LabelOrder.Merge(parts.Select(p => p!.Labels!)) : null;
        return PartitionedReport.Json(passes, options, files, order);
    }
}
