using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using nietras.SeparatedValues;

namespace LeadMetrics.Data;

/// <summary>
/// With two threads, the stages file is read while the leads file is read (issue 14: both cores on leads + stages).
/// A stage row needs its lead (found by id, entered no earlier than its creation) only for two checks; everything
/// else is checked on the second thread while the leads are read (<see cref="PrepareStages"/>): the row's stage,
/// instant and line go to the visit arrays at the row's index, its lead id to a list of runs (consecutive rows of
/// one id are one run). Once the leads are read, <see cref="ResolveStages"/> goes through the rows in file order,
/// looks each run's lead up, and chains each row to its lead; a row that failed a check of either step is read
/// again from the file and parsed by the parse of one thread (<see cref="ParseStage"/>), so that every rejection,
/// count and example, and the first bad row with <see cref="BadRowPolicy.Fail"/>, are those of one thread.
/// An error of the stages file (opening it, a missing column, malformed CSV) is thrown where one thread would throw
/// it: after the leads file, and after the rows before it.
/// </summary>
public sealed partial class LeadDataSet
{
    private sealed class StagePrep
    {
        // The stage of a row that failed a check here (read again at the join).
        public const byte Again = byte.MaxValue;

        public required string DiskPath;
        public CsvSource? File;
        public FileColumns? Columns;
        public FileQuality? Quality;
        public ColumnBinding? Id;
        public ColumnBinding? StageColumn;
        public ColumnBinding? AtColumn;
        public Task? Task;
        public volatile bool Stop;

        // The error of the file, thrown after the rows read before it.
        public ExceptionDispatchInfo? Error;
        public int Rows;

        // The runs of lead ids: the first row of each and its id's characters.
        public int Runs;
        public int[] RunStart = new int[1024];
        public int[] RunChars = new int[1025];
        public char[] Chars = new char[8192];

        // The file read again for the rows that failed a check.
        public CsvSource? Reread;

        public ReadOnlySpan<char> RunId(int run) => Chars.AsSpan(RunChars[run], RunChars[run + 1] - RunChars[run]);

        public void AddRow(int row, ReadOnlySpan<char> id)
        {
            if (Runs > 0 && id.SequenceEqual(RunId(Runs - 1)))
            {
                return;
            }

            if (Runs == RunStart.Length)
            {
                Array.Resize(ref RunStart, RunStart.Length * 2);
                Array.Resize(ref RunChars, RunStart.Length + 1);
            }

            var at = RunChars[Runs];
            if ((long)at + id.Length > Chars.Length)
            {
                var grown = Math.Max((long)Chars.Length * 2, (long)at + id.Length);
                if (grown > Array.MaxLength)
                {
                    throw new DataSetException($"{File?.Path}: the lead ids of the stage rows take more than {Array.MaxLength:N0} characters; split the file.");
                }

                Array.Resize(ref Chars, (int)grown);
            }

            id.CopyTo(Chars.AsSpan(at));
            RunStart[Runs] = row;
            RunChars[Runs + 1] = at + id.Length;
            Runs++;
        }

        /// <summary>
        /// Stops the second thread (the leads failed, or the join is done), closes the files and lets the runs go (the
        /// read keeps this object until its end, and the runs take about 22 bytes per lead).
        /// </summary>
        public void Abandon()
        {
            Stop = true;
            Task?.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            File?.Dispose();
            Reread?.Dispose();
            (RunStart, RunChars, Chars, Runs) = ([], [], [], 0);
        }
    }

