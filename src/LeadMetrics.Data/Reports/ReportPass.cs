using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// The state of the report's one pass over the leads (issue 20): the calculators <see cref="ReportBuilder"/> feeds with
/// every lead (the KPI set of every plain grouping, peak hours, the finance calculators, spend, the rep comparison,
/// capacity, cohort maturity, the Mann-Whitney duration sketches, the survival copy of each lead, the span costs are
/// clipped to). The CLI fills one and builds its report from it; a partition fills one from its slice
/// (<see cref="ReportBuilder.Partition"/>) and sends it as bytes (<see cref="ReportPassBytes.Serialize"/>), and the
/// merger merges them into its own (<see cref="ReportBuilder.Merger"/>, <see cref="ReportPassBytes.MergeSerialized"/>)
/// and builds the same report from it (<see cref="ReportSource.Merged"/>, <see cref="PartitionedReport"/>).
/// </summary>
internal sealed class ReportPass
{
    private readonly bool _clipCosts;

    public ReportPass(KpiEngine engine, ReportSettings settings, LeadEncoding encoding, DateTimeZone zone, IReadOnlyList<LeadGrouping> plain, LeadGrouping total, LeadGrouping trend, MoneyEngine money, bool columnar, bool hasCosts, bool hasRevenue)
    {
        Plain = plain;
        Set = engine.CreateSet(plain);
        // Without costs or revenue the money KPIs are the won deal value and its margin, which the KPI set has already:
        // the columnar path then keeps no finance calculator (each holds 24 bytes per lead, for revenue to join).
        Finance = columnar && !hasCosts && !hasRevenue ? [] : plain.ToDictionary(g => g, money.CreateFinance);
        _clipCosts = columnar && hasCosts;
        Spend = money.CreateSpendFinance(trend, hasCosts);
        // With --scoring the reps are compared by source and grade after the pass (ScoreEngine), not by source alone.
        Comparison = settings.Scoring is null ? new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source)) : null;
        Peak = new PeakHours(engine.Options, zone);
        Capacity = settings.Capacity is { } c ? new LeadMetrics.Capacity.CapacityCalculator(c.Options(encoding, zone)) : null;
        Maturity = new MaturityEngine(trend);
        // Conversion with open leads needs the as-of instant (the last instant observed, known after the pass): the row
        // path has its records; the columnar path keeps a compact copy of what the curve needs from each lead (32 bytes).
        Survival = new SurvivalEngine(settings.Confidence, plain);
        // Response time and time to conversion sketches of every group but the total's, for the Mann-Whitney comparisons.
        Durations = DurationSamples.For(plain.Where(g => g != total));
    }

    /// <summary>The groupings of the pass: total, trend, and each plain --by dimension.</summary>
    public IReadOnlyList<LeadGrouping> Plain { get; }

    public CalculatorSet<LeadKpiCalculator, LeadKpis> Set { get; }

    public Dictionary<LeadGrouping, FinanceCalculator> Finance { get; }

    public FinanceCalculator? Spend { get; }

    public RepComparisonCalculator? Comparison { get; }

    public PeakHours Peak { get; }

    public LeadMetrics.Capacity.CapacityCalculator? Capacity { get; }

    public MaturityEngine Maturity { get; }

    public SurvivalEngine Survival { get; }

    public Dictionary<LeadGrouping, GroupedCalculator<DurationSamples, DurationSamples>> Durations { get; }

    /// <summary>The span that costs are clipped to (columnar path; the row path's loader clips).</summary>
    public CostClipping.Span Span { get; } = new();

    /// <summary>A partition's or the merger's state that only a pass over partitions has (null in the CLI's own pass).</summary>
    public ReportPassBytes.Extra? Extra { get; set; }

    /// <summary>Adds a lead of the columnar path to every calculator.</summary>
    public void Add(LeadColumns batch)
    {
        Set.AddRange(batch);
        Peak.Set.AddRange(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            Add(batch[i]);
        }
    }

    private void Add(in LeadRecord lead)
    {
        foreach (var f in Finance.Values)
        {
            f.Add(lead);
        }

        Comparison?.Add(lead);
        Capacity?.Add(lead);
        Survival.Add(lead);
        foreach (var d in Durations.Values)
        {
            d.Add(lead);
        }

        Spend?.Add(lead);
        if (_clipCosts)
        {
            Span.AddLead(lead.CreatedAt, lead.ClosedAt);
        }

        Maturity.Add(lead);
        Extra?.Keep(lead);
    }

    /// <summary>Adds what the survival curve, the duration sketches and the maturity read from a lead of another partition (ids of this encoding).</summary>
    internal void AddSample(in LeadRecord lead)
    {
        Survival.Add(lead);
        foreach (var d in Durations.Values)
        {
            d.Add(lead);
        }

        Maturity.Add(lead);
    }
}
