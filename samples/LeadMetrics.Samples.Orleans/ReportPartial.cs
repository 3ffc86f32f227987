using LeadMetrics.Calculators;
using LeadMetrics.Data;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Performance;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// The calculators of the CLI's lead-KPI report on its columnar path (src/LeadMetrics.Cli/Report/ReportBuilder.cs and
/// KpiEngine.cs): the lead KPI set over the total, the monthly trend and the source, owner and campaign groupings, and
/// the rep comparison by source mix, configured as the CLI configures them (response targets 5 minutes and 1 hour, the
/// response-time histogram). A partition fills one from its slice; the report merges the partitions' bytes.
/// With a revenue file, also the money KPIs that travel per lead (issue 20 (b)): the money calculator over the total and
/// by source (realized revenue, customer revenue) and the lifetime value by source, whose state holds lead keys; slices
/// of one split number their leads apart (<see cref="LeadDataSetOptions.LeadKeys"/>) so that they merge. Costs are not
/// per lead and are not in the partials (cost KPIs are null here); the lifetime value has no observation date (the CLI's,
/// the last date in the data, is a global fact that would need a first round over the partitions): docs/architecture.md.
/// </summary>
public sealed class ReportPartial
{
    private ReportPartial(DateTimeZone zone, Pipeline pipeline, Currency currency)
    {
        Groupings =
        [
            new LeadGrouping(GroupDimension.None, TimeBucket.None, zone),
            new LeadGrouping(GroupDimension.None, TimeBucket.Month, zone),
            new LeadGrouping(GroupDimension.Source, TimeBucket.None, zone),
            new LeadGrouping(GroupDimension.Owner, TimeBucket.None, zone),
            new LeadGrouping(GroupDimension.Campaign, TimeBucket.None, zone),
        ];
        var options = new KpiOptions(pipeline, currency, new ResponseTimeOptions([Duration.FromSeconds(300), Duration.FromSeconds(3600)], DistributionOptions.ResponseTime));
        Kpis = LeadKpiSet.Create(options, Groupings);
        Reps = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source));
        var money = new FinanceOptions(currency, revenueBasis: RevenueBasis.Realized);
        FinanceTotal = new FinanceCalculator(Groupings[0], money);
        FinanceBySource = new FinanceCalculator(Groupings[2], money);
        Lifetime = new LifetimeValueCalculator(Groupings[2], new LifetimeValueOptions(currency, horizonMonths: 6));
    }

    /// <summary>The money KPIs of the total (revenue realized from the slice's revenue file; no costs).</summary>
    public FinanceCalculator FinanceTotal { get; }

    /// <summary>The money KPIs by source.</summary>
    public FinanceCalculator FinanceBySource { get; }

    /// <summary>The lifetime value by source (6 months, no observation date).</summary>
    public LifetimeValueCalculator Lifetime { get; }

    /// <summary>The groupings of the KPI set: total, month trend, source, owner, campaign.</summary>
    public IReadOnlyList<LeadGrouping> Groupings { get; }

    /// <summary>The lead KPIs of every grouping.</summary>
    public CalculatorSet<LeadKpiCalculator, LeadKpis> Kpis { get; }

    /// <summary>The rep comparison (standardized by source mix).</summary>
    public RepComparisonCalculator Reps { get; }

    /// <summary>An empty partial (UTC, the default pipeline, USD, like the CLI's defaults).</summary>
    public static ReportPartial Create(DateTimeZone? zone = null) => new(zone ?? DateTimeZone.Utc, Pipeline.Default, Currency.Usd);

    /// <summary>The ingest options of a slice (the CLI's defaults: bad rows fail the run).</summary>
    public static LeadDataSetOptions Options(string leadsPath, string? stagesPath, string? revenuePath = null, int part = 0, int parts = 1) =>
        new() { LeadsPath = leadsPath, StagesPath = stagesPath, RevenuePath = revenuePath, LeadKeys = new LeadKeyRange(part, parts) };

    /// <summary>
    /// Reads a slice through the ingest layer's columnar reader (<see cref="LeadDataSet"/>) into this partial. When
    /// <paramref name="dictionary"/> is given, its labels are encoded first, so that every partition gives the same
    /// label the same id; the returned encoding is the data set's.
    /// </summary>
    public LeadEncoding Ingest(LeadDataSetOptions options, SharedLabels? dictionary = null)
    {
        var data = LeadDataSet.Open(options);
        dictionary?.Seed(data.Encoding);
        data.Read(batch =>
        {
            Kpis.AddRange(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                var lead = batch[i];
                Reps.Add(lead);
                FinanceTotal.Add(lead);
                FinanceBySource.Add(lead);
                Lifetime.Add(lead);
            }
        });
        FinanceTotal.AddRange(data.Revenue);
        FinanceBySource.AddRange(data.Revenue);
        Lifetime.AddRange(data.Revenue);
        if (dictionary is not null && !dictionary.Covers(data.Encoding))
        {
            throw new InvalidOperationException(
                $"{options.LeadsPath} has labels that the shared dictionary lacks ({dictionary.Missing(data.Encoding)}); its partial would not merge (the encoding fingerprints differ). Rebuild the dictionary with this slice's labels.");
        }

        return data.Encoding;
    }

    /// <summary>The partial's state as bytes, with the fingerprint of its encoding.</summary>
    public PartialBytes Serialize(LeadEncoding encoding) => new()
    {
        Kpis = Kpis.Serialize(encoding),
        Reps = Reps.Serialize(encoding),
        FinanceTotal = FinanceTotal.Serialize(encoding),
        FinanceBySource = FinanceBySource.Serialize(encoding),
        Lifetime = Lifetime.Serialize(encoding),
    };

    /// <summary>Merges a partition's bytes; refused (ArgumentException naming <c>state</c>) when they were encoded with other labels than <paramref name="encoding"/>.</summary>
    public void MergeSerialized(PartialBytes bytes, LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Kpis.MergeSerialized(bytes.Kpis, encoding);
        Reps.MergeSerialized(bytes.Reps, encoding);
        FinanceTotal.MergeSerialized(bytes.FinanceTotal, encoding);
        FinanceBySource.MergeSerialized(bytes.FinanceBySource, encoding);
        Lifetime.MergeSerialized(bytes.Lifetime, encoding);
    }
}

/// <summary>A partial report as bytes (the LMS1 format of docs/architecture.md), as a partition sends it.</summary>
[GenerateSerializer]
public sealed class PartialBytes
{
    /// <summary>The lead KPI set's bytes.</summary>
    [Id(0)]
    public byte[] Kpis { get; set; } = [];

    /// <summary>The rep comparison's bytes.</summary>
    [Id(1)]
    public byte[] Reps { get; set; } = [];

    /// <summary>The total's money calculator's bytes (they hold the slice's lead keys: see <see cref="Slice.Part"/>).</summary>
    [Id(2)]
    public byte[] FinanceTotal { get; set; } = [];

    /// <summary>The money calculator by source's bytes.</summary>
    [Id(3)]
    public byte[] FinanceBySource { get; set; } = [];

    /// <summary>The lifetime value by source's bytes.</summary>
    [Id(4)]
    public byte[] Lifetime { get; set; } = [];

    /// <summary>The bytes in all.</summary>
    public long Length => Kpis.LongLength + Reps.LongLength + FinanceTotal.LongLength + FinanceBySource.LongLength + Lifetime.LongLength;
}
