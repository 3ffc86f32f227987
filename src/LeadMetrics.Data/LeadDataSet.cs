using System.Globalization;
using System.Runtime.CompilerServices;
using LeadMetrics.Encoding;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data;

/// <summary>
/// A lead data set on disk (leads.csv and optionally stages.csv, touchpoints.csv, costs.csv and revenue.csv, the
/// layouts of the <c>leadmetrics</c> command) read as
/// a sequence of columnar batches (<see cref="LeadColumns"/>, at most <see cref="LeadDataSetOptions.BlockSize"/> leads
/// each) plus the labels of their ids (<see cref="Encoding"/>), ready for any calculator set's
/// <c>AddRange(LeadColumns)</c>. No <see cref="Lead"/> or <see cref="LeadRecord"/> is made per row.
/// </summary>
/// <remarks>
/// <para>Every row is checked as the command checks it: a bad row either stops the read with a
/// <see cref="BadRowException"/> (<see cref="BadRowPolicy.Fail"/>) or is counted by reason in <see cref="Quality"/>
/// (<see cref="BadRowPolicy.Skip"/>), so that per file rows read = rows accepted + rejected. The leads come out in the
/// order of the leads file; their lead keys are 1, 2, ... in that order (lead ids are not kept in
/// <see cref="Encoding"/>, to keep memory per lead small). Attribute columns are listed in <see cref="AttributeNames"/>;
/// the report reads the ones it groups by as labels (LeadDataSet.Attributes.cs), others are not read.</para>
/// <para>Memory: the leads file is read into a compact per-lead state (instants as ticks, label ids, deal value, line)
/// and the stage rows into a compact per-visit state chained by lead, the touchpoint rows into a per-lead earliest
/// response and a chain of lines; the batches are then written one at a time into one reused buffer. A batch is valid
/// until the next one is read. Costs and revenue are read after the last batch (<see cref="Costs"/>,
/// <see cref="Revenue"/>).</para>
/// </remarks>
public sealed partial class LeadDataSet
{
    /// <summary>The message of an <see cref="Reasons.AmountOutOfRange"/> row (the CLI's row path says the same).</summary>
    internal const string AmountOutOfRangeMessage = "an amount must lie within ±10^18 (1000000000000000000), so that sums of amounts fit a decimal.";

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
    private const byte Won = 1;
    private const byte Lost = 2;
    private const byte HasValue = 4;
    private const byte Outbound = 8;

    /// <summary>The name <see cref="LeadDataSetOptions.Progress"/> reports the join and compute phase under (leads done of all).</summary>
    public const string JoinPhase = "joining and computing (leads)";

    private readonly LeadDataSetOptions _options;
    private readonly TimestampParser _time;
    private readonly List<FileColumns> _resolved = [];
    private readonly List<string> _files = [];
    private readonly string _leadsDisplay;
    private bool _started;

    private LeadDataSet(LeadDataSetOptions options, string leadsDisplay, IReadOnlyList<string> attributeNames)
    {
        _options = options;
        _leadsDisplay = leadsDisplay;
        _time = new TimestampParser(options.Zone, options.TimeFormat);
        Quality = new DataQuality(options.OnBadRow, options.FoldCase, options.ResponseKinds);
        AttributeNames = attributeNames;
    }

    /// <summary>The labels of the batches' source, campaign and owner ids (complete once the batches are read).</summary>
    public LeadEncoding Encoding { get; } = new();

    /// <summary>Rows read, accepted and rejected by reason, per file (complete once the batches are read).</summary>
    public DataQuality Quality { get; }

    /// <summary>The attribute columns of the leads file (columns that are not canonical), in file order.</summary>
    public IReadOnlyList<string> AttributeNames { get; }

    /// <summary>The files read, as named in messages, in the order read.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The resolved columns of each file read (for <see cref="ColumnMap.CheckAllUsed"/> over several readers).</summary>
    public IReadOnlyList<FileColumns> Columns => _resolved;

    /// <summary>The leads in the batches read so far.</summary>
    public long LeadCount { get; private set; }

    /// <summary>Opens a data set: checks that the leads file exists and has the required columns.</summary>
    /// <param name="options">The files and how to read them.</param>
    /// <returns>The data set, not read yet.</returns>
    /// <exception cref="DataSetException">A file is missing or unreadable, a required column is absent, or an option is out of range.</exception>
    public static LeadDataSet Open(LeadDataSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BlockSize is < 1 or > 65_536)
        {
            throw new DataSetException($"BlockSize must be 1 to 65,536 leads; was {options.BlockSize}.");
        }

