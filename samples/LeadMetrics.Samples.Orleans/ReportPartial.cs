using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
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
/// The calculators of the CLI's lead-KPI report on its columnar path (src/LeadMetrics.Data/Reports/ReportBuilder.cs,
/// KpiEngine.cs and MoneyEngine.cs): the lead KPI set over the total, the monthly trend and the source, owner and
/// campaign groupings, and the rep comparison by source mix, configured as the CLI configures them (response targets
/// 5 minutes and 1 hour, the response-time histogram); with a revenue file the money calculator over the total and by
/// source (realized revenue, customer revenue; with a costs file CPL, CAC, ROI and ROAS) and the lifetime value by source
/// observed until the CLI's date (the last date in the data, in the zone). A partition fills one from its slice with its
/// own encoding; the report merges the partitions' bytes by label (issue 20).
/// </summary>
public sealed class ReportPartial
{
    private readonly DateTimeZone _zone;
    private readonly (int Default, (string Rep, int Leads)[] Reps)? _capacity;

    private ReportPartial(DateTimeZone zone, Pipeline pipeline, Currency currency, LocalDate? observedUntil, string? capacity)
    {
        _zone = zone;
        _capacity = capacity is null ? null : ParseCapacity(capacity);
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
        ObservedUntil = observedUntil;
        Lifetime = new LifetimeValueCalculator(Groupings[2], new LifetimeValueOptions(currency, horizonMonths: 6, observedUntil: observedUntil));
    }

    /// <summary>The money KPIs of the total (revenue realized from the revenue file; costs from the costs file).</summary>
    public FinanceCalculator FinanceTotal { get; }

    /// <summary>The money KPIs by source.</summary>
    public FinanceCalculator FinanceBySource { get; }

    /// <summary>The lifetime value by source (6 months, observed until <see cref="ObservedUntil"/>).</summary>
    public LifetimeValueCalculator Lifetime { get; }

    /// <summary>The date the lifetime value is observed until (the CLI's: the last date in all the data), or null.</summary>
    public LocalDate? ObservedUntil { get; }

    /// <summary>The groupings of the KPI set: total, month trend, source, owner, campaign.</summary>
    public IReadOnlyList<LeadGrouping> Groupings { get; }

    /// <summary>The lead KPIs of every grouping.</summary>
    public CalculatorSet<LeadKpiCalculator, LeadKpis> Kpis { get; }

    /// <summary>The rep comparison (standardized by source mix).</summary>
    public RepComparisonCalculator Reps { get; }

    /// <summary>
    /// With a capacity setting, the capacity report (the CLI's <c>--capacity</c>): null until the partial has its
    /// encoding (<see cref="UseEncoding"/>), as the roster's owner ids are the encoding's.
    /// </summary>
    public CapacityCalculator? Capacity { get; private set; }

    /// <summary>An empty partial (UTC, the default pipeline, USD, like the CLI's defaults).</summary>
    /// <param name="zone">The report zone; UTC when null.</param>
    /// <param name="observedUntil">The lifetime value's observation date (<see cref="ObservedUntilOf"/> over all the data), or null.</param>
    /// <param name="capacity">The CLI's <c>--capacity</c> text (<c>40</c> or <c>40,dana=30,eli=50</c>), or null for no capacity report.</param>
    public static ReportPartial Create(DateTimeZone? zone = null, LocalDate? observedUntil = null, string? capacity = null) =>
        new(zone ?? DateTimeZone.Utc, Pipeline.Default, Currency.Usd, observedUntil, capacity);

    /// <summary>
    /// Gives the partial its encoding before any lead: the capacity roster's reps are encoded first, in the setting's
    /// order, as the CLI does, so that the roster has owner ids 1, 2, ... in every partition's encoding and in the
    /// report's, and partials merged by label agree on it.
    /// </summary>
    public void UseEncoding(LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (_capacity is { } setting && Capacity is null)
        {
            Capacity = new CapacityCalculator(new CapacityOptions(
                setting.Default, setting.Reps.Select(r => KeyValuePair.Create(encoding.Owners.Encode(r.Rep), r.Leads)), zone: _zone));
        }
    }

    // The CLI's --capacity syntax: the default first, then rep=leads pairs.
    private static (int, (string, int)[]) ParseCapacity(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var reps = parts.Skip(1).Select(p => p.Split('=', 2)).Select(p => (p[0].Trim(), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), reps);
    }

