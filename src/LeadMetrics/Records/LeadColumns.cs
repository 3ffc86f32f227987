using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LeadMetrics.Calculators;

namespace LeadMetrics.Records;

/// <summary>
/// A columnar batch of lead records: one array per fact (source ids, outcomes, furthest positions,
/// instants, stage visits, ...), the layout an analytical engine scans. Calculators add it block by
/// block, several times faster than the same records one by one: counting calculators (volume,
/// funnel) read only the two or three columns they need; response time, time to conversion, sales
/// cycle and the combined <see cref="LeadKpiCalculator"/> run column kernels. The results equal adding
/// the records one by one.
/// </summary>
/// <remarks>Immutable once built. Build it from records you already hold with <see cref="From"/>, or append leads column by
/// column with a <see cref="LeadColumnsBuilder"/> (no record per lead; the builder reuses the batch's arrays for its next
/// batch, so a batch it built is valid until the builder's next <see cref="LeadColumnsBuilder.Add"/> or
/// <see cref="LeadColumnsBuilder.Clear"/>).</remarks>
public sealed class LeadColumns
{
    private long[] _created = [];
    private long[] _response = [];
    private long[] _closed = [];
    private int[] _lead = [];
    private decimal[] _dealAmount = [];
    private Currency[] _dealCurrency = [];

    // The deal values of a batch filled only by AppendColumns with one scale and currency are kept as the caller's
    // minor units (long.MinValue = none), not as decimals: the won-value column is built from them as they are, and
    // _dealAmount / _dealCurrency are written from them only when read (Materialize). _unitsPending says which.
    private long[] _dealUnits = [];
    private bool _unitsPending;
    private byte _unitsScale;
    private Currency _unitsCurrency;
    private int[] _stageStart = [0];
    private StageVisit[] _visits = [];
    private int[] _stretchStart = [0];
    private ushort[] _stretchRow = [];
    private byte[] _stretchFrom = [];
    private long[] _stretchTicks = [];
    private long[] _lastSince = [];
    private int[] _lastStage = [];
    private int[] _walkBound = [];
    private int[] _sources = [];
    private int[] _campaigns = [];
    private int[] _owners = [];
    private int[] _segments = [];
    private byte[] _outcomes = [];
    private byte[] _furthest = [];

    private LeadColumns()
    {
    }

    /// <summary>The number of leads.</summary>
    public int Count { get; private set; }

    internal int[] Sources => _sources;

    internal int[] Campaigns => _campaigns;

    internal int[] Owners => _owners;

    internal int[] Segments => _segments;

    internal byte[] Outcomes => _outcomes;

    internal byte[] Furthest => _furthest;

    internal int[] LeadKeys => _lead;

    // Summaries of the batch, so calculators check a valid batch without reading it: the largest stage
    // index of any visit (-1 without visits); the largest furthest position of a lead not won (-1 when
    // all are won); the one currency of every won deal value (default when there is none, null when
    // they differ).
    internal int MaxVisitStage { get; private set; }

    internal int MaxOpenFurthest { get; private set; }

    internal Currency? WonCurrency { get; private set; }

    internal decimal[] DealAmounts
    {
        get
        {
            Materialize();
            return _dealAmount;
        }
    }

    internal Currency[] DealCurrencies
    {
        get
        {
            Materialize();
            return _dealCurrency;
        }
    }

    /// <summary>The won deal values as integer units, or null when some value does not fit (see <see cref="WonValueColumn"/>).</summary>
    internal WonValueColumn? WonValues { get; private set; }

    // Row i's visits are Visits[StageStarts[i]..StageStarts[i + 1]].
    internal int[] StageStarts => _stageStart;

    internal StageVisit[] Visits => _visits;

    /// <summary>
    /// The stretches visits end (<see cref="StageWalk.Describe"/>), in order; row i's are <c>StretchStarts[i]</c> to
    /// <c>StretchStarts[i + 1]</c>. Each has its row, its stage, its length in ticks.
    /// </summary>
    internal int[] StretchStarts => _stretchStart;

    /// <summary>The row of each stretch (see <see cref="StretchStarts"/>), modulo <see cref="StageWalk.StretchRowModulus"/>.</summary>
    internal ushort[] StretchRows => _stretchRow;

