namespace LeadMetrics.Data.Reports;

/// <summary>
/// The options of a report over partitions (<see cref="PartitionedReport"/>), the same in every partition and in the
/// merger: they are the <c>leadmetrics report</c> options of the same names, typed (the CLI's texts parsed), each with
/// the CLI's default. <c>--by</c> a lead attribute column travels by label; one with more labels than
/// <see cref="MaxGroups"/> over the merged partitions is folded by the merger as the CLI folds it (the smallest into
/// "(other: N values)").
/// <see cref="PartitionedReport"/> validates them and names a wrong one and its value in an <see cref="ArgumentException"/>.
/// </summary>
public sealed record PartitionedReportOptions
{
    /// <summary>
    /// The groupings (<c>--by</c>): each entry one grouping, its dimensions separated by commas, such as
    /// <c>"source"</c> or <c>"source,campaign"</c>; empty for the totals only. Dimensions: source, campaign, owner, or an
    /// attribute column of the leads file (any case).
    /// </summary>
    public IReadOnlyList<string> By { get; init; } = [];

    /// <summary>The trend period (<c>--period</c>): <c>day</c>, <c>week</c>, <c>month</c> or <c>quarter</c>; null for none.</summary>
    public string? Period { get; init; }

    /// <summary>Leads per rep and week (<c>--capacity</c>): the default first, then rep=leads, such as <c>"40,dana=30"</c>; null for no capacity section.</summary>
    public string? Capacity { get; init; }

    /// <summary>A targets file (<c>--targets</c>, JSON of KPI path to min and max), read by the merger; null for none.</summary>
    public string? TargetsPath { get; init; }

    /// <summary>The zone of local timestamps, dates and periods (<c>--zone</c>); UTC by default.</summary>
    public NodaTime.DateTimeZone Zone { get; init; } = NodaTime.DateTimeZone.Utc;

    /// <summary>The report's currency (<c>--currency</c>), of every amount without a currency column; USD by default.</summary>
    public Currency Currency { get; init; } = Currency.Usd;

    /// <summary>
    /// Units of <see cref="Currency"/> per unit of another currency, by ISO code (<c>--rates</c>, the rates file read by
    /// the caller), to convert amounts whose currency column names another currency; null without the option (such rows
    /// are rejected as currency_mismatch). Every rate must be positive.
    /// </summary>
    public IReadOnlyDictionary<string, decimal>? Rates { get; init; }

    /// <summary>The column mapping (<c>--map</c>): each entry <c>[file.]canonical=column[|fallback]</c> or <c>canonical='literal'</c>, comma-separated; empty for none.</summary>
    public IReadOnlyList<string> Map { get; init; } = [];

    /// <summary>Stage names of the stages file mapped to pipeline stages (<c>--stage-names</c>, name to stage, case-insensitive names); empty for none.</summary>
    public IReadOnlyDictionary<string, string> StageNames { get; init; } = new Dictionary<string, string>();

    /// <summary>An extra NodaTime pattern for local date-times (<c>--time-format</c>), or null.</summary>
    public string? TimeFormat { get; init; }

    /// <summary>What a bad row does (<c>--on-bad-row</c>): fail the partition (the default), or skip and count it by reason.</summary>
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>
    /// What a leads row with the lead_id of an earlier row does (<c>--on-duplicate</c>). Over partitions a lead id's
    /// rows all land in one slice (split by lead id), so the policy holds as in one pass.
    /// </summary>
    public DuplicateLeadPolicy OnDuplicate { get; init; } = DuplicateLeadPolicy.First;

    /// <summary>Fold the case of source, campaign and owner labels (<c>--fold-case</c>).</summary>
    public bool FoldCase { get; init; }

    /// <summary>The outbound touchpoint kinds that count as a first response (<c>--response-kinds</c>); call, email and chat by default; never meeting.</summary>
    public IReadOnlyList<TouchpointKind> ResponseKinds { get; init; } = ResponseInference.DefaultKinds;

