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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadLeads(State s, Action? opened = null)
    {
        using var file = Open(InputKind.Leads, _options.LeadsPath, out var cols, out var q);
        RequireLeadColumns(cols, file);
        opened?.Invoke();
        var path = file.Path;
        BindAttributes(cols);
        if (!ReadsAttributes && TryReadLeadsTyped(file, cols, q, s))
        {
            return; // a Parquet file, read typed (ParquetRows.cs)
        }

        // Each row is checked and applied by the code the typed Parquet reader runs too (LeadDataSet.LeadsRow.cs); the
        // row stays current while it is applied: the id and labels are read from it, nothing is copied out.
        var c = new LeadsRowColumns(cols);
        var estimated = false;
        while (file.MoveNext())
        {
            var row = file.Current;
            var cells = new CsvRowCells(row, _time);
            var r = default(LeadRow);
            var stray = CsvSource.CheckRow(row, file.Header, file.Separator, path, out r.Chars, out r.OddQuotes);
            if (r.OddQuotes)
            {
                // a quote left open: Next throws
            }
            else if (stray is not null)
            {
                r.Reject = RejectRow;
                r.Bad = stray;
            }
            else
            {
                ParseLead(ref cells, c, path, ref r);
            }

            Next(file, q, r.Chars, r.OddQuotes);
            if (!estimated && file.Rows == 16_384)
            {
                s.Reserve(Estimate(file));
                estimated = true;
            }

            var kept = ApplyLead(ref cells, c, path, file.Line, r, q, s);
            if (kept >= 0 && ReadsAttributes)
            {
                KeepAttributes(kept, row);
            }
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
            var cells = new CsvRowCells(row, _time);
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
                var cells = new CsvRowCells(row, _time);
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
