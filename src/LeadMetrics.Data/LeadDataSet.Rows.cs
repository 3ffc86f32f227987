using System.Globalization;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;
using NodaTime;

namespace LeadMetrics.Data;

/// <summary>
/// The row readers of the leads, stages and touchpoints files. Each row is checked and parsed by a function of the row
/// alone (timestamps, numbers, stage and kind names, the lead lookup of a stage or touchpoint row: the leads are read
/// by then), then applied to the per-lead state in file order (duplicate ids, labels, visits) while the row is still
/// current, so nothing is copied out of it. One thread reads a file: with two threads the stages file is read while the
/// leads file is (LeadDataSet.Stages.cs), and the touchpoints file while the stage rows are joined (<see cref="ReadEvents"/>). Parsing one file's rows on both cores (Sep's ordered parallel
/// enumeration) was measured and dropped: it cost more CPU than it saved wall time, and about 150 MB
/// (docs/benchmarks.md).
/// </summary>
public sealed partial class LeadDataSet
{
    private const byte NoReject = 0;
    private const byte RejectRow = 1;        // rejected; the id is not marked (missing lead_id)
    private const byte RejectMark = 2;       // rejected before the duplicate check; the id is marked rejected
    private const byte RejectLate = 3;       // rejected after the duplicate check; the id is marked rejected

    private readonly object _progressLock = new();
    private int _threads = 1;
    private volatile bool _abandon;

