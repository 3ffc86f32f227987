using System.Globalization;

namespace LeadMetrics.Data;

/// <summary>
/// The typed readers of Parquet leads, stages and touchpoints files (issue 14): each row group's columns are read as
/// their physical values (<see cref="ParquetColumn"/>) and a row's values go straight into the per-lead state, without
/// the text form of <see cref="ParquetSource"/>: a TIMESTAMP adjusted to UTC (or a legacy one) is its Unix ticks, a
/// DECIMAL stored as INT32 or INT64 and an integer amount are their exact decimal, a string is its characters as the
/// Parquet library decoded them (labels and ids interned from that span). What has no typed reading here (a local
/// date-time, a DATE, INT96, a string timestamp, a DOUBLE or byte-array DECIMAL amount, a value out of range, any
/// timestamp under <c>--time-format</c>) is read from the text the text form writes for it, with the CSV checks, so a
/// Parquet file gives the results, rejection reasons, messages and line numbers (the row's number plus one, the header
/// being line 1) of the text form, which the tests compare with the same data as CSV.
/// </summary>
/// <remarks>
/// Unlike its text form, a typed row is never a "stray quote" (Parquet has no quoting: a string value holding a line
/// break and the text form's separator is a value); a string holding NUL or U+FFFD is still <see cref="Reasons.MalformedRow"/>.
/// The readers run where the CSV readers would (hooks in <c>ReadLeads</c>, <c>ReadStages</c>, <c>ReadTouchpoints</c>),
/// so files, columns, data-quality sections and two-thread ordering are those of the text form.
/// </remarks>
public sealed partial class LeadDataSet
{
    /// <summary>A cell's reading: absent (null or empty), read, or not readable (the row's rejection).</summary>
    private enum Cell
    {
        Empty,
        Ok,
        Bad,
    }

    /// <summary>The current row of a Parquet file read typed, with the CSV reader's accessors (first non-empty of a binding's columns, or its literal).</summary>
    private sealed class ParquetCells(ParquetSource source, ParquetHeader header, TimestampParser time, bool customTime)
    {
        private readonly IReadOnlyList<ParquetColumn> _columns = source.Columns;
        private int _rows;
        private bool _groupMaybeBad;

        public int Row { get; private set; } = -1;

        /// <summary>Data rows read so far (the current included).</summary>
        public long Rows { get; private set; }

        /// <summary>The line of the current row as the text form numbers it (the header is line 1).</summary>
        public long Line => Rows + 1;

        public ParquetSource Source => source;

        /// <summary>True when the reading opened its own file (closed with it); false when it reads the file it was given.</summary>
        public bool Owned { get; init; }

        public bool MoveNext()
        {
            while (++Row >= _rows)
            {
                _rows = source.ReadGroup();
                Row = -1;
                if (_rows == 0)
                {
                    return false;
                }

                // The remembered values' bytes were the last group's (the page reader reuses its buffers): forgotten.
                if (_memoKey is not null)
                {
                    Array.Clear(_memoKey);
                    Array.Clear(_memoRaw!);
                }

                // Whether any string of the group may be malformed text (one pass per column and group): if none, no
                // row of the group is checked (ProblemOf).
                _groupMaybeBad = false;
                for (var i = 0; i < _columns.Count; i++)
                {
                    _groupMaybeBad |= _columns[i].MaybeBadGroup;
                }
            }

            Rows++;
            return true;
        }

        private int First(ColumnBinding binding)
        {
            var ordinals = binding.Ordinals;
            for (var i = 0; i < ordinals.Count; i++)
            {
                if (!_columns[ordinals[i]].Text(Row).IsEmpty)
                {
                    return ordinals[i];
                }
            }

            return -1;
        }

