using NodaTime;

namespace LeadMetrics.Data;

/// <summary>Where a data set's files are and how to read them (the options of the <c>leadmetrics report</c> command).</summary>
public sealed record LeadDataSetOptions
{
    /// <summary>The default number of leads per batch.</summary>
    public const int DefaultBlockSize = 16_384;

    /// <summary>leads.csv: one row per lead (lead_id, created_at, source, campaign, owner, first_response_at, won_at, lost_at, value, attribute columns).</summary>
    public required string LeadsPath { get; init; }

    /// <summary>stages.csv (lead_id, stage, at), or null.</summary>
    public string? StagesPath { get; init; }

    /// <summary>
    /// touchpoints.csv (lead_id, at, channel, kind, direction, campaign, actor), or null: read into a compact per-lead
    /// state (the earliest outbound touchpoint of a response kind, the first response of a lead without
    /// first_response_at); no object per row.
    /// </summary>
    public string? TouchpointsPath { get; init; }

    /// <summary>costs.csv (date, or from and to; source, campaign, amount, category), or null: read after the leads into <see cref="LeadDataSet.Costs"/>.</summary>
    public string? CostsPath { get; init; }

    /// <summary>revenue.csv (lead_id, at, amount), or null: read after the leads into <see cref="LeadDataSet.Revenue"/>, joined to the leads' keys.</summary>
    public string? RevenuePath { get; init; }

    /// <summary>
    /// Exchange rates for amounts whose <c>currency</c> column names another currency than <see cref="Currency"/>: the
    /// units of <see cref="Currency"/> per one unit of the keyed ISO 4217 code (case-insensitive). An amount in a
    /// currency without a rate is rejected as <see cref="Reasons.CurrencyMismatch"/>, never summed as the report's.
    /// </summary>
    public IReadOnlyDictionary<string, decimal>? Rates { get; init; }

    /// <summary>The zone local date-times and dates are read in (UTC by default).</summary>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    /// <summary>The currency of deal values (US dollars by default).</summary>
    public Currency Currency { get; init; } = Currency.Usd;

    /// <summary>The column mapping (<c>--map</c>).</summary>
    public ColumnMap Map { get; init; } = ColumnMap.Empty;

    /// <summary>Stage names of the files mapped to stages of the pipeline (<c>--stage-names</c>), by name.</summary>
    public IReadOnlyDictionary<string, string> StageNames { get; init; } = new Dictionary<string, string>();

    /// <summary>An extra NodaTime local date-time pattern tried first (<c>--time-format</c>), or null.</summary>
    public string? TimeFormat { get; init; }

    /// <summary>What a bad row does (<see cref="BadRowPolicy.Fail"/> by default).</summary>
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>What a leads row with the lead_id of an earlier row does (<c>--on-duplicate</c>; <see cref="DuplicateLeadPolicy.First"/> by default).</summary>
    public DuplicateLeadPolicy OnDuplicate { get; init; } = DuplicateLeadPolicy.First;

    /// <summary>
    /// Fold the case of labels (source, campaign, owner): labels equal ignoring case are one label, spelled as first seen.
    /// </summary>
    public bool FoldCase { get; init; }

    /// <summary>
    /// The touchpoint kinds that count as a first response, as reported in <see cref="DataQuality.Responses"/> (this reader
    /// does not read touchpoints, so none is inferred); null for <see cref="ResponseInference.DefaultKinds"/>.
    /// </summary>
    public IReadOnlyList<TouchpointKind>? ResponseKinds { get; init; }

    /// <summary>The pipeline stage rows refer to (<see cref="Pipeline.Default"/> by default).</summary>
    public Pipeline Pipeline { get; init; } = Pipeline.Default;

    /// <summary>How a file is named in the data-quality counts and in messages (the path as given when null).</summary>
    public Func<string, string>? DisplayPath { get; init; }

    /// <summary>
    /// Called with (file, bytes read, length) while a file is read, and with (<see cref="LeadDataSet.JoinPhase"/>, leads
    /// done, leads) while the leads are joined with their stages and touchpoints and handed to the calculators; for a
    /// progress bar; or null.
    /// </summary>
    public Action<string, long, long>? Progress { get; init; }

    /// <summary>
    /// The lead keys the reader gives (issue 20 (b)): the k-th lead built gets key <c>1 + (k − 1) × Stride + Offset</c>;
    /// by default 1, 2, 3... For partitions of one data set split by lead id hash, part <c>i</c> of <c>n</c> uses
    /// <c>new LeadKeyRange(i, n)</c>: keys are then unique across the parts (and still dense overall), so that the
    /// money and lifetime-value partials, whose state holds lead keys, merge instead of being refused as repeated leads.
    /// </summary>
    public LeadKeyRange LeadKeys { get; init; } = LeadKeyRange.Default;

    /// <summary>The most leads per batch (1 to 65,536; <see cref="DefaultBlockSize"/> by default).</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;
}
