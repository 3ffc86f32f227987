using LeadMetrics.Calculators;
using LeadMetrics.Data;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// The calculators of the CLI's lead-KPI report on its columnar path (src/LeadMetrics.Cli/Report/ReportBuilder.cs and
/// KpiEngine.cs): the lead KPI set over the total, the monthly trend and the source, owner and campaign groupings, and
/// the rep comparison by source mix, configured as the CLI configures them (response targets 5 minutes and 1 hour, the
/// response-time histogram). A partition fills one from its slice; the report merges the partitions' bytes.
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
    }

    /// <summary>The groupings of the KPI set: total, month trend, source, owner, campaign.</summary>
    public IReadOnlyList<LeadGrouping> Groupings { get; }

    /// <summary>The lead KPIs of every grouping.</summary>
    public CalculatorSet<LeadKpiCalculator, LeadKpis> Kpis { get; }

    /// <summary>The rep comparison (standardized by source mix).</summary>
    public RepComparisonCalculator Reps { get; }

    /// <summary>An empty partial (UTC, the default pipeline, USD, like the CLI's defaults).</summary>
    public static ReportPartial Create(DateTimeZone? zone = null) => new(zone ?? DateTimeZone.Utc, Pipeline.Default, Currency.Usd);

    /// <summary>The ingest options of a slice (the CLI's defaults: bad rows fail the run).</summary>
    public static LeadDataSetOptions Options(string leadsPath, string? stagesPath) => new() { LeadsPath = leadsPath, StagesPath = stagesPath };

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
                Reps.Add(batch[i]);
            }
        });
        if (dictionary is not null && !dictionary.Covers(data.Encoding))
        {
            throw new InvalidOperationException(
                $"{options.LeadsPath} has labels that the shared dictionary lacks ({dictionary.Missing(data.Encoding)}); its partial would not merge (the encoding fingerprints differ). Rebuild the dictionary with this slice's labels.");
        }

        return data.Encoding;
    }

    /// <summary>The partial's state as bytes, with the fingerprint of its encoding.</summary>
    public PartialBytes Serialize(LeadEncoding encoding) => new() { Kpis = Kpis.Serialize(encoding), Reps = Reps.Serialize(encoding) };

    /// <summary>Merges a partition's bytes; refused (ArgumentException naming <c>state</c>) when they were encoded with other labels than <paramref name="encoding"/>.</summary>
    public void MergeSerialized(PartialBytes bytes, LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Kpis.MergeSerialized(bytes.Kpis, encoding);
        Reps.MergeSerialized(bytes.Reps, encoding);
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

    /// <summary>The bytes in all.</summary>
    public long Length => Kpis.LongLength + Reps.LongLength;
}