        /// <summary>The text of a binding's value (as <see cref="CsvSource.Get(ColumnBinding?)"/>); empty when none.</summary>
        public ReadOnlySpan<char> Get(ColumnBinding? binding)
        {
            if (binding is null)
            {
                return default;
            }

            if (binding.Literal is not null)
            {
                return binding.Literal;
            }

            if (binding.Ordinals.Count == 1)
            {
                return _columns[binding.Ordinals[0]].Text(Row);
            }

            return First(binding) is var ordinal and >= 0 ? _columns[ordinal].Text(Row) : default;
        }

        // A small cache per column of the ids of the string values last looked up (LabelOf, StageOf, ...): keyed by the
        // value's UTF-8 bytes (a slot by their length and three of them, then compared whole), so a repeated value is
        // neither decoded nor looked up again; the same bytes are the same text, so the id is the one a lookup gives.
        private const int MemoSlots = 32;
        private ReadOnlyMemory<byte>[]? _memoRaw;
        private object?[]? _memoKey;
        private int[]? _memoId;

        private bool TryMemo(ColumnBinding? binding, object key, out int slot, out int id)
        {
            slot = -1;
            id = 0;
            if (binding is not { Literal: null, Ordinals.Count: 1 } || !_columns[binding.Ordinals[0]].TryRawString(Row, out var raw) || raw.IsEmpty)
            {
                return false;
            }

            var o = binding.Ordinals[0];
            _memoRaw ??= new ReadOnlyMemory<byte>[_columns.Count * MemoSlots];
            _memoKey ??= new object?[_columns.Count * MemoSlots];
            _memoId ??= new int[_columns.Count * MemoSlots];
            var bytes = raw.Span;
            var h = unchecked((((((uint)bytes.Length * 31) + bytes[0]) * 31) + bytes[^1]) * 31 + bytes[bytes.Length >> 1]);
            slot = (o * MemoSlots) + (int)((h ^ (h >> 5)) & (MemoSlots - 1));
            if (ReferenceEquals(_memoKey[slot], key) && bytes.SequenceEqual(_memoRaw[slot].Span))
            {
                id = _memoId[slot];
                return true;
            }

            _memoRaw[slot] = raw;
            _memoKey[slot] = null; // set with its id (Remember), once known
            return false;
        }

        private void Remember(int slot, object key, int id)
        {
            if (slot >= 0)
            {
                (_memoKey![slot], _memoId![slot]) = (key, id);
            }
        }

        /// <summary>A binding's label id in <paramref name="table"/>, as <c>table.Intern(Get(binding))</c> (a repeated string value without decoding it again).</summary>
        public int LabelOf(ColumnBinding? binding, LabelTable table)
        {
            if (TryMemo(binding, table, out var slot, out var id))
            {
                return id;
            }

            id = table.Intern(Get(binding));
            Remember(slot, table, id);
            return id;
        }

        /// <summary>A binding's stage index, as <c>s.StageOf(Get(binding), names)</c> (a repeated string value without decoding it again); -1 for an empty value.</summary>
        public int StageOf(ColumnBinding? binding, State s, IReadOnlyDictionary<string, string> names)
        {
            if (TryMemo(binding, s, out var slot, out var id))
            {
                return id;
            }

            var text = Get(binding);
            id = text.IsEmpty ? -1 : s.StageOf(text, names);
            Remember(slot, s, id);
            return id;
        }

        private static readonly object EmptyKey = new();
        private static readonly object KindKey = new();
        private static readonly object DirectionKey = new();

        /// <summary>True when a binding has no value in the current row (as <c>Get(binding).IsEmpty</c>; a repeated string value without decoding it again).</summary>
        public bool IsEmpty(ColumnBinding? binding)
        {
            if (TryMemo(binding, EmptyKey, out var slot, out var id))
            {
                return id != 0;
            }

            var empty = Get(binding).IsEmpty;
            Remember(slot, EmptyKey, empty ? 1 : 0);
            return empty;
        }

