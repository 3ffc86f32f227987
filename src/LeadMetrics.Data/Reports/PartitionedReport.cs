using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The report of <c>leadmetrics report --format json</c> over partitions (issue 20): each partition reads its slice of
/// the data and returns its pass as bytes (<see cref="Partition(ReportSlice, PartitionedReportOptions, LocalDate?)"/>); a merger merges the bytes of every partition, in
/// any order, and writes the report's JSON (<c>Json</c>), byte for byte the CLI's over the whole files. The
/// passes travel by any transport (an Orleans grain's state in samples/LeadMetrics.Samples.Orleans); a pass of other
/// options (every option travels as a fingerprint in the bytes), of another observation date, or damaged bytes are
/// refused with an error, not merged wrongly. An attribute column as a grouping travels by label; one with more labels
/// than --max-groups over the merged partitions is folded by the merger as the CLI folds it: the largest kept, the rest
/// one "(other: N values)" group.
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

    /// <summary>
    /// The latest instant of a slice as the report's lifetime value observes it, the slice read with the report's ingest
    /// options (zone, column map, time format, stage names, bad-row policy...): pass its date over all slices in the
    /// report's zone (<see cref="ObservedUntil"/>) to every partition.
    /// </summary>
    /// <param name="slice">The slice (its leads and revenue files are read).</param>
    /// <param name="options">The report's options.</param>
    /// <returns>The slice's latest instant.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is not valid (the message names it and its value).</exception>
    /// <exception cref="DataSetException">A file is missing or not readable, or a row is bad (the message names it).</exception>
    public static Instant LastInstant(ReportSlice slice, PartitionedReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(options);
        return LastInstant(Options(slice, options));
    }

    /// <summary>The lifetime value's observation date of a report: the date, in the report's zone, of the latest of the slices' last instants (the CLI's).</summary>
    /// <param name="lastInstants">Every slice's <see cref="LastInstant(ReportSlice, PartitionedReportOptions)"/>.</param>
    /// <param name="options">The report's options (its zone).</param>
    /// <returns>The observation date.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No last instant was given.</exception>
    public static LocalDate ObservedUntil(IEnumerable<Instant> lastInstants, PartitionedReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(lastInstants);
        ArgumentNullException.ThrowIfNull(options);
        var list = lastInstants.ToList();
        return list.Count == 0
            ? throw new ArgumentException("Give the last instant of at least one slice.", nameof(lastInstants))
            : list.Max().InZone(options.Zone ?? throw new ArgumentException("Zone is null.", nameof(options))).Date;
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
        return Partition(Options(slice, options), Settings(options), options.HasCosts, options.HasRevenue, observedUntil, Fingerprint(options), slice.RowIndexPaths);
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
    /// <exception cref="InvalidOperationException">
    /// Passes observed until different dates (the message names them).
    /// </exception>
    public static string Json(IEnumerable<byte[]> partitions, PartitionedReportOptions options, IReadOnlyList<(InputKind Kind, string Name)> files, IReadOnlyList<IReadOnlyList<string>>? labelOrder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Json(partitions, Settings(options), files, labelOrder, options.HasCosts, options.HasRevenue, options.TargetsPath, MergerOptions(options), Fingerprint(options));
    }

    /// <summary>The size of each part of a partition's bytes (the report's sections and the samples that travel), for a look at what travels.</summary>
    /// <param name="partition">A partition's bytes.</param>
    /// <returns>Each part's name and bytes, in the order they are written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partition"/> is null.</exception>
    /// <exception cref="ArgumentException">The bytes are not a partition's pass.</exception>
    public static IReadOnlyList<(string Part, long Bytes)> PartSizes(byte[] partition) => ReportPassBytes.Parts(partition);

    private static LeadDataSetOptions Options(ReportSlice s) =>
        Options(s.LeadsPath, s.StagesPath, s.TouchpointsPath, s.CostsPath, s.RevenuePath, s.Part.Offset, s.Part.Stride);

    /// <summary>The report's settings from the options, validated (an <see cref="ArgumentException"/> names a wrong one and its value).</summary>
    private static ReportSettings Settings(PartitionedReportOptions o)
    {
        var targets = o.ResponseTargets ?? throw new ArgumentException("ResponseTargets is null; give response-time targets in seconds (default 300, 3600).", nameof(o));
        foreach (var t in targets)
        {
            if (t <= 0)
            {
                throw new ArgumentException($"ResponseTargets (--response-targets): {t} is not a positive number of seconds.", nameof(o));
            }
        }

        if (o.LifetimeValueMonths is < 1 or > 600)
        {
            throw new ArgumentException($"LifetimeValueMonths (--ltv-months) must be 1 to 600; was {o.LifetimeValueMonths}.", nameof(o));
        }

        if (!double.IsFinite(o.Confidence) || o.Confidence is <= 0 or >= 1)
        {
            throw new ArgumentException($"Confidence (--confidence) must be a fraction strictly between 0 and 1; was {o.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(o));
        }

        if (o.Margin is < 0m or > 1m)
        {
            throw new ArgumentException($"Margin (--margin) must be a fraction from 0 to 1; was {o.Margin.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(o));
        }

        if (o.MaxGroups is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"MaxGroups (--max-groups) must be 1 to 1000000; was {o.MaxGroups}.", nameof(o));
        }

        var settings = Settings(o.By, o.Period, o.Capacity);
        return settings with
        {
            ResponseTargets = [.. targets.Distinct().Order()],
            CycleFrom = o.CycleFrom,
            LifetimeValueMonths = o.LifetimeValueMonths,
            Confidence = o.Confidence,
            Margin = o.Margin,
            MaxGroups = o.MaxGroups,
            Scoring = o.Scoring,
        };
    }

    /// <summary>The ingest options of a slice with the report's options, validated.</summary>
    private static LeadDataSetOptions Options(ReportSlice s, PartitionedReportOptions o) =>
        Options(s) with
        {
            Zone = o.Zone ?? throw new ArgumentException("Zone (--zone) is null; give a time zone (default UTC).", nameof(o)),
            Currency = o.Currency,
            Rates = Rates(o),
            Map = ColumnMap.Parse(o.Map ?? []),
            StageNames = o.StageNames ?? new Dictionary<string, string>(),
            TimeFormat = o.TimeFormat,
            OnBadRow = Enum.IsDefined(o.OnBadRow) ? o.OnBadRow : throw new ArgumentException($"OnBadRow (--on-bad-row) '{o.OnBadRow}' is not fail or skip.", nameof(o)),
            OnDuplicate = Enum.IsDefined(o.OnDuplicate) ? o.OnDuplicate : throw new ArgumentException($"OnDuplicate (--on-duplicate) '{o.OnDuplicate}' is not first, last or fail.", nameof(o)),
            FoldCase = o.FoldCase,
            ResponseKinds = ResponseKinds(o),
        };

    /// <summary>
    /// The options that shape a pass, as text (one <c>name=value</c> a line, in a fixed order), carried in the pass's
    /// bytes: the merger compares it with its own and names the options that differ. The targets file and the inputs'
    /// presence are not in it (the merger reads the one; the bytes carry the other apart).
    /// </summary>
    internal static string Fingerprint(PartitionedReportOptions o)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        static string Pairs<T>(IEnumerable<KeyValuePair<string, T>>? pairs, Func<T, string> value) =>
            string.Join(",", (pairs ?? []).Select(p => p.Key.ToUpperInvariant() + "=" + value(p.Value)).Order(StringComparer.Ordinal));
        return string.Join('\n', (string[])[
            "by=" + string.Join("|", o.By ?? []),
            "period=" + o.Period,
            "capacity=" + o.Capacity,
            "zone=" + o.Zone?.Id,
            "currency=" + o.Currency.Code,
            "rates=" + (o.Rates is null ? "(none)" : Pairs(o.Rates, r => r.ToString(inv))),
            "map=" + string.Join("|", o.Map ?? []),
            "stage_names=" + Pairs(o.StageNames, n => n),
            "time_format=" + o.TimeFormat,
            "on_bad_row=" + o.OnBadRow,
            "on_duplicate=" + o.OnDuplicate,
            "fold_case=" + o.FoldCase,
            "response_kinds=" + string.Join(",", o.ResponseKinds ?? []),
            "response_targets=" + string.Join(",", (o.ResponseTargets ?? []).Distinct().Order()),
            "cycle_from=" + o.CycleFrom,
            "ltv_months=" + o.LifetimeValueMonths.ToString(inv),
            "confidence=" + o.Confidence.ToString("R", inv),
            "margin=" + o.Margin?.ToString(inv),
            "max_groups=" + o.MaxGroups.ToString(inv),
            "scoring=" + (o.Scoring is { } model ? model.Name + " (sha256 " + ModelHash(model) + ")" : string.Empty),
        ]);

        static string ModelHash(LeadMetrics.Scoring.ScoringModel model) =>
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(LeadMetrics.Scoring.Json.ScoringModelJson.Serialize(model))))[..16];
    }

    /// <summary>The merger's ingest options (no file is read: the zone, currency, pipeline and quality settings of the report).</summary>
    private static LeadDataSetOptions MergerOptions(PartitionedReportOptions o) =>
        Options(new ReportSlice { LeadsPath = "leads" }, o);

    private static Dictionary<string, decimal>? Rates(PartitionedReportOptions o)
    {
        if (o.Rates is null)
        {
            return null;
        }

        var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, rate) in o.Rates)
        {
            if (!Currency.TryFromCode(code, out _))
            {
                throw new ArgumentException($"Rates (--rates): '{code}' is not an ISO 4217 currency code.", nameof(o));
            }

            if (rate <= 0m)
            {
                throw new ArgumentException($"Rates (--rates): the rate of {code} must be positive; was {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(o));
            }

            rates[code] = rate;
        }

        return rates;
    }

    private static IReadOnlyList<TouchpointKind> ResponseKinds(PartitionedReportOptions o)
    {
        var kinds = o.ResponseKinds ?? throw new ArgumentException("ResponseKinds (--response-kinds) is null; give at least one touchpoint kind (default call, email, chat).", nameof(o));
        if (kinds.Count == 0)
        {
            throw new ArgumentException("ResponseKinds (--response-kinds) is empty; give at least one touchpoint kind (default call, email, chat).", nameof(o));
        }

        foreach (var k in kinds)
        {
            if (!Enum.IsDefined(k) || k == TouchpointKind.Meeting)
            {
                throw new ArgumentException($"ResponseKinds (--response-kinds): '{k}' cannot be a response (a touchpoint kind other than meeting).", nameof(o));
            }
        }

        return kinds;
    }

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
    /// <param name="fingerprint">The report's options as text (<c>Fingerprint</c>): the merger refuses a pass of other options.</param>
    /// <param name="rowIndexPaths">The slice's row index files by kind (<see cref="ReportSlice.RowIndexPaths"/>), or null.</param>
    internal static byte[] Partition(LeadDataSetOptions options, ReportSettings settings, bool hasCosts, bool hasRevenue, LocalDate? observedUntil, string fingerprint = "", IReadOnlyDictionary<InputKind, string>? rowIndexPaths = null)
    {
        var (pass, encoding) = ReportBuilder.Partition(options, settings, hasCosts, hasRevenue, observedUntil);
        pass.Extra!.Fingerprint = fingerprint;
        foreach (var (kind, path) in rowIndexPaths ?? new Dictionary<InputKind, string>())
        {
            if (pass.Extra.Quality.TryGetValue(kind, out var counts))
            {
                WholeFileLines(counts, kind, path);
            }
        }

        return ReportPassBytes.Serialize(pass, encoding);
    }

    /// <summary>The data-quality examples of a slice's file with the whole file's line numbers, from its row index file.</summary>
    private static void WholeFileLines(ReportPassBytes.QualityCounts counts, InputKind kind, string path)
    {
        using var rows = OpenRows(kind, path);
        var buffer = new byte[sizeof(long)];
        foreach (var list in counts.Examples.Values)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var row = list[i].Line - 2;
                if (row < 0 || (row + 1) * sizeof(long) > rows.Length)
                {
                    throw new DataSetException($"The row index file '{path}' of the {kind.ToString().ToLowerInvariant()} slice has no row {row} (line {list[i].Line}): it is not this slice's.");
                }

                rows.Position = row * sizeof(long);
                rows.ReadExactly(buffer);
                list[i] = list[i] with { Line = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(buffer) + 2 };
            }
        }
    }

    private static FileStream OpenRows(InputKind kind, string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataSetException($"The row index file '{path}' of the {kind.ToString().ToLowerInvariant()} slice cannot be read: {e.Message}", e);
        }
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
    /// <param name="mergerOptions">The report's ingest options (zone, currency, pipeline, quality settings), or null for the CLI's defaults.</param>
    /// <param name="fingerprint">The report's options as text (<c>Fingerprint</c>), as the partitions had them.</param>
    internal static string Json(IEnumerable<byte[]> parts, ReportSettings settings, IReadOnlyList<(InputKind Kind, string Name)> files, IReadOnlyList<IReadOnlyList<string>>? labelOrder, bool hasCosts, bool hasRevenue, string? targetsPath = null, LeadDataSetOptions? mergerOptions = null, string fingerprint = "")
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(files);
        var options = mergerOptions ?? new LoadOptions { LeadsPath = "leads" }.ToDataSetOptions();
        var encoding = new LeadEncoding();
        // The attribute columns as --by names them (the partitions' bytes give the leads file's spelling).
        var attributes = settings.By.Where(b => b.Trim().ToLowerInvariant() is not ("source" or "owner" or "rep" or "campaign")).Select(b => b.Trim()).ToList();
        var pass = ReportBuilder.Merger(options, settings, encoding, attributes, hasCosts, hasRevenue);
        pass.Extra!.Fingerprint = fingerprint;
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
            AttributeNames = [.. pass.Extra.RawAttributes.Select(a => a.Name)], Encoding = encoding, Merged = pass,
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
