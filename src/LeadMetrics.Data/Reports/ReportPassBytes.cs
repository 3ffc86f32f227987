using System.Text;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// A <see cref="ReportPass"/> as bytes, for the report over partitions (issue 20). Layout (little-endian,
/// <see cref="BinaryWriter"/>): the magic "LMRP", version 5 (<c>Version</c>), whether the report has costs and revenue, the report's
/// options as text (<see cref="PartitionedReport.Fingerprint"/>, compared by the merger), then, each as a length-prefixed LMS1 state with the
/// encoding's labels (docs/architecture.md): the KPI set, the peak-hours set, the finance calculator of every plain
/// grouping, spend, the rep comparison, capacity; with --scoring (version 3) the score groups of every plain grouping
/// (by label and period), the band conversion, the ROC AUC and the rep comparison by source and grade
/// (<see cref="ScoreEngine.Write"/>); the lifetime value of every plain grouping; then the span costs are
/// clipped to, the last instant and the lifetime value's observation date; then the per-lead samples that the survival
/// curve, the Mann-Whitney duration sketches and the cohort maturity read (the partition's source, campaign and owner
/// labels, then per lead: created, closed, first response and last event ticks, source, campaign and owner ids and
/// outcome: 45 bytes); the cost rows (source and campaign labels, dates, amount, category); the revenue rows (lead key,
/// instant, amount); and the data-quality counts per input kind. Ids are remapped to the receiver's encoding by label.
/// </summary>
internal static class ReportPassBytes
{
    private const int Magic = 0x50524D4C; // "LMRP"
    private const int Version = 5;

    /// <summary>What a pass over partitions keeps besides the calculators of <see cref="ReportPass"/>.</summary>
    internal sealed class Extra
    {
        public Extra(LeadEncoding encoding, bool hasCosts, bool hasRevenue)
        {
            Encoding = encoding;
            HasCosts = hasCosts;
            HasRevenue = hasRevenue;
        }

        public LeadEncoding Encoding { get; }

        public bool HasCosts { get; }

        public bool HasRevenue { get; }

        /// <summary>The per-lead samples of a partition (created, closed, response, last event ticks; ids; outcome).</summary>
        public List<Sample> Samples { get; } = [];

        public List<CostEvent> Costs { get; } = [];

        public List<RevenueEvent> Revenue { get; } = [];

        public long LastInstantTicks { get; set; } = long.MinValue;

        /// <summary>The lifetime value's observation date every partition used, or null without revenue.</summary>
        public LocalDate? ObservedUntil { get; set; }

        public Dictionary<LeadGrouping, LifetimeValueCalculator> Lifetime { get; } = [];

        /// <summary>The data-quality counts by input kind (file names are the merger's: they are about the run).</summary>
        public SortedDictionary<InputKind, QualityCounts> Quality { get; } = [];

        public long InferredResponses { get; set; }

        public long NotAResponse { get; set; }

        public SortedDictionary<string, SortedDictionary<string, long>> Unmatched { get; } = new(StringComparer.Ordinal);

        public bool KeepSamples { get; init; }

        /// <summary>A partition's raw (unfolded) label id of each attribute (by its index), per sample in <see cref="Samples"/>'s order.</summary>
        public List<List<int>> AttributeIds { get; } = [];

        /// <summary>The lifetime-value calculator of each attribute grouping (by the attribute's index): a partition's (raw labels), the merger's once folded.</summary>
        public Dictionary<int, LifetimeValueCalculator> AttributeLifetime { get; } = [];

        /// <summary>The merger's attribute groupings as merged by raw label (<see cref="ReportBuilder"/> folds them at --max-groups over the merged labels and adds them to the pass).</summary>
        public List<AttributeRaw> RawAttributes { get; } = [];

        /// <summary>With attribute groupings, the merger's samples of every partition (merger ids), in the order of each <see cref="AttributeRaw.SampleIds"/>.</summary>
        public List<Sample> MergedSamples { get; } = [];

        /// <summary>The report's options as text (<see cref="PartitionedReport.Fingerprint"/>): a pass of other options is refused by the merger.</summary>
        public string Fingerprint { get; set; } = string.Empty;

        /// <summary>The empty lifetime-value calculator of a grouping observed until a date (the merger creates them as bytes arrive).</summary>
        public Func<LeadGrouping, LocalDate, LifetimeValueCalculator>? CreateLifetime { get; init; }