    /// <summary>
    /// Opens the stages file (on the calling thread, right after the leads file, so that files and quality sections are
    /// listed as one thread lists them) and starts reading it on a second thread.
    /// </summary>
    private StagePrep StartStages(string path, State s)
    {
        var prep = new StagePrep { DiskPath = path };
        try
        {
            prep.File = Open(InputKind.Stages, path, out var cols, out var q);
            (prep.Columns, prep.Quality) = (cols, q);
            (prep.Id, prep.StageColumn, prep.AtColumn) = RequireStageColumns(cols, prep.File);
        }
        catch (Exception e) when (e is DataSetException or IOException or UnauthorizedAccessException)
        {
            // One thread meets this error after the leads file: thrown then (ResolveStages).
            prep.Error = ExceptionDispatchInfo.Capture(e);
            return prep;
        }

        prep.Task = Task.Factory.StartNew(() => PrepareStages(prep, s), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return prep;
    }

    /// <summary>The second thread: every check of a stage row but its lead's, in file order (see the type's remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrepareStages(StagePrep p, State s)
    {
        if (TryPrepareStagesTyped(p, s))
        {
            return; // a Parquet file, read typed (ParquetRows.cs)
        }

        var file = p.File!;
        var display = file.Path;
        var (idR, stageR, atR) = (new ColumnReader(p.Id), new ColumnReader(p.StageColumn), new ColumnReader(p.AtColumn));
        try
        {
            var estimated = false;
            while (!p.Stop && file.MoveNext())
            {
                var row = file.Current;
                var problem = CsvSource.CheckRow(row, file.Header, file.Separator, display, out var chars, out var oddQuotes);
                file.Count(chars, oddQuotes);
                if (_options.Progress is not null && (file.Rows & 0x3FF) == 0)
                {
                    lock (_progressLock)
                    {
                        _options.Progress(file.Path, file.Position, file.Length);
                    }
                }

                if (!estimated && file.Rows == 16_384)
                {
                    s.ReserveVisits(Estimate(file));
                    estimated = true;
                }

                var k = p.Rows;
                if (k == s.At.Length)
                {
                    s.ReserveVisits(Math.Max(1024, (long)k * 5 / 4));
                }

                s.VisitLine[k] = ToLine(file.Line, display);
                s.Stage[k] = StagePrep.Again;
                var id = idR.Get(row);
                if (!id.IsEmpty && (oddQuotes ? CsvSource.ProblemOf(row, file.Header, file.Separator, display) : problem) is null)
                {
                    var stageText = stageR.Get(row);
                    var atText = atR.Get(row);
                    if (!stageText.IsEmpty && s.StageOf(stageText, _options.StageNames) is >= 0 and < StagePrep.Again and var stage
                        && !atText.IsEmpty && _time.TryParseTicks(atText, out var at))
                    {
                        s.Stage[k] = (byte)stage;
                        s.At[k] = at;
                        p.AddRow(k, id);
                    }
                }

                p.Rows = k + 1;
            }

            if (!p.Stop)
            {
                Finish(file);
            }
        }
        catch (Exception e)
        {
            // Any error of the file is thrown on the reading thread, where one thread would throw it.
            p.Error = ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>
    /// Once the leads are read: waits for the second thread, then joins its rows to their leads in file order and
    /// counts them, reading again (and rejecting as one thread does) the rows that failed a check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResolveStages(StagePrep p, State s)
    {
        try
        {
            p.Task?.GetAwaiter().GetResult();
            if (p.Task is null)
            {
                p.Error!.Throw();
            }

            s.StageColumns = p.Columns;
            var q = p.Quality!;
            var (run, last, lead, again) = (-1, -1, -1, -1);
            for (var k = 0; k < p.Rows; k++)
            {
                q.CountRead();
                if (s.Stage[k] != StagePrep.Again)
                {
                    if (run + 1 < p.Runs && p.RunStart[run + 1] == k)
                    {
                        run++;
                        lead = FindLead(s, p.RunId(run), ref last);
                    }

                    if (lead >= 0 && s.At[k] >= s.Leads.Created[lead])
                    {
                        s.ChainVisit(k, lead);
                        continue;
                    }
                }

                var line = s.VisitLine[k];
                p.Reread ??= CsvSource.Open(p.DiskPath, p.File!.Path);
                var r = ParseStage(RowAt(p.Reread, line), p.Reread, new StageColumns(p.Id!, p.StageColumn!, p.AtColumn!), s, ref again);
                if (r.Bad is { } bad)
                {
                    q.Reject(AtLine(bad, line));
                    continue;
                }

                (s.Stage[k], s.At[k]) = (r.Stage, r.At);
                s.ChainVisit(k, r.Lead);
            }

            s.VisitCount = p.Rows;
            s.StagesQuality = q;
            p.Error?.Throw();
        }
        finally
        {
            p.Abandon();
        }
    }

    /// <summary>The lead of an id (see <see cref="CheckLead"/>: the lead after <paramref name="last"/> first), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindLead(State s, ReadOnlySpan<char> id, ref int last)
    {
        if (last >= 0 && s.IsId(last, id))
        {
            return last;
        }

        var lead = last + 1 < s.Count && s.IsId(last + 1, id) ? last + 1 : s.Find(id);
        if (lead >= 0)
        {
            last = lead;
        }

        return lead;
    }

    /// <summary>Moves <paramref name="file"/> (read again from its start) forward to the row at <paramref name="line"/>.</summary>
    private static SepReader.Row RowAt(CsvSource file, int line)
    {
        while (file.Line < line && file.MoveNext())
        {
            file.Count(file.Current.Span.Length, false);
            if (file.Line == line)
            {
                return file.Current;
            }
        }

        throw new InvalidOperationException($"{file.Path}: line {line} was not found when the file was read again.");
    }
}
