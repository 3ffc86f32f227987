using System.Globalization;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace LeadMetrics.Data;

/// <summary>
/// One form of a file's rows for the readers whose checks are written once for CSV and Parquet (costs and revenue,
/// LeadDataSet.Events.cs): a CSV file's fields as text (<see cref="TextRows"/>), or a Parquet file's typed values
/// (<see cref="TypedRows"/>: timestamps as ticks and INT32/INT64 decimals as their exact decimal, anything else as the
/// text its text form writes). The readers are generic over the two structs, so that each is compiled for its own
/// form (no interface call per field on the CSV path).
/// </summary>
public sealed partial class LeadDataSet
{
    /// <summary>
    /// The checks of a lead row's deal value, written once for the CSV and the typed Parquet leads readers: given how
    /// the value's cell read (not <see cref="Cell.Empty"/>: the caller skips an empty value) and the row's currency
    /// text, the reason and message of the value's rejection, else null with the value converted to the report's
    /// currency (a row in another currency with a rate). <paramref name="onCurrency"/>: the rejection is the currency
    /// column's, else the value column's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (string Reason, string Message)? DealValueRejection(Cell cell, ref decimal value, ReadOnlySpan<char> currency, out bool onCurrency)
    {
        onCurrency = false;
        if (cell == Cell.Bad)
        {
            return (Reasons.UnparseableNumber, "value is not a number (use '.' for decimals, no thousands separators).");
        }

        if (value < 0)
        {
            return (Reasons.NegativeValue, "a deal value cannot be negative.");
        }

        if (value > Money.MaxFactAmount)
        {
            return (Reasons.AmountOutOfRange, AmountOutOfRangeMessage);
        }

        if (!currency.IsEmpty && CurrencyAmounts.TryConvert(currency, ref value, _options.Currency, _options.Rates, "value") is { } why)
        {
            onCurrency = true;
            return (Reasons.CurrencyMismatch, why);
        }

        return null;
    }

    /// <summary>A file's rows as the costs and revenue readers read them.</summary>
    private interface IRowCells
    {
        /// <summary>The file as named in messages.</summary>
        string Path { get; }

        /// <summary>The line of the current row (the header is line 1).</summary>
        long Line { get; }

        /// <summary>Moves to the next row, counted as read; a malformed row (not UTF-8, NUL, a stray quote) is rejected and skipped.</summary>
        bool MoveNext();

        /// <summary>The text of a binding's value in the current row (trimmed); empty when none.</summary>
        ReadOnlySpan<char> Get(ColumnBinding? binding);

        /// <summary>The column a binding's value came from (for messages).</summary>
        string ColumnOf(ColumnBinding? binding);

        /// <summary>A binding's instant (Unix ticks), as the CSV timestamp parser reads its text.</summary>
        Cell Instant(ColumnBinding? binding, out long ticks);

        /// <summary>A binding's amount, as a CSV number's text reads.</summary>
        Cell Amount(ColumnBinding? binding, out decimal amount);
    }