        public void Keep(in LeadRecord lead)
        {
            if (!KeepSamples)
            {
                return;
            }

            var created = lead.CreatedAt.ToUnixTimeTicks();
            var last = Math.Max(created, Math.Max(lead.FirstResponseAt?.ToUnixTimeTicks() ?? long.MinValue, lead.ClosedAt?.ToUnixTimeTicks() ?? long.MinValue));
            foreach (var visit in lead.Stages.Span)
            {
                last = Math.Max(last, visit.EnteredAt.ToUnixTimeTicks());
            }

            Samples.Add(new Sample(created, lead.ClosedAt?.ToUnixTimeTicks() ?? long.MinValue, lead.FirstResponseAt?.ToUnixTimeTicks() ?? long.MinValue, last, lead.Source, lead.Campaign, lead.Owner, lead.Outcome));
        }

        public void AddQuality(DataQuality quality)
        {
            foreach (var f in quality.Files)
            {
                if (!Quality.TryGetValue(f.Kind, out var q))
                {
                    Quality[f.Kind] = q = new QualityCounts();
                }

                q.RowsRead += f.RowsRead;
                Add(q.Rejected, f.Rejected);
                Add(q.RejectedValues, f.RejectedValues);
                foreach (var (reason, rows) in f.Examples)
                {
                    if (!q.Examples.TryGetValue(reason, out var list))
                    {
                        q.Examples[reason] = list = [];
                    }

                    // The first examples of the whole file, whatever the order the partitions merge in: each partition
                    // keeps its first, so the lowest lines of their union are the whole file's first.
                    list.AddRange(rows);
                    list.Sort((a, b) => a.Line.CompareTo(b.Line));
                    if (list.Count > FileQuality.MaxExamples)
                    {
                        list.RemoveRange(FileQuality.MaxExamples, list.Count - FileQuality.MaxExamples);
                    }
                }
            }

            InferredResponses += quality.Responses.Inferred;
            NotAResponse += quality.Responses.NotAResponse;
            foreach (var (field, labels) in quality.UnmatchedCostLabels)
            {
                if (!Unmatched.TryGetValue(field, out var mine))
                {
                    Unmatched[field] = mine = new SortedDictionary<string, long>(StringComparer.Ordinal);
                }

                Add(mine, labels);
            }
        }

        private static void Add(SortedDictionary<string, long> to, IReadOnlyDictionary<string, long> from)
        {
            foreach (var (k, n) in from)
            {
                to[k] = to.GetValueOrDefault(k) + n;
            }
        }

        /// <summary>
        /// The merged data quality, with the given file names by kind (the merger's: a partition's file names are its
        /// slice's). Rejected rows keep the examples of lowest line numbers (the whole file's when the partitions had row index files, see <see cref="ReportSlice.RowIndexPaths"/>; else the slices').
        /// </summary>
        public DataQuality ToQuality(BadRowPolicy policy, bool foldCase, IEnumerable<TouchpointKind>? responseKinds, IReadOnlyList<(InputKind Kind, string Name)> files)
        {
            var quality = new DataQuality(policy, foldCase, responseKinds);
            var order = files.Select(f => f.Kind).Concat(Quality.Keys).Distinct().Where(Quality.ContainsKey);
            foreach (var kind in order)
            {
                var counts = Quality[kind];
                var name = files.FirstOrDefault(f => f.Kind == kind).Name ?? kind.ToString().ToLowerInvariant();
                var file = quality.Add(kind, name);
                file.CountRead(counts.RowsRead);

                // The examples name the merger's file (a partition's name its slice's).
                foreach (var list in counts.Examples.Values)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        list[i] = list[i] with { File = name };
                    }
                }

                Replay(counts.Rejected, counts.Examples, file.CountReplaced);
                Replay(counts.RejectedValues, counts.Examples, file.RejectValue);
            }

            for (var i = 0L; i < InferredResponses; i++)
            {
                quality.Responses.CountInferred();
            }

            for (var i = 0L; i < NotAResponse; i++)
            {
                quality.Responses.CountNotAResponse();
            }

            foreach (var (field, labels) in Unmatched)
            {
                foreach (var (label, n) in labels)
                {
                    for (var i = 0L; i < n; i++)
                    {
                        quality.CountUnmatched(field, label);
                    }
                }
            }

