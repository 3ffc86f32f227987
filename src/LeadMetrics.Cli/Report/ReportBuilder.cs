using LeadMetrics.Calculators;
using LeadMetrics.Cli.Input;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;

namespace LeadMetrics.Cli.Report;

/// <summary>How to group a report.</summary>
internal sealed record ReportSettings
{
    /// <summary>Dimensions to group by: source, owner, campaign, or a lead attribute name. Each gives its own groups.</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    public TimeBucket Period { get; init; } = TimeBucket.None;

    /// <summary>Response-time targets, in seconds, for the within-target shares.</summary>
    public IReadOnlyList<long> ResponseTargets { get; init; } = [300, 3600];

    /// <summary>The lifetime-value horizon in months.</summary>
    public int LifetimeValueMonths { get; init; } = 6;

    /// <summary>The ICP scoring model (--scoring), or null: then every score section is null.</summary>
    public LeadMetrics.Scoring.ScoringModel? Scoring { get; init; }
}

/// <summary>Builds the report model from a loaded data set: the total, each group, and the period trend.</summary>
internal static class ReportBuilder
{
    public static ReportModel Build(LoadedData data, ReportSettings settings)
    {
        var encoding = new LeadEncoding();
        var records = new LeadRecord[data.Leads.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = LeadRecord.FromLead(data.Leads[i], encoding);
        }

        var engine = new KpiEngine(data, settings.ResponseTargets);
        var trendBucket = settings.Period == TimeBucket.None ? TimeBucket.Month : settings.Period;
        var trendGrouping = new LeadGrouping(GroupDimension.None, trendBucket, data.Zone);

        // The total is one group in the report zone, like every other grouping: the money KPIs place dated facts
        // (revenue months since winning for the lifetime value, costs) by local date, so LeadGrouping.Total (UTC)
        // would give a total that is not the merge of its groups.
        var totalGrouping = new LeadGrouping(GroupDimension.None, TimeBucket.None, data.Zone);

        // Groupings over the plain records (total, source, owner, campaign, trend) run in one pass; each attribute
        // dimension needs records whose segment is that attribute, so it runs in a pass of its own.
        var dims = settings.By.Select(b => b.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Select(b => (Name: b, Resolved: ResolveDimension(b, data))).DistinctBy(d => d.Resolved).ToList();
        var plain = new List<LeadGrouping> { totalGrouping, trendGrouping };
        foreach (var d in dims.Where(d => d.Resolved.Attribute is null))
        {
            var g = new LeadGrouping(d.Resolved.Dimension, settings.Period, data.Zone);
            if (!plain.Contains(g))
            {
                plain.Add(g);
            }
        }

        var results = engine.Compute(plain, records);
        var scores = settings.Scoring is { } model ? new ScoreEngine(model, data.Leads, data.Touchpoints) : null;
        scores?.Apply(totalGrouping, records, results[0]);
        scores?.Apply(trendGrouping, records, results[1]);
        var money = new MoneyEngine(data, encoding, data.HasCosts, data.HasRevenue, settings.LifetimeValueMonths, engine.Empty);
        money.Apply(totalGrouping, records, results[0]);
        money.Apply(trendGrouping, records, results[1]);
        results[1].Sort((a, b) => a.Key.Period.CompareTo(b.Key.Period));
        var total = results[0] is [var only] ? only.Kpis : KpiEngine.Map(new LeadKpiCalculator().Snapshot());
        var trend = results[1].Select(g => new GroupReport([("period", g.Key.PeriodLabel)], g.Kpis)).ToList();

        var groups = new List<GroupReport>();
        var groupBy = new List<string>();
        foreach (var (name, (dimension, attribute)) in dims)
        {
            var label = attribute ?? (dimension == GroupDimension.Owner ? "owner" : name.ToLowerInvariant());
            groupBy.Add(label);
            var grouping = new LeadGrouping(dimension, settings.Period, data.Zone);
            List<(GroupKey Key, KpiSet Kpis)> computed;
            var groupRecords = records;
            if (attribute is null)
            {
                computed = results[plain.IndexOf(grouping)];
            }
            else
            {
                groupRecords = new LeadRecord[data.Leads.Count];
                for (var i = 0; i < groupRecords.Length; i++)
                {
                    groupRecords[i] = LeadRecord.FromLead(data.Leads[i], encoding, attribute);
                }

                computed = engine.Compute([grouping], groupRecords)[0];
            }

            scores?.Apply(grouping, groupRecords, computed);
            money.Apply(grouping, groupRecords, computed);

            foreach (var (key, kpis) in computed
                .OrderBy(c => encoding.DimensionLabel(c.Key, attribute), StringComparer.Ordinal)
                .ThenBy(c => c.Key.Period))
            {
                var keyParts = new List<(string, string)> { (label, encoding.DimensionLabel(key, attribute)) };
                if (settings.Period != TimeBucket.None)
                {
                    keyParts.Add(("period", key.PeriodLabel));
                }

                groups.Add(new GroupReport(keyParts, kpis));
            }
        }

        if (settings.Period != TimeBucket.None && dims.Count == 0)
        {
            groups.AddRange(trend);
        }

        return new ReportModel
        {
            Currency = data.Currency.Code,
            Zone = data.Zone.Id,
            GroupBy = groupBy,
            Period = settings.Period == TimeBucket.None ? null : PeriodName(settings.Period),
            Total = total,
            Groups = groups,
            TrendPeriod = PeriodName(trendBucket),
            Trend = trend,
            Reps = CompareReps(records, encoding),
            DataQuality = data.Quality,
            Unavailable = KpiEngine.Unavailable,
            Inputs = data.Files,
            ScoringModel = settings.Scoring?.Name,
            RevenueBasis = money.RevenueBasisName,
            LifetimeValueMonths = settings.LifetimeValueMonths,
            Generator = "leadmetrics " + typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3),
            Notes = Notes(data, dims.Select(d => d.Resolved.Dimension)),
        };
    }

