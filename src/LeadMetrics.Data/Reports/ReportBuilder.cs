using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>How to group a report.</summary>
internal sealed record ReportSettings
{
    /// <summary>Dimensions to group by: source, owner, campaign, or a lead attribute name. Each gives its own groups.</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    public TimeBucket Period { get; init; } = TimeBucket.None;

    /// <summary>Response-time targets, in seconds, for the within-target shares.</summary>
    public IReadOnlyList<long> ResponseTargets { get; init; } = [300, 3600];

    /// <summary>Leads per rep and week (--capacity), or null: then the report has no capacity section.</summary>
    public CapacitySetting? Capacity { get; init; }

    /// <summary>The open stage the sales cycle starts at (--cycle-from), or null for creation.</summary>
    public string? CycleFrom { get; init; }

    /// <summary>The lifetime-value horizon in months.</summary>
    public int LifetimeValueMonths { get; init; } = 6;

    /// <summary>The ICP scoring model (--scoring), or null: then every score section is null.</summary>
    public LeadMetrics.Scoring.ScoringModel? Scoring { get; init; }

    /// <summary>The confidence level of every interval (--confidence), strictly between 0 and 1; 0.95 by default.</summary>
    public double Confidence { get; init; } = LeadMetrics.Statistics.ConfidenceInterval.DefaultConfidence;

    /// <summary>
    /// The most labels a --by dimension shows (--max-groups, issue 15 item 5): an attribute column with more keeps its
    /// largest labels by leads and folds the rest into one "(other: N values)" group; a source, campaign or owner
    /// column with more is a usage error. Periods multiply, as they split each label.
    /// </summary>
    public int MaxGroups { get; init; } = DefaultMaxGroups;

    public const int DefaultMaxGroups = 1000;

    /// <summary>The gross margin (--margin, 0 to 1): gross profit and ROI on margin per scope; null without it (both null).</summary>
    public decimal? Margin { get; init; }
}

/// <summary>
/// What a report reads: the data set's settings and quality, and its leads either as records of validated <see cref="Lead"/>
/// objects (the row path, for embedders, comparisons and a leads file whose attribute names repeat in another case) or as
/// the columnar batches of a <see cref="LeadDataSet"/> (the CLI's path: all five files, attribute groupings and
/// --scoring, no object kept per row).
/// </summary>
internal sealed class ReportSource
{
    public required DateTimeZone Zone { get; init; }

    public required Currency Currency { get; init; }

    public required Pipeline Pipeline { get; init; }

    public required DataQuality Quality { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    public required IReadOnlyList<string> AttributeNames { get; init; }

    public required LeadEncoding Encoding { get; init; }

    /// <summary>The row path's data set and its records (in the order of <c>Rows.Leads</c>), or null on the columnar path.</summary>
    public LoadedData? Rows { get; init; }

    public LeadRecord[]? Records { get; init; }

    /// <summary>The columnar path's data set, or null on the row path.</summary>
    public LeadDataSet? Columns { get; init; }

    /// <summary>The merge of partitions' passes (<see cref="ReportBuilder.Merger"/>), or null: then the report reads no lead.</summary>
    public ReportPass? Merged { get; init; }

    /// <summary>On the columnar path, 2 to read stages.csv while leads.csv is read and to share the batches' work between two passes merged after the read (<see cref="LeadDataSet.ReadShared"/>; the same report).</summary>
    public int Threads { get; init; } = 1;

    public static ReportSource FromRows(LoadedData data)
    {
        var encoding = new LeadEncoding();
        var records = new LeadRecord[data.Leads.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = LeadRecord.FromLead(data.Leads[i], encoding);
        }

        return new ReportSource
        {
            Zone = data.Zone,
            Currency = data.Currency,
            Pipeline = data.Pipeline,
            Quality = data.Quality,
            Files = data.Files,
            AttributeNames = data.AttributeNames,
            Encoding = encoding,
            Rows = data,
            Records = records,
        };
    }

    /// <summary>The columnar path over a data set not read yet (its quality and files are complete once the report is built).</summary>
    public static ReportSource FromColumns(LeadDataSet data, LeadDataSetOptions options, int threads = 1) => new()
    {
        Threads = threads,
        Zone = options.Zone,
        Currency = options.Currency,
        Pipeline = options.Pipeline,
        Quality = data.Quality,
        Files = data.Files,
        AttributeNames = data.AttributeNames,
        Encoding = data.Encoding,
        Columns = data,
    };
}

/// <summary>Builds the report model from a data set: the total, each group, and the period trend.</summary>
internal static class ReportBuilder
{
    public static ReportModel Build(LoadedData data, ReportSettings settings) => Build(ReportSource.FromRows(data), settings);