            return quality;

            // Counts by reason through the quality's own counters: the examples first, then copies of the last one
            // (not kept: a file keeps its first examples only).
            static void Replay(SortedDictionary<string, long> counts, SortedDictionary<string, List<BadRow>> examples, Action<BadRow> count)
            {
                foreach (var (reason, n) in counts)
                {
                    var rows = examples.TryGetValue(reason, out var list) ? list.Where(r => r.Reason == reason).ToList() : [];
                    var filler = rows.Count > 0 ? rows[^1] : new BadRow(string.Empty, 0, string.Empty, string.Empty, reason, string.Empty);
                    for (var i = 0L; i < n; i++)
                    {
                        count(i < rows.Count ? rows[(int)i] : filler);
                    }
                }
            }
        }
    }

    /// <summary>The data-quality counts of one input kind over partitions.</summary>
    internal sealed class QualityCounts
    {
        public long RowsRead { get; set; }

        public SortedDictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, long> RejectedValues { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, List<BadRow>> Examples { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// An attribute grouping at the merger as the partitions' bytes arrive: their states merged by raw label (each label of
    /// every partition, none folded), and each sample's raw label id (for the survival curve and the duration sketches).
    /// </summary>
    internal sealed class AttributeRaw(string name, LeadGrouping grouping, LeadMetrics.Calculators.CalculatorSet<LeadMetrics.Calculators.LeadKpiCalculator, LeadMetrics.Calculators.LeadKpis> set, FinanceCalculator? finance, ScoreEngine.ScoreGroups? scores)
    {
        /// <summary>The attribute's name (the leads file's spelling once a partition's bytes named it).</summary>
        public string Name { get; set; } = name;

        public LeadGrouping Grouping { get; } = grouping;

        /// <summary>The raw labels (the attribute's encoder only).</summary>
        public LeadEncoding Encoding { get; } = new();

        public LeadMetrics.Calculators.CalculatorSet<LeadMetrics.Calculators.LeadKpiCalculator, LeadMetrics.Calculators.LeadKpis> Set { get; } = set;

        public FinanceCalculator? Finance { get; } = finance;

        public LifetimeValueCalculator? Lifetime { get; set; }

        public ScoreEngine.ScoreGroups? Scores { get; } = scores;

        /// <summary>The raw label id of each of <see cref="Extra.MergedSamples"/>.</summary>
        public List<int> SampleIds { get; } = [];
    }

    /// <summary>What the survival curve, the duration sketches and the maturity read from a lead (45 bytes as bytes).</summary>
    internal readonly record struct Sample(long Created, long Closed, long Response, long Last, int Source, int Campaign, int Owner, LeadOutcome Outcome)
    {
        /// <summary>The sample as a record (with <paramref name="segment"/> as its segment: an attribute's label id).</summary>
        public LeadRecord Record(int segment = 0)
        {
            var created = Instant.FromUnixTimeTicks(Created);
            Instant? closed = Closed == long.MinValue ? null : Instant.FromUnixTimeTicks(Closed);
            Instant? response = Response == long.MinValue ? null : Instant.FromUnixTimeTicks(Response);
            var seen = Math.Max(Created, Math.Max(Response, Closed));

            // The last event was a stage entered after creation, response and close: one visit at that instant gives
            // the maturity's last observed instant (no calculator fed from samples reads the visits otherwise).
            ReadOnlyMemory<StageVisit> stages = Last > seen ? new[] { new StageVisit(0, Instant.FromUnixTimeTicks(Last)) } : default;
            return new LeadRecord(1, created, Source, Campaign, Owner, segment, response, Outcome, closed, stages: stages);
        }
    }

    /// <summary>The pass of a partition as bytes, ids with the labels of <paramref name="encoding"/>.</summary>
    public static byte[] Serialize(ReportPass pass, LeadEncoding encoding)
    {
        var extra = pass.Extra ?? throw new InvalidOperationException("Only a pass over a partition is serialized (ReportBuilder.Partition).");
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(extra.HasCosts);
            w.Write(extra.HasRevenue);
            w.Write(extra.Fingerprint);
            Bytes(w, pass.Set.Serialize(encoding));
            Bytes(w, pass.Peak.Set.Serialize(encoding));
            Calculators(w, pass.Plain, pass.Finance, encoding);
            Bytes(w, pass.Spend?.Serialize(encoding) ?? []);
            Bytes(w, pass.Comparison?.Serialize(encoding) ?? []);
            Bytes(w, pass.Capacity?.Serialize(encoding) ?? []);
            // The rep comparison by grade carries its grades as the encoding's one attribute: without the --by attribute columns' labels.
            Bytes(w, pass.Scores is null ? [] : Scores(pass.Scores, pass.Plain, pass.Attributes.Count > 0 ? WithoutAttributes(encoding) : encoding));
            Calculators(w, pass.Plain, extra.Lifetime, encoding);
            var (first, last) = pass.Span.Range;
            w.Write(first);
            w.Write(last);
            w.Write(extra.LastInstantTicks);
            w.Write(extra.ObservedUntil is { } until ? until.ToDateTimeUnspecified().Ticks : -1L);

            Labels(w, encoding.Sources);
            Labels(w, encoding.Campaigns);
            Labels(w, encoding.Owners);
            w.Write(extra.Samples.Count);
            foreach (var s in extra.Samples)
            {
                w.Write(s.Created);
                w.Write(s.Closed);
                w.Write(s.Response);
                w.Write(s.Last);
                w.Write(s.Source);
                w.Write(s.Campaign);
                w.Write(s.Owner);
                w.Write((byte)s.Outcome);
            }

            w.Write(extra.Costs.Count);
            foreach (var c in extra.Costs)
            {
                w.Write(c.Source == 0 ? string.Empty : encoding.Sources.Decode(c.Source));
                w.Write(c.Campaign == 0 ? string.Empty : encoding.Campaigns.Decode(c.Campaign));
                w.Write(c.From.ToDateTimeUnspecified().Ticks);
                w.Write(c.To.ToDateTimeUnspecified().Ticks);
                w.Write(c.Amount.Amount);
                w.Write(c.Amount.Currency.Code);
                w.Write((int)c.Category);
            }

            w.Write(extra.Revenue.Count);
            foreach (var r in extra.Revenue)
            {
                w.Write(r.Lead);
                w.Write(r.At.ToUnixTimeTicks());
                w.Write(r.Amount.Amount);
                w.Write(r.Amount.Currency.Code);
            }

            w.Write(extra.Quality.Count);
            foreach (var (kind, q) in extra.Quality)
            {
                w.Write((int)kind);
                w.Write(q.RowsRead);
                Counts(w, q.Rejected);
                Counts(w, q.RejectedValues);
                w.Write(q.Examples.Count);
                foreach (var (reason, rows) in q.Examples)
                {
                    w.Write(reason);
                    w.Write(rows.Count);
                    foreach (var row in rows)
                    {
                        w.Write(row.File);
                        w.Write(row.Line);
                        w.Write(row.Column);
                        w.Write(row.Value);
                        w.Write(row.Reason);
                        w.Write(row.Message);
                    }
                }
            }

            w.Write(extra.InferredResponses);
            w.Write(extra.NotAResponse);
            w.Write(extra.Unmatched.Count);
            foreach (var (field, labels) in extra.Unmatched)
            {
                w.Write(field);
                Counts(w, labels);
            }

            // Version 4: the attribute groupings, by raw label (none folded: the merger checks --max-groups over the merged labels).
            w.Write(pass.Attributes.Count);
            foreach (var a in pass.Attributes)
            {
                w.Write(a.Name);
                var labels = AttributeEncoding(a.Name, encoding.Attribute(a.Name));
                var encoder = labels.Attribute(a.Name);
                Labels(w, encoder);
                Bytes(w, a.Set.Serialize(labels));
                Bytes(w, a.Finance?.Serialize(labels) ?? []);
                Bytes(w, extra.AttributeLifetime.GetValueOrDefault(a.Index)?.Serialize(labels) ?? []);
                Bytes(w, a.Scores is null ? [] : ScoreGroupBytes(a.Scores, encoder));
                var ids = extra.AttributeIds[a.Index];
                w.Write(ids.Count);
                foreach (var id in ids)
                {
                    w.Write(id);
                }
            }
        }

        return stream.ToArray();
    }

    private static string Value(string[] lines, string name) =>
        lines.FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "(absent)";

    /// <summary>Merges a partition's bytes into the merger's pass, by label (<see cref="ReportPass.Extra"/> holds the merger's encoding).</summary>
    /// <exception cref="ArgumentException">The bytes are not a report pass of this configuration (parameter <c>state</c>).</exception>
    public static void MergeSerialized(ReportPass pass, ReadOnlySpan<byte> state)
    {
        var extra = pass.Extra ?? throw new InvalidOperationException("The merger's pass has no encoding (ReportBuilder.Merger).");
        var encoding = extra.Encoding;
        using var stream = new MemoryStream(state.ToArray(), writable: false);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8);
        try
        {
            if (r.ReadInt32() != Magic || r.ReadInt32() != Version)
            {
                throw new ArgumentException($"The bytes are not a report pass of format version {Version} (magic LMRP).", nameof(state));
            }

            if (r.ReadBoolean() != extra.HasCosts || r.ReadBoolean() != extra.HasRevenue)
            {
                throw new ArgumentException("The partition's report was configured with other inputs (costs or revenue file given or not).", nameof(state));
            }

            var fingerprint = r.ReadString();
            if (fingerprint != extra.Fingerprint)
            {
                var theirs = fingerprint.Split('\n');
                var mine = extra.Fingerprint.Split('\n');
                var differ = theirs.Except(mine, StringComparer.Ordinal).Concat(mine.Except(theirs, StringComparer.Ordinal))
                    .Select(line => line.Split('=', 2)[0]).Distinct().ToList();
                var detail = string.Join("; ", differ.Select(name => $"{name}: partition '{Value(theirs, name)}', merger '{Value(mine, name)}'"));
                throw new ArgumentException($"The partition's report was built with other options ({detail}).", nameof(state));
            }

            pass.Set.MergeSerialized(ReadBytes(r), encoding);
            pass.Peak.Set.MergeSerialized(ReadBytes(r), encoding);
            MergeCalculators(r, pass.Plain, pass.Finance, (c, b) => c.MergeSerialized(b, encoding));
            MergeOptional(ReadBytes(r), pass.Spend, (c, b) => c.MergeSerialized(b, encoding));
            MergeOptional(ReadBytes(r), pass.Comparison, (c, b) => c.MergeSerialized(b, encoding));
            MergeOptional(ReadBytes(r), pass.Capacity, (c, b) => c.MergeSerialized(b, encoding));
            var scores = ReadBytes(r);
            if ((scores.Length == 0) != (pass.Scores is null))
            {
                throw new ArgumentException("The partition's report was configured otherwise (--scoring given or not).", nameof(state));
            }

            if (pass.Scores is not null)
            {
                using var scoresReader = new BinaryReader(new MemoryStream(scores, writable: false), System.Text.Encoding.UTF8);
                pass.Scores.Read(scoresReader, pass.Plain, encoding);
            }
            var lifetime = ReadCalculators(r, pass.Plain.Count);
            pass.Span.Merge(r.ReadInt64(), r.ReadInt64());
            extra.LastInstantTicks = Math.Max(extra.LastInstantTicks, r.ReadInt64());
            var untilTicks = r.ReadInt64();
            LocalDate? until = untilTicks < 0 ? null : LocalDate.FromDateTime(new DateTime(untilTicks, DateTimeKind.Unspecified));
            if (lifetime.Count > 0)
            {
                if (extra.ObservedUntil is null && extra.Lifetime.Count == 0)
                {
                    extra.ObservedUntil = until;
                }

                if (extra.ObservedUntil != until)
                {
                    throw new ArgumentException($"The partition observed the lifetime value until {until}, the others until {extra.ObservedUntil}.", nameof(state));
                }

                for (var i = 0; i < pass.Plain.Count; i++)
                {
                    var grouping = pass.Plain[i];
                    if (!extra.Lifetime.TryGetValue(grouping, out var calculator))
                    {
                        extra.Lifetime[grouping] = calculator = extra.CreateLifetime!(grouping, until!.Value);
                    }

                    calculator.MergeSerialized(lifetime[i], encoding);
                }
            }

            var sources = Remap(r, encoding.Sources);
            var campaigns = Remap(r, encoding.Campaigns);
            var owners = Remap(r, encoding.Owners);
            var samples = r.ReadInt32();
            for (var i = 0; i < samples; i++)
            {
                var sample = new Sample(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), sources[r.ReadInt32()], campaigns[r.ReadInt32()], owners[r.ReadInt32()], (LeadOutcome)r.ReadByte());
                pass.AddSample(sample.Record());
                if (extra.RawAttributes.Count > 0)
                {
                    extra.MergedSamples.Add(sample);
                }
            }

            var partitionSamples = samples;

            var costs = r.ReadInt32();
            for (var i = 0; i < costs; i++)
            {
                var source = encoding.Sources.Encode(r.ReadString());
                var campaign = encoding.Campaigns.Encode(r.ReadString());
                var from = LocalDate.FromDateTime(new DateTime(r.ReadInt64(), DateTimeKind.Unspecified));
                var to = LocalDate.FromDateTime(new DateTime(r.ReadInt64(), DateTimeKind.Unspecified));
                var amount = new Money(r.ReadDecimal(), r.ReadString());
                extra.Costs.Add(new CostEvent(source, from, to, amount, (CostCategory)r.ReadInt32(), campaign));
            }

            var revenue = r.ReadInt32();
            for (var i = 0; i < revenue; i++)
            {
                extra.Revenue.Add(new RevenueEvent(r.ReadInt32(), Instant.FromUnixTimeTicks(r.ReadInt64()), new Money(r.ReadDecimal(), r.ReadString())));
            }

            var kinds = r.ReadInt32();
            var partition = new DataQuality(BadRowPolicy.Skip);
            for (var k = 0; k < kinds; k++)
            {
                var file = partition.Add((InputKind)r.ReadInt32(), string.Empty);
                file.CountRead(r.ReadInt64());
                var rejected = ReadCounts(r);
                var rejectedValues = ReadCounts(r);
                var examples = new Dictionary<string, List<BadRow>>(StringComparer.Ordinal);
                var reasons = r.ReadInt32();
                for (var i = 0; i < reasons; i++)
                {
                    var reason = r.ReadString();
                    var rows = r.ReadInt32();
                    examples[reason] = [.. Enumerable.Range(0, rows).Select(_ => new BadRow(r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString()))];
                }

                Count(rejected, examples, file.CountReplaced);
                Count(rejectedValues, examples, file.RejectValue);
            }

            for (var i = r.ReadInt64(); i > 0; i--)
            {
                partition.Responses.CountInferred();
            }

            for (var i = r.ReadInt64(); i > 0; i--)
            {
                partition.Responses.CountNotAResponse();
            }

            var fields = r.ReadInt32();
            for (var i = 0; i < fields; i++)
            {
                var field = r.ReadString();
                foreach (var (label, n) in ReadCounts(r))
                {
                    for (var j = 0L; j < n; j++)
                    {
                        partition.CountUnmatched(field, label);
                    }
                }
            }

            extra.AddQuality(partition);
            MergeAttributes(r, extra, partitionSamples, until);
        }
        catch (EndOfStreamException e)
        {
            throw new ArgumentException("The report pass bytes are truncated.", nameof(state), e);
        }

        static void Count(SortedDictionary<string, long> counts, Dictionary<string, List<BadRow>> examples, Action<BadRow> count)
        {
            foreach (var (reason, n) in counts)
            {
                var rows = examples.TryGetValue(reason, out var list) ? list : [];
                var filler = rows.Count > 0 ? rows[^1] : new BadRow(string.Empty, 0, string.Empty, string.Empty, reason, string.Empty);
                for (var i = 0L; i < n; i++)
                {
                    count(i < rows.Count ? rows[(int)i] : filler);
                }
            }
        }
    }

    /// <summary>Merges a partition's attribute groupings into the merger's raw ones (<see cref="Extra.RawAttributes"/>), by raw label.</summary>
    private static void MergeAttributes(BinaryReader state, Extra extra, int samples, LocalDate? until)
    {
        var r = state;
        var count = r.ReadInt32();
        if (count != extra.RawAttributes.Count)
        {
            throw new ArgumentException($"The partition's report groups by {count} attribute columns, this one by {extra.RawAttributes.Count}.", nameof(state));
        }

        foreach (var raw in extra.RawAttributes)
        {
            var name = r.ReadString();
            if (!string.Equals(name, raw.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The partition's report groups by the attribute '{name}' where this one groups by '{raw.Name}'.", nameof(state));
            }

            raw.Name = name;
            var encoder = raw.Encoding.Attribute(name);
            var ids = Remap(r, encoder);
            raw.Set.MergeSerialized(ReadBytes(r), raw.Encoding);
            MergeOptional(ReadBytes(r), raw.Finance, (c, b) => c.MergeSerialized(b, raw.Encoding));
            var lifetime = ReadBytes(r);
            if (lifetime.Length > 0)
            {
                raw.Lifetime ??= extra.CreateLifetime!(raw.Grouping, until ?? throw new ArgumentException("The partition's attribute lifetime value has no observation date.", nameof(state)));
                raw.Lifetime.MergeSerialized(lifetime, raw.Encoding);
            }

            var scores = ReadBytes(r);
            if ((scores.Length == 0) != (raw.Scores is null))
            {
                throw new ArgumentException("The partition's report was configured otherwise (--scoring given or not).", nameof(state));
            }

            if (raw.Scores is not null)
            {
                using var scoresReader = new BinaryReader(new MemoryStream(scores, writable: false), System.Text.Encoding.UTF8);
                raw.Scores.Read(scoresReader, new ScoreEngine.DimensionEncoderView(encoder));
            }

            var n = r.ReadInt32();
            if (n != samples)
            {
                throw new ArgumentException($"The partition's attribute '{name}' labels {n} leads, its samples are {samples}.", nameof(state));
            }

            for (var i = 0; i < n; i++)
            {
                var id = r.ReadInt32();
                raw.SampleIds.Add((uint)id < (uint)ids.Length ? ids[id] : throw new ArgumentException($"The partition's attribute '{name}' has no label id {id}.", nameof(state)));
            }
        }
    }

    /// <summary>A copy of an encoding without its attributes: the lead, source, campaign, owner and channel labels, each with its id.</summary>
    private static LeadEncoding WithoutAttributes(LeadEncoding encoding)
    {
        var copy = new LeadEncoding();
        foreach (var (from, to) in new[] { (encoding.Leads, copy.Leads), (encoding.Sources, copy.Sources), (encoding.Campaigns, copy.Campaigns), (encoding.Owners, copy.Owners), (encoding.Channels, copy.Channels) })
        {
            var labels = from.GetLabels();
            for (var i = 1; i < labels.Length; i++)
            {
                if (to.Encode(labels[i]) != i)
                {
                    throw new InvalidOperationException($"The {from.Name} labels do not copy id for id.");
                }
            }
        }

        return copy;
    }

    /// <summary>An encoding with only the labels of one attribute, with the ids of <paramref name="encoder"/> (what an attribute grouping's states carry).</summary>
    internal static LeadEncoding AttributeEncoding(string name, DimensionEncoder encoder)
    {
        var encoding = new LeadEncoding();
        var copy = encoding.Attribute(name);
        var labels = encoder.GetLabels();
        for (var i = 1; i < labels.Length; i++)
        {
            if (copy.Encode(labels[i]) != i)
            {
                throw new InvalidOperationException($"The labels of attribute '{name}' do not copy id for id.");
            }
        }

        return encoding;
    }

    /// <summary>Score groups as bytes (<see cref="ScoreEngine.ScoreGroups.Write"/>), labels of <paramref name="encoder"/>.</summary>
    internal static byte[] ScoreGroupBytes(ScoreEngine.ScoreGroups scores, DimensionEncoder encoder)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            scores.Write(w, new ScoreEngine.DimensionEncoderView(encoder));
        }

        return stream.ToArray();
    }

    /// <summary>The bytes of each part of a pass (what travels, for docs/architecture.md's scale-out numbers).</summary>
    public static IReadOnlyList<(string Part, long Bytes)> Parts(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var r = new BinaryReader(new MemoryStream(state, writable: false), System.Text.Encoding.UTF8);
        var parts = new List<(string, long)>();
        var at = 0L;
        void Mark(string part)
        {
            parts.Add((part, r.BaseStream.Position - at));
            at = r.BaseStream.Position;
        }

        r.ReadBytes(10);
        r.ReadString(); // the options' fingerprint
        Mark("header");
        ReadBytes(r);
        Mark("KPI set");
        ReadBytes(r);
        Mark("peak hours");
        foreach (var name in new[] { "finance calculators" })
        {
            for (var n = r.ReadInt32(); n > 0; n--)
            {
                ReadBytes(r);
            }

            Mark(name);
        }

        ReadBytes(r);
        Mark("spend by period");
        ReadBytes(r);
        Mark("rep comparison");
        ReadBytes(r);
        Mark("capacity");
        ReadBytes(r);
        Mark("scores (--scoring)");
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            ReadBytes(r);
        }

        Mark("lifetime value calculators");
        r.ReadBytes(32);
        for (var d = 0; d < 3; d++)
        {
            for (var n = r.ReadInt32(); n > 0; n--)
            {
                r.ReadString();
            }
        }

        Mark("span, dates, labels");
        var samples = r.ReadInt32();
        r.BaseStream.Position += 45L * samples;
        Mark("per-lead samples (45 bytes a lead)");
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            r.ReadString();
            r.ReadString();
            r.ReadBytes(16 + 16);
            r.ReadString();
            r.ReadInt32();
        }

        Mark("cost rows");
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            r.ReadBytes(4 + 8 + 16);
            r.ReadString();
        }

        Mark("revenue rows");
        parts.Add(("data quality, attribute groupings", state.Length - at));
        return parts;
    }

    /// <summary>The streamed scoring state of a pass as one block (<see cref="ScoreEngine.Write"/>).</summary>
    private static byte[] Scores(ScoreEngine scores, IReadOnlyList<LeadGrouping> plain, LeadEncoding encoding)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            scores.Write(w, plain, encoding);
        }

        return stream.ToArray();
    }

    private static void Bytes(BinaryWriter w, byte[] bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r) => r.ReadBytes(r.ReadInt32());

    private static void Calculators<T>(BinaryWriter w, IReadOnlyList<LeadGrouping> plain, Dictionary<LeadGrouping, T> calculators, LeadEncoding encoding)
        where T : LeadMetrics.Calculators.ISerializableCalculator
    {
        w.Write(calculators.Count == 0 ? 0 : plain.Count);
        if (calculators.Count > 0)
        {
            foreach (var g in plain)
            {
                Bytes(w, calculators[g].Serialize(encoding));
            }
        }
    }

    private static List<byte[]> ReadCalculators(BinaryReader state, int expected)
    {
        var n = state.ReadInt32();
        if (n != 0 && n != expected)
        {
            throw new ArgumentException($"The partition's report has {n} groupings, this one {expected}.", nameof(state));
        }

        return [.. Enumerable.Range(0, n).Select(_ => ReadBytes(state))];
    }

    private static void MergeCalculators<T>(BinaryReader state, IReadOnlyList<LeadGrouping> plain, Dictionary<LeadGrouping, T> calculators, Action<T, byte[]> merge)
    {
        var states = ReadCalculators(state, plain.Count);
        if (states.Count != calculators.Count)
        {
            throw new ArgumentException($"The partition's report has {states.Count} finance calculators, this one {calculators.Count}.", nameof(state));
        }

        for (var i = 0; i < states.Count; i++)
        {
            merge(calculators[plain[i]], states[i]);
        }
    }

    private static void MergeOptional<T>(byte[] state, T? calculator, Action<T, byte[]> merge)
        where T : class
    {
        if ((state.Length == 0) != (calculator is null))
        {
            throw new ArgumentException("The partition's report was configured otherwise (--capacity, --scoring or a costs file given or not).", nameof(state));
        }

        if (calculator is not null)
        {
            merge(calculator, state);
        }
    }

    private static void Labels(BinaryWriter w, DimensionEncoder encoder)
    {
        var labels = encoder.GetLabels();
        w.Write(labels.Length);
        foreach (var label in labels)
        {
            w.Write(label);
        }
    }

    /// <summary>The receiver's id of each id of the bytes (id 0, no label, stays 0).</summary>
    private static int[] Remap(BinaryReader r, DimensionEncoder encoder)
    {
        var n = r.ReadInt32();
        var ids = new int[n];
        for (var i = 0; i < n; i++)
        {
            var label = r.ReadString();
            ids[i] = i == DimensionEncoder.NoneId ? DimensionEncoder.NoneId : encoder.Encode(label);
        }

        return ids;
    }

    private static void Counts(BinaryWriter w, SortedDictionary<string, long> counts)
    {
        w.Write(counts.Count);
        foreach (var (k, n) in counts)
        {
            w.Write(k);
            w.Write(n);
        }
    }

    private static SortedDictionary<string, long> ReadCounts(BinaryReader r)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var n = r.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            counts[r.ReadString()] = r.ReadInt64();
        }

        return counts;
    }
}