        /// <summary>A touchpoint kind's value (as <c>TryEnum</c> reads its text): -2 for none, -1 for a text that is no kind.</summary>
        public int KindOf(ColumnBinding? binding, LeadDataSet owner)
        {
            if (TryMemo(binding, KindKey, out var slot, out var id))
            {
                return id;
            }

            var text = Get(binding);
            id = text.IsEmpty ? -2 : owner.TryEnum(text, out TouchpointKind kind) ? (int)kind : -1;
            Remember(slot, KindKey, id);
            return id;
        }

        /// <summary>A direction (as <c>TryDirection</c> reads its text): 1 outbound, 0 inbound, -2 for none, -1 for a text that is no direction.</summary>
        public int DirectionOf(ColumnBinding? binding)
        {
            if (TryMemo(binding, DirectionKey, out var slot, out var id))
            {
                return id;
            }

            var text = Get(binding);
            id = text.IsEmpty ? -2 : TryDirection(text, out var outbound) ? (outbound ? 1 : 0) : -1;
            Remember(slot, DirectionKey, id);
            return id;
        }

        /// <summary>The column a binding's value came from (for messages).</summary>
        public string ColumnOf(ColumnBinding? binding)
        {
            if (binding is null)
            {
                return string.Empty;
            }

            if (binding.Literal is not null)
            {
                return binding.Display;
            }

            var ordinal = First(binding);
            for (var i = 0; i < binding.Ordinals.Count; i++)
            {
                if (binding.Ordinals[i] == ordinal)
                {
                    return binding.Names[i];
                }
            }

            return binding.Names[0];
        }

        /// <summary>A binding's instant: typed when the column is a UTC timestamp (and no <c>--time-format</c>), else its text read as CSV text is.</summary>
        public Cell Instant(ColumnBinding? binding, out long ticks)
        {
            ticks = 0;
            if (binding is null)
            {
                return Cell.Empty;
            }

            if (binding.Literal is null && !customTime)
            {
                var ordinal = binding.Ordinals.Count == 1 ? binding.Ordinals[0] : First(binding);
                if (ordinal >= 0 && _columns[ordinal].TryInstant(Row, out ticks))
                {
                    return Cell.Ok;
                }
            }

            var text = Get(binding);
            if (text.IsEmpty)
            {
                return Cell.Empty;
            }

            return time.TryParseTicks(text, out ticks) ? Cell.Ok : Cell.Bad;
        }

        /// <summary>A binding's amount: typed for an INT32/INT64 decimal or an integer, else its text read as CSV text is.</summary>
        public Cell Amount(ColumnBinding? binding, out decimal amount)
        {
            amount = 0;
            if (binding is null)
            {
                return Cell.Empty;
            }

            if (binding.Literal is null)
            {
                var ordinal = binding.Ordinals.Count == 1 ? binding.Ordinals[0] : First(binding);
                if (ordinal >= 0 && _columns[ordinal].TryAmount(Row, out amount))
                {
                    return Cell.Ok;
                }
            }

            var text = Get(binding);
            if (text.IsEmpty)
            {
                return Cell.Empty;
            }

            return decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out amount) ? Cell.Ok : Cell.Bad;
        }

