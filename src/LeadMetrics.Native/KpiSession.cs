using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Data;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// The state behind a KPI-set handle: the library's <see cref="LeadKpiSet"/> over the total, the trend and each
/// grouping, and its <see cref="RepComparisonCalculator"/>, with the <see cref="LeadEncoding"/> of the labels seen.
/// Blocks are checked whole before any lead is added, so a rejected block leaves the set as it was.
/// </summary>
internal sealed partial class KpiSession
{
    internal const long Missing = long.MinValue;
    private const int BatchSize = 16_384;

    // A block of at least two chunks of this many leads is filled on several threads (one partial per chunk, merged).
    private const int ParallelChunk = 131_072;
    private readonly LeadColumnsBuilder _builder = new(BatchSize);
    private readonly Partial _main;

    // The dense lead keys handed out so far, shared by the sets created like this one, so that merged sets never share a
    // key (the finance and lifetime-value calculators join revenue to leads by key).
    private readonly StrongBox<int> _keys;

    public KpiSession(NativeOptions options, LeadEncoding? encoding = null, StrongBox<int>? keys = null)
    {
        Options = options;
        Encoding = encoding ?? new LeadEncoding();
        _keys = keys ?? new StrongBox<int>(0);
        Groupings = options.Groupings();
        TrendGrouping = options.TrendComputed ? Groupings[1] : null;
        _main = new Partial(
            LeadKpiSet.Create(options.Kpi, Groupings),
            options.Reps ? new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source)) : null,
            options.MaturityComputed ? new GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>(Groupings[1], new CohortMaturityCalculator()) : null,
            NewFinance(),
            NewSpend(),
            options.Capacity is { } capacity
                ? new CapacityCalculator(new CapacityOptions(capacity.Default, capacity.Reps.Select(r => KeyValuePair.Create(Encoding.Owners.Encode(r.Key), r.Value)), zone: options.Zone))
                : null,
            options.PeakHours || options.Comparisons ? new ReportSections(options, Groupings) : null);
    }

    /// <summary>The report sections of revision 4 (peak hours, comparisons), or null when neither is asked for.</summary>
    public ReportSections? Sections => _main.Sections;

    /// <summary>Leads per rep and ISO week against capacity (options.capacity, the command's --capacity), or null.</summary>
    public CapacityCalculator? Capacity => _main.Capacity;

    /// <summary>The trend's grouping (the total per trend period), or null when the set does not compute the trend.</summary>
    public LeadGrouping? TrendGrouping { get; }

    /// <summary>
    /// The last instant observed in the leads added (the latest creation, first response, close or stage change, in
    /// Unix ticks; <see cref="long.MinValue"/> before any lead): the snapshot's <c>as_of</c>, as the command takes it
    /// (the cohort maturity calculator's last observed instant, kept here so that it does not need the maturity).
    /// </summary>
    public long LastObserved => _lastObserved;

    private long _lastObserved = long.MinValue;

    private void Observed(long ticks)
    {
        if (ticks > _lastObserved)
        {
            _lastObserved = ticks;
        }
    }

    /// <summary>Reserves <paramref name="count"/> lead keys; returns the key before the first.</summary>
    private int ReserveKeys(int count) => checked(Interlocked.Add(ref _keys.Value, count) - count);

    public NativeOptions Options { get; }

    public LeadEncoding Encoding { get; }

    public List<LeadGrouping> Groupings { get; }

    public CalculatorSet<LeadKpiCalculator, LeadKpis> Set => _main.Set;

    /// <summary>The rep comparison, or null when the set was created with <c>reps</c> false.</summary>
    public RepComparisonCalculator? Reps => _main.Reps;

    /// <summary>The cohort maturity of each trend period (the library's <see cref="CohortMaturityCalculator"/>, grouped like the trend), or null when not computed.</summary>
    public GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>? Maturity => _main.Maturity;

    /// <summary>An empty set with the same options and the same label encoding (so that it can be merged into this one).</summary>
    public KpiSession CreateLike() => new(Options, Encoding, _keys);

    public void Merge(KpiSession other)
    {
        if (!ReferenceEquals(other.Encoding, Encoding))
        {
            throw new ArgumentException("the sets do not share a label encoding: create the second one with lm_kpis_create_like from the first.");
        }

        _main.Merge(other._main);
        Observed(other._lastObserved);
        _kept.AddRange(other._kept);
        MergeMoney(other);
    }

    /// <summary>The library's calculators a set feeds: one per set, and one per chunk of a block filled on several threads (merged into the set's).</summary>
    private sealed record Partial(
        CalculatorSet<LeadKpiCalculator, LeadKpis> Set,
        RepComparisonCalculator? Reps,
        GroupedCalculator<CohortMaturityCalculator, CohortMaturityResult>? Maturity,
        FinanceCalculator[]? Finance,
        FinanceCalculator? Spend,
        CapacityCalculator? Capacity,
        ReportSections? Sections = null)
    {
        public Partial CreateEmpty() => new(Set.CreateEmpty(), Reps?.CreateEmpty(), Maturity?.CreateEmpty(),
            Finance is null ? null : [.. Finance.Select(f => f.CreateEmpty())], Spend?.CreateEmpty(), Capacity?.CreateEmpty(),
            Sections?.CreateEmpty());

        public void Merge(Partial other)
        {
            Set.Merge(other.Set);
            Reps?.Merge(other.Reps!);
            Maturity?.Merge(other.Maturity!);
            for (var i = 0; i < (Finance?.Length ?? 0); i++)
            {
                Finance![i].Merge(other.Finance![i]);
            }

            Spend?.Merge(other.Spend!);
            Capacity?.Merge(other.Capacity!);
            Sections?.Merge(other.Sections!);
        }

        public void AddBatch(LeadColumns batch)
        {
            Set.AddRange(batch);
            Maturity?.AddRange(batch);
            Reps?.AddColumns(batch);
            Sections?.AddBatch(batch);
            for (var i = 0; Finance is not null && i < batch.Count; i++)
            {
                var lead = batch[i];
                foreach (var f in Finance)
                {
                    f.Add(lead);
                }

                Spend?.Add(lead);
            }

            for (var i = 0; Capacity is not null && i < batch.Count; i++)
            {
                Capacity.Add(batch[i]);
            }
        }
    }

    /// <summary>
    /// Adds the leads of a LeadMetrics.Data data set (the CLI's columnar reader), with its touchpoints, costs and
    /// revenue files when given (the set's <c>costs</c> / <c>revenue</c> options must say the same files are given):
    /// the leads feed the set's calculators (finance ones included) batch by batch, as the command's columnar path
    /// does; the accepted cost rows (labels re-keyed into the set's encoding) and revenue rows (joined to the set's
    /// lead keys) are kept for the snapshot, which applies the command's money rules (<see cref="SnapshotMoney"/>).
    /// </summary>
    public void AddDataSet(LeadDataSetOptions options)
    {
        if (options.CostsPath is not null != Options.Costs || options.RevenuePath is not null != Options.Revenue)
        {
            throw new ArgumentException(Options.Costs || Options.Revenue
                ? $"options.costs / options.revenue ({Options.Costs} / {Options.Revenue}) must match the csv options' costs and revenue files ({(options.CostsPath is null ? "none" : "costs")}, {(options.RevenuePath is null ? "none" : "revenue")})."
                : "csv options: costs and revenue files need a set created with options.costs / options.revenue true.");
        }

        if (Options.Attribute is not null)
        {
            throw new ArgumentException($"options.by: '{Options.Attribute}' is a lead attribute; attribute groupings need the leads as columns (lm_kpis_add_leads), the data-set reader keeps no attributes.");
        }

        if (options.Zone != Options.Zone || options.Currency != Options.Currency)
        {
            throw new ArgumentException("the data set's zone and currency must be the set's.");
        }

        options = options with { ResponseKinds = Options.ResponseKinds };
        var data = LeadDataSet.Open(options);

        // The data set's lead keys (1, 2, ... in the order built) to the set's (revenue rows are joined by key).
        var keyOf = Options.Revenue ? new List<int> { 0 } : null;
        foreach (var batch in data.ReadBatches())
        {
            // The data set has its own encoding: re-key its labels into the set's.
            var builder = new LeadColumnsBuilder(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                var stages = r.Stages.Span;
                var key = ReserveKeys(1) + 1;
                if (keyOf is not null)
                {
                    while (keyOf.Count <= r.Lead)
                    {
                        keyOf.Add(0);
                    }

                    keyOf[r.Lead] = key;
                }

                builder.Add(key, r.CreatedAt.ToUnixTimeTicks(), Recode(data.Encoding.Sources, Encoding.Sources, r.Source), Recode(data.Encoding.Campaigns, Encoding.Campaigns, r.Campaign),
                    Recode(data.Encoding.Owners, Encoding.Owners, r.Owner), 0, r.FirstResponseAt?.ToUnixTimeTicks(), r.Outcome,
                    r.ClosedAt?.ToUnixTimeTicks(), r.FurthestPosition, r.DealValue, stages);
            }

            var built = builder.Build();
            if (Options.Survival)
            {
                // What conversion with open leads reads (the batch's arrays are reused by the builder: copied).
                var n = built.Count;
                _kept.Add(new Facts(built.CreatedTicks[..n], [], built.ClosedTicks[..n], [.. built.Outcomes.AsSpan(0, n).ToArray().Select(o => (LeadOutcome)o)],
                    built.Sources[..n], built.Campaigns[..n], built.Owners[..n], new int[n], [], [], [], [], 0));
            }

            if (Options.Money)
            {
                KeepMoney(built);
            }

            ObserveBatch(built);
            AddBatch(built);
        }

        if (Options.Costs)
        {
            foreach (var c in data.Costs)
            {
                _costs.Add(new CostEvent(Recode(data.Encoding.Sources, Encoding.Sources, c.Source), c.From, c.To, c.Amount, c.Category,
                    Recode(data.Encoding.Campaigns, Encoding.Campaigns, c.Campaign)));
            }
        }

        foreach (var p in Options.Revenue ? data.Revenue : [])
        {
            var key = p.Lead < keyOf!.Count ? keyOf[p.Lead] : 0;
            if (key == 0)
            {
                // The reader joins revenue only to leads it built; a key it gave no lead is a bug, not bad input.
                throw new InvalidOperationException($"a revenue row of the data set refers to lead key {p.Lead}, which no batch had.");
            }

            _revenue.Add(new RevenueEvent(key, p.At, p.Amount));
            _spanLast = Math.Max(_spanLast, p.At.ToUnixTimeTicks());
            _lastPayment = Math.Max(_lastPayment, p.At.ToUnixTimeTicks());
        }
    }

    private static int Recode(DimensionEncoder from, DimensionEncoder to, int id) => id == 0 ? 0 : to.Encode(from.Decode(id));

    private void AddBatch(LeadColumns batch) => _main.AddBatch(batch);

    // The batch's last observed instant (creation, first response, close, last stage change: LastSince).
    private void ObserveBatch(LeadColumns batch)
    {
        var n = batch.Count;
        var last = long.MinValue;
        var created = batch.CreatedTicks.AsSpan(0, n);
        var response = batch.ResponseTicks.AsSpan(0, n);
        var closed = batch.ClosedTicks.AsSpan(0, n);
        var since = batch.LastSince.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            last = Math.Max(last, Math.Max(Math.Max(created[i], since[i]), Math.Max(response[i], closed[i])));
        }

        Observed(last);
    }

    /// <summary>
    /// Checks a block whole (the first bad value is an <see cref="ArgumentException"/> naming column and row), then adds it.
    /// <paramref name="valueAmounts"/> (ABI revision 5, used when the block's <c>value</c> is null): the deal values as
    /// float64 currency units, NaN = missing, each turned into minor units as <see cref="DealUnits"/> rounds it.
    /// </summary>
    public unsafe void Add(in LeadBlock b, MoneyBlock* money = null, CurrencyBlock* currencies = null, double* valueAmounts = null)
    {
        if (b.Value != null)
        {
            valueAmounts = null;
        }

        var n = checked((int)b.Count);
        if (n < 0 || b.StageCount < 0)
        {
            throw new ArgumentException("block: negative row count.");
        }

        if (n > 0 && b.Created == null)
        {
            throw new ArgumentException("leads: column 'created_at' is required.");
        }

        var pipeline = Options.Pipeline;
        var sources = Ids("source", b.SourceLabels, Encoding.Sources);
        var campaigns = Ids("campaign", b.CampaignLabels, Encoding.Campaigns);
        var owners = Ids("owner", b.OwnerLabels, Encoding.Owners);
        var attribute = Options.Attribute;
        if (attribute is not null && n > 0 && b.SegmentCodes == null)
        {
            throw new ArgumentException($"leads: column '{attribute}' (grouped by) is missing.");
        }

        var segments = attribute is null ? [] : Ids(attribute, b.SegmentLabels, Encoding.Attribute(attribute));

        // A block of leads alone (no stage rows, no money, nothing kept for the snapshot): converted and added in
        // batches through reused buffers, without arrays of the block's size. A bad value sends it down the checking
        // path below, which names the first bad row.
        if (money == null && b.StageCount == 0 && !Options.Money && !Options.Survival
            && AddLeadsOnly(b, new LabelMaps(sources, campaigns, owners, attribute is null ? null : segments), valueAmounts))
        {
            return;
        }

        if (valueAmounts == null)
        {
            AddChecked(b, money, currencies, sources, campaigns, owners, segments);
            return;
        }

        // Float deal values on the checking path: minor units first (a bad amount names its row), then the block with them.
        var units = new long[n];
        for (var i = 0; i < n; i++)
        {
            var amount = valueAmounts[i];
            if (!DealUnits(amount, DealScale(Options.Currency.MinorUnitDigits), out units[i]))
            {
                throw Bad("leads", "value", b.RowOffset + i, amount.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "not a finite amount that fits int64 minor units");
            }
        }

        fixed (long* pu = units)
        {
            var withUnits = b;
            withUnits.Value = pu;
            AddChecked(withUnits, money, currencies, sources, campaigns, owners, segments);
        }
    }

    /// <summary>
    /// A float64 deal value in currency units to minor units at <paramref name="scale"/> (10^digits, as a double): the
    /// product rounded to the nearest integer, ties to even (numpy.rint of <c>amount * 10**digits</c>, the rule the
    /// package applied before this moved here: the same bits); NaN is missing (<see cref="Missing"/>). False for an
    /// infinity or a product outside (-2^63, 2^63).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool DealUnits(double amount, double scale, out long units)
    {
        var scaled = RoundHalfEven(amount * scale);
        var fits = Math.Abs(scaled) < TwoTo63;
        units = double.IsNaN(amount) ? Missing : fits ? (long)scaled : 0;
        return fits | double.IsNaN(amount);
    }

    private const double TwoTo63 = 9223372036854775808.0;
    private const double TwoTo52 = 4503599627370496.0;

    // Math.Round(x, MidpointRounding.ToEven) (numpy.rint) without a call: on the x86-64 baseline the NativeAOT library is
    // compiled for, Math.Round is a software routine (2% of the lean call's samples). Below 2^52, adding and subtracting
    // 2^52 rounds the magnitude to the nearest integer, ties to even (the processor's rounding); from 2^52 on every double
    // is an integer. The sign is put back (rint(-0.4) is -0.0). NaN and infinities pass through.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double RoundHalfEven(double x)
    {
        var magnitude = Math.Abs(x);
        return Math.CopySign(magnitude < TwoTo52 ? (magnitude + TwoTo52) - TwoTo52 : magnitude, x);
    }

    /// <summary>10^digits as a double (exact for the digits of ISO 4217 currencies).</summary>
    internal static double DealScale(int digits)
    {
        var scale = 1.0;
        for (var d = 0; d < digits; d++)
        {
            scale *= 10;
        }

        return scale;
    }

    // Add's checking path: the block (deal values in minor units) checked whole, then added.
    private unsafe void AddChecked(in LeadBlock b, MoneyBlock* money, CurrencyBlock* currencies, int[] sources, int[] campaigns, int[] owners, int[] segments)
    {
        var n = checked((int)b.Count);
        var pipeline = Options.Pipeline;
        var attribute = Options.Attribute;

        var created = new long[n];
        var response = new long[n];
        var closed = new long[n];
        var outcome = new LeadOutcome[n];
        var sourceIds = new int[n];
        var campaignIds = new int[n];
        var ownerIds = new int[n];
        var segmentIds = new int[n];
        var value = new long[n];

        // A deal value must fit the library's exact sums (Money.MaxFactAmount, 10^18 currency units).
        var maxUnits = MaxDealUnits(Options.Currency.MinorUnitDigits);

        // The fast pass: whole columns, no branch per check (a flag); only when some value is bad does the checking pass
        // below run, which throws for the first bad row in row order.
        var bad = !Codes(b.SourceCodes, sources, sourceIds) | !Codes(b.CampaignCodes, campaigns, campaignIds) | !Codes(b.OwnerCodes, owners, ownerIds)
            | (attribute is not null && !Codes(b.SegmentCodes, segments, segmentIds));
        unchecked
        {
            long* pc = b.Created, pr = b.Response, pw = b.Won, pl = b.Lost, pv = b.Value;
            for (var i = 0; i < n; i++)
            {
                var c = pc[i];
                var r = pr == null ? Missing : pr[i];
                var w = pw == null ? Missing : pw[i];
                var l = pl == null ? Missing : pl[i];
                var v = pv == null ? Missing : pv[i];
                var ct = Ticks(c);
                var rt = Ticks(r);
                var wt = Ticks(w);
                var lt = Ticks(l);
                bool hasW = w != Missing, hasL = l != Missing, hasR = r != Missing, hasV = v != Missing;
                bad |= (c == Missing) | (hasW & hasL) | (hasW & (wt < ct)) | (hasL & (lt < ct)) | (hasR & (rt < ct)) | (hasV & ((v < 0) | (v > maxUnits)));
                created[i] = ct;
                response[i] = hasR ? rt : Missing;
                outcome[i] = hasW ? LeadOutcome.Won : hasL ? LeadOutcome.Lost : LeadOutcome.Open;
                closed[i] = hasW ? wt : hasL ? lt : Missing;
                value[i] = v;
            }
        }

        for (var i = 0; bad && i < n; i++)
        {
            var row = b.RowOffset + i;
            var c = b.Created[i];
            if (c == Missing)
            {
                throw Bad("leads", "created_at", row, "missing", "created_at is required");
            }

            created[i] = Ticks(c);
            var r = b.Response == null ? Missing : b.Response[i];
            var w = b.Won == null ? Missing : b.Won[i];
            var l = b.Lost == null ? Missing : b.Lost[i];
            if (w != Missing && l != Missing)
            {
                throw Bad("leads", "lost_at", row, Show(l), "a lead cannot be both won and lost (won_at is set too)");
            }

            if (w != Missing && Ticks(w) < created[i])
            {
                throw Bad("leads", "won_at", row, Show(w), $"won_at is before created_at {Show(c)}");
            }

            if (l != Missing && Ticks(l) < created[i])
            {
                throw Bad("leads", "lost_at", row, Show(l), $"lost_at is before created_at {Show(c)}");
            }

            if (r != Missing && Ticks(r) < created[i])
            {
                throw Bad("leads", "first_response_at", row, Show(r), $"first_response_at is before created_at {Show(c)}");
            }

            response[i] = r == Missing ? Missing : Ticks(r);
            outcome[i] = w != Missing ? LeadOutcome.Won : l != Missing ? LeadOutcome.Lost : LeadOutcome.Open;
            closed[i] = w != Missing ? Ticks(w) : l != Missing ? Ticks(l) : Missing;
            var v = b.Value == null ? Missing : b.Value[i];
            if (v != Missing && v < 0)
            {
                throw Bad("leads", "value", row, v.ToString(System.Globalization.CultureInfo.InvariantCulture) + " minor units", "a deal value cannot be negative");
            }

            if (v != Missing && v > maxUnits)
            {
                throw Bad("leads", "value", row, v.ToString(System.Globalization.CultureInfo.InvariantCulture) + " minor units", "beyond 10^18 currency units (amount_out_of_range)");
            }

            value[i] = v;
            sourceIds[i] = Id("source", b.SourceCodes, sources, i, row);
            campaignIds[i] = Id("campaign", b.CampaignCodes, campaigns, i, row);
            ownerIds[i] = Id("owner", b.OwnerCodes, owners, i, row);
            segmentIds[i] = attribute is null ? 0 : Id(attribute, b.SegmentCodes, segments, i, row);
        }

        // Touchpoints: checked, and the first response of a lead without one inferred from them (the command's rule).
        if (money != null)
        {
            InferResponses(*money, n, created, response);
        }

        // Stage rows: checked in row order, then grouped by lead (stable) and put in time order per lead.
        var m = checked((int)b.StageCount);
        var stageOf = m == 0 ? [] : StageIndexes(b.StageLabels, pipeline);
        var start = m == 0 ? [] : new int[n + 1];
        for (var k = 0; k < m; k++)
        {
            var row = b.StageRowOffset + k;
            var lead = b.StageLead == null ? -1 : b.StageLead[k];
            if (lead < 0 || lead >= n)
            {
                throw Bad("stages", "lead_id", row, lead < 0 ? "(no match)" : lead.ToString(System.Globalization.CultureInfo.InvariantCulture), "no lead with this lead_id in the leads");
            }

            var code = b.StageCodes == null ? -1 : b.StageCodes[k];
            if (code < 0 || code >= stageOf.Length)
            {
                throw Bad("stages", "stage", row, code < 0 ? "missing" : $"code {code}", "stage is required");
            }

            if (stageOf[code].Index < 0)
            {
                throw Bad("stages", "stage", row, stageOf[code].Label, $"not a stage of the pipeline ({pipeline}); map other names with stage_names");
            }

            var at = b.StageAt == null ? Missing : b.StageAt[k];
            if (at == Missing)
            {
                throw Bad("stages", "at", row, "missing", "at is required");
            }

            if (Ticks(at) < created[lead])
            {
                throw Bad("stages", "at", row, Show(at), $"the lead was created at {Instant.FromUnixTimeTicks(created[lead])}; a stage cannot be entered before that");
            }

            start[lead + 1]++;
        }

        for (var i = 0; m > 0 && i < n; i++)
        {
            start[i + 1] += start[i];
        }

        var order = new int[m];
        var fill = m == 0 ? [] : (int[])start.Clone();
        for (var k = 0; k < m; k++)
        {
            order[fill[b.StageLead[k]]++] = k;
        }

        // Every lead's kept visits, one after the other: lead i's are visits[visitStart[i]..visitStart[i + 1]].
        var visits = new List<StageVisit>(m);
        var visitStart = m == 0 ? NoVisits : new int[n + 1];
        var furthest = new int[n];
        var scratch = new List<(long At, int Row, int Stage)>();
        for (var i = 0; m == 0 && i < n; i++)
        {
            // Without stage rows: a won lead is at the won position, any other at the first stage.
            furthest[i] = outcome[i] == LeadOutcome.Won ? pipeline.OpenStageCount : 0;
        }

        for (var i = 0; m > 0 && i < n; i++)
        {
            scratch.Clear();
            for (var j = start[i]; j < start[i + 1]; j++)
            {
                var k = order[j];
                scratch.Add((Ticks(b.StageAt[k]), k, stageOf[b.StageCodes[k]].Index));
            }

            if (scratch.Count > 1)
            {
                scratch.Sort(static (x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Row.CompareTo(y.Row));
            }

            var history = visits.Count;
            var previous = -1;
            var lastAt = 0L;
            var far = 0;
            var wonRow = outcome[i] == LeadOutcome.Won;
            var lostRow = outcome[i] == LeadOutcome.Lost;
            foreach (var (at, k, stageIndex) in scratch)
            {
                var stage = pipeline.Stages[stageIndex];
                var row = b.StageRowOffset + k;
                if (previous >= 0 && pipeline.Stages[previous].IsTerminal)
                {
                    throw Bad("stages", "at", row, Show(b.StageAt[k]), $"the lead already entered the terminal stage '{pipeline.Stages[previous].Name}'");
                }

                if ((stage.Kind == StageKind.Won && lostRow) || (stage.Kind == StageKind.Lost && wonRow))
                {
                    throw Bad("stages", "stage", row, stage.Name, $"the lead row says {(lostRow ? "lost" : "won")}, this stage row says '{stage.Name}'");
                }

                if (previous == stageIndex)
                {
                    continue;
                }

                visits.Add(new StageVisit(stageIndex, Instant.FromUnixTimeTicks(at)));
                if (stage.Kind == StageKind.Open && stageIndex > far)
                {
                    far = stageIndex;
                }

                lastAt = at;
                previous = stageIndex;
            }

            var kept = visits.Count - history;
            if (kept > 0 && pipeline.Stages[previous].Kind != StageKind.Open && outcome[i] == LeadOutcome.Open)
            {
                outcome[i] = pipeline.Stages[previous].Kind == StageKind.Won ? LeadOutcome.Won : LeadOutcome.Lost;
                closed[i] = lastAt;
            }

            if (outcome[i] != LeadOutcome.Open && kept > 0 && closed[i] < lastAt)
            {
                var column = outcome[i] == LeadOutcome.Won ? "won_at" : "lost_at";
                throw Bad("leads", column, b.RowOffset + i, Instant.FromUnixTimeTicks(closed[i]).ToString(),
                    $"the lead closes before its last stage change at {Instant.FromUnixTimeTicks(lastAt)}");
            }

            furthest[i] = outcome[i] == LeadOutcome.Won ? pipeline.OpenStageCount : far;
            visitStart[i + 1] = visits.Count;
        }

        // Every row is valid: add the block in batches, on several threads for a large block (a partial per chunk of
        // rows, merged in chunk order; the labels are encoded above, on this thread, so every chunk sees the same ids).
        var (revenueRows, costRows) = money == null ? ([], []) : MoneyRows(*money, n, currencies);

        // The block is valid: from here on it is added.
        CheckDimensionIds();
        ObserveColumns(created, response, closed, visits);
        var firstKey = ReserveKeys(n);
        if (Options.Money)
        {
            KeepMoney(n, firstKey, created, closed, new LeadRecordFacts(created, response, closed, outcome, sourceIds, campaignIds, ownerIds, segmentIds, value, furthest, Options.Currency),
                [.. revenueRows.Select(r => new RevenueEvent(firstKey + r.Lead + 1, r.At, r.Amount))], costRows);
        }

        var columns = new Facts(created, response, closed, outcome, sourceIds, campaignIds, ownerIds, segmentIds, value, furthest, visits, visitStart, firstKey);
        if (Options.Survival)
        {
            _kept.Add(columns);
        }

        var chunks = Math.Min(Environment.ProcessorCount, n / ParallelChunk);
        if (chunks < 2)
        {
            Fill(_builder, _main, columns, 0, n);
        }
        else
        {
            var parts = new Partial[chunks];
            try
            {
                Parallel.For(0, chunks, c =>
                {
                    var part = _main.CreateEmpty();
                    Fill(new LeadColumnsBuilder(BatchSize), part, columns, (int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));
                    parts[c] = part;
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }

            foreach (var part in parts)
            {
                _main.Merge(part);
            }
        }

    }

    // The visit starts of a block without stage rows (every row has none): a zero per row, shared (Fill reads it only).
    private static readonly int[] NoVisits = [];

    // The blocks' facts, kept for conversion with open leads (options.survival): its as-of instant is known at the snapshot.
    private readonly List<Facts> _kept = [];

    /// <summary>
    /// Conversion with open leads per grouping (options.survival), as of <paramref name="asOf"/>: the library's
    /// <see cref="ConversionSurvivalCalculator"/> fed each kept lead's creation, close, outcome and ids, as the command's
    /// columnar path feeds it; null when the option is off or there is no lead.
    /// </summary>
    public Dictionary<LeadGrouping, GroupedResult<ConversionSurvivalResult>>? SnapshotSurvival(Instant? asOf)
    {
        if (!Options.Survival || asOf is not { } at)
        {
            return null;
        }

        var options = new ConversionSurvivalOptions(at);
        var calculators = Groupings.Select(g => new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(g, new ConversionSurvivalCalculator(options))).ToList();
        foreach (var f in _kept)
        {
            for (var i = 0; i < f.Created.Length; i++)
            {
                var outcome = f.Outcome[i];
                var record = new LeadRecord(1, Instant.FromUnixTimeTicks(f.Created[i]), f.Sources[i], f.Campaigns[i], f.Owners[i], f.Segments[i],
                    outcome: outcome, closedAt: outcome == LeadOutcome.Open ? null : Instant.FromUnixTimeTicks(f.Closed[i]));
                foreach (var c in calculators)
                {
                    c.Add(record);
                }
            }
        }

        var result = new Dictionary<LeadGrouping, GroupedResult<ConversionSurvivalResult>>();
        for (var g = 0; g < Groupings.Count; g++)
        {
            result[Groupings[g]] = calculators[g].Snapshot();
        }

        return result;
    }

    /// <summary>The checked facts of a block, ready for <see cref="LeadColumnsBuilder"/>.</summary>
    private sealed record Facts(long[] Created, long[] Response, long[] Closed, LeadOutcome[] Outcome, int[] Sources, int[] Campaigns, int[] Owners,
        int[] Segments, long[] Value, int[] Furthest, List<StageVisit> Visits, int[] VisitStart, int FirstKey);

    // Appends rows from..to of checked facts to the builder in batches of BatchSize, column by column (span copies and
    // one pass for what is derived per row: no call per lead), and adds each batch to the partial.
    private void Fill(LeadColumnsBuilder builder, Partial into, Facts f, int from, int to)
    {
        var scale = (byte)Options.Currency.MinorUnitDigits;
        var currency = Options.Currency;
        var visits = CollectionsMarshal.AsSpan(f.Visits);
        var zeros = f.VisitStart.Length == 0 ? new int[BatchSize + 1] : null;
        var outcomes = MemoryMarshal.Cast<LeadOutcome, int>(f.Outcome.AsSpan());
        var bytes = new byte[BatchSize];
        for (var start = from; start < to; start += BatchSize)
        {
            var n = Math.Min(BatchSize, to - start);
            var o = outcomes.Slice(start, n);
            for (var i = 0; i < n; i++)
            {
                bytes[i] = (byte)o[i];
            }

            builder.AddColumns(f.FirstKey + start + 1, f.Created.AsSpan(start, n), f.Response.AsSpan(start, n), f.Closed.AsSpan(start, n),
                bytes.AsSpan(0, n), f.Sources.AsSpan(start, n), f.Campaigns.AsSpan(start, n), f.Owners.AsSpan(start, n), f.Segments.AsSpan(start, n),
                f.Furthest.AsSpan(start, n), f.Value.AsSpan(start, n), scale, currency, visits, zeros is null ? f.VisitStart.AsSpan(start, n + 1) : zeros.AsSpan(0, n + 1));
            into.AddBatch(builder.Build());
        }
    }

    // The largest deal value in minor units at a scale that the library's sums take exactly (10^18 currency units).
    private static long MaxDealUnits(int digits)
    {
        var max = 1_000_000_000_000_000_000L;
        for (var d = 0; d < digits; d++)
        {
            if (max > long.MaxValue / 10)
            {
                return long.MaxValue;
            }

            max *= 10;
        }

        return max;
    }

    // The bulk path skips LeadColumnsBuilder.Add's check of each id: the encoders' ids must fit a record's.
    private void CheckDimensionIds()
    {
        if (Encoding.Sources.Count > LeadRecord.MaxDimensionId || Encoding.Campaigns.Count > LeadRecord.MaxDimensionId || Encoding.Owners.Count > LeadRecord.MaxDimensionId
            || (Options.Attribute is { } attribute && Encoding.Attribute(attribute).Count > LeadRecord.MaxDimensionId))
        {
            throw new ArgumentException($"leads: more than {LeadRecord.MaxDimensionId} distinct labels in a column.");
        }
    }

    /// <summary>Nanoseconds to Unix ticks (100 ns), rounding toward the past.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Ticks(long ns)
    {
        unchecked
        {
            var q = ns / 100;
            return q + ((ns - (q * 100)) >> 63);
        }
    }

    // Label codes to the set's ids, a whole column (the column absent: all 0, as allocated); false when a code is out of range.
    private static unsafe bool Codes(int* codes, int[] ids, int[] into)
    {
        if (codes == null)
        {
            return true;
        }

        var ok = true;
        for (var i = 0; i < into.Length; i++)
        {
            var code = codes[i];
            if (unchecked((uint)(code + 1) > (uint)ids.Length))
            {
                ok = false;
                break;
            }

            into[i] = code < 0 ? 0 : ids[code];
        }

        return ok;
    }

    private static string Show(long ns) => Instant.FromUnixTimeTicks(Ticks(ns)).ToString();

    private static ArgumentException Bad(string table, string column, long row, string value, string why) =>
        new($"{table}: column '{column}', row {row}: value '{value}' rejected: {why}.");

    private static unsafe int[] Ids(string column, byte* labels, DimensionEncoder encoder)
    {
        if (labels == null)
        {
            return [];
        }

        var list = Labels(column, labels);
        var ids = new int[list.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = string.IsNullOrEmpty(list[i]) ? 0 : encoder.Encode(list[i]);
        }

        return ids;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int Id(string column, int* codes, int[] ids, int i, long row, string table = "leads")
    {
        if (codes == null)
        {
            return 0;
        }

        var code = codes[i];
        if (code < -1 || code >= ids.Length)
        {
            throw Bad(table, column, row, $"code {code}", $"a label code must be -1 (missing) or 0 to {ids.Length - 1}");
        }

        return code < 0 ? 0 : ids[code];
    }

    private unsafe (int Index, string Label)[] StageIndexes(byte* labels, Pipeline pipeline)
    {
        var list = labels == null ? [] : Labels("stage", labels);
        return [.. list.Select(l => (string.IsNullOrEmpty(l) ? -1 : StageNameRule.Resolve(pipeline, Options.StageNames, l), l ?? string.Empty))];
    }

    internal static unsafe List<string?> Labels(string column, byte* utf8)
    {
        var text = Marshal.PtrToStringUTF8((nint)utf8) ?? "[]";
        using var doc = JsonDocument.Parse(text);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"{column}: the labels must be a JSON array of strings.");
        }

        var list = new List<string?>(doc.RootElement.GetArrayLength());
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            list.Add(e.ValueKind == JsonValueKind.Null ? null : e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText());
        }

        return list;
    }
}