    /// <summary>
    /// A partition's pass over its slice (issue 20): the same calculators the CLI's columnar path fills, plus what the
    /// merger needs besides them (per-lead samples, costs, revenue, quality; <see cref="ReportPassBytes"/>). The slice's
    /// options must number leads apart from the other partitions' (<see cref="LeadDataSetOptions.LeadKeys"/>).
    /// </summary>
    /// <param name="options">The slice's ingest options (the CLI's, with the slice's files and lead keys).</param>
    /// <param name="settings">The report's settings (the same in every partition and the merger).</param>
    /// <param name="hasCosts">Whether the report has a costs file (given to one slice only).</param>
    /// <param name="hasRevenue">Whether the report has a revenue file.</param>
    /// <param name="observedUntil">With revenue, the lifetime value's observation date: the date of the last instant over all the data (a first pass).</param>
    public static (ReportPass Pass, LeadEncoding Encoding) Partition(LeadDataSetOptions options, ReportSettings settings, bool hasCosts, bool hasRevenue, LocalDate? observedUntil)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = LeadDataSet.Open(options);
        var source = ReportSource.FromColumns(data, options);
        var plan = Plan(source, settings);
        var money = new MoneyEngine(options.Currency, options.Zone, settings.LifetimeValueMonths, hasCosts, hasRevenue, plan.Engine.Empty, settings.Margin);
        var pass = new ReportPass(plan.Engine, settings, data.Encoding, options.Zone, plan.Plain, plan.Total, plan.Trend, money, columnar: true, hasCosts, hasRevenue)
        {
            Extra = new ReportPassBytes.Extra(data.Encoding, hasCosts, hasRevenue) { KeepSamples = true },
            Data = data,
        };
        if (settings.Scoring is { } model)
        {
            data.ScoreLeads(model);
        }

        // The attribute groupings by raw label, none folded: the merger folds at --max-groups over the merged counts.
        var attributes = plan.Dims.Where(d => d.Resolved.Attribute is not null).Select(d => d.Resolved.Attribute!).ToList();
        if (attributes.Count > 0)
        {
            data.ReadAttributes(attributes, int.MaxValue);
            for (var i = 0; i < attributes.Count; i++)
            {
                var grouping = new LeadGrouping(GroupDimension.Segment, settings.Period, options.Zone);
                pass.Attributes.Add(new AttributePass(attributes[i], i, grouping, plan.Engine, settings.Confidence, pass.Finance.Count > 0 ? money.CreateFinance(grouping) : null, settings.Scoring));
                pass.Extra.AttributeIds.Add([]);
            }
        }

        data.Read(batch =>
        {
            foreach (var d in plan.Dims)
            {
                CheckGroupCount(d.Name, d.Resolved.Dimension, data.Encoding, settings.MaxGroups);
            }

            pass.Add(batch);
        });
        var extra = pass.Extra;
        foreach (var payment in data.Revenue)
        {
            pass.Span.AddPayment(payment.At);
        }

        extra.Costs.AddRange(data.Costs);
        extra.Revenue.AddRange(data.Revenue);
        extra.LastInstantTicks = data.LastInstant.ToUnixTimeTicks();
        extra.AddQuality(data.Quality);
        if (hasRevenue && data.HasRevenue)
        {
            var until = observedUntil ?? throw new ArgumentException("With revenue, the lifetime value's observation date over all the data is needed.", nameof(observedUntil));
            extra.ObservedUntil = until;
            var calculators = plan.Plain.Select(g => money.CreateLifetime(g, until)).ToArray();
            var byAttribute = pass.Attributes.Select(a => (a.Index, Calculator: money.CreateLifetime(a.Grouping, until))).ToArray();
            data.Replay(batch =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var lead = batch[i];
                    foreach (var c in calculators)
                    {
                        c.Add(lead);
                    }

                    foreach (var (attribute, c) in byAttribute)
                    {
                        c.Add(data.WithAttribute(lead, attribute));
                    }
                }
            });
            foreach (var c in calculators)
            {
                extra.Lifetime[c.Grouping] = c;
            }

