using LeadMetrics.Calculators;
using LeadMetrics.Cli.Input;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// Runs the library's streaming calculators over the lead records of one grouping and turns their snapshots
/// into <see cref="KpiSet"/>s. This is the only place that knows which calculators exist: the CLI does no KPI
/// math of its own, it maps results. A KPI whose calculator is not in the library yet stays null and is listed
/// in <see cref="Unavailable"/>.
/// </summary>
internal sealed class KpiEngine
{
    private readonly LoadedData _data;

    public KpiEngine(LoadedData data, IReadOnlyList<long> responseTargets)
    {
        _data = data;
        ResponseTargets = responseTargets;
    }

    public IReadOnlyList<long> ResponseTargets { get; }

    /// <summary>The KPI sections no calculator in this build computes.</summary>
    public static IReadOnlyList<string> Unavailable { get; } =
    [
        "conversion_rate", "win_rate", "funnel", "response_time_seconds", "time_to_conversion_seconds", "sales_cycle_seconds",
        "revenue", "average_deal_value", "cost", "cost_per_lead", "customer_acquisition_cost", "roi", "score",
    ];

    public List<(GroupKey Key, KpiSet Kpis)> Compute(LeadGrouping grouping, LeadRecord[] records)
    {
        _ = _data;
        var outcomes = new GroupedCalculator<OutcomeCounter, OutcomeCounts>(grouping, new OutcomeCounter());
        outcomes.AddRange(records);

        var result = new List<(GroupKey, KpiSet)>();
        foreach (var group in outcomes.Snapshot().Groups)
        {
            var kpis = new KpiSet
            {
                Leads = group.Result.Leads,
                Won = group.Result.Won,
                Lost = group.Result.Lost,
                Open = group.Result.Open,
            };
            result.Add((group.Key, kpis));
        }

        return result;
    }
}

/// <summary>Lead counts by outcome.</summary>
internal sealed record OutcomeCounts(long Leads, long Won, long Lost, long Open);

/// <summary>
/// Counts leads by outcome, in the library's calculator shape so that <see cref="GroupedCalculator{TCalculator, TResult}"/>
/// groups it. Interim: replaced by the library's funnel calculator once it is on main.
/// </summary>
internal sealed class OutcomeCounter : ILeadCalculator<OutcomeCounter, OutcomeCounts>
{
    private long _leads;
    private long _won;
    private long _lost;

    public void Add(in LeadRecord lead)
    {
        _leads++;
        if (lead.Outcome == LeadOutcome.Won)
        {
            _won++;
        }
        else if (lead.Outcome == LeadOutcome.Lost)
        {
            _lost++;
        }
    }

    public void Merge(OutcomeCounter other)
    {
        _leads += other._leads;
        _won += other._won;
        _lost += other._lost;
    }

    public OutcomeCounts Snapshot() => new(_leads, _won, _lost, _leads - _won - _lost);

    public OutcomeCounter CreateEmpty() => new();
}
