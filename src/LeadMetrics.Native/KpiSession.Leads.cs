using System.Runtime.CompilerServices;
using LeadMetrics.Calculators;
using LeadMetrics.Records;

namespace LeadMetrics.Native;

/// <summary>
/// The path of a block of leads alone (no stage rows, no touchpoints, costs or revenue, nothing kept for the snapshot):
/// the block's columns are converted a batch at a time into buffers that each worker reuses from call to call, and
/// each batch goes to the library's calculators as it is converted. No array of the block's size is allocated (the
/// checking path's nine arrays of a 10M-lead block are 600 MB of fresh pages), and a large block is converted and
/// checked on every core in the same pass that adds it: each chunk adds to its own calculators, merged into the set
/// only when every chunk found its rows valid, so that a rejected block still leaves the set as it was.
/// </summary>
internal sealed partial class KpiSession
{
    private Worker[] _workers = [];

    /// <summary>The set's ids of the label codes of a block's columns (null segments: no attribute grouping).</summary>
    private sealed record LabelMaps(int[] Sources, int[] Campaigns, int[] Owners, int[]? Segments);

    /// <summary>A worker's reused batch: the converted columns of up to <see cref="BatchSize"/> rows and the builder they are copied into.</summary>
    private sealed class Worker
    {
        public readonly LeadColumnsBuilder Builder = new(BatchSize);
        public readonly long[] Created = new long[BatchSize];
        public readonly long[] Response = new long[BatchSize];
        public readonly long[] Closed = new long[BatchSize];
        public readonly long[] Value = new long[BatchSize];
        public readonly byte[] Outcomes = new byte[BatchSize];
        public readonly int[] Sources = new int[BatchSize];
        public readonly int[] Campaigns = new int[BatchSize];
        public readonly int[] Owners = new int[BatchSize];
        public readonly int[] Segments = new int[BatchSize];
        public readonly int[] Furthest = new int[BatchSize];
    }

    // An absent column: every value missing (shared, read only).
    private static readonly long[] MissingColumn = NewMissingColumn();

    private static long[] NewMissingColumn()
    {
        var column = new long[BatchSize];
        Array.Fill(column, Missing);
        return column;
    }

    // Every row's visit start without stage rows: zeros, shared (read only).
    private static readonly int[] ZeroStarts = new int[BatchSize + 1];

    private Worker WorkerAt(int index)
    {
        if (_workers.Length <= index)
        {
            var grown = new Worker[index + 1];
            _workers.AsSpan().CopyTo(grown);
            for (var i = _workers.Length; i < grown.Length; i++)
            {
                grown[i] = new Worker();
            }

            _workers = grown;
        }

        return _workers[index];
    }