    /// <summary>A CSV file (or a Parquet file read as text) as <see cref="IRowCells"/>.</summary>
    private readonly struct TextRows(LeadDataSet owner, CsvSource file, FileQuality q) : IRowCells
    {
        public string Path => file.Path;

        public long Line => file.Line;

        public bool MoveNext() => owner.NextRow(file, q);

        public ReadOnlySpan<char> Get(ColumnBinding? binding) => file.Get(binding);

        public string ColumnOf(ColumnBinding? binding) => file.ColumnOf(binding);

        public Cell Instant(ColumnBinding? binding, out long ticks)
        {
            ticks = 0;
            var text = file.Get(binding);
            return text.IsEmpty ? Cell.Empty : owner._time.TryParseTicks(text, out ticks) ? Cell.Ok : Cell.Bad;
        }

        public Cell Amount(ColumnBinding? binding, out decimal amount)
        {
            amount = 0;
            var text = file.Get(binding);
            return text.IsEmpty ? Cell.Empty : decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out amount) ? Cell.Ok : Cell.Bad;
        }
    }

    /// <summary>A Parquet file read typed (<see cref="ParquetCells"/>) as <see cref="IRowCells"/>.</summary>
    private readonly struct TypedRows(LeadDataSet owner, ParquetCells cells, FileQuality q) : IRowCells
    {
        public string Path => cells.Source.Path;

        public long Line => cells.Line;

        public bool MoveNext()
        {
            while (cells.MoveNext())
            {
                owner.CountTyped(cells, q);
                if (cells.ProblemOf(cells.Source.Path) is { } bad)
                {
                    q.Reject(AtLine(bad, cells.Line));
                    continue;
                }

                return true;
            }

            return false;
        }

        public ReadOnlySpan<char> Get(ColumnBinding? binding) => cells.Get(binding);

        public string ColumnOf(ColumnBinding? binding) => cells.ColumnOf(binding);

        public Cell Instant(ColumnBinding? binding, out long ticks) => cells.Instant(binding, out ticks);

        public Cell Amount(ColumnBinding? binding, out decimal amount) => cells.Amount(binding, out amount);
    }

    /// <summary>
    /// The cells a row's lead and instant are checked on (<see cref="CheckLead"/>, <see cref="CheckAt"/>): of a stage or
    /// touchpoint row (<see cref="IEventCells"/>) or of a revenue row (<see cref="LeadCells{TRows}"/>).
    /// </summary>
    private interface ILeadCells
    {
        /// <summary>The text of a column's value in the row (trimmed); empty when none.</summary>
        ReadOnlySpan<char> Get(in ColumnReader column);

        /// <summary>The file column a value came from (for messages).</summary>
        string ColumnOf(in ColumnReader column);

        /// <summary>A column's instant (Unix ticks), as the CSV timestamp parser reads its text.</summary>
        Cell Instant(in ColumnReader column, out long ticks);
    }

    /// <summary>A revenue file's rows (<see cref="IRowCells"/>) as <see cref="ILeadCells"/>.</summary>
    private readonly struct LeadCells<TRows>(TRows rows) : ILeadCells
        where TRows : struct, IRowCells
    {
        public ReadOnlySpan<char> Get(in ColumnReader column) => rows.Get(column.Binding);

        public string ColumnOf(in ColumnReader column) => rows.ColumnOf(column.Binding);

        public Cell Instant(in ColumnReader column, out long ticks) => rows.Instant(column.Binding, out ticks);
    }

    /// <summary>
    /// The cells of one stage or touchpoint row as the row checks read them (<see cref="CheckStage"/>,
    /// <see cref="CheckTouchpoint"/>, written once for CSV and Parquet): a CSV row's text (<see cref="CsvRowCells"/>)
    /// or a Parquet row's typed values (<see cref="ParquetRowCells"/>), the two structs a leads row is read through
    /// too (<see cref="ILeadsRowCells"/>). The checks are generic over the two structs, so each form is compiled on its
    /// own (no interface call per field).
    /// </summary>
    private interface IEventCells : ILeadCells
    {
        /// <summary>A column's stage index (<see cref="State.StageOf"/>); -1 for an empty value or a text that is no stage.</summary>
        int StageOf(in ColumnReader column, State s, IReadOnlyDictionary<string, string> names);

        /// <summary>True when a column has no value in the row.</summary>
        bool IsEmpty(in ColumnReader column);

        /// <summary>A touchpoint kind (as <see cref="TryEnum{T}"/> reads its text): -2 for none, -1 for a text that is no kind.</summary>
        int KindOf(in ColumnReader column, LeadDataSet owner);

        /// <summary>A direction (as <see cref="TryDirection"/> reads its text): 1 outbound, 0 inbound, -2 for none, -1 for a text that is no direction.</summary>
        int DirectionOf(in ColumnReader column);
    }

    /// <summary>A CSV row as <see cref="IEventCells"/> and <see cref="ILeadsRowCells"/>.</summary>
    private readonly ref struct CsvRowCells : IEventCells, ILeadsRowCells
    {
        private readonly SepReader.Row _row;
        private readonly TimestampParser _time;

        public CsvRowCells(SepReader.Row row, TimestampParser time)
        {
            _row = row;
            _time = time;
        }

        public ReadOnlySpan<char> Get(in ColumnReader column) => column.Get(_row);

        public string ColumnOf(in ColumnReader column) => CsvSource.ColumnOf(_row, column.Binding);

        public Cell Instant(in ColumnReader column, out long ticks)
        {
            ticks = 0;
            var text = column.Get(_row);
            return text.IsEmpty ? Cell.Empty : _time.TryParseTicks(text, out ticks) ? Cell.Ok : Cell.Bad;
        }

        public int StageOf(in ColumnReader column, State s, IReadOnlyDictionary<string, string> names)
        {
            var text = column.Get(_row);
            return text.IsEmpty ? -1 : s.StageOf(text, names);
        }

        public Cell Amount(in ColumnReader column, out decimal amount)
        {
            amount = 0;
            var text = column.Get(_row);
            return text.IsEmpty ? Cell.Empty : decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out amount) ? Cell.Ok : Cell.Bad;
        }

        public int LabelOf(in ColumnReader column, LabelTable table) => table.Intern(column.Get(_row));

        public static bool LabelsReuseIdBuffer => false;

        public bool IsEmpty(in ColumnReader column) => column.Get(_row).IsEmpty;

        public int KindOf(in ColumnReader column, LeadDataSet owner)
        {
            var text = column.Get(_row);
            return text.IsEmpty ? -2 : owner.TryEnum(text, out TouchpointKind kind) ? (int)kind : -1;
        }

        public int DirectionOf(in ColumnReader column)
        {
            var text = column.Get(_row);
            return text.IsEmpty ? -2 : TryDirection(text, out var outbound) ? (outbound ? 1 : 0) : -1;
        }
    }

    /// <summary>A Parquet row read typed (<see cref="ParquetCells"/>, which keeps its per-value caches) as <see cref="IEventCells"/> and <see cref="ILeadsRowCells"/>.</summary>
    private readonly struct ParquetRowCells(ParquetCells cells) : IEventCells, ILeadsRowCells
    {
        public ReadOnlySpan<char> Get(in ColumnReader column) => cells.Get(column.Binding);

        public string ColumnOf(in ColumnReader column) => cells.ColumnOf(column.Binding);

        public Cell Instant(in ColumnReader column, out long ticks) => cells.Instant(column.Binding, out ticks);

        public int StageOf(in ColumnReader column, State s, IReadOnlyDictionary<string, string> names) => cells.StageOf(column.Binding, s, names);

        public Cell Amount(in ColumnReader column, out decimal amount) => cells.Amount(column.Binding, out amount);

        public int LabelOf(in ColumnReader column, LabelTable table) => cells.LabelOf(column.Binding, table);

        public static bool LabelsReuseIdBuffer => true;

        public bool IsEmpty(in ColumnReader column) => cells.IsEmpty(column.Binding);

        public int KindOf(in ColumnReader column, LeadDataSet owner) => cells.KindOf(column.Binding, owner);

        public int DirectionOf(in ColumnReader column) => cells.DirectionOf(column.Binding);
    }

    /// <summary>The columns of a stage row.</summary>
    private readonly struct StageColumns(ColumnBinding id, ColumnBinding stage, ColumnBinding at)
    {
        public readonly ColumnReader Id = new(id);
        public readonly ColumnReader Stage = new(stage);
        public readonly ColumnReader At = new(at);
    }

    /// <summary>The columns of a touchpoint row.</summary>
    private readonly struct TouchpointColumns(ColumnBinding id, ColumnBinding at, ColumnBinding channel, ColumnBinding? kind, ColumnBinding? direction)
    {
        public readonly ColumnReader Id = new(id);
        public readonly ColumnReader At = new(at);
        public readonly ColumnReader Channel = new(channel);
        public readonly ColumnReader Kind = new(kind);
        public readonly ColumnReader Direction = new(direction);
    }

    /// <summary>
    /// The checks of a stage row (its file's malformed-row checks passed), written once for CSV and Parquet: its lead,
    /// stage and instant in <paramref name="r"/>, or the rejection (line 0: the caller's <see cref="AtLine"/> sets it) in
    /// <c>r.Bad</c>; false when rejected. In order: lead_id missing, unknown or rejected; stage missing or unknown; at
    /// missing, unparseable or the epoch; at before the lead's creation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckStage<TCells>(ref TCells cells, in StageColumns cols, string display, State s, ref EventRow r, ref int last)
        where TCells : IEventCells, allows ref struct
    {
        if (!CheckLead(ref cells, cols.Id, display, s, ref r, ref last))
        {
            return false;
        }

        var stage = cells.StageOf(cols.Stage, s, _options.StageNames);
        if (stage < 0)
        {
            r.Bad = cells.IsEmpty(cols.Stage)
                ? new BadRow(display, 0, Missing(cols.Stage.Binding), string.Empty, Reasons.MissingStage, "stage is required.")
                : new BadRow(display, 0, cells.ColumnOf(cols.Stage), cells.Get(cols.Stage).ToString(), Reasons.UnknownStage,
                    $"not a stage of the pipeline ({_options.Pipeline}); map other names with --stage-names <name>=<stage>.");
            return false;
        }

        if (!CheckAt(ref cells, cols.At, display, ref r))
        {
            return false;
        }

        if (!CheckNotBeforeCreated(ref cells, cols.At, display, s, ref r, Reasons.StageBeforeCreated, "; a stage cannot be entered before that."))
        {
            return false;
        }

        r.Stage = (byte)stage;
        return true;
    }

    /// <summary>
    /// The checks of a touchpoint row (its file's malformed-row checks passed), written once for CSV and Parquet: its
    /// lead, instant, kind and direction in <paramref name="r"/>, or the rejection in <c>r.Bad</c>; false when rejected.
    /// In order: lead_id missing, unknown or rejected; at missing, unparseable or the epoch; at before the lead's
    /// creation; channel missing; kind unknown; direction unknown.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckTouchpoint<TCells>(ref TCells cells, in TouchpointColumns cols, string display, State s, ref EventRow r, ref int last)
        where TCells : IEventCells, allows ref struct
    {
        if (!CheckLead(ref cells, cols.Id, display, s, ref r, ref last) || !CheckAt(ref cells, cols.At, display, ref r))
        {
            return false;
        }

        if (!CheckNotBeforeCreated(ref cells, cols.At, display, s, ref r, Reasons.TouchpointBeforeCreated, "."))
        {
            return false;
        }

        if (cells.IsEmpty(cols.Channel))
        {
            r.Bad = new BadRow(display, 0, Missing(cols.Channel.Binding), string.Empty, Reasons.MissingChannel, "channel is required.");
            return false;
        }

        var kind = cells.KindOf(cols.Kind, this);
        if (kind == -1)
        {
            r.Bad = new BadRow(display, 0, cells.ColumnOf(cols.Kind), cells.Get(cols.Kind).ToString(), Reasons.UnknownKind,
                "kind must be one of " + string.Join(", ", Enum.GetNames<TouchpointKind>().Select(Snake)) + ".");
            return false;
        }

        r.Kind = kind >= 0 ? (TouchpointKind)kind : TouchpointKind.Other;
        var direction = cells.DirectionOf(cols.Direction);
        if (direction == -1)
        {
            r.Bad = new BadRow(display, 0, cells.ColumnOf(cols.Direction), cells.Get(cols.Direction).ToString(), Reasons.UnknownDirection, "direction must be inbound or outbound.");
            return false;
        }

        r.Outbound = direction == 1;
        return true;
    }

    /// <summary>The lead of a stage, touchpoint or revenue row (the leads are all read: lookups only); false with the row's rejection.</summary>
    /// <remarks>
    /// <paramref name="last"/> is the lead of the previous row found (-1 before the first): that lead and the next one
    /// in the leads file are compared first (<see cref="FindLead"/>), so that a file listing each lead's rows together
    /// in the leads' order needs no hash lookup (which misses the cache on large files).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CheckLead<TCells>(ref TCells cells, in ColumnReader idCol, string display, State s, ref EventRow r, ref int last)
        where TCells : ILeadCells, allows ref struct
    {
        var id = cells.Get(idCol);
        if (id.IsEmpty)
        {
            r.Bad = new BadRow(display, 0, Missing(idCol.Binding), string.Empty, Reasons.MissingLeadId, "lead_id is required.");
            return false;
        }

        r.Lead = FindLead(s, id, ref last);
        if (r.Lead < 0)
        {
            var rejected = s.IsRejected(id);
            r.Bad = new BadRow(display, 0, cells.ColumnOf(idCol), id.ToString(), rejected ? Reasons.LeadRejected : Reasons.UnknownLead,
                rejected ? "the lead's own row was rejected." : "no lead with this lead_id in the leads file.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The row's <c>at</c> (read by <see cref="CheckAt"/>) not before its lead's creation; false with the row's rejection
    /// under <paramref name="reason"/>, its message "the lead was created at ..." ending in <paramref name="tail"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CheckNotBeforeCreated<TCells>(ref TCells cells, in ColumnReader atCol, string display, State s, ref EventRow r, string reason, string tail)
        where TCells : ILeadCells, allows ref struct
    {
        var created = s.Leads.Created[r.Lead];
        if (r.At >= created)
        {
            return true;
        }

        r.Bad = new BadRow(display, 0, cells.ColumnOf(atCol), cells.Get(atCol).ToString(), reason,
            $"the lead was created at {NodaTime.Instant.FromUnixTimeTicks(created)}{tail}");
        return false;
    }

    /// <summary>The required <c>at</c> of a stage, touchpoint or revenue row; false with the row's rejection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CheckAt<TCells>(ref TCells cells, in ColumnReader atCol, string display, ref EventRow r)
        where TCells : ILeadCells, allows ref struct
    {
        switch (cells.Instant(atCol, out r.At))
        {
            case Cell.Empty:
                r.Bad = new BadRow(display, 0, Missing(atCol.Binding), string.Empty, Reasons.MissingDate, "at is required.");
                return false;
            case Cell.Bad:
                r.Bad = new BadRow(display, 0, cells.ColumnOf(atCol), cells.Get(atCol).ToString(), Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date.");
                return false;
        }

        if (r.At == 0)
        {
            r.Bad = new BadRow(display, 0, cells.ColumnOf(atCol), cells.Get(atCol).ToString(), Reasons.UnparseableDate, TimestampParser.EpochMessage);
            return false;
        }

        return true;
    }
}