    /// <summary>The stage each stretch is in (a row with a stage above <see cref="StageWalk.MaxStretchStage"/> is not simple).</summary>
    internal byte[] StretchFrom => _stretchFrom;

    /// <summary>The length of each stretch in ticks.</summary>
    internal long[] StretchTicks => _stretchTicks;

    /// <summary>Per row, where its last stretch began: its last visit's instant, or its creation without visits.</summary>
    internal long[] LastSince
    {
        get
        {
            WriteLastSince();
            return _lastSince;
        }
    }

    /// <summary>Per row, the stage of its last stretch: its last visit's stage, or 0 without visits.</summary>
    internal int[] LastStage => _lastStage;

    /// <summary>Per row, the walk bound of its stage history (<see cref="StageWalk.Describe"/>, <see cref="StageWalk.IsSimple"/>).</summary>
    internal int[] WalkBounds => _walkBound;

    internal long[] CreatedTicks => _created;

    internal long[] ResponseTicks => _response;

    internal long[] ClosedTicks => _closed;

    /// <summary>The lead at a row, as a record (its stage visits are a view of the batch's buffer).</summary>
    /// <param name="index">The row, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The record.</returns>
    public LeadRecord this[int index]
    {
        get
        {
            if (unchecked((uint)index >= (uint)Count))
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be between 0 and {Count - 1}; was {index}.");
            }

            return Row(index);
        }
    }

    /// <summary>Builds a batch from records (copies them column by column).</summary>
    /// <param name="leads">The records.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A furthest position is above 255 (no pipeline has that many stages).</exception>
    /// <exception cref="ArgumentException">A record is <c>default(LeadRecord)</c> (the parameter name is <c>leads[i]</c>).</exception>
    public static LeadColumns From(ReadOnlySpan<LeadRecord> leads)
    {
        var columns = new LeadColumns();
        columns.Load(leads);
        return columns;
    }

    // Fills the batch with leads (once: a batch is immutable once built).
    private void Load(ReadOnlySpan<LeadRecord> leads)
    {
        var visitCount = 0;
        foreach (ref readonly var lead in leads)
        {
            visitCount += lead.Stages.Length;
        }

        Allocate(leads.Length, visitCount);
        Reset();
        for (var i = 0; i < leads.Length; i++)
        {
            ref readonly var lead = ref leads[i];
            if (lead.Lead <= 0)
            {
                // Guarded here so that the parameter name is formatted only for the bad record.
                RecordChecks.CheckRecord(lead, $"leads[{i}]");
            }

            if (lead.FurthestPosition > byte.MaxValue && lead.Outcome != LeadOutcome.Won)
            {
                throw new ArgumentOutOfRangeException(nameof(leads), lead.FurthestPosition, $"leads[{i}].FurthestPosition is {lead.FurthestPosition}; a pipeline has at most {Pipeline.MaxStages} stages.");
            }

            Append(lead.Lead, lead.CreatedTicks, lead.Source, lead.Campaign, lead.Owner, lead.Segment, lead.ResponseTicks, lead.Outcome, lead.ClosedTicks,
                lead.FurthestPosition, lead.DealAmount, lead.DealCurrency, lead.Stages.Span);
        }

        Seal();
    }

    // The state of a batch being filled (by Load or by LeadColumnsBuilder): visits and stretches written so far and the
    // summaries' accumulators.
    private int _visitCount;
    private int _stretchCount;
    private int _maxStage = -1;
    private int _maxOpenFurthest = -1;
    private Currency _wonCurrency;
    private bool _mixed;

    // The leads-only layout (issue 19): rows 0 to _cleanLayout - 1 of _stageStart, _stretchStart, _walkBound and
    // _lastStage hold what a row without visits in a batch without visits has (0, 0, NoBound, 0), left there by an
    // earlier leads-only AppendColumns into these arrays (the builder reuses them batch after batch), so that the
    // next one does not write them again. Reserve lowers it to Count before rows with visits (or after them) are
    // written; Allocate (fresh arrays) sets it to 0. And rows _sinceFrom to _sinceTo - 1 of _lastSince (each row's
    // creation, for rows without visits) are written only when LastSince is read (WriteLastSince): no kernel of a
    // leads-only batch reads it.
    private int _cleanLayout;
    private int _sinceFrom;
    private int _sinceTo;

    /// <summary>An empty batch with room for <paramref name="rows"/> rows and <paramref name="visits"/> visits (for <see cref="LeadColumnsBuilder"/>).</summary>
    internal static LeadColumns WithCapacity(int rows, int visits)
    {
        var columns = new LeadColumns();
        columns.Allocate(rows, visits);
        columns.Reset();
        return columns;
    }

    /// <summary>Empties the batch, keeping its arrays, to be filled again with <see cref="Append"/> and <see cref="Seal"/>.</summary>
    internal void Reset()
    {
        Count = 0;
        _visitCount = 0;
        _stretchCount = 0;
        _maxStage = -1;
        _maxOpenFurthest = -1;
        _wonCurrency = default;
        _mixed = false;
        _unitsPending = false;
        _sinceFrom = _sinceTo = 0;
        MaxVisitStage = -1;
        MaxOpenFurthest = -1;
        WonCurrency = default(Currency);
        WonValues = null;
    }

    /// <summary>Grows the arrays (keeping what is written) so that <paramref name="rows"/> more rows with <paramref name="visits"/> more visits fit.</summary>
    internal void Reserve(int rows, int visits)
    {
        if (visits > 0 || _visitCount > 0)
        {
            // Rows from Count on may now get visits or start after some: no longer the leads-only constants.
            _cleanLayout = Math.Min(_cleanLayout, Count);
        }

        var needRows = Count + rows;
        if (needRows > _lead.Length)
        {
            var capacity = Math.Max(needRows, Math.Max(16, _lead.Length * 2));
            Array.Resize(ref _lead, capacity);
            Array.Resize(ref _created, capacity);
            Array.Resize(ref _response, capacity);
            Array.Resize(ref _closed, capacity);
            Array.Resize(ref _sources, capacity);
            Array.Resize(ref _campaigns, capacity);
            Array.Resize(ref _owners, capacity);
            Array.Resize(ref _segments, capacity);
            Array.Resize(ref _outcomes, capacity);
            Array.Resize(ref _furthest, capacity);
            Array.Resize(ref _dealAmount, capacity);
            Array.Resize(ref _dealCurrency, capacity);
            Array.Resize(ref _stageStart, capacity + 1);
            Array.Resize(ref _walkBound, capacity);
            Array.Resize(ref _lastSince, capacity);
            Array.Resize(ref _lastStage, capacity);
            Array.Resize(ref _stretchStart, capacity + 1);
        }

        var needVisits = _visitCount + visits;
        if (needVisits > _visits.Length)
        {
            var capacity = Math.Max(needVisits, Math.Max(16, _visits.Length * 2));
            Array.Resize(ref _visits, capacity);
            Array.Resize(ref _stretchRow, capacity);
            Array.Resize(ref _stretchFrom, capacity);
            Array.Resize(ref _stretchTicks, capacity);
        }
    }

    /// <summary>
    /// Writes one validated lead as the next row (room reserved with <see cref="Reserve"/> or <see cref="Allocate"/>): its
    /// columns, its visits, their stretches and walk bound, and the summaries' accumulators.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void Append(
        int lead, long createdTicks, int source, int campaign, int owner, int segment, long responseTicks, LeadOutcome outcome, long closedTicks,
        int furthestPosition, decimal dealAmount, Currency currency, ReadOnlySpan<StageVisit> stages)
    {
        Materialize();
        var i = Count;
        var furthest = (byte)Math.Min(furthestPosition, byte.MaxValue);
        _lead[i] = lead;
        _created[i] = createdTicks;
        _response[i] = responseTicks;
        _closed[i] = closedTicks;
        _sources[i] = source;
        _campaigns[i] = campaign;
        _owners[i] = owner;
        _segments[i] = segment;
        _outcomes[i] = (byte)outcome;
        _furthest[i] = furthest;
        _dealAmount[i] = dealAmount;
        _dealCurrency[i] = currency;

        if (outcome != LeadOutcome.Won)
        {
            _maxOpenFurthest = Math.Max(_maxOpenFurthest, furthest);
        }
        else if (!currency.IsDefault)
        {
            _mixed |= !_wonCurrency.IsDefault && _wonCurrency != currency;
            _wonCurrency = currency;
        }

        // The visits, their stretches and walk bound (the layout of StageWalk), and the largest stage.
        var v = _visitCount;
        var w = _stretchCount;
        _stageStart[i] = v;
        _stretchStart[i] = w;
        stages.CopyTo(_visits.AsSpan(v));
        v += stages.Length;
        w += StageWalk.Describe(createdTicks, stages, i, _stretchRow, _stretchFrom, _stretchTicks, w, out var bound, out var since, out var lastStage);
        var maxStage = _maxStage;
        foreach (ref readonly var visit in stages)
        {
            maxStage = Math.Max(maxStage, visit.Stage);
        }

        _maxStage = maxStage;
        _walkBound[i] = bound;
        _lastSince[i] = since;
        _lastStage[i] = lastStage;
        _visitCount = v;
        _stretchCount = w;
        Count = i + 1;
    }

    /// <summary>
    /// Appends validated leads column by column (the native library's bulk path, issue 19): the columns are copied whole
    /// (span copies), and one pass computes what <see cref="Append"/> computes per lead (keys, furthest bytes, the
    /// stretches of rows with visits, the summaries). The deal values are kept as the minor units they come in while
    /// the batch has one scale and currency (the won-value column is built from them, the decimals only when read);
    /// otherwise they are written as decimals. The caller has checked every fact as
    /// <see cref="LeadColumnsBuilder.Add"/> checks it; the batch equals adding the same leads one by one.
    /// </summary>
    /// <param name="firstLead">The key of the first row (the next rows have the next keys).</param>
    /// <param name="created">Creation ticks, one per row.</param>
    /// <param name="response">First-response ticks, <see cref="LeadRecord.None"/> when unanswered.</param>
    /// <param name="closed">Close ticks, <see cref="LeadRecord.None"/> for an open lead.</param>
    /// <param name="outcomes">Outcomes as bytes (<see cref="LeadOutcome"/>).</param>
    /// <param name="sources">Source ids.</param>
    /// <param name="campaigns">Campaign ids.</param>
    /// <param name="owners">Owner ids.</param>
    /// <param name="segments">Segment ids.</param>
    /// <param name="furthest">Furthest positions (0 to 255 unless won).</param>
    /// <param name="dealUnits">Deal values in units of 10^-<paramref name="scale"/> (0 or more), <see cref="long.MinValue"/> when none.</param>
    /// <param name="scale">The scale of <paramref name="dealUnits"/>.</param>
    /// <param name="currency">The currency of every deal value.</param>
    /// <param name="visits">The visits of the rows, one row's after the other, each row's in time order.</param>
    /// <param name="visitStart">Row r's visits are <c>visits[visitStart[r]..visitStart[r + 1]]</c> (rows + 1 entries).</param>
    internal void AppendColumns(
        int firstLead, ReadOnlySpan<long> created, ReadOnlySpan<long> response, ReadOnlySpan<long> closed, ReadOnlySpan<byte> outcomes,
        ReadOnlySpan<int> sources, ReadOnlySpan<int> campaigns, ReadOnlySpan<int> owners, ReadOnlySpan<int> segments, ReadOnlySpan<int> furthest,
        ReadOnlySpan<long> dealUnits, byte scale, Currency currency, ReadOnlySpan<StageVisit> visits, ReadOnlySpan<int> visitStart)
    {
        var n = created.Length;
        var first = Count;
        Reserve(n, visitStart[n] - visitStart[0]);

        // The deal values stay minor units while every row of the batch came this way with the same scale and
        // currency; otherwise (rows added one by one before, or another scale) they are written as decimals.
        if (first == 0)
        {
            _unitsPending = true;
            _unitsScale = scale;
            _unitsCurrency = currency;
        }
        else if (_unitsPending && (_unitsScale != scale || _unitsCurrency != currency))
        {
            Materialize();
        }

        var asUnits = _unitsPending;
        if (asUnits)
        {
            if (_dealUnits.Length < _lead.Length)
            {
                Array.Resize(ref _dealUnits, _lead.Length);
            }

            CopyIn(dealUnits, _dealUnits, first);
        }

        // A column the caller wrote in place (LeadColumnsBuilder.ReserveColumns) is not copied onto itself.
        CopyIn(created, _created, first);
        CopyIn(response, _response, first);
        CopyIn(closed, _closed, first);
        CopyIn(outcomes, _outcomes, first);
        CopyIn(sources, _sources, first);
        CopyIn(campaigns, _campaigns, first);
        CopyIn(owners, _owners, first);
        CopyIn(segments, _segments, first);
        var maxOpenFurthest = _maxOpenFurthest;
        var anyWonValue = false;
        var maxStage = _maxStage;
        var v = _visitCount;
        var w = _stretchCount;
        if (visits.IsEmpty && asUnits)
        {
            // No stage rows (the native library's leads-only path): the per-row layout columns are constants or copies,
            // written whole; the loop keeps only what varies, without a branch per row: the same values as the general
            // loop writes (BulkColumnsTests pins both against the records' columns).
            // The constant columns only where the arrays do not hold them already (a reused builder's arrays do
            // after its first batch), LastSince (the creation) only when read: no kernel of a leads-only batch reads
            // them but their presence, so the batch writes 24 bytes a row less.
            var from = first;
            if (v == 0 && w == 0 && first <= _cleanLayout)
            {
                from = _cleanLayout;
                _cleanLayout = Math.Max(_cleanLayout, first + n);
            }

            if (from < first + n)
            {
                _stageStart.AsSpan(from, first + n - from).Fill(v);
                _stretchStart.AsSpan(from, first + n - from).Fill(w);
                _walkBound.AsSpan(from, first + n - from).Fill(StageWalk.NoBound);
                _lastStage.AsSpan(from, first + n - from).Clear();
            }

            if (_sinceTo != first)
            {
                // Not next to the rows left to write (or none left): those are written, these start a new range.
                WriteLastSince();
                _sinceFrom = first;
            }

            _sinceTo = first + n;
            var lead = _lead.AsSpan(first, n);
            var furthestBytes = _furthest.AsSpan(first, n);
            furthest = furthest[..n];
            outcomes = outcomes[..n];
            dealUnits = dealUnits[..n];
            var wonValues = 0;
            var r = 0;
            if (Avx512F.IsSupported)
            {
                wonValues = LeadsOnlyAvx512(firstLead, lead, furthestBytes, furthest, outcomes, dealUnits, ref maxOpenFurthest, ref r);
            }

            for (; r < lead.Length; r++)
            {
                lead[r] = firstLead + r;
                var f = (byte)Math.Min(furthest[r], byte.MaxValue);
                furthestBytes[r] = f;
                var won = BranchFree.Bit(outcomes[r] == (byte)LeadOutcome.Won);

                // A won row offers -1 (all bits set), which never raises the maximum.
                maxOpenFurthest = Math.Max(maxOpenFurthest, f | -won);
                wonValues |= won & BranchFree.Bit(dealUnits[r] != long.MinValue);
            }

            anyWonValue = wonValues != 0;
        }
        else
        {
            for (var r = 0; r < n; r++)
            {
                var i = first + r;
                _lead[i] = firstLead + r;
                var f = (byte)Math.Min(furthest[r], byte.MaxValue);
                _furthest[i] = f;
                var units = dealUnits[r];
                if (!asUnits)
                {
                    _dealAmount[i] = DealAmount(units, scale);
                    _dealCurrency[i] = units == long.MinValue ? default : currency;
                }

                if (outcomes[r] != (byte)LeadOutcome.Won)
                {
                    maxOpenFurthest = Math.Max(maxOpenFurthest, f);
                }
                else
                {
                    anyWonValue |= units != long.MinValue;
                }

                _stageStart[i] = v;
                _stretchStart[i] = w;
                var from = visitStart[r];
                var to = visitStart[r + 1];
                if (from == to)
                {
                    _walkBound[i] = StageWalk.NoBound;
                    _lastSince[i] = created[r];
                    _lastStage[i] = 0;
                    continue;
                }

                var stages = visits[from..to];
                stages.CopyTo(_visits.AsSpan(v));
                v += stages.Length;
                w += StageWalk.Describe(created[r], stages, i, _stretchRow, _stretchFrom, _stretchTicks, w, out var bound, out var since, out var lastStage);
                foreach (ref readonly var visit in stages)
                {
                    maxStage = Math.Max(maxStage, visit.Stage);
                }

                _walkBound[i] = bound;
                _lastSince[i] = since;
                _lastStage[i] = lastStage;
            }
        }

        if (anyWonValue && !currency.IsDefault)
        {
            _mixed |= !_wonCurrency.IsDefault && _wonCurrency != currency;
            _wonCurrency = currency;
        }

        _maxOpenFurthest = maxOpenFurthest;
        _maxStage = maxStage;
        _visitCount = v;
        _stretchCount = w;
        Count = first + n;
    }

    // The leads-only loop of AppendColumns sixteen rows at a time (AVX-512): lead keys, furthest positions narrowed to
    // bytes, the largest furthest position of a row not won (a won row offers -1), and whether a won row has a deal
    // value (the return value, 1 or 0). Advances r past the rows it did; the scalar loop does the rest.
    private static unsafe int LeadsOnlyAvx512(
        int firstLead, Span<int> lead, Span<byte> furthestBytes, ReadOnlySpan<int> furthest, ReadOnlySpan<byte> outcomes, ReadOnlySpan<long> dealUnits,
        ref int maxOpenFurthest, ref int r)
    {
        var n = Math.Min(Math.Min(lead.Length, furthestBytes.Length), Math.Min(furthest.Length, Math.Min(outcomes.Length, dealUnits.Length)));
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var byteMax = Vector512.Create((int)byte.MaxValue);
        var won = Vector512.Create((int)LeadOutcome.Won);
        var none = Vector512.Create(long.MinValue);
        var maxV = Vector512.Create(maxOpenFurthest);
        var any = Vector512<long>.Zero;
        unchecked
        {
            fixed (int* leadP = lead, furthestP = furthest)
            fixed (byte* bytesP = furthestBytes, outcomesP = outcomes)
            fixed (long* unitsP = dealUnits)
            {
                for (; r + 16 <= n; r += 16)
                {
                    (Vector512.Create(firstLead + r) + lane).Store(leadP + r);
                    var f = Vector512.Min(Vector512.Load(furthestP + r), byteMax) & byteMax; // (byte)Math.Min(f, 255), as the scalar loop
                    Avx512F.ConvertToVector128Byte(f).Store(bytesP + r);
                    var isWon = Vector512.Equals(Avx512F.ConvertToVector512Int32(Vector128.Load(outcomesP + r)), won);
                    maxV = Vector512.Max(maxV, f | isWon);
                    any |= (Avx512F.ConvertToVector512Int64(isWon.GetLower()) & ~Vector512.Equals(Vector512.Load(unitsP + r), none))
                        | (Avx512F.ConvertToVector512Int64(isWon.GetUpper()) & ~Vector512.Equals(Vector512.Load(unitsP + r + 8), none));
                }
            }
        }

        for (var k = 0; k < Vector512<int>.Count; k++)
        {
            maxOpenFurthest = Math.Max(maxOpenFurthest, maxV.GetElement(k));
        }

        return any == Vector512<long>.Zero ? 0 : 1;
    }

    // Copies a column's rows to the batch's array from row first on, unless they are already there.
    private static void CopyIn<T>(ReadOnlySpan<T> rows, T[] into, int first)
    {
        var target = into.AsSpan(first);
        if (!rows.IsEmpty && !System.Runtime.CompilerServices.Unsafe.AreSame(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(rows), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(target)))
        {
            rows.CopyTo(target);
        }
    }

    /// <summary>
    /// The deal-unit column, grown to the row arrays' length (for <see cref="LeadColumnsBuilder.ReserveColumns"/>: a
    /// caller writes a leads-only batch's columns in place, then appends them with <see cref="AppendColumns"/>).
    /// </summary>
    internal long[] DealUnitsRoom()
    {
        if (_dealUnits.Length < _lead.Length)
        {
            Array.Resize(ref _dealUnits, _lead.Length);
        }

        return _dealUnits;
    }

    // Writes the rows of LastSince that a leads-only AppendColumns left to be written: each row's creation.
    private void WriteLastSince()
    {
        // Readers of a sealed batch may race here: each copies the same values, and the range is emptied (its end
        // set back to its start, which only a writer moves) after the copy, so a reader that sees it empty sees them.
        var from = _sinceFrom;
        var to = Volatile.Read(ref _sinceTo);
        if (to > from)
        {
            _created.AsSpan(from, to - from).CopyTo(_lastSince.AsSpan(from));
            Volatile.Write(ref _sinceTo, from);
        }
    }

    private void Allocate(int rows, int visits)
    {
        _cleanLayout = 0;
        _sinceFrom = _sinceTo = 0;
        _lead = new int[rows];
        _created = new long[rows];
        _response = new long[rows];
        _closed = new long[rows];
        _sources = new int[rows];
        _campaigns = new int[rows];
        _owners = new int[rows];
        _segments = new int[rows];
        _outcomes = new byte[rows];
        _furthest = new byte[rows];
        _dealAmount = new decimal[rows];
        _dealCurrency = new Currency[rows];
        _stageStart = new int[rows + 1];
        _walkBound = new int[rows];
        _lastSince = new long[rows];
        _lastStage = new int[rows];
        _visits = new StageVisit[visits];
        _stretchStart = new int[rows + 1];
        _stretchRow = new ushort[visits];
        _stretchFrom = new byte[visits];
        _stretchTicks = new long[visits];
    }

    /// <summary>Ends the batch: the closing starts, the summaries and the won-value column.</summary>
    internal void Seal()
    {
        var n = Count;
        _stageStart[n] = _visitCount;
        _stretchStart[n] = _stretchCount;
        MaxVisitStage = _maxStage;
        MaxOpenFurthest = _maxOpenFurthest;
        WonCurrency = _mixed ? null : _wonCurrency;
        if (_unitsPending)
        {
            // The same column as from the decimals (every value has the batch's one scale); when some value does not
            // fit, the calculators add the decimals, so they are written now, before the batch is shared.
            WonValues = WonValueColumn.TryCreate(_outcomes.AsSpan(0, n), _dealUnits.AsSpan(0, n), _unitsScale, _unitsCurrency);
            if (WonValues is null)
            {
                Materialize();
            }
        }
        else
        {
            WonValues = WonValueColumn.TryCreate(_outcomes.AsSpan(0, n), _dealAmount.AsSpan(0, n), _dealCurrency.AsSpan(0, n));
        }
    }

    // A deal value of minor units at a scale as AppendColumns writes it: the units as the decimal's integer (a
    // nonnegative long), 0 without a value (long.MinValue).
    private static decimal DealAmount(long units, byte scale) =>
        units == long.MinValue ? 0m : new decimal(unchecked((int)units), unchecked((int)(units >>> 32)), 0, false, scale);

    /// <summary>Writes the deal values kept as minor units (<see cref="AppendColumns"/>) as decimals and currencies.</summary>
    private void Materialize()
    {
        if (!_unitsPending)
        {
            return;
        }

        var scale = _unitsScale;
        var currency = _unitsCurrency;
        for (var i = 0; i < Count; i++)
        {
            var units = _dealUnits[i];
            _dealAmount[i] = DealAmount(units, scale);
            _dealCurrency[i] = units == long.MinValue ? default : currency;
        }

        Volatile.Write(ref _unitsPending, false);
    }

    /// <summary>
    /// Runs <paramref name="check"/> on each row in order, so the first bad row throws the exception
    /// adding the records one by one would throw. The slow path of a batch a fast scan found bad.
    /// </summary>
    internal void CheckRows(RowCheck check)
    {
        for (var i = 0; i < Count; i++)
        {
            check(Row(i));
        }
    }

    internal delegate void RowCheck(in LeadRecord lead);


    internal LeadRecord Row(int i) => new(
        _lead[i],
        _created[i],
        Sources[i],
        Campaigns[i],
        Owners[i],
        Segments[i],
        _response[i],
        (LeadOutcome)Outcomes[i],
        _closed[i],
        Furthest[i],
        _unitsPending ? DealAmount(_dealUnits[i], _unitsScale) : _dealAmount[i],
        _unitsPending ? (_dealUnits[i] == long.MinValue ? default : _unitsCurrency) : _dealCurrency[i],
        new ReadOnlyMemory<StageVisit>(_visits, _stageStart[i], _stageStart[i + 1] - _stageStart[i]));
}
