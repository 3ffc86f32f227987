using System.Runtime.CompilerServices;

namespace LeadMetrics.Data;

/// <summary>
/// A leads file's row, written once for the CSV reader (<c>ReadLeads</c>) and the typed Parquet reader
/// (<c>TryReadLeadsTyped</c>): its checks (<see cref="ParseLead"/>) and its step into the per-lead state
/// (<see cref="ApplyLead"/>: the duplicate lead_id under <c>--on-duplicate</c>, the order of the rejections, the
/// replacement, the add), generic over the row's cells (<see cref="ILeadsRowCells"/>: a Sep row's text or a Parquet row's
/// typed values), as the stage and touchpoint checks are (LeadDataSet.Cells.cs). The readers keep what only their format
/// has: the malformed-row checks, the counting of a read row, the reservation of the state, and the attribute cells (CSV
/// only: a Parquet leads file with attributes to read is read through its text form).
/// </summary>
public sealed partial class LeadDataSet
{
    private const byte NoReject = 0;
    private const byte RejectRow = 1;        // rejected; the id is not marked (missing lead_id)
    private const byte RejectMark = 2;       // rejected before the duplicate check; the id is marked rejected
    private const byte RejectLate = 3;       // rejected after the duplicate check; the id is marked rejected

    /// <summary>A leads row as checked (<see cref="ParseLead"/>), before it is applied (<see cref="ApplyLead"/>).</summary>
    private struct LeadRow
    {
        public int Chars;
        public bool OddQuotes;
        public byte Reject;
        public BadRow? Bad;
        public BadRow? ResponseDropped;
        public long Created;
        public long Response;
        public long Closed;
        public byte Flags;
        public decimal Value;
    }

    /// <summary>The columns of a leads row.</summary>
    private readonly struct LeadsRowColumns(FileColumns cols)
    {
        public readonly ColumnReader Id = new(cols["lead_id"]);
        public readonly ColumnReader Created = new(cols["created_at"]);
        public readonly ColumnReader Response = new(cols["first_response_at"]);
        public readonly ColumnReader Won = new(cols["won_at"]);
        public readonly ColumnReader Lost = new(cols["lost_at"]);
        public readonly ColumnReader Value = new(cols["value"]);
        public readonly ColumnReader Source = new(cols["source"]);
        public readonly ColumnReader Campaign = new(cols["campaign"]);
        public readonly ColumnReader Owner = new(cols["owner"]);
        public readonly ColumnReader Currency = new(cols["currency"]);
    }

    /// <summary>
    /// The cells of one leads row as <see cref="ParseLead"/> and <see cref="ApplyLead"/> read them: a CSV row's text
    /// (<see cref="CsvRowCells"/>) or a Parquet row's typed values (<see cref="ParquetRowCells"/>).
    /// </summary>
    private interface ILeadsRowCells : ILeadCells
    {
        /// <summary>A column's amount, as a CSV number's text reads.</summary>
        Cell Amount(in ColumnReader column, out decimal amount);

        /// <summary>A column's label id in <paramref name="table"/>, as <c>table.Intern(Get(column))</c>.</summary>
        /// <remarks>A Parquet row may decode the value into a buffer that an id read before it shares (<see cref="LabelsReuseIdBuffer"/>).</remarks>
        int LabelOf(in ColumnReader column, LabelTable table);

        /// <summary>
        /// True when <see cref="LabelOf"/> may overwrite the text an earlier <c>Get</c> of the id returned, so that the id is
        /// read again after the labels (Parquet: an integer id mapped to a label shares its column buffer); a CSV row's
        /// text stays put. A constant per cells type: the check compiles away.
        /// </summary>
        static abstract bool LabelsReuseIdBuffer { get; }
    }

