using LeadMetrics.Performance;
using LeadMetrics.Scoring;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The KPIs of one scope (the total or one group). A section the library cannot compute yet, or that the
/// data cannot support (no costs file, no answered leads), is null; JSON writes it as null.
/// </summary>
internal sealed partial class ReportKpis
{
    /// <summary>
    /// The library's combined lead KPIs of the scope (<see cref="KpiEngine.Map(LeadMetrics.Calculators.LeadKpis)"/>), null where
    /// the report made the scope another way. A lead KPI added to the report reads its value from here in its
    /// <see cref="ReportKpiTable"/> entry, without a property of its own below.
    /// </summary>
    public LeadMetrics.Calculators.LeadKpis? Lead { get; set; }

    public long Leads { get; set; }

    public long Won { get; set; }

    public long Lost { get; set; }

    public long Open { get; set; }

    /// <summary>Won leads / all leads (a fraction).</summary>
    public double? ConversionRate { get; set; }

    /// <summary>Won leads / closed leads (a fraction).</summary>
    public double? WinRate { get; set; }

    public IReadOnlyList<FunnelStep>? Funnel { get; set; }

    public ResponseTimeKpis? ResponseTime { get; set; }

    public DurationStats? TimeToConversion { get; set; }

    /// <summary>Time spent in each stage before moving on (where leads get stuck).</summary>
    public IReadOnlyList<StageTime>? StageTimes { get; set; }

    public SalesCycleKpis? SalesCycle { get; set; }

    public decimal? Revenue { get; set; }

    /// <summary>The sum of the deal values of won leads (leads.csv value), in the report currency.</summary>
    public decimal? WonValue { get; set; }

    public decimal? AverageDealValue { get; set; }

    public decimal? Cost { get; set; }

    /// <summary>
    /// True when at least one cost row landed in the scope, false when none did (then cost per lead, acquisition cost,
    /// ROI and ROAS are null: "no cost data", not free), null where costs cannot land (no costs file, owner or attribute groups).
    /// </summary>
    public bool? HasCostData { get; set; }

    public decimal? CostPerLead { get; set; }

    public decimal? CustomerAcquisitionCost { get; set; }

    /// <summary>(revenue - cost) / cost, a fraction.</summary>
    public decimal? Roi { get; set; }

    /// <summary>Revenue / media cost.</summary>
    public decimal? Roas { get; set; }

    /// <summary>
    /// With revenue.csv: the part of <see cref="Revenue"/> paid by customers (won leads, payments dated at or after the
    /// lead's creation), the library's <c>FinanceResult.CustomerRevenue</c>; null without revenue.csv.
    /// </summary>
    public decimal? CustomerRevenue { get; set; }

    /// <summary>Revenue × --margin (the library's <c>FinanceResult.GrossProfit</c>); null without --margin.</summary>
    public decimal? GrossProfit { get; set; }

    /// <summary>(gross profit − cost) / cost, a fraction; null without --margin or without cost data.</summary>
    public decimal? RoiOnMargin { get; set; }

    /// <summary>
    /// The cost of each category (media, team_time, tooling, other) that landed in the scope: the numerators of cost per
    /// lead (media), acquisition cost (media + team_time), ROI (all) and ROAS (media). Null where <see cref="Cost"/> is null.
    /// </summary>
    public IReadOnlyList<(string Category, decimal Amount)>? CostByCategory { get; set; }

    /// <summary>Realized revenue per customer over the lifetime-value horizon (revenue.csv).</summary>
    public decimal? LifetimeValue { get; set; }

    /// <summary>The numerators and denominators of <see cref="LifetimeValue"/>: customers, and per month since winning the customers observed and their revenue.</summary>
    public LifetimeValueDetail? LifetimeValueDetail { get; set; }

    public ScoreKpis? Score { get; set; }

    /// <summary>
    /// Figures of this scope that are null because they do not fit the type (not because data is missing): KPI name
    /// (as in JSON) to the reason, such as ROI over a cost of 10⁻²⁸ (issue 15). JSON writes them as <c>undefined</c>;
    /// the tables show "–" and the report's notes give the reason.
    /// </summary>
    public SortedDictionary<string, string> Undefined { get; } = new(StringComparer.Ordinal);
}

/// <summary>How many leads reached a funnel stage, and the share of the previous stage's leads that did.</summary>
internal sealed record FunnelStep(string Stage, long Reached, double? ConversionFromPrevious, long LostHere, long OpenHere);

/// <summary>Count, mean and quantiles of durations, in seconds, with the library's histogram for charts.</summary>
internal sealed record DurationStats(long Count, double? Mean, double? P50, double? P90)
{
    /// <summary>The histogram bins (label such as "5m-15m", count, share of the count); empty when the library gives none.</summary>
    public IReadOnlyList<(string Label, long Count, double? Share)> Histogram { get; init; } = [];
}

/// <summary>Time spent in one stage (stage velocity), in seconds.</summary>
internal sealed record StageTime(string Stage, DurationStats Durations);