    private void Next(CsvSource file, FileQuality q, int chars, bool oddQuotes)
    {
        file.Count(chars, oddQuotes);
        q.CountRead();
        if (_options.Progress is not null && (file.Rows & 0x3FF) == 0)
        {
            lock (_progressLock)
            {
                _options.Progress(file.Path, file.Position, file.Length);
            }
        }
    }

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadLeads(State s, Action? opened = null)
    {
        using var file = Open(InputKind.Leads, _options.LeadsPath, out var cols, out var q);
        RequireLeadColumns(cols, file);
        opened?.Invoke();
        var path = file.Path;
        var idCol = cols["lead_id"]!;
        var createdCol = cols["created_at"]!;
        var responseCol = cols["first_response_at"];
        var wonCol = cols["won_at"];
        var lostCol = cols["lost_at"];
        var valueCol = cols["value"];
        var sourceCol = cols["source"];
        var campaignCol = cols["campaign"];
        var ownerCol = cols["owner"];
        var currencyCol = cols["currency"];
        BindAttributes(cols);
        if (!ReadsAttributes && TryReadLeadsTyped(file, cols, q, s))
        {
            return; // a Parquet file, read typed (ParquetRows.cs)
        }

        var (idR, createdR, responseR, wonR, lostR, valueR) = (new ColumnReader(idCol), new ColumnReader(createdCol), new ColumnReader(responseCol), new ColumnReader(wonCol), new ColumnReader(lostCol), new ColumnReader(valueCol));
        var (sourceR, campaignR, ownerR, currencyR) = (new ColumnReader(sourceCol), new ColumnReader(campaignCol), new ColumnReader(ownerCol), new ColumnReader(currencyCol));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        LeadRow Parse(SepReader.Row row)
        {
            var r = default(LeadRow);
            var stray = CsvSource.CheckRow(row, file.Header, file.Separator, path, out r.Chars, out r.OddQuotes);
            if (r.OddQuotes)
            {
                return r;
            }

            if (stray is not null)
            {
                r.Reject = RejectRow;
                r.Bad = stray;
                return r;
            }

            var id = idR.Get(row);
            if (id.IsEmpty)
            {
                r.Reject = RejectRow;
                r.Bad = new BadRow(path, 0, Missing(idCol), string.Empty, Reasons.MissingLeadId, "lead_id is required.");
                return r;
            }

            var createdText = createdR.Get(row);
            if (createdText.IsEmpty)
            {
                r.Reject = RejectMark;
                r.Bad = new BadRow(path, 0, Missing(createdCol), string.Empty, Reasons.MissingCreatedAt, "created_at is required.");
                return r;
            }

            if (!_time.TryParseTicks(createdText, out r.Created))
            {
                r.Reject = RejectMark;
                r.Bad = new BadRow(path, 0, CsvSource.ColumnOf(row, createdCol), createdText.ToString(), Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date.");
                return r;
            }

            if (r.Created == 0)
            {
                r.Reject = RejectMark;
                r.Bad = new BadRow(path, 0, CsvSource.ColumnOf(row, createdCol), createdText.ToString(), Reasons.UnparseableDate, TimestampParser.EpochMessage);
                return r;
            }

            if (!TryInstant(row, responseCol, responseR, ref r, out var response) || !TryInstant(row, wonCol, wonR, ref r, out var won) || !TryInstant(row, lostCol, lostR, ref r, out var lost))
            {
                return r;
            }

            if (OutcomeRule.Broken(r.Created, won, won != LeadState.None, lost, lost != LeadState.None) is { } broken)
            {
                var onWon = OutcomeRule.OnWon(broken);
                return Late(ref r, new BadRow(path, 0, (onWon ? wonCol : lostCol)!.Display, (onWon ? wonR : lostR).Get(row).ToString(), broken, OutcomeRule.Message(broken, createdText.ToString())));
            }

            var hasValue = false;
            var valueText = valueR.Get(row);
            if (!valueText.IsEmpty)
            {
                var cell = decimal.TryParse(valueText, NumberStyle, CultureInfo.InvariantCulture, out r.Value) ? Cell.Ok : Cell.Bad;
                var currencyText = currencyR.Get(row);
                if (DealValueRejection(cell, ref r.Value, currencyText, out var onCurrency) is { } no)
                {
                    return Late(ref r, onCurrency
                        ? new BadRow(path, 0, CsvSource.ColumnOf(row, currencyCol), currencyText.ToString(), no.Reason, no.Message)
                        : new BadRow(path, 0, CsvSource.ColumnOf(row, valueCol), valueText.ToString(), no.Reason, no.Message));
                }

                hasValue = true;
            }

            if (response != LeadState.None && response < r.Created)
            {
                // The response is impossible, the lead is not: keep the lead without it and count the value left out.
                r.ResponseDropped = new BadRow(path, 0, responseCol!.Display, responseR.Get(row).ToString(), Reasons.ResponseBeforeCreated,
                    $"first_response_at is before created_at {createdText}; the lead is kept without it.");
                response = LeadState.None;
            }

            r.Response = response;
            r.Closed = won != LeadState.None ? won : lost;
            r.Flags = (byte)((won != LeadState.None ? Won : 0) | (lost != LeadState.None ? Lost : 0) | (hasValue ? HasValue : 0));
            return r;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool TryInstant(SepReader.Row row, ColumnBinding? binding, ColumnReader reader, ref LeadRow r, out long value)
        {
            value = LeadState.None;
            var text = reader.Get(row);
            if (text.IsEmpty || _time.TryParseTicks(text, out value))
            {
                return true;
            }

            value = LeadState.None;
            Late(ref r, new BadRow(path, 0, CsvSource.ColumnOf(row, binding), text.ToString(), Reasons.UnparseableDate, "not an ISO 8601 timestamp, local date-time or date."));
            return false;
        }

        static LeadRow Late(ref LeadRow r, BadRow bad)
        {
            r.Reject = RejectLate;
            r.Bad = bad;
            return r;
        }

        var estimated = false;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Apply(in LeadRow r, SepReader.Row row)
        {
            Next(file, q, r.Chars, r.OddQuotes);
            if (!estimated && file.Rows == 16_384)
            {
                s.Reserve(Estimate(file));
                estimated = true;
            }

            var line = file.Line;
            if (r.Reject == RejectRow)
            {
                q.Reject(AtLine(r.Bad!, line));
                return;
            }

            var id = idR.Get(row);
            if (r.Reject == RejectMark)
            {
                RejectLead(s, q, r.Bad! with { Line = line }, id);
                return;
            }

            var earlier = s.Find(id);
            if ((earlier >= 0 || s.IsRejected(id)) && _options.OnDuplicate != DuplicateLeadPolicy.Last)
            {
                var duplicate = new BadRow(path, line, CsvSource.ColumnOf(row, idCol), id.ToString(), Reasons.DuplicateLeadId, DuplicateMessage(earlier >= 0 ? s.Leads.Line[earlier] : 0, _options.OnDuplicate));
                if (_options.OnDuplicate == DuplicateLeadPolicy.Fail)
                {
                    throw new BadRowException(duplicate);
                }

                q.Reject(duplicate);
                return;
            }

            if (r.Reject == RejectLate)
            {
                RejectLead(s, q, r.Bad! with { Line = line }, id);
                return;
            }

            if (r.ResponseDropped is { } dropped)
            {
                q.RejectValue(dropped with { Line = line });
            }

            var (source, campaign, owner) = (s.Sources.Intern(sourceR.Get(row)), s.Campaigns.Intern(campaignR.Get(row)), s.Owners.Intern(ownerR.Get(row)));
            if (earlier >= 0)
            {
                // --on-duplicate last: this accepted row takes the earlier one's place; the earlier is counted as replaced.
                q.CountReplaced(new BadRow(path, s.Leads.Line[earlier], CsvSource.ColumnOf(row, idCol), id.ToString(), Reasons.DuplicateLeadReplaced, $"replaced by line {line}, a later row of this lead_id (--on-duplicate last)."));
                s.Leads.Replace(earlier, ToLine(line, path), r.Created, r.Response, r.Closed, r.Flags, source, campaign, owner, r.Value);
                if (ReadsAttributes)
                {
                    KeepAttributes(earlier, row);
                }

                return;
            }

            s.Add(id, ToLine(line, path), r.Created, r.Response, r.Closed, r.Flags, source, campaign, owner, r.Value);
            if (ReadsAttributes)
            {
                KeepAttributes(s.Count - 1, row);
            }
        }

        // The row stays current while it is applied: the id and labels are read from it, nothing is copied out.
        while (file.MoveNext())
        {
            var row = file.Current;
            Apply(Parse(row), row);
        }

        Finish(file);
    }

    private struct EventRow
    {
        public int Chars;
        public bool OddQuotes;
        public BadRow? Bad;
        public int Lead;
        public long At;
        public byte Stage;
        public TouchpointKind Kind;
        public bool Outbound;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadStages(CsvSource file, FileColumns cols, FileQuality q, State s)
    {
        using var owned = file;
        if (TryReadStagesTyped(file, cols, q, s))
        {
            return; // a Parquet file, read typed (ParquetRows.cs)
        }

        var (idCol, stageCol, atCol) = RequireStageColumns(cols, file);
        s.StageColumns = cols;
        var display = file.Path;

        // The lead of the previous row and the lead after it are tried first (CheckLead): stage files usually list a
        // lead's rows together, in the order of the leads file.
        var last = -1;
        var estimated = false;
        var columns = new StageColumns(idCol, stageCol, atCol);
        while (file.MoveNext())
        {
            var r = ParseStage(file.Current, file, columns, s, ref last);
            Next(file, q, r.Chars, r.OddQuotes);
            if (!estimated && file.Rows == 16_384)
            {
                s.ReserveVisits(Estimate(file));
                estimated = true;
            }

            var line = file.Line;
            if (r.Bad is { } bad)
            {
                q.Reject(AtLine(bad, line));
                continue;
            }

            s.AddVisit(r.Lead, r.Stage, r.At, ToLine(line, display));
        }

        s.StagesQuality = q;
        Finish(file);
    }

    /// <summary>Checks and parses a stage row (the leads are read): its lead, stage and instant, or its rejection (<see cref="CheckStage"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private EventRow ParseStage(SepReader.Row row, CsvSource file, in StageColumns columns, State s, ref int last)
    {
        var r = default(EventRow);
        if (IsWellFormed(row, file, ref r))
        {
            var cells = new CsvEventCells(row, _time);
            CheckStage(ref cells, columns, file.Path, s, ref r, ref last);
        }

        return r;
    }

    /// <summary>The malformed-row checks of a stage or touchpoint row (<see cref="CsvSource.CheckRow"/>): false with the row's rejection (or its open quote) in <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWellFormed(SepReader.Row row, CsvSource file, ref EventRow r)
    {
        r.Bad = CsvSource.CheckRow(row, file.Header, file.Separator, file.Path, out r.Chars, out r.OddQuotes);
        return !r.OddQuotes && r.Bad is null;
    }

    private void ReadTouchpoints(CsvSource file, FileColumns cols, FileQuality q, State s)
    {
        using var owned = file;
        var (idCol, atCol, channelCol) = RequireTouchpointColumns(cols, file);
        var kindCol = cols["kind"];
        var directionCol = cols["direction"];
        s.TouchpointsQuality = q;
        s.TouchResponse = new long[s.Count];
        s.TouchResponse.AsSpan().Fill(LeadState.None);
        s.TouchHead = new int[s.Count];
        s.TouchHead.AsSpan().Fill(-1);
        var responseKinds = new bool[Enum.GetValues<TouchpointKind>().Max(k => (int)k) + 1];
        foreach (var k in Quality.Responses.Kinds)
        {
            responseKinds[(int)k] = true;
        }

        if (TryReadTouchpointsTyped(file, cols, q, s, responseKinds))
        {
            return; // a Parquet file, read typed (ParquetRows.cs)
        }

        var display = file.Path;
        var last = -1;
        var columns = new TouchpointColumns(idCol, atCol, channelCol, kindCol, directionCol);

        EventRow Parse(SepReader.Row row)
        {
            var r = default(EventRow);
            if (IsWellFormed(row, file, ref r))
            {
                var cells = new CsvEventCells(row, _time);
                CheckTouchpoint(ref cells, columns, display, s, ref r, ref last);
            }

            return r;
        }

        var estimated = false;
        void Apply(in EventRow r)
        {
            if (_abandon)
            {
                throw new OperationCanceledException("the stages file failed first.");
            }

            Next(file, q, r.Chars, r.OddQuotes);
            if (!estimated && file.Rows == 16_384)
            {
                ReserveTouchpoints(s, Estimate(file));
                estimated = true;
            }

            var line = file.Line;
            if (r.Bad is { } bad)
            {
                q.Reject(AtLine(bad, line));
                return;
            }

            AcceptTouchpoint(s, r, ToLine(line, display), responseKinds);
        }

        while (file.MoveNext())
        {
            Apply(Parse(file.Current));
        }

        Finish(file);
    }

    private static (ColumnBinding Id, ColumnBinding Stage, ColumnBinding At) RequireStageColumns(FileColumns cols, CsvSource file) =>
        (Require(cols, "lead_id", file), Require(cols, "stage", file), Require(cols, "at", file));

    private static (ColumnBinding Id, ColumnBinding At, ColumnBinding Channel) RequireTouchpointColumns(FileColumns cols, CsvSource file) =>
        (Require(cols, "lead_id", file), Require(cols, "at", file), Require(cols, "channel", file));

    /// <summary>A rejection made by a row's parse gets its line (0) here; a stray quote keeps the line where it opened.</summary>
    private static BadRow AtLine(BadRow bad, long line) => bad.Line == 0 ? bad with { Line = line } : bad;

    /// <summary>
    /// Links an accepted touchpoint row to its lead (the lead's chain of touchpoint lines) and, for an outbound
    /// touchpoint of a kind that counts as a response, keeps the lead's earliest one as its inferred first response.
    /// The one rule for CSV and typed Parquet rows.
    /// </summary>
    private static void AcceptTouchpoint(State s, in EventRow r, int line, bool[] responseKinds)
    {
        if (s.TouchCount == s.TouchLine.Length)
        {
            ReserveTouchpoints(s, Math.Max(1024, (long)s.TouchLine.Length * 5 / 4));
        }

        var lead = r.Lead;
        if (s.AtCreation is { } atCreation && r.At == s.Leads.Created[lead])
        {
            atCreation.Add((lead, r.Kind, r.Outbound)); // --scoring: the touchpoints a day-one score reads
        }

        var t = s.TouchCount++;
        s.TouchLine[t] = line;
        s.TouchNext[t] = s.TouchHead[lead];
        s.TouchHead[lead] = t;
        if (r.Outbound)
        {
            s.Leads.Flags[lead] |= Outbound;
            if (responseKinds[(int)r.Kind] && (s.TouchResponse[lead] == LeadState.None || r.At < s.TouchResponse[lead]))
            {
                s.TouchResponse[lead] = r.At;
            }
        }
    }
}