        var display = options.DisplayPath?.Invoke(options.LeadsPath) ?? options.LeadsPath;
        using var file = CsvSource.Open(options.LeadsPath, display);
        var cols = options.Map.Resolve(InputKind.Leads, display, file.Header);
        RequireLeadColumns(cols, file);
        return new LeadDataSet(options, display, [.. cols.Extra.Select(e => e.Name)]);
    }

    /// <summary>
    /// Reads the data set as batches of at most <see cref="LeadDataSetOptions.BlockSize"/> leads. Each batch is valid
    /// until the next is read (they share one buffer): add it to your calculators before moving on. Can be enumerated once.
    /// </summary>
    /// <returns>The batches, in the order of the leads file.</returns>
    /// <exception cref="BadRowException">A bad row with <see cref="BadRowPolicy.Fail"/> (rows are checked in file order; the checks that need a lead's
    /// whole stage history come after the last batch).</exception>
    /// <exception cref="DataSetException">A file is missing or unreadable or lacks a required column, or a <c>--map</c> entry matched no file.</exception>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    public IEnumerable<LeadColumns> ReadBatches()
    {
        if (_started)
        {
            throw new InvalidOperationException("A LeadDataSet is read once; open it again to read it again.");
        }

        _started = true;
        return Batches();
    }

    /// <summary>
    /// Reads the data set and hands each batch to <paramref name="consume"/>, in order and one at a time. With two
    /// threads the stages file is read while the leads file is, the touchpoints file while the stage rows are joined
    /// (each file in file order), and the batches are
    /// consumed on a second thread while the next ones are joined, so the results are those of one thread: the same
    /// batches reach <paramref name="consume"/> in the same order, never two at once, with the same counts and examples.
    /// </summary>
    /// <param name="consume">What to do with a batch (valid during the call).</param>
    /// <param name="threads">1 or 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not 1 or 2.</exception>
    /// <exception cref="BadRowException">As for <see cref="ReadBatches"/>.</exception>
    /// <exception cref="DataSetException">As for <see cref="ReadBatches"/>.</exception>
    /// <exception cref="InvalidOperationException">The batches were already read.</exception>
    public void Read(Action<LeadColumns> consume, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(consume);
        if (threads is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads must be 1 or 2; was {threads}.");
        }

        _threads = threads;
        var batches = ReadBatches();
        if (threads == 1)
        {
            foreach (var batch in batches)
            {
                consume(batch);
            }

            return;
        }

        // Three builders in turn (Batches) and a hand-off of one: while batch k is consumed, k + 1 waits and k + 2 is
        // built; k's builder is reused only once k + 2 is handed off, that is once k has been consumed.
        using var cancel = new CancellationTokenSource();
        using var handoff = new System.Collections.Concurrent.BlockingCollection<LeadColumns>(boundedCapacity: 1);
        Beside(
            cancel,
            () =>
            {
                foreach (var batch in batches)
                {
                    handoff.Add(batch, cancel.Token);
                }
            },
            () =>
            {
                foreach (var batch in handoff.GetConsumingEnumerable(cancel.Token))
                {
                    consume(batch);
                }
            },
            handoff.CompleteAdding);
    }

    /// <summary>
    /// Reads the data set for consumers whose states merge exactly (the report's passes, merged after the read): every
    /// batch goes first to <paramref name="built"/> on the joining thread, as soon as it is built and in order (as with
    /// <see cref="Read"/>), then to one consumer. With one thread that is <paramref name="own"/>. With two threads the
    /// batches are shared: a batch goes to <paramref name="other"/> on a second thread whenever that thread can take it
    /// (it is idle, or one batch waits for it), else to <paramref name="own"/> on the joining thread, so that neither
    /// thread waits for the other while there are batches (one thread alone joins them). Which consumer gets which batch
    /// depends on timing; each consumer gets its batches in file order, one at a time.
    /// </summary>
    /// <param name="built">What to do with every batch first, on the joining thread (the report's label cap check).</param>
    /// <param name="own">The consumer on the joining thread.</param>
    /// <param name="other">The consumer on the second thread (two threads only).</param>
    /// <param name="threads">1 or 2.</param>
    internal void ReadShared(Action<LeadColumns> built, Action<LeadColumns> own, Action<LeadColumns> other, int threads)
    {
        ArgumentNullException.ThrowIfNull(built);
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(other);
        if (threads is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads must be 1 or 2; was {threads}.");
        }

        _threads = threads;
        if (threads == 1)
        {
            foreach (var batch in ReadBatches())
            {
                built(batch);
                own(batch);
            }

            return;
        }

        // The three builders are handed out as they come free: the second thread holds at most two batches (the one it
        // consumes and the one waiting), so the joining thread always finds a builder once the second thread takes a batch.
        using var cancel = new CancellationTokenSource();
        using var free = new System.Collections.Concurrent.BlockingCollection<int>();
        using var handoff = new System.Collections.Concurrent.BlockingCollection<LeadColumns>(boundedCapacity: 1);
        for (var i = 0; i < _builtBatches.Length; i++)
        {
            free.Add(i);
        }

        _freeBuilders = free;
        _cancelBuilders = cancel.Token;
        var batches = ReadBatches();
        try
        {
            Beside(
                cancel,
                () =>
                {
                    foreach (var batch in batches)
                    {
                        // The second thread failed: stop at its batch, as one thread would (its exception is thrown by Beside).
                        cancel.Token.ThrowIfCancellationRequested();
                        built(batch);
                        if (!handoff.TryAdd(batch))
                        {
                            own(batch);
                            free.Add(BuilderOf(batch));
                        }
                    }
                },
                () =>
                {
                    foreach (var batch in handoff.GetConsumingEnumerable(cancel.Token))
                    {
                        other(batch);
                        free.Add(BuilderOf(batch));
                    }
                },
                handoff.CompleteAdding);
        }
        finally
        {
            _freeBuilders = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="produce"/> on this thread and <paramref name="consume"/> on a second one. The first failure
    /// of either cancels <paramref name="cancel"/> and stops both; a producer's failure is thrown once the consumer has
    /// stopped, and a consumer's failure is thrown in place of the cancellation it caused in the producer.
    /// <paramref name="complete"/> ends the consumer's input after the producer, however it stopped.
    /// </summary>
    private static void Beside(CancellationTokenSource cancel, Action produce, Action consume, Action complete)
    {
        var worker = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    consume();
                }
                catch
                {
                    cancel.Cancel();
                    throw;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            produce();
        }
        catch (OperationCanceledException) when (worker.IsFaulted || cancel.IsCancellationRequested)
        {
            // The consumer failed: its exception is thrown below.
        }
        catch
        {
            cancel.Cancel();
            worker.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            throw;
        }
        finally
        {
            complete();
        }

        try
        {
            worker.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (!worker.IsFaulted)
        {
        }
    }

    // The batch of each of the three builders (ReadShared hands a builder out again once its batch is consumed).
    private readonly LeadColumns?[] _builtBatches = new LeadColumns?[3];
    private System.Collections.Concurrent.BlockingCollection<int>? _freeBuilders;
    private CancellationToken _cancelBuilders;

    private int BuilderOf(LeadColumns batch)
    {
        for (var i = 0; i < _builtBatches.Length; i++)
        {
            if (ReferenceEquals(_builtBatches[i], batch))
            {
                return i;
            }
        }

        return -1;
    }

    // The next builder: in turn, or with ReadShared the next one free.
    private int TakeBuilder(int next) => _freeBuilders is { } free ? free.Take(_cancelBuilders) : next % 3;

    private IEnumerable<LeadColumns> Batches()
    {
        var state = new State(_options.Pipeline, _options.FoldCase) { AtCreation = _scorer is null ? null : [] };
        StagePrep? prep = null;
        try
        {
            // Two threads: the stages file is read while the leads file is (LeadDataSet.Stages.cs).
            ReadLeads(state, _threads > 1 && _options.StagesPath is { } stagesPath ? () => prep = StartStages(stagesPath, state) : null);
            state.IndexIds(); // before the stage and touchpoint rows look leads up (two threads with touchpoints)
            ReadEvents(state, prep);
            PrepareAttributes(state);
        }
        catch
        {
            prep?.Abandon();
            throw;
        }

        if (_options.RevenuePath is not null)
        {
            state.KeyOf = new int[state.Count];
        }

        // Three builders in turn, so that a batch stays valid while the next two are built (see Read); or, when two
        // threads share the batches (ReadShared), whichever one is free. A builder's index is also its score buffer's.
        LeadColumnsBuilder[] builders = [new(_options.BlockSize), new(_options.BlockSize), new(_options.BlockSize)];
        var turn = TakeBuilder(0);
        var builder = builders[_scoreTurn = turn];
        var join = new Joiner(this, state);
        for (var i = 0; i < state.Count; i++)
        {
            if (_options.Progress is not null && (i & 0xFFFF) == 0)
            {
                _options.Progress(JoinPhase, i, state.Count);
            }

            if (join.Append(i, builder) && builder.Count == _options.BlockSize)
            {
                LeadCount += builder.Count;
                yield return Scored(_builtBatches[turn] = builder.Build(), turn);
                turn = TakeBuilder(turn + 1);
                builder = builders[_scoreTurn = turn];
            }
        }

        if (builder.Count > 0)
        {
            LeadCount += builder.Count;
            yield return Scored(_builtBatches[turn] = builder.Build(), turn);
        }

        _options.Progress?.Invoke(JoinPhase, state.Count, state.Count);
        join.ApplyRejections();
        LastCreated = join.MaxCreated;
        if (_options.CostsPath is { } costs)
        {
            ReadCosts(costs, state);
        }

        if (_options.RevenuePath is { } revenue)
        {
            ReadRevenue(revenue, state);
            _replay = state;
        }

        _options.Map.CheckAllUsed(_resolved);
        Complete = true;
    }

    private static void RequireLeadColumns(FileColumns cols, CsvSource file)
    {
        _ = cols["lead_id"] ?? throw new DataSetException($"{file.Path} has no lead_id column (columns: {string.Join(", ", file.Header)}); map one with --map lead_id=<column>.");
        _ = cols["created_at"] ?? throw new DataSetException($"{file.Path} has no created_at column (columns: {string.Join(", ", file.Header)}); map one with --map created_at=<column>.");
    }

    private CsvSource Open(InputKind kind, string path, out FileColumns columns, out FileQuality quality)
    {
        var display = _options.DisplayPath?.Invoke(path) ?? path;
        var file = CsvSource.Open(path, display);
        columns = _options.Map.Resolve(kind, display, file.Header);
        _resolved.Add(columns);
        quality = Quality.Add(kind, display);
        _files.Add(display);
        return file;
    }

    // Reads the next row, counts it as read and reports progress every 1,024 rows.
    // A malformed row (a stray quote, a short row, text that is not UTF-8: CsvSource.ProblemOf) is rejected here and skipped.
    private bool NextRow(CsvSource file, FileQuality q)
    {
        while (true)
        {
            if (!file.Read())
            {
                return false;
            }

            q.CountRead();
            if (_options.Progress is not null && (file.Rows & 0x3FF) == 0)
            {
                _options.Progress(file.Path, file.Position, file.Length);
            }

            if (file.ProblemOf() is { } bad)
            {
                q.Reject(AtLine(bad, file.Line));
                continue;
            }

            return true;
        }
    }

    private void Finish(CsvSource file)
    {
        if (_options.Progress is not null)
        {
            lock (_progressLock)
            {
                _options.Progress(file.Path, file.Length, file.Length);
            }
        }
    }

    /// <summary>
    /// Reads stages.csv and touchpoints.csv (each given): one after the other, or with two threads at the same time (each
    /// only looks leads up and writes its own per-lead arrays; the stages reader reads the leads' creation, the
    /// touchpoints reader writes their flags). Both files are opened and checked in order first, so files, columns and
    /// data-quality sections are listed as one thread lists them; when both fail, the stages file's error is thrown, as
    /// one thread, which stops at it, would.
    /// </summary>
    private void ReadEvents(State state, StagePrep? prep)
    {
        if (prep is not null && prep.Task is null)
        {
            // The stages file could not be opened or lacks a column: its error comes before the touchpoints file.
            ResolveStages(prep, state);
        }

        if (_options.StagesPath is { } stages && _options.TouchpointsPath is { } touchpoints && _threads > 1)
        {
            CsvSource? touch = null;
            FileColumns? stageCols = null;
            FileQuality? stageQ = null;
            var stagesFile = prep is null ? Open(InputKind.Stages, stages, out stageCols, out stageQ) : null;
            try
            {
                if (stagesFile is not null)
                {
                    RequireStageColumns(stageCols!, stagesFile);
                }

                touch = Open(InputKind.Touchpoints, touchpoints, out var touchCols, out var touchQ);
                RequireTouchpointColumns(touchCols, touch);
                var other = Task.Factory.StartNew(() => ReadTouchpoints(touch, touchCols, touchQ, state), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    if (prep is not null)
                    {
                        ResolveStages(prep, state);
                    }
                    else
                    {
                        ReadStages(stagesFile!, stageCols!, stageQ!, state);
                    }
                }
                catch
                {
                    // The stages error is the one thrown (one thread would not have read touchpoints.csv): stop the other.
                    _abandon = true;
                    other.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
                    throw;
                }

                other.GetAwaiter().GetResult();
            }
            finally
            {
                stagesFile?.Dispose();
                touch?.Dispose();
            }

            return;
        }

        if (prep is not null)
        {
            ResolveStages(prep, state);
        }
        else if (_options.StagesPath is { } path)
        {
            var file = Open(InputKind.Stages, path, out var cols, out var q);
            ReadStages(file, cols, q, state);
        }

        if (_options.TouchpointsPath is { } touchPath)
        {
            var file = Open(InputKind.Touchpoints, touchPath, out var cols, out var q);
            ReadTouchpoints(file, cols, q, state);
        }
    }

    private static long Estimate(CsvSource file)
    {
        // Rows per character so far (about a byte each), times the file's length, and 2% more.
        return (long)(file.Length * (double)file.Rows / Math.Max(1, file.Chars) * 1.02) + 1024;
    }

    private static int ToLine(long line, string path) => line <= int.MaxValue
        ? (int)line
        : throw new DataSetException($"{path} has more than {int.MaxValue:N0} lines; split it.");

    /// <summary>The message of a repeated lead_id (<see cref="DuplicateLeadPolicy.First"/> or <see cref="DuplicateLeadPolicy.Fail"/>); the row path of the command says the same.</summary>
    /// <param name="earlierLine">The line of the accepted row of the id, or 0 when the id's earlier row was rejected.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The message.</returns>
    public static string DuplicateMessage(long earlierLine, DuplicateLeadPolicy policy) =>
        policy != DuplicateLeadPolicy.Fail ? "this lead_id appeared on an earlier line."
        : (earlierLine > 0 ? $"this lead_id appeared on line {earlierLine}" : "this lead_id appeared on an earlier (rejected) line")
          + "; --on-duplicate fail stops at a repeated lead_id (first keeps the first row, last the last).";

    private static void RejectLead(State s, FileQuality q, BadRow row, ReadOnlySpan<char> id)
    {
        q.Reject(row);
        s.MarkRejected(id);
    }

    private static ColumnBinding Require(FileColumns cols, string canonical, CsvSource file) =>
        cols[canonical] ?? throw new DataSetException(
            $"{file.Path} has no {canonical} column (columns: {string.Join(", ", file.Header)}); map one with --map {CanonicalColumns.FileName(cols.Kind)}.{canonical}=<column>.");

    /// <summary>The per-lead state (struct of arrays), the visits chained by lead, and the label and id tables.</summary>
    private sealed class State(Pipeline pipeline, bool foldCase)
    {
        public LeadState Leads { get; } = new();

        public LabelTable Sources { get; } = new(foldCase);

        public LabelTable Campaigns { get; } = new(foldCase);

        public LabelTable Owners { get; } = new(foldCase);

        public Pipeline Pipeline { get; } = pipeline;

        public FileColumns? StageColumns { get; set; }

        public FileQuality? StagesQuality { get; set; }

        public FileQuality? TouchpointsQuality { get; set; }

        // Touchpoints, per lead: the earliest outbound touchpoint of a response kind (None if none) and the head of the
        // chain of its accepted touchpoint rows (their lines, to reject them with the lead). Made only with a touchpoints file.
        public long[] TouchResponse = [];
        public int[] TouchHead = [];
        public int[] TouchNext = [];
        public int[] TouchLine = [];
        public int TouchCount;

        // The final lead key of each lead (0: not built), made only with a revenue file (revenue joins by key).
        public int[] KeyOf = [];

        // With --scoring, the accepted touchpoints at their lead's creation instant (the only ones a day-one score reads).
        public List<(int Lead, LeadMetrics.TouchpointKind Kind, bool Outbound)>? AtCreation;

        public int Count => Leads.Count;

        private readonly LeadIdTable _ids = new();
        private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _stages = new(StringComparer.Ordinal);
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stageLookup;
        private bool _hasStageLookup;

        // The first distinct stage texts seen and their indexes, compared before the dictionary: a file names a few
        // stages, and a length check and a short comparison cost less than hashing the text per stage row.
        private readonly string[] _recentStages = new string[16];
        private readonly int[] _recentStageIndexes = new int[16];
        private int _recentStageCount;

        // Visits: chained by lead (Leads.Head is the last visit read, Next the one read before it), each with its stage, instant and line.
        public int[] Next = [];
        public byte[] Stage = [];
        public long[] At = [];
        public int[] VisitLine = [];
        public int VisitCount;

        public void Reserve(long leads)
        {
            Leads.Reserve(leads);
            _ids.Reserve(leads);
        }

        public void ReserveVisits(long visits)
        {
            if (visits > At.Length)
            {
                var capacity = (int)Math.Min(visits, Array.MaxLength);
                Array.Resize(ref Next, capacity);
                Array.Resize(ref Stage, capacity);
                Array.Resize(ref At, capacity);
                Array.Resize(ref VisitLine, capacity);
            }
        }

        public int Find(ReadOnlySpan<char> id) => _ids.Find(id);

        public void IndexIds() => _ids.Index();

        public bool IsRejected(ReadOnlySpan<char> id) => _rejected.Count > 0 && _rejected.GetAlternateLookup<ReadOnlySpan<char>>().Contains(id);

        public void MarkRejected(ReadOnlySpan<char> id) => _rejected.GetAlternateLookup<ReadOnlySpan<char>>().Add(id);

        public string IdOf(int lead) => _ids.IdOf(lead);

        public bool IsId(int lead, ReadOnlySpan<char> id) => _ids.Is(lead, id);

        public void Add(ReadOnlySpan<char> id, int line, long created, long response, long closed, byte flags, int source, int campaign, int owner, decimal value)
        {
            var index = Leads.Add(line, created, response, closed, flags, source, campaign, owner, value);
            _ids.Add(id, index);
        }

        /// <summary>Chains visit <paramref name="v"/>, already written, to <paramref name="lead"/> (as <see cref="AddVisit"/> does).</summary>
        public void ChainVisit(int v, int lead)
        {
            Next[v] = Leads.Head[lead];
            Leads.Head[lead] = v;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddVisit(int lead, byte stage, long at, int line)
        {
            if (VisitCount == At.Length)
            {
                ReserveVisits(Math.Max(1024, (long)At.Length * 5 / 4));
            }

            var v = VisitCount++;
            Stage[v] = stage;
            At[v] = at;
            VisitLine[v] = line;
            Next[v] = Leads.Head[lead];
            Leads.Head[lead] = v;
        }

        /// <summary>The stage index of a stage name of the files (cached per distinct text), or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int StageOf(ReadOnlySpan<char> text, IReadOnlyDictionary<string, string> names)
        {
            var recent = _recentStages;
            for (var i = 0; i < _recentStageCount; i++)
            {
                var name = recent[i];
                if (name.Length == text.Length && text.SequenceEqual(name))
                {
                    return _recentStageIndexes[i];
                }
            }

            if (!_hasStageLookup)
            {
                // Got once (getting it checks the comparer's type): this runs per stage row.
                _stageLookup = _stages.GetAlternateLookup<ReadOnlySpan<char>>();
                _hasStageLookup = true;
            }

            if (_stageLookup.TryGetValue(text, out var index))
            {
                return index;
            }

            var added = text.ToString();
            index = StageNames.TryResolve(Pipeline, names, added, out var stage) ? stage.Index : -1;
            _stages.TryAdd(added, index);
            if (_recentStageCount < recent.Length)
            {
                recent[_recentStageCount] = added;
                _recentStageIndexes[_recentStageCount++] = index;
            }

            return index;
        }
    }

    /// <summary>
    /// Joins each lead with its stage rows (in time order, file order on ties) as the command's loader does: a stage
    /// after a terminal stage or against the lead row's outcome is rejected, a repeated stage is kept without a
    /// transition, a close before the last stage change rejects the lead; then appends the lead to the batch.
    /// Rejections are kept in order and applied after the last batch (texts of stage rows are read back from the file
    /// only for the examples kept).
    /// </summary>
    private sealed class Joiner(LeadDataSet owner, State s, bool replay = false)
    {
        private readonly List<Deferred> _deferred = [];
        private readonly Pipeline _pipeline = s.Pipeline;
        private int[] _sources = [];
        private int[] _campaigns = [];
        private int[] _owners = [];
        private (byte Stage, long At, int Line)[] _scratch = new (byte, long, int)[16];
        private StageVisit[] _visits = new StageVisit[16];
        private int[] _accepted = new int[16];
        private int _key;
        private readonly List<int> _touchLines = [];

        /// <summary>The latest creation instant of the leads built (ticks), or <see cref="LeadState.None"/>.</summary>
        public long MaxCreated { get; private set; } = LeadState.None;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Append(int lead, LeadColumnsBuilder builder)
        {
            var leads = s.Leads;
            var n = 0;
            for (var v = leads.Head[lead]; v >= 0; v = s.Next[v])
            {
                if (n == _scratch.Length)
                {
                    Array.Resize(ref _scratch, n * 2);
                }

                _scratch[n++] = (s.Stage[v], s.At[v], s.VisitLine[v]);
            }

            var visits = _scratch.AsSpan(0, n);
            if (n > 1)
            {
                // In time order, file order on ties (lines are distinct): an insertion sort of the few visits of a
                // lead (no comparison delegate per pair; the chain holds them last read first, so a file in time
                // order arrives reversed and each visit moves to the front).
                for (var i = 1; i < n; i++)
                {
                    var x = visits[i];
                    var j = i - 1;
                    while (j >= 0 && (visits[j].At > x.At || (visits[j].At == x.At && visits[j].Line > x.Line)))
                    {
                        visits[j + 1] = visits[j];
                        j--;
                    }

                    visits[j + 1] = x;
                }
            }

            if (_visits.Length < n)
            {
                _visits = new StageVisit[n * 2];
                _accepted = new int[n * 2];
            }

            var flags = leads.Flags[lead];
            var wonRow = (flags & Won) != 0;
            var lostRow = (flags & Lost) != 0;
            var previous = -1;
            var history = 0;
            var accepted = 0;
            var lastAt = 0L;
            var furthest = 0;
            for (var i = 0; i < n; i++)
            {
                var (stageIndex, at, line) = visits[i];
                var stage = _pipeline.Stages[stageIndex];
                if (previous >= 0 && _pipeline.Stages[previous].IsTerminal)
                {
                    Defer(s.StagesQuality!, line, Reasons.StageAfterClose, $"the lead already entered the terminal stage '{_pipeline.Stages[previous].Name}'.");
                    continue;
                }

                if ((wonRow || lostRow) && at > leads.Closed[lead])
                {
                    // One rule for a stage row after the close, whether the close is a terminal stage row (above) or the
                    // lead row's won_at / lost_at: the row is left out, the lead is kept.
                    Defer(s.StagesQuality!, line, Reasons.StageAfterClose, StageNames.AfterCloseMessage(Instant.FromUnixTimeTicks(leads.Closed[lead]), wonRow));
                    continue;
                }

                if ((stage.Kind == StageKind.Won && lostRow) || (stage.Kind == StageKind.Lost && wonRow))
                {
                    Defer(s.StagesQuality!, line, Reasons.ConflictingOutcome, $"the lead row says {(lostRow ? "lost" : "won")}, this stage row says '{stage.Name}'.");
                    continue;
                }

                _accepted[accepted++] = line;
                if (previous == stageIndex)
                {
                    // The same stage again (an export that lists the current stage on every update): nothing moved.
                    continue;
                }

                _visits[history++] = new StageVisit(stageIndex, Instant.FromUnixTimeTicks(at));
                if (stage.Kind == StageKind.Open && stageIndex > furthest)
                {
                    furthest = stageIndex;
                }

                lastAt = at;
                previous = stageIndex;
            }

            // The outcome: the lead row's, else the terminal stage the history ends in (at its instant).
            var closed = leads.Closed[lead];
            var outcome = wonRow ? LeadOutcome.Won : lostRow ? LeadOutcome.Lost : LeadOutcome.Open;
            if (history > 0 && _pipeline.Stages[previous].Kind != StageKind.Open)
            {
                if (outcome == LeadOutcome.Open)
                {
                    outcome = _pipeline.Stages[previous].Kind == StageKind.Won ? LeadOutcome.Won : LeadOutcome.Lost;
                    closed = lastAt;
                }
            }

            if (outcome != LeadOutcome.Open && history > 0 && closed < lastAt)
            {
                var name = outcome == LeadOutcome.Won ? "wonAt" : "lostAt";
                var message = new ArgumentException(
                    $"{name} {Instant.FromUnixTimeTicks(closed)} is before the last stage transition at {Instant.FromUnixTimeTicks(lastAt)}; a lead closes at or after its last stage change.", name).Message;
                if (replay)
                {
                    return false;
                }

                var id = s.IdOf(lead);
                _deferred.Add(new Deferred(owner.Quality.Files[0], leads.Line[lead], name, id, Reasons.InvalidRow, message, false));
                for (var i = 0; i < accepted; i++)
                {
                    _deferred.Add(new Deferred(s.StagesQuality!, _accepted[i], "lead_id", id, Reasons.LeadRejected, "the lead's own row was rejected.", false));
                }

                if (s.TouchHead.Length > 0)
                {
                    // The lead's touchpoint rows, in file order (the chain holds them last read first).
                    _touchLines.Clear();
                    for (var t = s.TouchHead[lead]; t >= 0; t = s.TouchNext[t])
                    {
                        _touchLines.Add(s.TouchLine[t]);
                    }

                    for (var i = _touchLines.Count - 1; i >= 0; i--)
                    {
                        _deferred.Add(new Deferred(s.TouchpointsQuality!, _touchLines[i], "lead_id", id, Reasons.LeadRejected, "the lead's own row was rejected.", false));
                    }
                }

                return false;
            }

            if (outcome == LeadOutcome.Won)
            {
                furthest = _pipeline.OpenStageCount;
            }

            // First response: the leads file's, else the earliest outbound touchpoint of a response kind.
            var response = leads.Response[lead];
            if (response == LeadState.None && s.TouchResponse.Length > 0)
            {
                response = s.TouchResponse[lead];
                if (!replay)
                {
                    if (response != LeadState.None)
                    {
                        owner.Quality.Responses.CountInferred();
                    }
                    else if ((flags & Outbound) != 0)
                    {
                        owner.Quality.Responses.CountNotAResponse();
                    }
                }
            }

            // The k-th lead built (k = 1, 2, ...) gets key 1 + (k − 1) × stride + offset (LeadDataSetOptions.LeadKeys).
            var key = checked(1 + (_key * Math.Max(1, owner._options.LeadKeys.Stride)) + owner._options.LeadKeys.Offset);
            _key++;
            if (s.KeyOf.Length > 0)
            {
                s.KeyOf[lead] = key;
            }

            if (leads.Created[lead] > MaxCreated)
            {
                MaxCreated = leads.Created[lead];
            }

            builder.Add(
                key,
                leads.Created[lead],
                Final(ref _sources, s.Sources, leads.Source[lead], owner.Encoding.Sources),
                Final(ref _campaigns, s.Campaigns, leads.Campaign[lead], owner.Encoding.Campaigns),
                Final(ref _owners, s.Owners, leads.Owner[lead], owner.Encoding.Owners),
                owner.BuildAttributes(lead, _key - 1, s, replay ? -1 : builder.Count),
                response == LeadState.None ? null : response,
                outcome,
                outcome == LeadOutcome.Open ? null : closed,
                furthest,
                (flags & HasValue) != 0 ? new Money(leads.ValueOf(lead), owner._options.Currency) : null,
                _visits.AsSpan(0, history));
            return true;
        }

        // The encoding's id of a provisional label id: labels are encoded in the order leads are built, as the row path does.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Final(ref int[] map, LabelTable table, int provisional, DimensionEncoder encoder)
        {
            if (provisional == 0)
            {
                return 0;
            }

            if (provisional >= map.Length)
            {
                var old = map.Length;
                Array.Resize(ref map, Math.Max(table.Count, provisional + 1));
                map.AsSpan(old).Fill(-1);
            }

            var id = map[provisional];
            if (id < 0)
            {
                map[provisional] = id = encoder.Encode(table.Label(provisional));
            }

            return id;
        }

        private void Defer(FileQuality q, int line, string reason, string message)
        {
            if (!replay)
            {
                _deferred.Add(new Deferred(q, line, null, null, reason, message, true));
            }
        }

        /// <summary>Applies the rejections of the join in order, reading back the <c>at</c> text of the stage rows kept as examples.</summary>
        public void ApplyRejections()
        {
            if (_deferred.Count == 0)
            {
                return;
            }

            // The stage rows whose text is shown: the first rejection with Fail; with Skip, the first examples of each reason.
            var needed = new HashSet<int>();
            var shown = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in _deferred)
            {
                var examples = d.Quality.Examples.TryGetValue(d.Reason, out var list) ? list.Count : 0;
                var count = shown[d.Reason] = shown.GetValueOrDefault(d.Reason) + 1;
                if (d.NeedsText && examples + count <= FileQuality.MaxExamples)
                {
                    needed.Add(d.Line);
                }

                if (owner._options.OnBadRow == BadRowPolicy.Fail)
                {
                    break;
                }
            }

            var texts = ReadBack(needed);
            foreach (var d in _deferred)
            {
                var (column, value) = d.NeedsText ? texts.GetValueOrDefault(d.Line, (string.Empty, string.Empty)) : (d.Column!, d.Value!);
                d.Quality.Reject(new BadRow(d.Quality.File, d.Line, column, value, d.Reason, d.Message));
            }
        }

        private Dictionary<int, (string Column, string Text)> ReadBack(HashSet<int> lines)
        {
            var texts = new Dictionary<int, (string, string)>();
            if (lines.Count == 0 || owner._options.StagesPath is not { } path)
            {
                return texts;
            }

            var at = s.StageColumns!["at"];
            using var file = CsvSource.Open(path, s.StagesQuality!.File);
            var last = lines.Max();
            while (file.Read() && file.Line <= last)
            {
                if (lines.Contains((int)file.Line))
                {
                    texts[(int)file.Line] = (file.ColumnOf(at), file.Get(at).ToString());
                }
            }

            return texts;
        }

        private sealed record Deferred(FileQuality Quality, int Line, string? Column, string? Value, string Reason, string Message, bool NeedsText);
    }
}