    /// <summary>
    /// The checks of a leads row (its file's malformed-row checks passed) into <paramref name="r"/>: its instants, flags
    /// and value, or its rejection (line 0: <see cref="ApplyLead"/> sets it) in <c>r.Bad</c> with <c>r.Reject</c> saying
    /// when it applies. In order: lead_id missing; created_at missing, unparseable or the epoch (rejected before the
    /// duplicate check); first_response_at, won_at, lost_at unparseable; the outcome rule; the deal value (rejected after
    /// it); a first_response_at before created_at is left out of the kept lead (<c>r.ResponseDropped</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseLead<TCells>(ref TCells cells, in LeadsRowColumns c, string path, ref LeadRow r)
        where TCells : ILeadsRowCells, allows ref struct
    {
        if (cells.Get(c.Id).IsEmpty)
        {
            r.Reject = RejectRow;
            r.Bad = new BadRow(path, 0, Missing(c.Id.Binding), string.Empty, Reasons.MissingLeadId, "lead_id is required.");
            return;
        }

        switch (cells.Instant(c.Created, out r.Created))
        {
            case Cell.Empty:
                r.Reject = RejectMark;
                r.Bad = new BadRow(path, 0, Missing(c.Created.Binding), string.Empty, Reasons.MissingCreatedAt, "created_at is required.");
                return;
            case Cell.Bad:
                r.Reject = RejectMark;
                r.Bad = new BadRow(path, 0, cells.ColumnOf(c.Created), cells.Get(c.Created).ToString(), Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date.");
                return;
        }

        if (r.Created == 0)
        {
            r.Reject = RejectMark;
            r.Bad = new BadRow(path, 0, cells.ColumnOf(c.Created), cells.Get(c.Created).ToString(), Reasons.UnparseableDate, TimestampParser.EpochMessage);
            return;
        }

        if (!TryLeadInstant(ref cells, c.Response, path, ref r, out var response) || !TryLeadInstant(ref cells, c.Won, path, ref r, out var won) || !TryLeadInstant(ref cells, c.Lost, path, ref r, out var lost))
        {
            return;
        }

        if (OutcomeRule.Broken(r.Created, won, won != LeadState.None, lost, lost != LeadState.None) is { } broken)
        {
            var at = OutcomeRule.OnWon(broken) ? c.Won : c.Lost;
            RejectLeadLate(ref r, new BadRow(path, 0, at.Binding!.Display, cells.Get(at).ToString(), broken, OutcomeRule.Message(broken, cells.Get(c.Created).ToString())));
            return;
        }

        var hasValue = false;
        var value = cells.Amount(c.Value, out r.Value);
        if (value != Cell.Empty)
        {
            if (DealValueRejection(value, ref r.Value, cells.Get(c.Currency), out var onCurrency) is { } no)
            {
                var column = onCurrency ? c.Currency : c.Value;
                RejectLeadLate(ref r, new BadRow(path, 0, cells.ColumnOf(column), cells.Get(column).ToString(), no.Reason, no.Message));
                return;
            }

            hasValue = true;
        }

        if (response != LeadState.None && response < r.Created)
        {
            // The response is impossible, the lead is not: keep the lead without it and count the value left out.
            r.ResponseDropped = new BadRow(path, 0, c.Response.Binding!.Display, cells.Get(c.Response).ToString(), Reasons.ResponseBeforeCreated,
                $"first_response_at is before created_at {cells.Get(c.Created)}; the lead is kept without it.");
            response = LeadState.None;
        }

        r.Response = response;
        r.Closed = won != LeadState.None ? won : lost;
        r.Flags = (byte)((won != LeadState.None ? Won : 0) | (lost != LeadState.None ? Lost : 0) | (hasValue ? HasValue : 0));
    }

    /// <summary>An optional instant of a leads row (<see cref="LeadState.None"/> when empty); false with the row's rejection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryLeadInstant<TCells>(ref TCells cells, in ColumnReader column, string path, ref LeadRow r, out long value)
        where TCells : ILeadsRowCells, allows ref struct
    {
        switch (cells.Instant(column, out value))
        {
            case Cell.Ok:
                return true;
            case Cell.Empty:
                value = LeadState.None;
                return true;
            default:
                value = LeadState.None;
                RejectLeadLate(ref r, new BadRow(path, 0, cells.ColumnOf(column), cells.Get(column).ToString(), Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date."));
                return false;
        }
    }

    private static void RejectLeadLate(ref LeadRow r, BadRow bad)
    {
        r.Reject = RejectLate;
        r.Bad = bad;
    }

    /// <summary>
    /// Applies a checked leads row (<paramref name="r"/>, at <paramref name="line"/>) to the per-lead state: in order, a
    /// row without a lead_id is rejected; a row rejected before the duplicate check is rejected and its id marked; a
    /// repeated lead_id (of an accepted or a rejected row) is rejected under <c>--on-duplicate first</c> and stops the
    /// read under <c>fail</c>; a row rejected after the duplicate check is rejected and its id marked; then a dropped
    /// response is counted, and the lead added, or under <c>last</c> put in the earlier row's place (which is counted
    /// as replaced).
    /// </summary>
    /// <returns>The index of the lead the row was kept as (its attribute cells go there), or -1 when it was rejected.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ApplyLead<TCells>(ref TCells cells, in LeadsRowColumns c, string path, long line, in LeadRow r, FileQuality q, State s)
        where TCells : ILeadsRowCells, allows ref struct
    {
        if (r.Reject == RejectRow)
        {
            q.Reject(AtLine(r.Bad!, line));
            return -1;
        }

        var id = cells.Get(c.Id);
        if (r.Reject == RejectMark)
        {
            RejectLead(s, q, r.Bad! with { Line = line }, id);
            return -1;
        }

        var earlier = s.Find(id);
        if ((earlier >= 0 || s.IsRejected(id)) && _options.OnDuplicate != DuplicateLeadPolicy.Last)
        {
            var duplicate = new BadRow(path, line, cells.ColumnOf(c.Id), id.ToString(), Reasons.DuplicateLeadId, DuplicateMessage(earlier >= 0 ? s.Leads.Line[earlier] : 0, _options.OnDuplicate));
            if (_options.OnDuplicate == DuplicateLeadPolicy.Fail)
            {
                throw new BadRowException(duplicate);
            }

            q.Reject(duplicate);
            return -1;
        }

        if (r.Reject == RejectLate)
        {
            RejectLead(s, q, r.Bad! with { Line = line }, id);
            return -1;
        }

        if (r.ResponseDropped is { } dropped)
        {
            q.RejectValue(dropped with { Line = line });
        }

        var source = cells.LabelOf(c.Source, s.Sources);
        var campaign = cells.LabelOf(c.Campaign, s.Campaigns);
        var owner = cells.LabelOf(c.Owner, s.Owners);
        if (TCells.LabelsReuseIdBuffer)
        {
            id = cells.Get(c.Id);
        }
        if (earlier >= 0)
        {
            // --on-duplicate last: this accepted row takes the earlier one's place; the earlier is counted as replaced.
            q.CountReplaced(new BadRow(path, s.Leads.Line[earlier], cells.ColumnOf(c.Id), id.ToString(), Reasons.DuplicateLeadReplaced, $"replaced by line {line}, a later row of this lead_id (--on-duplicate last)."));
            s.Leads.Replace(earlier, ToLine(line, path), r.Created, r.Response, r.Closed, r.Flags, source, campaign, owner, r.Value);
            return earlier;
        }

        s.Add(id, ToLine(line, path), r.Created, r.Response, r.Closed, r.Flags, source, campaign, owner, r.Value);
        return s.Count - 1;
    }
}