    /// <summary>The response-time targets in seconds for the within-target shares (<c>--response-targets</c>), each positive; 300 and 3600 by default.</summary>
    public IReadOnlyList<long> ResponseTargets { get; init; } = [300, 3600];

    /// <summary>The open stage the sales cycle starts at (<c>--cycle-from</c>), or null for creation.</summary>
    public string? CycleFrom { get; init; }

    /// <summary>The lifetime-value horizon in months (<c>--ltv-months</c>), 1 to 600; 6 by default.</summary>
    public int LifetimeValueMonths { get; init; } = 6;

    /// <summary>The confidence level of every interval (<c>--confidence</c>), a fraction strictly between 0 and 1; 0.95 by default.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The gross margin of revenue (<c>--margin</c>), a fraction from 0 to 1, or null for none.</summary>
    public decimal? Margin { get; init; }

    /// <summary>
    /// The most labels a <c>--by</c> dimension shows (<c>--max-groups</c>), 1 to 1,000,000; 1000 by default. An attribute
    /// column with more labels (of the leads the stage join accepts, over all partitions) keeps the largest and folds the
    /// rest into one "(other: N values)" group at the merger, as the CLI does; a source, campaign or owner column with more
    /// is refused.
    /// </summary>
    public int MaxGroups { get; init; } = 1000;

    /// <summary>
    /// The ICP scoring model (<c>--scoring</c>, e.g. read with <c>ScoringModelJson.Load</c>), or null for none: each
    /// partition scores its slice's leads as of their creation, and the score groups, score quality and rep comparison by
    /// source and grade travel with the bytes. Partitions of another model are refused (its name and a hash of its JSON
    /// are in the options' fingerprint).
    /// </summary>
    public LeadMetrics.Scoring.ScoringModel? Scoring { get; init; }

    /// <summary>Whether the report has a costs file (given whole to one partition).</summary>
    public bool HasCosts { get; init; }

    /// <summary>Whether the report has a revenue file.</summary>
    public bool HasRevenue { get; init; }
}

/// <summary>The files of one partition's slice of the data, and which part of the whole it is.</summary>
public sealed record ReportSlice
{
    /// <summary>The slice's leads file (CSV, or Parquet by extension).</summary>
    public required string LeadsPath { get; init; }

    /// <summary>The slice's stages file (the stage rows of the slice's leads), or null.</summary>
    public string? StagesPath { get; init; }

    /// <summary>The slice's touchpoints file, or null.</summary>
    public string? TouchpointsPath { get; init; }

    /// <summary>The costs file: given whole to one slice, null in the others (and without costs).</summary>
    public string? CostsPath { get; init; }

    /// <summary>The slice's revenue file (the payments of the slice's leads), or null.</summary>
    public string? RevenuePath { get; init; }

    /// <summary>
    /// The slice's place among the partitions: part <c>i</c> of <c>n</c> is <c>new LeadKeyRange(i, n)</c>, so that the
    /// slices' leads are numbered apart. The default, part 0 of 1, is the whole data in one slice.
    /// </summary>
    public LeadKeyRange Part { get; init; } = LeadKeyRange.Default;

    /// <summary>
    /// For each file of the slice cut from a whole file, a row index file: for each of the slice's data rows, its line in
    /// the whole file as the report counts lines, less 2 (the header is line 1, a record is one line even when a quoted
    /// cell spans lines, a blank line counts: without blank lines, the row's index in the whole file), as little-endian
    /// 64-bit integers (what the Orleans sample's <c>DataParts</c> writes; the slice itself without blank lines). The
    /// data-quality examples of such a file then carry the whole file's line numbers. Not mapped: the physical line that a
    /// stray quote's message names inside its text. Empty: the slice's line numbers.
    /// </summary>
    public IReadOnlyDictionary<InputKind, string> RowIndexPaths { get; init; } = new Dictionary<InputKind, string>();
}