        /// <summary>The rejection of the row for a string holding NUL or U+FFFD (as <see cref="CsvSource.ProblemOf()"/>), else null.</summary>
        public BadRow? ProblemOf(string path)
        {
            if (!_groupMaybeBad)
            {
                return null;
            }

            for (var i = 0; i < _columns.Count; i++)
            {
                if (!_columns[i].MaybeBadText(Row))
                {
                    continue; // checked on the bytes: no decoding of clean text
                }

                var text = _columns[i].RawString(Row);
                if (!text.IsEmpty && CsvSource.BadTextOf(path, 0, header[i], text) is { } bad)
                {
                    return bad;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The typed reading of a Parquet file opened as <paramref name="file"/> (its own open file when it has not been read
    /// as text: nothing decoded twice), or null for a CSV file (or a Parquet file of one column, whose empty rows its text
    /// form skips).
    /// </summary>
    private ParquetCells? TypedParquet(CsvSource file)
    {
        if (file.Header is not ParquetHeader header || header.Count < 2)
        {
            return null;
        }

        var source = file.TakeParquet();
        var owned = source is null;
        if (owned)
        {
            foreach (var column in header.Columns)
            {
                column.Release();
            }

            source = ParquetSource.Open(file.FullPath, file.Path);
        }

        return new ParquetCells(source!, header, _time, !string.IsNullOrWhiteSpace(_options.TimeFormat)) { Owned = owned };
    }

    // The rows to make room for: the footer's count, but no more than a file of this length can plausibly hold (a
    // footer is untrusted: the arrays grow as rows come).
    private static long ReserveRows(ParquetCells p) => Math.Min(p.Source.TotalRows, (p.Source.Length * 16) + 1024);

    private void CountTyped(ParquetCells cells, FileQuality q)
    {
        q.CountRead();
        if (_options.Progress is not null && (cells.Rows & 0x3FF) == 0)
        {
            lock (_progressLock)
            {
                _options.Progress(cells.Source.Path, cells.Source.Position, cells.Source.Length);
            }
        }
    }

    /// <summary>Reads a Parquet leads file typed (each row through the checks and step <c>ReadLeads</c> runs, LeadDataSet.LeadsRow.cs); false for a file read as text.</summary>
    private bool TryReadLeadsTyped(CsvSource file, FileColumns cols, FileQuality q, State s)
    {
        using var cells = TypedParquet(file) is { } c ? new TypedScope(c) : null;
        if (cells is null)
        {
            return false;
        }

        var p = cells.Cells;
        var path = file.Path;
        s.Reserve(ReserveRows(p));
        var columns = new LeadsRowColumns(cols);
        var typed = new ParquetRowCells(p);
        while (p.MoveNext())
        {
            CountTyped(p, q);
            var r = default(LeadRow);
            if (p.ProblemOf(path) is { } bad)
            {
                r.Reject = RejectRow;
                r.Bad = bad;
            }
            else
            {
                ParseLead(ref typed, columns, path, ref r);
            }

            ApplyLead(ref typed, columns, path, p.Line, r, q, s); // no attribute cells: a file with some is read as text
        }

        Finish(file);
        return true;
    }

    /// <summary>Reads a Parquet stages file typed (the checks, order and messages of <c>ReadStages</c>); false for a file read as text.</summary>
    private bool TryReadStagesTyped(CsvSource file, FileColumns cols, FileQuality q, State s)
    {
        using var cells = TypedParquet(file) is { } c ? new TypedScope(c) : null;
        if (cells is null)
        {
            return false;
        }

        var p = cells.Cells;
        var (idCol, stageCol, atCol) = RequireStageColumns(cols, file);
        s.StageColumns = cols;
        var display = file.Path;
        s.ReserveVisits(ReserveRows(p));
        var last = -1;
        var columns = new StageColumns(idCol, stageCol, atCol);
        var typed = new ParquetRowCells(p);
        while (p.MoveNext())
        {
            CountTyped(p, q);
            var line = p.Line;
            var r = default(EventRow);
            if (p.ProblemOf(display) is { } bad)
            {
                q.Reject(AtLine(bad, line));
                continue;
            }

            if (!CheckStage(ref typed, columns, display, s, ref r, ref last))
            {
                q.Reject(AtLine(r.Bad!, line));
                continue;
            }

            s.AddVisit(r.Lead, r.Stage, r.At, ToLine(line, display));
        }

        s.StagesQuality = q;
        Finish(file);
        return true;
    }

    /// <summary>
    /// The second thread of a Parquet stages file (two threads: read while the leads file is, as <c>PrepareStages</c> reads
    /// a CSV one): every check of a row but its lead's, on the typed values; a row that fails one is marked to be read
    /// again at the join (<c>ResolveStages</c>, through the file's text form, with the checks and messages of one thread).
    /// False for a file read as text.
    /// </summary>
    private bool TryPrepareStagesTyped(StagePrep p, State s)
    {
        ParquetCells? cells;
        try
        {
            cells = TypedParquet(p.File!);
        }
        catch (Exception e)
        {
            p.Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            return true;
        }

        if (cells is null)
        {
            return false;
        }

        using var scope = new TypedScope(cells);
        var display = p.File!.Path;
        try
        {
            s.ReserveVisits(ReserveRows(cells));
            while (!p.Stop && cells.MoveNext())
            {
                if (_options.Progress is not null && (cells.Rows & 0x3FF) == 0)
                {
                    lock (_progressLock)
                    {
                        _options.Progress(display, cells.Source.Position, cells.Source.Length);
                    }
                }

                var k = p.Rows;
                if (k == s.At.Length)
                {
                    s.ReserveVisits(Math.Max(1024, (long)k * 5 / 4));
                }

                s.VisitLine[k] = ToLine(cells.Line, display);
                s.Stage[k] = StagePrep.Again;
                if (cells.ProblemOf(display) is null)
                {
                    if (cells.StageOf(p.StageColumn, s, _options.StageNames) is >= 0 and < StagePrep.Again and var stage
                        && cells.Instant(p.AtColumn, out var at) == Cell.Ok && at != 0)
                    {
                        // The id last: a span valid until the next read of its column.
                        var id = cells.Get(p.Id);
                        if (!id.IsEmpty)
                        {
                            s.Stage[k] = (byte)stage;
                            s.At[k] = at;
                            p.AddRow(k, id);
                        }
                    }
                }

                p.Rows = k + 1;
            }

            if (!p.Stop)
            {
                Finish(p.File);
            }
        }
        catch (Exception e)
        {
            // Thrown on the reading thread, where one thread would throw it (ResolveStages).
            p.Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }

        return true;
    }

    /// <summary>Reads a Parquet touchpoints file typed (the checks, order and messages of <c>ReadTouchpoints</c>); false for a file read as text.</summary>
    /// <remarks>The caller has set up the touchpoint arrays (TouchResponse, TouchHead) and the response kinds.</remarks>
    private bool TryReadTouchpointsTyped(CsvSource file, FileColumns cols, FileQuality q, State s, bool[] responseKinds)
    {
        using var cells = TypedParquet(file) is { } c ? new TypedScope(c) : null;
        if (cells is null)
        {
            return false;
        }

        var p = cells.Cells;
        var (idCol, atCol, channelCol) = RequireTouchpointColumns(cols, file);
        var kindCol = cols["kind"];
        var directionCol = cols["direction"];
        var display = file.Path;
        ReserveTouchpoints(s, ReserveRows(p));
        var last = -1;
        var columns = new TouchpointColumns(idCol, atCol, channelCol, kindCol, directionCol);
        var typed = new ParquetRowCells(p);
        while (p.MoveNext())
        {
            if (_abandon)
            {
                throw new OperationCanceledException("the stages file failed first.");
            }

            CountTyped(p, q);
            var line = p.Line;
            var r = default(EventRow);
            if (p.ProblemOf(display) is { } bad)
            {
                q.Reject(AtLine(bad, line));
                continue;
            }

            if (!CheckTouchpoint(ref typed, columns, display, s, ref r, ref last))
            {
                q.Reject(AtLine(r.Bad!, line));
                continue;
            }

            AcceptTouchpoint(s, r, ToLine(line, display), responseKinds);
        }

        Finish(file);
        return true;
    }

    /// <summary>Owns a typed reading's own open file.</summary>
    private sealed class TypedScope(ParquetCells cells) : IDisposable
    {
        public ParquetCells Cells => cells;

        public void Dispose()
        {
            if (cells.Owned)
            {
                cells.Source.Dispose();
            }
        }
    }
}