    /// <summary>
    /// Adds a block of leads alone through the workers' reused buffers; false (and the set unchanged) when a value is
    /// bad, for the checking path to name it.
    /// </summary>
    private unsafe bool AddLeadsOnly(in LeadBlock b, LabelMaps maps, double* valueAmounts = null)
    {
        var n = checked((int)b.Count);
        var maxUnits = MaxDealUnits(Options.Currency.MinorUnitDigits);
        var scale = DealScale(Options.Currency.MinorUnitDigits);
        var won = Options.Pipeline.OpenStageCount;
        var chunks = Math.Min(Environment.ProcessorCount, n / ParallelChunk);
        if (chunks < 2)
        {
            // A small block: a checking pass (conversion into the worker's buffers, nothing added), then the adding pass.
            var worker = WorkerAt(0);
            var last = long.MinValue;
            for (var start = 0; start < n; start += BatchSize)
            {
                if (!Convert(b, valueAmounts, start, Math.Min(BatchSize, n - start), maps, worker, maxUnits, scale, won, ref last))
                {
                    return false;
                }
            }

            CheckDimensionIds();
            var firstKey = ReserveKeys(n);
            Fill(b, valueAmounts, 0, n, firstKey, maps, worker, _main, maxUnits, scale, won);
            Observed(last);
            return true;
        }

        CheckDimensionIds();
        var first = ReserveKeys(n);
        var parts = new Partial[chunks];
        var lasts = new long[chunks];
        var failed = 0;
        for (var c = 0; c < chunks; c++)
        {
            WorkerAt(c);
        }

        var block = b;
        var amounts = (nint)valueAmounts;
        try
        {
            Parallel.For(0, chunks, c =>
            {
                var part = _main.CreateEmpty();
                var from = (int)((long)n * c / chunks);
                var to = (int)((long)n * (c + 1) / chunks);
                var worker = _workers[c];
                var last = long.MinValue;
                for (var start = from; start < to && Volatile.Read(ref failed) == 0; start += BatchSize)
                {
                    var count = Math.Min(BatchSize, to - start);
                    if (!Convert(block, (double*)amounts, start, count, maps, worker, maxUnits, scale, won, ref last))
                    {
                        Volatile.Write(ref failed, 1);
                        return;
                    }

                    Append(worker, first + start + 1, count);
                    part.AddBatch(worker.Builder.Build());
                }

                parts[c] = part;
                lasts[c] = last;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        if (failed != 0)
        {
            return false;
        }

        foreach (var part in parts)
        {
            _main.Merge(part);
        }

        foreach (var last in lasts)
        {
            Observed(last);
        }

        return true;
    }

    // Converts and adds rows from..to (checked already) to a partial, a batch at a time.
    private unsafe void Fill(in LeadBlock b, double* valueAmounts, int from, int to, int firstKey, LabelMaps maps, Worker worker, Partial into, long maxUnits, double scale, int won)
    {
        var last = long.MinValue;
        for (var start = from; start < to; start += BatchSize)
        {
            var count = Math.Min(BatchSize, to - start);
            Convert(b, valueAmounts, start, count, maps, worker, maxUnits, scale, won, ref last);
            Append(worker, firstKey + start + 1, count);
            into.AddBatch(worker.Builder.Build());
        }
    }

    private void Append(Worker w, int firstLead, int n) =>
        w.Builder.AddColumns(firstLead, w.Created.AsSpan(0, n), w.Response.AsSpan(0, n), w.Closed.AsSpan(0, n), w.Outcomes.AsSpan(0, n),
            w.Sources.AsSpan(0, n), w.Campaigns.AsSpan(0, n), w.Owners.AsSpan(0, n), w.Segments.AsSpan(0, n), w.Furthest.AsSpan(0, n),
            w.Value.AsSpan(0, n), (byte)Options.Currency.MinorUnitDigits, Options.Currency, [], ZeroStarts.AsSpan(0, n + 1));

    /// <summary>
    /// Converts rows start..start+n of the block into the worker's buffers (ticks, outcome, close, ids, furthest
    /// position, deal units) and raises <paramref name="last"/> to their last observed instant; false when a value is
    /// bad (the same checks as the checking path, one flag, no branch per check). With <paramref name="valueAmounts"/>
    /// (float64 deal values, the block's <c>value</c> null) the batch's amounts are first turned into minor units in the
    /// worker's value buffer (<see cref="DealUnits"/>), which the loop then reads.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe bool Convert(in LeadBlock b, double* valueAmounts, int start, int n, LabelMaps maps, Worker w, long maxUnits, double scale, int wonPosition, ref long last)
    {
        var bad = !Codes(b.SourceCodes == null ? null : b.SourceCodes + start, maps.Sources, w.Sources.AsSpan(0, n))
            | !Codes(b.CampaignCodes == null ? null : b.CampaignCodes + start, maps.Campaigns, w.Campaigns.AsSpan(0, n))
            | !Codes(b.OwnerCodes == null ? null : b.OwnerCodes + start, maps.Owners, w.Owners.AsSpan(0, n))
            | (maps.Segments is { } segments && !Codes(b.SegmentCodes + start, segments, w.Segments.AsSpan(0, n)));
        if (maps.Segments is null)
        {
            w.Segments.AsSpan(0, n).Clear();
        }

        var latest = last;
        unchecked
        {
            // Raw pointers over the reused buffers (no bounds checks, no span lengths held in registers) and an absent
            // column read as a column of missing values (no test per row).
            fixed (long* created = w.Created, response = w.Response, closed = w.Closed, value = w.Value, missing = MissingColumn)
            fixed (byte* outcomes = w.Outcomes)
            fixed (int* furthest = w.Furthest)
            {
                long* pc = b.Created + start;
                long* pr = b.Response == null ? missing : b.Response + start;
                long* pw = b.Won == null ? missing : b.Won + start;
                long* pl = b.Lost == null ? missing : b.Lost + start;
                long* pv = b.Value != null ? b.Value + start : valueAmounts != null ? value : missing;
                if (valueAmounts != null)
                {
                    bad |= !AmountsToUnits(valueAmounts + start, value, n, scale);
                }

                var max = (ulong)maxUnits;
                for (var i = 0; i < n; i++)
                {
                    var c = pc[i];
                    var r = pr[i];
                    var x = pw[i];
                    var l = pl[i];
                    var v = pv[i];
                    bool hasW = x != Missing, hasL = l != Missing, hasR = r != Missing;

                    // Selections by mask, not branches: whether a lead was answered, won or lost is data.
                    long w1 = -BranchFree.Bit(hasW), l1 = -BranchFree.Bit(hasL);
                    var ct = Ticks(c);
                    var rt = BranchFree.Select(-BranchFree.Bit(hasR), Ticks(r), Missing);
                    var close = BranchFree.Select(w1, Ticks(x), BranchFree.Select(l1, Ticks(l), Missing));
                    bad |= (c == Missing) | (hasW & hasL) | ((hasW | hasL) & (close < ct)) | (hasR & (rt < ct)) | ((v != Missing) & ((ulong)v > max));
                    created[i] = ct;
                    response[i] = rt;
                    outcomes[i] = (byte)((BranchFree.Bit(hasW) * (int)LeadOutcome.Won) | (BranchFree.Bit(hasL) * (int)LeadOutcome.Lost));
                    closed[i] = close;
                    value[i] = v;
                    furthest[i] = (int)w1 & wonPosition;
                    latest = Math.Max(latest, Math.Max(ct, Math.Max(rt, close)));
                }
            }
        }

        last = latest;
        return !bad;
    }

    // Float64 deal values to minor units (DealUnits, NaN = missing) for n rows; false when one is not a finite amount
    // that fits (the checking path names it).
    private static unsafe bool AmountsToUnits(double* amounts, long* units, int n, double scale)
    {
        var ok = true;
        for (var i = 0; i < n; i++)
        {
            ok &= DealUnits(amounts[i], scale, out units[i]);
        }

        return ok;
    }

    // Label codes to the set's ids for a span of rows (the column absent: all 0); false when a code is out of range.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Codes(int* codes, int[] ids, Span<int> into)
    {
        if (codes == null)
        {
            into.Clear();
            return true;
        }

        for (var i = 0; i < into.Length; i++)
        {
            var code = codes[i];
            if (unchecked((uint)(code + 1) > (uint)ids.Length))
            {
                return false;
            }

            into[i] = code < 0 ? 0 : ids[code];
        }

        return true;
    }

    // The last observed instant of a checked block (creation, first response, close, stage changes).
    private void ObserveColumns(long[] created, long[] response, long[] closed, List<StageVisit> visits)
    {
        var last = long.MinValue;
        for (var i = 0; i < created.Length; i++)
        {
            last = Math.Max(last, Math.Max(created[i], Math.Max(response[i], closed[i])));
        }

        foreach (var v in visits)
        {
            last = Math.Max(last, v.EnteredTicks);
        }

        Observed(last);
    }
}