/// <summary>Response-time KPIs: answered count, unanswered count, duration statistics, and share answered within each target.</summary>
internal sealed record ResponseTimeKpis(long Count, long Unanswered, DurationStats Durations, IReadOnlyList<(long TargetSeconds, double? Share)> WithinTargetShare);

/// <summary>Sales cycle of won and of lost leads.</summary>
internal sealed record SalesCycleKpis(DurationStats Won, DurationStats Lost)
{
    /// <summary>Closed leads that never reached the cycle's start stage (0 when the cycle starts at creation).</summary>
    public long ClosedWithoutStart { get; init; }
}

/// <summary>ICP score KPIs.</summary>
internal sealed record ScoreKpis(long Count, decimal? Mean, decimal? MeanFit, decimal? MeanEngagement, IReadOnlyList<(string Grade, long Count)> Grades);

/// <summary>One group: its key (dimension name to label, plus "period" when grouped by period) and its KPIs.</summary>
internal sealed record GroupReport(IReadOnlyList<(string Name, string Value)> Key, ReportKpis Kpis)
{
    public string Label => string.Join(", ", Key.Select(k => k.Value));

    public string? Dimension => Key.FirstOrDefault(k => k.Name != "period").Name;
}

/// <summary>
/// One rep in the fair comparison: closed leads, wins, the observed win rate, the wins the team's win rate per source
/// predicts for the rep's leads, the performance index (won / expected) and the win rate adjusted for the rep's mix.
/// </summary>
internal sealed record RepRow(string Rep, long Leads, long Won, long Lost, decimal? WinRate, decimal ExpectedWon, decimal? PerformanceIndex, decimal? AdjustedWinRate);

/// <summary>A target check on one KPI of one scope (for a change check, Value, Min and Max are relative changes and <see cref="Change"/> says from what).</summary>
internal sealed record TargetResult(string Scope, string Kpi, double? Value, double? Min, double? Max, string Status)
{
    /// <summary>For a check of a change between two periods, the period before, both values and the test; null for a level check.</summary>
    public ChangeDetail? Change { get; init; }
}

/// <summary>
/// A change check's details: the scope of the period before, the KPI's value there and now, and with
/// require_significance the p-value of the test of the two rates (null when the change is within its bounds or a rate
/// has no trials) and the level it had to be below.
/// </summary>
internal sealed record ChangeDetail(string BaselineScope, double? Baseline, double? Current, double? PValue, double? SignificanceLevel);

/// <summary>The whole report, as written in every format.</summary>
internal sealed partial class ReportModel
{
    public const int SchemaVersion = 1;

    public required string Currency { get; init; }

    public required string Zone { get; init; }

    public required IReadOnlyList<string> GroupBy { get; init; }

    public string? Period { get; init; }

    public required ReportKpis Total { get; init; }

    public required IReadOnlyList<GroupReport> Groups { get; init; }

    /// <summary>The total by period (the chosen --period, or month when none was chosen), for the trend chart.</summary>
    public required string TrendPeriod { get; init; }

    public required IReadOnlyList<GroupReport> Trend { get; init; }

    public required DataQuality DataQuality { get; init; }

    public IReadOnlyList<TargetResult> Targets { get; set; } = [];

    /// <summary>Every owner's win rate beside the rate adjusted for the owner's lead mix by source (the library's RepComparisonCalculator).</summary>
    public IReadOnlyList<RepRow> Reps { get; init; } = [];

    /// <summary>Response time by the local hour of arrival (only hours with leads), see <see cref="PeakHours"/>.</summary>
    public IReadOnlyList<PeakRow> ResponseByHour { get; init; } = [];

    /// <summary>The mix cells of the fair rep comparison: <c>source</c>, or <c>source,grade</c> with --scoring.</summary>
    public string RepMix { get; init; } = "source";

    /// <summary>Whether the score predicts (--scoring), or null.</summary>
    public ScoreQualityModel? ScoreQuality { get; init; }

    /// <summary>Capacity per rep and week (--capacity), or null.</summary>
    public CapacityModel? Capacity { get; init; }

    /// <summary>Response time by the ISO weekday of arrival (only days with leads).</summary>
    public IReadOnlyList<PeakRow> ResponseByWeekday { get; init; } = [];

    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>"realized" (revenue.csv) or "won_deal_value" (leads.csv value).</summary>
    public string RevenueBasis { get; init; } = "won_deal_value";

    /// <summary>The gross margin of --margin (0 to 1), or null: then every gross_profit and roi_on_margin is null.</summary>
    public decimal? Margin { get; init; }

    /// <summary>The lifetime-value horizon in months.</summary>
    public int LifetimeValueMonths { get; init; }

    /// <summary>Where the sales cycle starts: <c>created</c>, or the stage of --cycle-from.</summary>
    public string SalesCycleFrom { get; init; } = "created";

    /// <summary>The name of the scoring model the leads were scored with, or null without --scoring.</summary>
    public string? ScoringModel { get; init; }

    public required string Generator { get; init; }

    /// <summary>Sentences a reader needs to read the numbers right (such as where campaign-less costs land), in every format.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
