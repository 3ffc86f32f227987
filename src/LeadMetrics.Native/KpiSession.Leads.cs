using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>
    /// A worker's reused batch: the builder whose arrays the block's rows are converted into in place
    /// (<see cref="LeadColumnsBuilder.ReserveColumns"/>), and the furthest positions (ints, which the append narrows).
    /// </summary>
    private sealed class Worker
    {
        public readonly LeadColumnsBuilder Builder = new(BatchSize);
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

    // Appends the n rows Convert wrote into the builder's own arrays (AddColumns does not copy them onto themselves).
    private void Append(Worker w, int firstLead, int n)
    {
        var c = w.Builder.ReserveColumns(0);
        w.Builder.AddColumns(firstLead, c.CreatedTicks.AsSpan(0, n), c.ResponseTicks.AsSpan(0, n), c.ClosedTicks.AsSpan(0, n), c.Outcomes.AsSpan(0, n),
            c.Sources.AsSpan(0, n), c.Campaigns.AsSpan(0, n), c.Owners.AsSpan(0, n), c.Segments.AsSpan(0, n), w.Furthest.AsSpan(0, n),
            c.DealUnitsRoom().AsSpan(0, n), (byte)Options.Currency.MinorUnitDigits, Options.Currency, [], ZeroStarts.AsSpan(0, n + 1));
    }

    /// <summary>
    /// Converts rows start..start+n of the block into the worker's batch, in place in the builder's arrays (ticks,
    /// outcome, close, ids, deal units; the furthest positions in the worker's buffer), and raises
    /// <paramref name="last"/> to their last observed instant; false when a value is bad (the same checks as the
    /// checking path, one flag, no branch per check). With <paramref name="valueAmounts"/> (float64 deal values, the
    /// block's <c>value</c> null) the batch's amounts are first turned into minor units in the batch's deal-unit column
    /// (<see cref="DealUnits"/>), which the loop then reads. Where the processor has AVX-512 (the x86-64-v4 build) eight
    /// rows at a time (<see cref="Convert8"/>), the same values as the scalar loop.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe bool Convert(in LeadBlock b, double* valueAmounts, int start, int n, LabelMaps maps, Worker w, long maxUnits, double scale, int wonPosition, ref long last)
    {
        var columns = w.Builder.ReserveColumns(n);
        var bad = !Codes(b.SourceCodes == null ? null : b.SourceCodes + start, maps.Sources, columns.Sources.AsSpan(0, n))
            | !Codes(b.CampaignCodes == null ? null : b.CampaignCodes + start, maps.Campaigns, columns.Campaigns.AsSpan(0, n))
            | !Codes(b.OwnerCodes == null ? null : b.OwnerCodes + start, maps.Owners, columns.Owners.AsSpan(0, n))
            | (maps.Segments is { } segments && !Codes(b.SegmentCodes + start, segments, columns.Segments.AsSpan(0, n)));
        if (maps.Segments is null)
        {
            columns.Segments.AsSpan(0, n).Clear();
        }

        var latest = last;
        unchecked
        {
            // Raw pointers over the batch's arrays (no bounds checks, no span lengths held in registers) and an absent
            // column read as a column of missing values (no test per row).
            fixed (long* created = columns.CreatedTicks, response = columns.ResponseTicks, closed = columns.ClosedTicks, value = columns.DealUnitsRoom(), missing = MissingColumn)
            fixed (byte* outcomes = columns.Outcomes)
            fixed (int* furthest = w.Furthest)
            {
                long* pc = b.Created + start;
                long* pr = b.Response == null ? missing : b.Response + start;
                long* pw = b.Won == null ? missing : b.Won + start;
                long* pl = b.Lost == null ? missing : b.Lost + start;
                long* pv = b.Value != null ? b.Value + start : valueAmounts != null ? value : missing;
                var amounts = valueAmounts == null ? null : valueAmounts + start;
                var vector = Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported;
                if (amounts != null && !vector)
                {
                    bad |= !AmountsToUnits(amounts, value, n, scale);
                }

                var max = (ulong)maxUnits;
                var i = 0;
                if (vector)
                {
                    // The amounts' units are computed in Convert8's pass (no separate pass writing them, read back),
                    // the rows it leaves by AmountsToUnits for the scalar loop below.
                    bad |= !Convert8(pc, pr, pw, pl, pv, amounts, scale, created, response, closed, value, outcomes, furthest, n, max, wonPosition, ref latest, ref i);
                    if (amounts != null)
                    {
                        bad |= !AmountsToUnits(amounts + i, value + i, n - i, scale);
                    }
                }

                for (; i < n; i++)
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

    // Convert's loop eight rows at a time (AVX-512: 64-bit multiplies and conversions); advances i past the rows it
    // did and returns false when one of them is bad. With amounts (float64 deal values) the units are Units8 of them
    // (AmountsToUnits' operations), not read from pv.
    private static unsafe bool Convert8(
        long* pc, long* pr, long* pw, long* pl, long* pv, double* amounts, double scale, long* created, long* response, long* closed, long* value, byte* outcomes, int* furthest,
        int n, ulong max, int wonPosition, ref long latest, ref int i)
    {
        var scaleV = Vector512.Create(scale);
        var missing = Vector512.Create(Missing);
        var maxV = Vector512.Create(max);
        var wonV = Vector512.Create((long)LeadOutcome.Won);
        var lostV = Vector512.Create((long)LeadOutcome.Lost);
        var positionV = Vector512.Create((long)wonPosition);
        var badV = Vector512<long>.Zero;
        var latestV = Vector512.Create(latest);
        unchecked
        {
            for (; i + 8 <= n; i += 8)
            {
                var c = Vector512.Load(pc + i);
                var r = Vector512.Load(pr + i);
                var x = Vector512.Load(pw + i);
                var l = Vector512.Load(pl + i);
                Vector512<long> v;
                if (amounts != null)
                {
                    v = Units8(Vector512.Load(amounts + i), scaleV, out var fitsOrNaN);
                    badV |= ~fitsOrNaN;
                }
                else
                {
                    v = Vector512.Load(pv + i);
                }

                var hasW = ~Vector512.Equals(x, missing);
                var hasL = ~Vector512.Equals(l, missing);
                var hasR = ~Vector512.Equals(r, missing);
                var ct = Ticks8(c);
                var rt = Vector512.ConditionalSelect(hasR, Ticks8(r), missing);
                var close = Vector512.ConditionalSelect(hasW | hasL, Ticks8(Vector512.ConditionalSelect(hasW, x, l)), missing);
                badV |= Vector512.Equals(c, missing) | (hasW & hasL) | ((hasW | hasL) & Vector512.LessThan(close, ct)) | (hasR & Vector512.LessThan(rt, ct))
                    | (~Vector512.Equals(v, missing) & Vector512.GreaterThan(v.AsUInt64(), maxV).AsInt64());
                ct.Store(created + i);
                rt.Store(response + i);
                close.Store(closed + i);
                v.Store(value + i);
                *(ulong*)(outcomes + i) = Avx512F.ConvertToVector128Byte((hasW & wonV) | (hasL & lostV)).AsUInt64().ToScalar();
                Avx512F.ConvertToVector256Int32(hasW & positionV).Store(furthest + i);
                latestV = Vector512.Max(latestV, Vector512.Max(ct, Vector512.Max(rt, close)));
            }
        }

        for (var k = 0; k < Vector512<long>.Count; k++)
        {
            latest = Math.Max(latest, latestV.GetElement(k));
        }

        return badV == Vector512<long>.Zero;
    }

    /// <summary>
    /// <see cref="Ticks"/> of eight instants (floor of nanoseconds / 100), exactly: an estimate through doubles (within
    /// 20 of the quotient for any 64-bit value: the conversion's error is at most 512 ns, the product's under 13 ticks),
    /// then the remainder of that estimate (exact, modulo 2^64, below 2,100 in magnitude) floored over 100 by a
    /// multiply and shift (exact for 0 to 43,698), 10,000 added first to keep it positive.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> Ticks8(Vector512<long> ns)
    {
        unchecked
        {
            var estimate = Vector512.ConvertToInt64(Vector512.ConvertToDouble(ns) * 0.01);
            var remainder = ns - (estimate * 100L);
            return estimate + Vector512.ShiftRightArithmetic((remainder + Vector512.Create(10_000L)) * 5243L, 19) - Vector512.Create(100L);
        }
    }

    // Float64 deal values to minor units (DealUnits, NaN = missing) for n rows; false when one is not a finite amount
    // that fits (the checking path names it). AVX-512: eight at a time, the same operations as DealUnits.
    private static unsafe bool AmountsToUnits(double* amounts, long* units, int n, double scale)
    {
        var ok = true;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported)
        {
            var scaleV = Vector512.Create(scale);
            var okV = Vector512<long>.AllBitsSet;
            for (; i + 8 <= n; i += 8)
            {
                Units8(Vector512.Load(amounts + i), scaleV, out var fitsOrNaN).Store(units + i);
                okV &= fitsOrNaN;
            }

            ok = okV == Vector512<long>.AllBitsSet;
        }

        for (; i < n; i++)
        {
            ok &= DealUnits(amounts[i], scale, out units[i]);
        }

        return ok;
    }

    // Eight float64 deal values to minor units as DealUnits does (NaN = missing: long.MinValue); fitsOrNaN is all
    // bits set in a lane whose amount is NaN or a finite amount whose units fit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Units8(Vector512<double> amount, Vector512<double> scale, out Vector512<long> fitsOrNaN)
    {
        var twoTo52 = Vector512.Create(TwoTo52);
        var x = amount * scale;
        var magnitude = Vector512.Abs(x);
        var rounded = Vector512.ConditionalSelect(Vector512.LessThan(magnitude, twoTo52), (magnitude + twoTo52) - twoTo52, magnitude);
        var scaled = rounded | (x & Vector512.Create(-0.0));
        var fits = Vector512.LessThan(Vector512.Abs(scaled), Vector512.Create(TwoTo63)).AsInt64();
        var nan = ~Vector512.Equals(amount, amount).AsInt64();
        fitsOrNaN = fits | nan;
        return Vector512.ConditionalSelect(nan, Vector512.Create(Missing), fits & Vector512.ConvertToInt64(scaled));
    }

    // Label codes to the set's ids for a span of rows (the column absent: all 0); false when a code is out of range.
    // AVX2 and up: eight codes at a time, the ids gathered (a missing code's lane not loaded: 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Codes(int* codes, int[] ids, Span<int> into)
    {
        if (codes == null)
        {
            into.Clear();
            return true;
        }

        var i = 0;
        if (Avx512F.IsSupported && ids.Length is > 0 and <= 16 && into.Length >= 16)
        {
            // AVX-512 and at most 16 labels (the usual sources, owners, campaigns): the table in one register, sixteen
            // codes at a time by a permute (no gather); a missing code's lane masked to 0, as below.
            var table = Vector512<int>.Zero;
            for (var k = 0; k < ids.Length; k++)
            {
                table = table.WithElement(k, ids[k]);
            }

            var ok = Vector512<int>.AllBitsSet;
            var length = Vector512.Create((uint)ids.Length);
            fixed (int* target = into)
            {
                unchecked
                {
                    for (; i + 16 <= into.Length; i += 16)
                    {
                        var code = Vector512.Load(codes + i);
                        ok &= Vector512.LessThanOrEqual((code + Vector512<int>.One).AsUInt32(), length).AsInt32();
                        (Avx512F.PermuteVar16x32(table, code) & Vector512.GreaterThanOrEqual(code, Vector512<int>.Zero)).Store(target + i);
                    }
                }
            }

            if (ok != Vector512<int>.AllBitsSet)
            {
                return false;
            }
        }
        else if (Avx2.IsSupported && ids.Length > 0)
        {
            var ok = Vector256<int>.AllBitsSet;
            var length = Vector256.Create((uint)ids.Length);
            fixed (int* table = ids)
            fixed (int* target = into)
            {
                unchecked
                {
                    for (; i + 8 <= into.Length; i += 8)
                    {
                        var code = Vector256.Load(codes + i);
                        var inRange = Vector256.LessThanOrEqual((code + Vector256<int>.One).AsUInt32(), length).AsInt32();
                        var present = inRange & Vector256.GreaterThanOrEqual(code, Vector256<int>.Zero);
                        Avx2.GatherMaskVector256(Vector256<int>.Zero, table, code, present, 4).Store(target + i);
                        ok &= inRange;
                    }
                }
            }

            if (ok != Vector256<int>.AllBitsSet)
            {
                return false;
            }
        }

        for (; i < into.Length; i++)
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
