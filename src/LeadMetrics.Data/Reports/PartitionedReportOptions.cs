namespace LeadMetrics.Data.Reports;

/// <summary>
/// The options of a report over partitions (<see cref="PartitionedReport"/>), the same in every partition and in the
/// merger: they are the <c>leadmetrics report</c> options of the same names. The rest are the CLI's defaults: zone
/// UTC, currency USD, the default pipeline, a bad row fails the run.
/// </summary>
public sealed record PartitionedReportOptions
{
    /// <summary>
    /// The groupings (<c>--by</c>): each entry one grouping, its dimensions separated by commas, such as
    /// <c>"source"</c> or <c>"source,campaign"</c>; empty for the totals only. Dimensions: source, campaign, owner.
    /// </summary>
    public IReadOnlyList<string> By { get; init; } = [];

    /// <summary>The trend period (<c>--period</c>): <c>day</c>, <c>week</c>, <c>month</c> or <c>quarter</c>; null for none.</summary>
    public string? Period { get; init; }

    /// <summary>Leads per rep and week (<c>--capacity</c>): the default first, then rep=leads, such as <c>"40,dana=30"</c>; null for no capacity section.</summary>
    public string? Capacity { get; init; }

    /// <summary>A targets file (<c>--targets</c>, JSON of KPI path to min and max), read by the merger; null for none.</summary>
    public string? TargetsPath { get; init; }

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
}
