using System.Diagnostics;
using System.Globalization;
using LeadMetrics.Data;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LeadMetrics.Cli;

/// <summary>
/// The report's progress display on a terminal (issue 14): one line per phase that has lasted more than a second
/// (reading each file, joining and computing, computing the report, writing it to a file), with a bar where the end is
/// known, rows (or leads) done and rows per second. The reader reports through its progress callback (every 1,024 rows
/// of a file, every 65,536 leads of the join); the phases without a callback are timed. Nothing is written when the
/// display is off (standard error or output redirected, or --no-progress): the work then runs with no callback at all.
/// </summary>
internal sealed class ReportProgress
{
    /// <summary>The phase of the work after reading (the report's sections, comparisons, curves).</summary>
    public const string Computing = "computing the report";

    /// <summary>The phase of writing the report to its --out file.</summary>
    public const string Writing = "writing the report";

    /// <summary>The rows between two calls of the reader's callback for a file.</summary>
    private const long RowsPerCall = 1024;

    private readonly ProgressContext _context;
    private readonly TimeSpan _delay;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Phase> _phases = new(StringComparer.Ordinal);
    private TimeSpan _lastReport;

    private ReportProgress(ProgressContext context, TimeSpan delay)
    {
        _context = context;
        _delay = delay;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress display on <paramref name="stderr"/> when <paramref name="enabled"/>
    /// (the display is cleared when the work ends), else with null.
    /// </summary>
    /// <param name="stderr">The terminal's error stream.</param>
    /// <param name="enabled">True on a terminal without --no-progress.</param>
    /// <param name="delay">How long a phase runs before it is shown (a second; tests use zero).</param>
    /// <param name="work">The work, given the display or null.</param>
    public static T Run<T>(TextWriter stderr, bool enabled, TimeSpan delay, Func<ReportProgress?, T> work)
    {
        if (!enabled)
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = 15 }, new PercentageColumn(), new RowsColumn())
            .Start(context =>
            {
                var progress = new ReportProgress(context, delay);
                using var timer = new Timer(_ => progress.Tick(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
                try
                {
                    result = work(progress);
                }
                finally
                {
                    timer.Dispose();
                    progress.EndAll();
                }
            });
        return result;
    }

    /// <summary>
    /// The reader's callback (<see cref="LeadDataSetOptions.Progress"/>, <c>LoadOptions.Progress</c>): a file's bytes
    /// read of its length (each call 1,024 rows more; the last call at the end of the file), or
    /// <see cref="LeadDataSet.JoinPhase"/> with leads done of all.
    /// </summary>
    public void Report(string name, long done, long total)
    {
        lock (_lock)
        {
            _lastReport = _clock.Elapsed;
            if (!_phases.TryGetValue(name, out var phase))
            {
                var join = name == LeadDataSet.JoinPhase;
                _phases[name] = phase = new Phase(join ? "joining and computing" : "reading " + Path.GetFileName(name), _clock.Elapsed, join ? "leads" : "rows", Timed: false);
            }

            if (name == LeadDataSet.JoinPhase)
            {
                phase.Rows = done;
            }
            else if (done < total)
            {
                phase.Rows += RowsPerCall;
            }

            (phase.Done, phase.Value, phase.Max) = (done >= total, done, Math.Max(1, total));
            Show(phase);
        }
    }

    /// <summary>A phase without a callback (computing, writing): shown with its elapsed time once it has lasted the delay with no reader progress in between.</summary>
    public IDisposable Timed(string name)
    {
        lock (_lock)
        {
            var phase = new Phase(name, _clock.Elapsed, null, Timed: true);
            _phases[name] = phase;
            return new End(this, phase);
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            foreach (var phase in _phases.Values)
            {
                Show(phase);
            }
        }
    }

    private void Show(Phase phase)
    {
        var now = _clock.Elapsed;
        if (phase.Task is null)
        {
            // A timed phase counts from the reader's last report: the columnar path computes while it reads.
            var since = phase.Timed ? now - (phase.Started > _lastReport ? phase.Started : _lastReport) : now - phase.Started;
            if (phase.Done || since < _delay)
            {
                return;
            }

            phase.Task = _context.AddTask(Markup.Escape(phase.Label), autoStart: true, maxValue: phase.Timed ? 1 : phase.Max);
            phase.Task.IsIndeterminate = phase.Timed;
        }

        var task = phase.Task;
        var seconds = (now - phase.Started).TotalSeconds;
        task.State.Update<double>("seconds", _ => seconds);
        task.Tag = phase.Unit ?? string.Empty;
        if (!phase.Timed)
        {
            task.MaxValue = phase.Max;
            task.Value = phase.Value;
            task.State.Update<double>("rows", _ => phase.Rows);
            task.State.Update<double>("rate", _ => seconds > 0 ? phase.Rows / seconds : 0);
        }

        if (phase.Done)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private void EndAll()
    {
        lock (_lock)
        {
            foreach (var phase in _phases.Values)
            {
                phase.Done = true;
                phase.Task?.StopTask();
            }
        }
    }

    private sealed record Phase(string Label, TimeSpan Started, string? Unit, bool Timed)
    {
        public long Rows { get; set; }

        public long Value { get; set; }

        public long Max { get; set; } = 1;

        public bool Done { get; set; }

        public ProgressTask? Task { get; set; }
    }

    private sealed class End(ReportProgress progress, Phase phase) : IDisposable
    {
        public void Dispose()
        {
            lock (progress._lock)
            {
                phase.Done = true;
                progress.Show(phase);
            }
        }
    }

    /// <summary>Rows (or leads) done and per second, and the phase's time, as "1,234,567 rows 812,345/s 4s" (fixed width, for an 80-column terminal).</summary>
    private sealed class RowsColumn : ProgressColumn
    {
        private const int Width = 32;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.Tag is not string unit)
            {
                return Text.Empty;
            }

            var seconds = task.State.Get<double>("seconds");
            var text = unit.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{seconds:N0}s")
                : string.Create(CultureInfo.InvariantCulture, $"{task.State.Get<double>("rows"):N0} {unit} {task.State.Get<double>("rate"):N0}/s {seconds:N0}s");
            return new Text(text.PadRight(Width), new Style(Color.Grey));
        }

        public override int? GetColumnWidth(RenderOptions options) => Width;
    }
}