    /// <summary>The ingest options of a slice (the CLI's defaults: bad rows fail the run).</summary>
    public static LeadDataSetOptions Options(string leadsPath, string? stagesPath, string? revenuePath = null, int part = 0, int parts = 1, string? costsPath = null, string? touchpointsPath = null) =>
        new() { LeadsPath = leadsPath, StagesPath = stagesPath, RevenuePath = revenuePath, CostsPath = costsPath, TouchpointsPath = touchpointsPath, LeadKeys = new LeadKeyRange(part, parts) };

    /// <summary>
    /// The last instant of a slice as the CLI's lifetime value observes it (the latest lead creation or payment,
    /// <see cref="LeadDataSet.LastInstant"/>), read from its leads and revenue files (its stages do not move it).
    /// </summary>
    public static Instant LastInstantOf(LeadDataSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = options.LeadsPath, RevenuePath = options.RevenuePath, LeadKeys = options.LeadKeys });
        data.Read(static _ => { });
        return data.LastInstant;
    }

    /// <summary>The CLI's lifetime-value observation date: the date, in the zone, of the latest of the slices' last instants.</summary>
    public static LocalDate ObservedUntilOf(IEnumerable<Instant> lastInstants, DateTimeZone? zone = null) =>
        lastInstants.Max().InZone(zone ?? DateTimeZone.Utc).Date;

    /// <summary>
    /// Reads a slice through the ingest layer's columnar reader (<see cref="LeadDataSet"/>) into this partial, with the
    /// data set's own encoding (labels in first-seen order), which it returns. <paramref name="seed"/> (tests) encodes
    /// labels first, so that ids can be compared with another run's.
    /// </summary>
    public LeadEncoding Ingest(LeadDataSetOptions options, SharedLabels? seed = null)
    {
        var data = LeadDataSet.Open(options);
        seed?.Seed(data.Encoding);
        UseEncoding(data.Encoding);
        data.Read(batch =>
        {
            Kpis.AddRange(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                var lead = batch[i];
                Reps.Add(lead);
                Capacity?.Add(lead);
                FinanceTotal.Add(lead);
                FinanceBySource.Add(lead);
                Lifetime.Add(lead);
            }
        });
        FinanceTotal.AddRange(data.Revenue);
        FinanceBySource.AddRange(data.Revenue);
        Lifetime.AddRange(data.Revenue);

        // Costs are added once (one slice has the file): the money calculators' groups of cost are by source label.
        FinanceTotal.AddRange(data.Costs);
        FinanceBySource.AddRange(data.Costs);
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
        Capacity = Capacity?.Serialize(encoding) ?? [],
    };

    /// <summary>
    /// Merges a partition's bytes, encoded with its own labels, by label: ids the bytes give other labels than
    /// <paramref name="encoding"/> are remapped, labels it lacks are added to it (format version 4; ArgumentException naming
    /// <c>state</c> for another configuration, such as another observation date).
    /// </summary>
    public void MergeSerialized(PartialBytes bytes, LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Kpis.MergeSerialized(bytes.Kpis, encoding);
        Reps.MergeSerialized(bytes.Reps, encoding);
        FinanceTotal.MergeSerialized(bytes.FinanceTotal, encoding);
        FinanceBySource.MergeSerialized(bytes.FinanceBySource, encoding);
        Lifetime.MergeSerialized(bytes.Lifetime, encoding);
        UseEncoding(encoding);
        if (Capacity is not null)
        {
            Capacity.MergeSerialized(bytes.Capacity, encoding);
        }
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

    /// <summary>The capacity calculator's bytes (empty without a capacity setting).</summary>
    [Id(5)]
    public byte[] Capacity { get; set; } = [];

    /// <summary>The pass of the CLI's report builder over the slice (LMRP, src/LeadMetrics.Data/Reports/ReportPassBytes.cs), or empty without a <see cref="Slice.Report"/>.</summary>
    [Id(6)]
    public byte[] Report { get; set; } = [];

    /// <summary>Where the slice's leads file first names each source, campaign and owner in the whole file, or null (<see cref="LabelOrder"/>).</summary>
    [Id(7)]
    public LabelRows? Labels { get; set; }

    /// <summary>The bytes in all.</summary>
    public long Length => Kpis.LongLength + Reps.LongLength + FinanceTotal.LongLength + FinanceBySource.LongLength + Lifetime.LongLength + Capacity.LongLength + Report.LongLength;
}