    /// <summary>The report's notes: with --by campaign, where the cost rows without a campaign are.</summary>
    private static List<string> Notes(LoadedData data, IEnumerable<GroupDimension> dimensions)
    {
        var notes = new List<string>();
        if (data.HasCosts && dimensions.Contains(GroupDimension.Campaign))
        {
            var campaignless = data.Costs.Where(c => c.Campaign is null).ToList();
            if (campaignless.Count > 0)
            {
                var amount = campaignless.Sum(c => c.Amount.Amount);
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"By campaign: {campaignless.Count:N0} cost rows ({amount:N2} {data.Currency.Code}) have no campaign (team time, tools, spend not tied to one campaign); they are in the (none) campaign group, whose cost, cost per lead and acquisition cost include them, while each campaign shows only its own spend."));
            }
        }

        return notes;
    }

    /// <summary>Every owner (and "(none)") by the library's fair rep comparison: win rates adjusted for the lead mix by source.</summary>
    private static List<RepRow> CompareReps(LeadRecord[] records, LeadEncoding encoding)
    {
        var comparison = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source));
        comparison.AddRange(records.AsSpan());
        return [.. comparison.Snapshot().Reps.Select(r => new RepRow(
            r.Owner == 0 ? "(none)" : encoding.Owners.Decode(r.Owner), r.Leads, r.Won, r.Lost, r.Rate, r.ExpectedWon, r.PerformanceIndex, r.AdjustedRate))];
    }

    public static string PeriodName(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Day => "day",
        TimeBucket.IsoWeek => "week",
        TimeBucket.Month => "month",
        TimeBucket.Quarter => "quarter",
        _ => bucket.ToString().ToLowerInvariant(),
    };

    private static (GroupDimension Dimension, string? Attribute) ResolveDimension(string name, LoadedData data)
    {
        switch (name.ToLowerInvariant())
        {
            case "source":
                return (GroupDimension.Source, null);
            case "owner":
            case "rep":
                return (GroupDimension.Owner, null);
            case "campaign":
                return (GroupDimension.Campaign, null);
        }

        var attribute = data.AttributeNames.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException(
                $"--by {name}: not source, owner, campaign or a column of the leads file (attribute columns: {(data.AttributeNames.Count == 0 ? "none" : string.Join(", ", data.AttributeNames))}).");
        return (GroupDimension.Segment, attribute);
    }
}
