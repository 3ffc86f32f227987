using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>Where the input files are and how to read them.</summary>
internal sealed record LoadOptions
{
    public required string LeadsPath { get; init; }

    public string? StagesPath { get; init; }

    public string? TouchpointsPath { get; init; }

    public string? CostsPath { get; init; }

    public string? RevenuePath { get; init; }

    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    public Currency Currency { get; init; } = Currency.Usd;

    /// <summary>--rates: units of <see cref="Currency"/> per unit of another currency, by ISO code; null without the option.</summary>
    public IReadOnlyDictionary<string, decimal>? Rates { get; init; }

    public ColumnMap Map { get; init; } = ColumnMap.Empty;

    public IReadOnlyDictionary<string, string> StageNames { get; init; } = new Dictionary<string, string>();

    public string? TimeFormat { get; init; }

    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>--on-duplicate: what a leads row with the lead_id of an earlier row does.</summary>
    public DuplicateLeadPolicy OnDuplicate { get; init; } = DuplicateLeadPolicy.First;

    /// <summary>
    /// Fold the case of labels (source, campaign, owner of leads.csv and costs.csv): labels equal ignoring case are one
    /// label, spelled as first seen in leads.csv (else in costs.csv).
    /// </summary>
    public bool FoldCase { get; init; }

    /// <summary>The outbound touchpoint kinds that count as a first response when <c>first_response_at</c> is empty.</summary>
    public IReadOnlyList<TouchpointKind> ResponseKinds { get; init; } = ResponseInference.DefaultKinds;

    public Pipeline Pipeline { get; init; } = Pipeline.Default;

    /// <summary>How a file is named in the report and in messages (the path as given when null).</summary>
    public Func<string, string>? DisplayPath { get; init; }

    /// <summary>Called with (file, bytes read, length) while a file is read, for a progress bar.</summary>
    public Action<string, long, long>? Progress { get; init; }

    /// <summary>The options of the columnar reader (leads and stages) for the same files and settings.</summary>
    public LeadDataSetOptions ToDataSetOptions() => new()
    {
        LeadsPath = LeadsPath,
        StagesPath = StagesPath,
        TouchpointsPath = TouchpointsPath,
        CostsPath = CostsPath,
        RevenuePath = RevenuePath,
        Zone = Zone,
        Currency = Currency,
        Rates = Rates,
        Map = Map,
        StageNames = StageNames,
        TimeFormat = TimeFormat,
        OnBadRow = OnBadRow,
        OnDuplicate = OnDuplicate,
        FoldCase = FoldCase,
        ResponseKinds = ResponseKinds,
        Pipeline = Pipeline,
        DisplayPath = DisplayPath,
    };
}

/// <summary>The validated data set of one report.</summary>
internal sealed class LoadedData
{
    public required List<Lead> Leads { get; init; }

    public required List<Touchpoint> Touchpoints { get; init; }

    public required List<CostEntry> Costs { get; init; }

    public required List<RevenueEntry> Revenue { get; init; }

    public required List<string> AttributeNames { get; init; }

    public required DataQuality Quality { get; init; }

    public required DateTimeZone Zone { get; init; }

    public required Currency Currency { get; init; }

    public required Pipeline Pipeline { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>True when a costs file was read.</summary>
    public bool HasCosts { get; init; }

    /// <summary>True when a revenue file was read.</summary>
    public bool HasRevenue { get; init; }

    /// <summary>How cost rows reaching outside the data's span were clipped to it (null when none did); see <see cref="CostClipping"/>.</summary>
    public CostClip? CostClip { get; init; }
}
