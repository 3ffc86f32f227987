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
        Scores = columnar && settings.Scoring is { } model ? new ScoreEngine(model, plain) : null;
        Peak = new PeakHours(engine.Options, zone);
        Capacity = settings.Capacity is { } c ? new LeadMetrics.Capacity.CapacityCalculator(c.Options(encoding, zone)) : null;
        Maturity = new MaturityEngine(trend);
        // Conversion with open leads needs the as-of instant (the last instant observed, known after the pass): the row
        // path has its records; the columnar path keeps a compact copy of what the curve needs from each lead (32 bytes).
        Survival = new SurvivalEngine(settings.Confidence, plain);
        // Response time and time to conversion sketches of every group but the total's, for the Mann-Whitney comparisons.
        Durations = DurationSamples.For(plain.Where(g => !g.Equals(total)));
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

    /// <summary>The --by attribute dimensions of the columnar path (each a grouping of its own; <see cref="AttributePass"/>), in the report's order.</summary>
    public List<AttributePass> Attributes { get; } = [];

    /// <summary>The data set whose attribute labels the <see cref="Attributes"/> read and whose day-one scores <see cref="Scores"/> takes (the columnar path with attribute groupings or --scoring).</summary>
    public LeadDataSet? Data { get; set; }

    /// <summary>With --scoring on the columnar path, the streamed score groups, score quality and rep comparison by source and grade; else null.</summary>
    public ScoreEngine? Scores { get; }

    /// <summary>Adds a lead of the columnar path to every calculator.</summary>
    public void Add(LeadColumns batch)
    {
        Set.AddRange(batch);
        Peak.Set.AddRange(batch);
        foreach (var a in Attributes)
        {
            if (a.Index == 0)
            {
                // The batch's segment is the first attribute's label: the KPI set's columnar kernel reads it.
                a.Set.AddRange(batch);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var lead = batch[i];
            Add(lead);
            if (Extra is { KeepSamples: true } extra)
            {
                // A partition's leads travel as samples with their raw (unfolded) label of each attribute (ReportPassBytes).
                foreach (var a in Attributes)
                {
                    extra.AttributeIds[a.Index].Add(Data!.AttributeId(a.Index, lead.Lead));
                }
            }

            if (Scores is null)
            {
                foreach (var a in Attributes)
                {
                    a.Add(Data!.WithAttribute(lead, a.Index), a.Index != 0, default);
                }

                continue;
            }

            var score = Data!.ScoreOf(batch, i);
            Scores.Add(lead, score);
            foreach (var a in Attributes)
            {
                a.Add(Data.WithAttribute(lead, a.Index), a.Index != 0, score);
            }
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

    /// <summary>
    /// Merges the pass of the other thread of the same read (<see cref="LeadDataSet.ReadShared"/>: same settings, same
    /// encoding and data set) into this one, part by part by their own Merge, each exact and independent of the order of
    /// the leads, so that the report is the one a single pass over every batch gives (the CLI's one-thread and
    /// two-thread reports are compared byte for byte in the tests).
    /// </summary>
    public void Merge(ReportPass other)
    {
        if (Extra is not null || other.Extra is not null)
        {
            throw new InvalidOperationException("A pass over partitions merges as bytes (ReportPassBytes), not in process.");
        }

        Set.Merge(other.Set);
        Peak.Set.Merge(other.Peak.Set);
        foreach (var (grouping, finance) in Finance)
        {
            finance.Merge(other.Finance[grouping]);
        }

        Spend?.Merge(other.Spend!);
        Comparison?.Merge(other.Comparison!);
        Scores?.Merge(other.Scores!);
        Capacity?.Merge(other.Capacity!);
        Maturity.Merge(other.Maturity);
        Survival.Merge(other.Survival);
        foreach (var (grouping, durations) in Durations)
        {
            durations.Merge(other.Durations[grouping]);
        }

        var (first, last) = other.Span.Range;
        Span.Merge(first, last);
        for (var i = 0; i < Attributes.Count; i++)
        {
            Attributes[i].Merge(other.Attributes[i]);
        }
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

/// <summary>
/// The calculators of one --by attribute dimension on the columnar path: the leads with their label of the attribute as
/// segment (<see cref="LeadDataSet.WithAttribute"/>) go to the KPI set of the attribute's grouping, its survival curve
/// (a compact copy per lead, as the plain groupings'), its duration sketches and, with costs or revenue, its finance
/// calculator: what the row path computes over the attribute's records.
/// </summary>
internal sealed class AttributePass
{
    public AttributePass(string name, int index, LeadGrouping grouping, KpiEngine engine, double confidence, FinanceCalculator? finance, LeadMetrics.Scoring.ScoringModel? scoring)
    {
        Scores = scoring is null ? null : new ScoreEngine.ScoreGroups(scoring);
        Name = name;
        Index = index;
        Grouping = grouping;
        Set = engine.CreateSet([grouping]);
        Survival = new SurvivalEngine(confidence, [grouping]);
        Durations = DurationSamples.For([grouping])[grouping];
        Finance = finance;
    }

    /// <summary>The attribute column's name (as in the leads file).</summary>
    public string Name { get; }

    /// <summary>The attribute's index among the attributes the data set reads.</summary>
    public int Index { get; }

    public LeadGrouping Grouping { get; }

    public CalculatorSet<LeadKpiCalculator, LeadKpis> Set { get; }

    public SurvivalEngine Survival { get; }

    public GroupedCalculator<DurationSamples, DurationSamples> Durations { get; }

    public FinanceCalculator? Finance { get; }

    /// <summary>With --scoring, the score groups of the attribute's grouping.</summary>
    public ScoreEngine.ScoreGroups? Scores { get; }

    /// <summary>Merges the same attribute's calculators of the other thread's pass (see <see cref="ReportPass.Merge"/>).</summary>
    public void Merge(AttributePass other)
    {
        Set.Merge(other.Set);
        Survival.Merge(other.Survival);
        Durations.Merge(other.Durations);
        Finance?.Merge(other.Finance!);
        Scores?.Merge(other.Scores!);
    }

    /// <summary>Adds a lead whose segment is its label of the attribute (to the KPI set too unless the batch's kernel added it), with its day-one score under --scoring.</summary>
    public void Add(in LeadRecord lead, bool kpis, in LeadMetrics.Scoring.LeadScore score)
    {
        Scores?.Add(Grouping.KeyOf(lead), score);
        if (kpis)
        {
            Set.Add(lead);
        }

        Survival.Add(lead);
        Durations.Add(lead);
        Finance?.Add(lead);
    }
}
