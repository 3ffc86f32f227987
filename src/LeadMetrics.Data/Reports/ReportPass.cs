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

    /// <summary>Adds a batch of the columnar path to every calculator (<see cref="AddEarly"/>, then <see cref="AddLate"/>).</summary>
    public void Add(LeadColumns batch)
    {
        AddEarly(batch);
        AddLate(batch);
    }

    /// <summary>Which calculators <see cref="AddEarly"/> feeds (a bit each; temporary, for measuring the split).</summary>
    internal static readonly int EarlyMask = int.TryParse(Environment.GetEnvironmentVariable("LEADMETRICS_EARLY"), out var m) ? m : 0;

    /// <summary>
    /// The part of a batch's work that the joining thread does with two threads, before it hands the batch to the
    /// consuming thread (<see cref="LeadDataSet"/>'s two-thread read): calculators that <see cref="AddLate"/> does not
    /// touch, so each calculator still sees every batch in order on one thread.
    /// </summary>
    public void AddEarly(LeadColumns batch)
    {
        var mask = EarlyMask;
        if ((mask & 1) != 0)
        {
            Set.AddRange(batch);
        }

        if ((mask & 2) != 0)
        {
            Peak.Set.AddRange(batch);
        }

        if ((mask & 0x3C) == 0)
        {
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var lead = batch[i];
            if ((mask & 4) != 0)
            {
                Survival.Add(lead);
            }

            if ((mask & 8) != 0)
            {
                Comparison?.Add(lead);
            }

            if ((mask & 16) != 0)
            {
                foreach (var d in Durations.Values)
                {
                    d.Add(lead);
                }
            }

            if ((mask & 32) != 0)
            {
                Maturity.Add(lead);
            }
        }
    }

    /// <summary>The rest of a batch's work (<see cref="AddEarly"/>): on the consuming thread with two threads.</summary>
    public void AddLate(LeadColumns batch)
    {
        var mask = EarlyMask;
        if ((mask & 1) == 0)
        {
            Set.AddRange(batch);
        }

        if ((mask & 2) == 0)
        {
            Peak.Set.AddRange(batch);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            AddLateLead(batch[i], mask);
        }
    }

    private void AddLateLead(in LeadRecord lead, int mask)
    {
        foreach (var f in Finance.Values)
        {
            f.Add(lead);
        }

        if ((mask & 8) == 0)
        {
            Comparison?.Add(lead);
        }

        Capacity?.Add(lead);
        if ((mask & 4) == 0)
        {
            Survival.Add(lead);
        }

        if ((mask & 16) == 0)
        {
            foreach (var d in Durations.Values)
            {
                d.Add(lead);
            }
        }

        Spend?.Add(lead);
        if (_clipCosts)
        {
            Span.AddLead(lead.CreatedAt, lead.ClosedAt);
        }

        if ((mask & 32) == 0)
        {
            Maturity.Add(lead);
        }

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