            foreach (var (attribute, c) in byAttribute)
            {
                extra.AttributeLifetime[attribute] = c;
            }
        }

        return (pass, data.Encoding);
    }

    /// <summary>The merger's empty pass (issue 20): partitions' bytes merge into it by label (<see cref="ReportPassBytes.MergeSerialized"/>); <see cref="ReportBuilder.Build(ReportSource, ReportSettings)"/> then builds the report from <see cref="ReportSource.Merged"/>.</summary>
    public static ReportPass Merger(LeadDataSetOptions options, ReportSettings settings, LeadEncoding encoding, IReadOnlyList<string> attributeNames, bool hasCosts, bool hasRevenue)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = new ReportSource
        {
            Zone = options.Zone, Currency = options.Currency, Pipeline = options.Pipeline, Quality = new DataQuality(options.OnBadRow), Files = [], AttributeNames = attributeNames, Encoding = encoding,
        };
        var plan = Plan(source, settings);
        var money = new MoneyEngine(options.Currency, options.Zone, settings.LifetimeValueMonths, hasCosts, hasRevenue, plan.Engine.Empty, settings.Margin);
        var pass = new ReportPass(plan.Engine, settings, encoding, options.Zone, plan.Plain, plan.Total, plan.Trend, money, columnar: true, hasCosts, hasRevenue)
        {
            Extra = new ReportPassBytes.Extra(encoding, hasCosts, hasRevenue) { CreateLifetime = money.CreateLifetime },
        };
        foreach (var d in plan.Dims.Where(d => d.Resolved.Attribute is not null))
        {
            var grouping = new LeadGrouping(GroupDimension.Segment, settings.Period, options.Zone);
            pass.Extra.RawAttributes.Add(new ReportPassBytes.AttributeRaw(
                d.Resolved.Attribute!, grouping, plan.Engine.CreateSet([grouping]), pass.Finance.Count > 0 ? money.CreateFinance(grouping) : null,
                settings.Scoring is { } model ? new ScoreEngine.ScoreGroups(model) : null));
        }

        return pass;
    }

    /// <summary>
    /// At the merger, once every partition is merged: adds each attribute grouping's calculators, merged by raw label,
    /// to the pass (<see cref="AttributePass"/>) with the merger's encoding's ids. With more labels with leads the stage
    /// join accepts than --max-groups, the labels are folded as the CLI folds them (<see cref="LeadDataSet"/>'s
    /// attribute read, <see cref="FoldSmallGroups"/>): the --max-groups labels with the most such leads are kept (ties
    /// by label, "(none)" as the empty text), the others become one "(other: N values)" group. The calculators' states
    /// fold by the library's merge that folds labels (<see cref="LabelFold"/>, the groups of one target merged by the
    /// calculators' own Merge, which equals one pass), the score groups by their accumulators' Merge, and the survival
    /// curve and duration sketches are fed the merged per-lead samples with their folded label.
    /// </summary>
    private static void FoldMergedAttributes(ReportPass pass, KpiEngine engine, ReportSettings settings, MoneyEngine money)
    {
        var extra = pass.Extra!;
        for (var index = 0; index < extra.RawAttributes.Count; index++)
        {
            var raw = extra.RawAttributes[index];
            var rawLabels = raw.Encoding.Attribute(raw.Name);

            // The leads of each label (the samples are the leads the stage join accepted), "(none)" as the empty text.
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var id in raw.SampleIds)
            {
                var label = id == DimensionEncoder.NoneId ? string.Empty : rawLabels.Decode(id);
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }

            // The folded labels get the ids of the merger's encoding, which has the raw labels already (the plain
            // groupings' states carry every attribute's labels): a copy of its attribute, the fold's new labels appended.
            var labels = extra.Encoding.Attribute(raw.Name);
            var fold = ReportPassBytes.AttributeEncoding(raw.Name, labels);
            var foldLabels = fold.Attribute(raw.Name);
            var final = new int[rawLabels.Count];
            LabelFold? labelFold = null;
            if (counts.Count > settings.MaxGroups)
            {
                var kept = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(settings.MaxGroups).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
                var other = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(other: {counts.Count - settings.MaxGroups:N0} values)");
                var otherId = foldLabels.Encode(other);
                var targets = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var id = 0; id < final.Length; id++)
                {
                    var label = id == DimensionEncoder.NoneId ? string.Empty : rawLabels.Decode(id);
                    if (kept.Contains(label))
                    {
                        final[id] = id == DimensionEncoder.NoneId ? DimensionEncoder.NoneId : foldLabels.Encode(label);
                    }
                    else
                    {
                        final[id] = otherId;
                        targets[label] = other;
                    }
                }

                labelFold = LabelFold.OfAttribute(raw.Name, targets);
            }
            else
            {
                for (var id = 1; id < final.Length; id++)
                {
                    final[id] = foldLabels.Encode(rawLabels.Decode(id));
                }
            }

            var grouping = raw.Grouping;
            var a = new AttributePass(raw.Name, index, grouping, engine, settings.Confidence, raw.Finance is null ? null : money.CreateFinance(grouping), settings.Scoring);
            Merge(raw.Set.Serialize(raw.Encoding), a.Set.MergeSerialized, a.Set.MergeSerialized);
            if (raw.Finance is not null)
            {
                Merge(raw.Finance.Serialize(raw.Encoding), a.Finance!.MergeSerialized, a.Finance!.MergeSerialized);
            }

            if (raw.Lifetime is not null)
            {
                var lifetime = extra.CreateLifetime!(grouping, extra.ObservedUntil ?? throw new InvalidOperationException("The merged attribute lifetime value has no observation date."));
                Merge(raw.Lifetime.Serialize(raw.Encoding), lifetime.MergeSerialized, lifetime.MergeSerialized);
                extra.AttributeLifetime[index] = lifetime;
            }

            if (raw.Scores is not null)
            {
                a.Scores!.MergeMapped(raw.Scores, final);
            }

            for (var i = 0; i < raw.SampleIds.Count; i++)
            {
                var lead = extra.MergedSamples[i].Record(final[raw.SampleIds[i]]);
                a.Survival.Add(lead);
                a.Durations.Add(lead);
            }

            // The report labels the groups with the merger's encoding: the same ids.
            var foldedLabels = foldLabels.GetLabels();
            for (var id = 1; id < foldedLabels.Length; id++)
            {
                if (labels.Encode(foldedLabels[id]) != id)
                {
                    throw new InvalidOperationException($"The merger's labels of attribute '{raw.Name}' changed during the fold.");
                }
            }

            pass.Attributes.Add(a);

            // A state merged by label into the fold's encoding; through the fold when the labels fold (the plain merge
            // by label never maps two labels onto one group).
            void Merge(byte[] state, MergeByLabel byLabel, MergeFolded folded)
            {
                if (labelFold is null)
                {
                    byLabel(state, fold);
                }
                else
                {
                    folded(state, fold, labelFold);
                }
            }
        }
    }

    private delegate void MergeByLabel(ReadOnlySpan<byte> state, LeadEncoding? encoding);

    private delegate void MergeFolded(ReadOnlySpan<byte> state, LeadEncoding encoding, LabelFold fold);

    private sealed record ReportPlan(KpiEngine Engine, Stage? CycleStart, TimeBucket TrendBucket, LeadGrouping Total, LeadGrouping Trend, List<(string Name, (GroupDimension Dimension, string? Attribute) Resolved)> Dims, List<LeadGrouping> Plain);

    /// <summary>The engine and groupings of a report: the same for the CLI's pass, a partition's and the merger's.</summary>
    private static ReportPlan Plan(ReportSource data, ReportSettings settings)
    {
        var cycleStart = CycleStart(settings.CycleFrom, data.Pipeline);
        var engine = new KpiEngine(data.Pipeline, data.Currency, settings.ResponseTargets, cycleStart);
        var trendBucket = settings.Period == TimeBucket.None ? TimeBucket.Month : settings.Period;
        var trendGrouping = new LeadGrouping(GroupDimension.None, trendBucket, data.Zone);

        // The total is one group in the report zone, like every other grouping: the money KPIs place dated facts
        // (revenue months since winning for the lifetime value, costs) by local date, so LeadGrouping.Total (UTC)
        // would give a total that is not the merge of its groups.
        var totalGrouping = new LeadGrouping(GroupDimension.None, TimeBucket.None, data.Zone);

        // Groupings over the plain records (total, source, owner, campaign, trend) run in one pass; each attribute
        // dimension needs records whose segment is that attribute, so it runs in a pass of its own.
        var dims = settings.By.Select(b => b.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Select(b => (Name: b, Resolved: ResolveDimension(b, data.AttributeNames))).DistinctBy(d => d.Resolved).ToList();
        var plain = new List<LeadGrouping> { totalGrouping, trendGrouping };
        foreach (var d in dims.Where(d => d.Resolved.Attribute is null))
        {
            var g = new LeadGrouping(d.Resolved.Dimension, settings.Period, data.Zone);
            if (!plain.Contains(g))
            {
                plain.Add(g);
            }
        }

        return new ReportPlan(engine, cycleStart, trendBucket, totalGrouping, trendGrouping, dims, plain);
    }

    public static ReportModel Build(ReportSource data, ReportSettings settings)
    {
        var encoding = data.Encoding;
        var rows = data.Rows;
        var records = data.Records;
        var (engine, cycleStart, trendBucket, totalGrouping, trendGrouping, dims, plain) = Plan(data, settings);

        foreach (var d in dims.Where(d => d.Resolved.Attribute is null))
        {
            CheckGroupCount(d.Name, d.Resolved.Dimension, encoding, settings.MaxGroups);
        }

        var merged = data.Merged?.Extra;
        var hasCosts = merged?.HasCosts ?? rows?.HasCosts ?? data.Columns!.HasCosts;
        var hasRevenue = merged?.HasRevenue ?? rows?.HasRevenue ?? data.Columns!.HasRevenue;
        var money = merged is not null
            ? new MoneyEngine(data.Currency, data.Zone, settings.LifetimeValueMonths, hasCosts, hasRevenue, engine.Empty, settings.Margin)
            : rows is not null
            ? new MoneyEngine(rows, encoding, rows.HasCosts, rows.HasRevenue, settings.LifetimeValueMonths, engine.Empty, settings.Margin)
            : new MoneyEngine(data.Columns!, data.Currency, data.Zone, settings.LifetimeValueMonths, engine.Empty, settings.Margin);

        // One pass over the leads (ReportPass): the KPI set of every plain grouping, their finance calculators, the rep
        // comparison and the rest; or the merge of partitions' passes.
        var pass = data.Merged ?? new ReportPass(engine, settings, encoding, data.Zone, plain, totalGrouping, trendGrouping, money, columnar: records is null, hasCosts, hasRevenue);
        var (set, finance, span, spend, comparison, peak, capacity) = (pass.Set, pass.Finance, pass.Span, pass.Spend, pass.Comparison, pass.Peak, pass.Capacity);
        var (maturity, survival, durations) = (pass.Maturity, pass.Survival, pass.Durations);
        if (merged is not null)
        {
            FoldMergedAttributes(pass, engine, settings, money);
            money.PrepareMerged(span, merged);
        }
        else if (records is not null)
        {
            set.AddRange(records);
            maturity.AddRange(records);
            peak.Set.AddRange(records);
            capacity?.AddRange(records.AsSpan());
            spend?.AddRange(records.AsSpan());
            foreach (var f in finance.Values)
            {
                f.AddRange(records.AsSpan());
            }

            comparison?.AddRange(records.AsSpan());
            foreach (var d in durations.Values)
            {
                foreach (var r in records)
                {
                    d.Add(r);
                }
            }
        }
        else
        {
            AddAttributes(pass, data.Columns!, dims, engine, settings, money, data.Zone);

            // The columnar path encodes labels as it joins: the cap is checked batch by batch, so a column unique per
            // lead stops after one batch beyond the cap rather than after a group per lead.
            void Check(LeadColumns _)
            {
                foreach (var d in dims)
                {
                    CheckGroupCount(d.Name, d.Resolved.Dimension, encoding, settings.MaxGroups);
                }
            }

            if (data.Threads > 1 && pass.Finance.Count > 0)
            {
                // With costs or revenue the finance calculators hold a table indexed by lead key, which in each of two
                // passes sharing the batches would span every key (twice the memory, and the merge of the tables): one
                // pass, each batch consumed on the second thread while the next is joined.
                data.Columns!.Read(
                    batch =>
                    {
                        Check(batch);
                        pass.Add(batch);
                    },
                    data.Threads);
            }
            else
            {
                // Two threads: the batches are shared between this pass, fed on the joining thread, and a second one fed
                // on the other thread (LeadDataSet.ReadShared), merged after the read: every part's merge is exact.
                ReportPass? second = null;
                if (data.Threads > 1)
                {
                    second = new ReportPass(engine, settings, encoding, data.Zone, plain, totalGrouping, trendGrouping, money, columnar: true, hasCosts, hasRevenue) { Data = data.Columns };
                    AddAttributePasses(second, pass.Attributes.Select(a => a.Name).ToList(), engine, settings, money, data.Zone);
                }

                data.Columns!.ReadShared(Check, pass.Add, (second ?? pass).Add, data.Threads);
                if (second is not null)
                {
                    pass.Merge(second);
                }
            }
            foreach (var payment in hasCosts ? data.Columns!.Revenue : [])
            {
                span.AddPayment(payment.At);
            }

            money.PrepareColumns(plain, span, [.. pass.Attributes.Select(a => (a.Grouping, a.Index))]);
        }

        var results = KpiEngine.Map(set, plain);
        var (totalScopes, trendScopes) = (results[totalGrouping], results[trendGrouping]);
        foreach (var (grouping, samples) in durations)
        {
            DurationSamples.Apply(samples, results[grouping]);
        }

        var peakRows = peak.Rows();
        var scores = settings.Scoring is not { } model ? null : records is null ? pass.Scores : new ScoreEngine(model, RowsFor("--scoring", rows).Leads, rows!.Touchpoints);
        scores?.Apply(totalGrouping, records, totalScopes);
        scores?.Apply(trendGrouping, records, trendScopes);
        money.Apply(totalGrouping, finance.GetValueOrDefault(totalGrouping), records, totalScopes);
        money.Apply(trendGrouping, finance.GetValueOrDefault(trendGrouping), records, trendScopes);
        money.ApplySpendAcquisitionCost(spend, trendScopes);
        var asOf = maturity.Apply(trendScopes, totalScopes is [var whole] ? whole.Kpis : engine.Empty());
        if (asOf is { } survivalAsOf)
        {
            survival.Apply(survivalAsOf, results, records, data.Threads);
        }

        trendScopes.Sort((a, b) => a.Key.Period.CompareTo(b.Key.Period));
        var total = totalScopes is [var only] ? only.Kpis : KpiEngine.Map(new LeadKpiCalculator().Snapshot());
        var trend = trendScopes.Select(g => new GroupReport([("period", g.Key.PeriodLabel)], g.Kpis)).ToList();

        var groups = new List<GroupReport>();
        var groupBy = new List<string>();
        foreach (var (name, (dimension, attribute)) in dims)
        {
            var label = attribute ?? (dimension == GroupDimension.Owner ? "owner" : name.ToLowerInvariant());
            groupBy.Add(label);
            var grouping = new LeadGrouping(dimension, settings.Period, data.Zone);
            List<(GroupKey Key, ReportKpis Kpis)> computed;
            if (attribute is null)
            {
                computed = results[grouping];
                scores?.Apply(grouping, records, computed);
                money.Apply(grouping, finance.GetValueOrDefault(grouping), records, computed);
            }
            else if (records is null && pass.Attributes.FirstOrDefault(a => a.Name == attribute) is { } columns)
            {
                // The columnar path: the attribute's own calculators, filled in the pass (AttributePass).
                computed = KpiEngine.Map(columns.Set, [grouping])[grouping];
                if (asOf is { } attributeAsOf)
                {
                    columns.Survival.Apply(attributeAsOf, new() { [grouping] = computed }, null);
                }

                DurationSamples.Apply(columns.Durations, computed);
                columns.Scores?.Apply(computed);
                money.Apply(grouping, columns.Finance, null, computed, money.AttributeLifetime(columns.Index));
            }
            else
            {
                var leads = RowsFor("--by " + attribute, rows).Leads;
                var groupRecords = new LeadRecord[leads.Count];
                for (var i = 0; i < groupRecords.Length; i++)
                {
                    groupRecords[i] = LeadRecord.FromLead(leads[i], encoding, attribute);
                }

                FoldSmallGroups(groupRecords, encoding.Attribute(attribute), settings.MaxGroups);

                computed = engine.Compute([grouping], groupRecords)[grouping];
                survival.Apply(grouping, groupRecords, computed);
                var samples = DurationSamples.For([grouping])[grouping];
                foreach (var r in groupRecords)
                {
                    samples.Add(r);
                }

                DurationSamples.Apply(samples, computed);
                scores?.Apply(grouping, groupRecords, computed);
                money.Apply(grouping, groupRecords, computed);
            }

            foreach (var (key, kpis) in computed
                .OrderBy(c => c.Key.DimensionLabel(encoding, attribute), StringComparer.Ordinal)
                .ThenBy(c => c.Key.Period))
            {
                var keyParts = new List<(string, string)> { (label, key.DimensionLabel(encoding, attribute)) };
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
            Reps = CompareReps(scores?.CompareRepsBySourceAndGrade(records) ?? comparison!, encoding),
            RepMix = scores is null ? "source" : "source,grade",
            ResponseByHour = peakRows.ByHour,
            ResponseByWeekday = peakRows.ByWeekday,
            Capacity = capacity is null ? null : CapacityModel.From(capacity.Snapshot(), encoding),
            ScoreQuality = scores?.Quality(records),
            DataQuality = data.Quality,
            Inputs = data.Files,
            ScoringModel = settings.Scoring?.Name,
            RevenueBasis = money.RevenueBasisName,
            Margin = settings.Margin,
            LifetimeValueMonths = settings.LifetimeValueMonths,
            SalesCycleFrom = cycleStart?.Name ?? "created",
            Confidence = settings.Confidence,
            AsOf = asOf is { } at ? MaturityEngine.Text(at) : null,
            Generator = "leadmetrics " + typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3),
            Notes = [.. Notes(hasCosts, money.CampaignlessAmounts, data.Currency, dims.Select(d => d.Resolved.Dimension), rows?.CostClip ?? money.CostClip), .. UndefinedNotes(total, groups, trend)],
        };
    }

    /// <summary>
    /// True when a report with these inputs and settings runs on the columnar path (see <see cref="ReportSource"/>):
    /// every report but one whose leads file has two attribute columns whose names differ only in case (the row path's
    /// lead attributes are one per name in any case).
    /// </summary>
    public static bool IsColumnar(LoadOptions load, ReportSettings settings, IReadOnlyList<string> attributeNames) =>
        attributeNames.Distinct(StringComparer.OrdinalIgnoreCase).Count() == attributeNames.Count;

    /// <summary>
    /// On the columnar path, asks the data set to score each lead (--scoring) and to read the --by attribute columns as
    /// labels (folded beyond --max-groups as the row path folds them), and adds each attribute's calculators to the pass (<see cref="AttributePass"/>).
    /// </summary>
    private static void AddAttributes(ReportPass pass, LeadDataSet data, List<(string Name, (GroupDimension Dimension, string? Attribute) Resolved)> dims, KpiEngine engine, ReportSettings settings, MoneyEngine money, DateTimeZone zone)
    {
        pass.Data = data;
        if (settings.Scoring is { } model)
        {
            data.ScoreLeads(model);
        }

        var attributes = dims.Where(d => d.Resolved.Attribute is not null).Select(d => d.Resolved.Attribute!).ToList();
        if (attributes.Count == 0)
        {
            return;
        }

        data.ReadAttributes(attributes, settings.MaxGroups);
        AddAttributePasses(pass, attributes, engine, settings, money, zone);
    }

    /// <summary>Adds each attribute's calculators to the pass (<see cref="AttributePass"/>), in the order of <paramref name="attributes"/>.</summary>
    private static void AddAttributePasses(ReportPass pass, List<string> attributes, KpiEngine engine, ReportSettings settings, MoneyEngine money, DateTimeZone zone)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var grouping = new LeadGrouping(GroupDimension.Segment, settings.Period, zone);
            pass.Attributes.Add(new AttributePass(attributes[i], i, grouping, engine, settings.Confidence, pass.Finance.Count > 0 ? money.CreateFinance(grouping) : null, settings.Scoring));
        }
    }

    private static LoadedData RowsFor(string what, LoadedData? rows) =>
        rows ?? throw new InvalidOperationException($"{what} needs the row path (the columnar path reads leads and stages only).");

    /// <summary>The report's notes: how costs were clipped to the data's span; with --by campaign, where the cost rows without a campaign are.</summary>
    private static List<string> Notes(bool hasCosts, IEnumerable<decimal> campaignlessAmounts, Currency currency, IEnumerable<GroupDimension> dimensions, CostClip? costClip)
    {
        var notes = new List<string>();
        if (costClip is { } clip)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Costs are clipped to the data's span, {clip.First:yyyy-MM-dd} to {clip.Last:yyyy-MM-dd} (the quarters from the first lead to the last lead event or payment): {clip.RowsClipped:N0} cost rows reach outside it and keep their share of days inside (pro rata by days), {clip.RowsOutside:N0} lie wholly outside; {clip.AmountLeftOut:N2} {currency.Code} of spend is left out."));
        }

        if (hasCosts && dimensions.Contains(GroupDimension.Campaign))
        {
            var campaignless = campaignlessAmounts.ToList();
            if (campaignless.Count > 0)
            {
                var amount = campaignless.Sum();
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"By campaign: {campaignless.Count:N0} cost rows ({amount:N2} {currency.Code}) have no campaign (team time, tools, spend not tied to one campaign); they are in the (none) campaign group, whose cost, cost per lead and acquisition cost include them, while each campaign shows only its own spend."));
            }
        }

        return notes;
    }

    /// <summary>A source, campaign or owner column with more labels than the cap is a usage error (before any group is computed).</summary>
    private static void CheckGroupCount(string name, GroupDimension dimension, LeadEncoding encoding, int max)
    {
        // The encoders' ids, less the "(none)" id every encoder has: the labels the leads and cost rows gave.
        var count = dimension switch
        {
            GroupDimension.Source => encoding.Sources.Count,
            GroupDimension.Campaign => encoding.Campaigns.Count,
            GroupDimension.Owner => encoding.Owners.Count,
            _ => 1,
        } - 1;
        if (count > max)
        {
            throw new ReportOptionsException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--by {name}: {count:N0} distinct values, more than --max-groups {max:N0} (is the column unique per lead?). Group by a coarser column, or raise --max-groups."));
        }
    }

    /// <summary>
    /// Keeps the <paramref name="max"/> labels with the most leads (ties by label) and gives every other lead one
    /// "(other: N values)" segment, so that groups, and the memory and output they cost, are bounded by the cap, not by
    /// the leads (a column unique per lead such as company). The empty label "(none)" is a label like the others.
    /// </summary>
    private static void FoldSmallGroups(LeadRecord[] records, DimensionEncoder encoder, int max)
    {
        var counts = new Dictionary<int, int>();
        foreach (var r in records)
        {
            counts[r.Segment] = counts.GetValueOrDefault(r.Segment) + 1;
        }

        if (counts.Count <= max)
        {
            return;
        }

        var kept = counts
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key == 0 ? string.Empty : encoder.Decode(c.Key), StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Key)
            .ToHashSet();
        var other = encoder.Encode(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(other: {counts.Count - max:N0} values)"));
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            if (!kept.Contains(r.Segment))
            {
                records[i] = new LeadRecord(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, other, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, r.Stages);
            }
        }
    }

    /// <summary>One note per figure that is null because it does not fit the type ("–" in the tables), naming the scope, the KPI and why.</summary>
    private static IEnumerable<string> UndefinedNotes(ReportKpis total, List<GroupReport> groups, List<GroupReport> trend)
    {
        var scopes = new List<(string Scope, ReportKpis Kpis)> { ("total", total) };
        scopes.AddRange(groups.Select(g => (g.Label, g.Kpis)));
        scopes.AddRange(trend.Where(t => !groups.Contains(t)).Select(t => ("period " + t.Label, t.Kpis)));
        foreach (var (scope, kpis) in scopes)
        {
            foreach (var (kpi, reason) in kpis.Undefined)
            {
                yield return $"{Format.KpiLabel(kpi)} of {scope} is undefined ({Format.NotAvailable}): {reason}.";
            }
        }
    }

    /// <summary>Every owner (and "(none)") by the library's fair rep comparison: win rates adjusted for the lead mix by source.</summary>
    private static List<RepRow> CompareReps(RepComparisonCalculator comparison, LeadEncoding encoding)
    {
        return [.. comparison.Snapshot().Reps.Select(r => new RepRow(
            r.Owner == 0 ? "(none)" : encoding.Owners.Decode(r.Owner), r.Leads, r.Won, r.Lost, r.Rate, r.ExpectedWon, r.PerformanceIndex, r.AdjustedRate))];
    }

    /// <summary>The open stage of --cycle-from in the pipeline (by name, any case), or null when not given.</summary>
    private static Stage? CycleStart(string? name, Pipeline pipeline)
    {
        if (name is null)
        {
            return null;
        }

        var open = string.Join(", ", pipeline.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Name));
        var stage = pipeline.Stages.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ReportOptionsException($"--cycle-from '{name}' is not a stage of the pipeline (open stages: {open}).");
        return stage.Kind == StageKind.Open
            ? stage
            : throw new ReportOptionsException($"--cycle-from '{name}' is a closing stage; the sales cycle starts at an open stage ({open}).");
    }

    public static string PeriodName(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Day => "day",
        TimeBucket.IsoWeek => "week",
        TimeBucket.Month => "month",
        TimeBucket.Quarter => "quarter",
        _ => bucket.ToString().ToLowerInvariant(),
    };

    private static (GroupDimension Dimension, string? Attribute) ResolveDimension(string name, IReadOnlyList<string> attributeNames)
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

        var attribute = attributeNames.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ReportOptionsException(
                $"--by {name}: not source, owner, campaign or a column of the leads file (attribute columns: {(attributeNames.Count == 0 ? "none" : string.Join(", ", attributeNames))}).");
        return (GroupDimension.Segment, attribute);
    }
}
