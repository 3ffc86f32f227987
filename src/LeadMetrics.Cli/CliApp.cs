using System.CommandLine;
using System.Globalization;
using LeadMetrics.Cli.Generation;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;
using LeadMetrics.Grouping;
using NodaTime;
using Spectre.Console;

namespace LeadMetrics.Cli;

/// <summary>
/// The leadmetrics command line: <c>report</c>, <c>sample</c> and <c>generate</c>. Exit codes: 0 success,
/// 1 a command-line parse error, 2 a usage or input-file error, 3 a bad row with <c>--on-bad-row fail</c>.
/// </summary>
internal static class CliApp
{
    /// <summary>The exit code of success.</summary>
    public const int Ok = 0;

    /// <summary>The exit code of a command line that does not parse (unknown option, bad value, missing command).</summary>
    public const int ParseError = 1;

    /// <summary>The exit code of a usage or input-file error found after parsing.</summary>
    public const int UsageError = 2;

    /// <summary>The exit code of a bad row with <c>--on-bad-row fail</c>.</summary>
    public const int BadRowError = 3;

    /// <summary>The command's name: the tool's command (ToolCommandName in the project) and the name help shows.</summary>
    public const string CommandName = "leadmetrics";

    /// <summary>
    /// Runs the command line with the given writers (the process's console, or a test's). Help goes to
    /// <paramref name="stdout"/>; a parse error goes to <paramref name="stderr"/> as the error and one line of usage,
    /// with exit code <see cref="ParseError"/>.
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where reports and messages go.</param>
    /// <param name="stderr">Where errors and the progress bar go.</param>
    /// <param name="interactive">True when standard error and output are a terminal (a progress display may be shown).</param>
    /// <param name="stdin">Opens what an input given as <c>-</c> reads; null for the process's standard input.</param>
    /// <param name="progressDelay">How long a phase runs before the progress display shows it (null: a second).</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, Func<Stream>? stdin = null, TimeSpan? progressDelay = null)
    {
        var root = Build(stdout, stderr, interactive, stdin, progressDelay);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                // One line per error (a list of allowed values comes as several lines).
                stderr.WriteLine("error: " + string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            }

            stderr.WriteLine(UsageHint(parse.CommandResult));
            return ParseError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>One line of usage for the command a parse stopped in, pointing at its --help.</summary>
    /// <param name="command">The command the parse reached.</param>
    /// <returns>For example <c>Usage: leadmetrics report [options] ('leadmetrics report --help' for more).</c></returns>
    internal static string UsageHint(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Insert(0, c.Command.Name);
            }
        }

        var path = string.Join(' ', names);
        var shape = command.Command.Subcommands.Count > 0 ? "<command> [options]" : "[options]";
        return $"Usage: {path} {shape} ('{path} --help' for more).";
    }

    /// <summary>The folder of the bundled sample data set (copied next to the tool).</summary>
    public static string SampleDataDirectory => Path.Combine(AppContext.BaseDirectory, "sample-data");

    private static Command Build(TextWriter stdout, TextWriter stderr, bool interactive, Func<Stream>? stdin, TimeSpan? progressDelay)
    {
        // A plain command as the root, not RootCommand: RootCommand is named after the executable (LeadMetrics.Cli, or
        // the test host), while help must name the installed command. Help and version are what RootCommand adds.
        var root = new Command(CommandName, "leadmetrics: lead KPIs from CSV files (leads, stages, touchpoints, costs, revenue) as console tables, JSON or a self-contained HTML page.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(new ReportCommand(stdout, stderr, interactive, stdin, progressDelay).Command);
        root.Subcommands.Add(BuildSample(stdout, stderr));
        root.Subcommands.Add(BuildGenerate(stdout, stderr));
        return root;
    }

    private static Command BuildSample(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "The folder to write leads.csv, stages.csv, touchpoints.csv, costs.csv and revenue.csv to.", Required = true };
        var command = new Command("sample", "Write the bundled sample data set (a year of leads, all five files).") { output };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            foreach (var file in SampleData.FileNames)
            {
                var from = Path.Combine(SampleDataDirectory, file);
                if (!File.Exists(from))
                {
                    throw new UsageException($"the bundled sample file '{from}' is missing from this installation.");
                }

                File.Copy(from, Path.Combine(dir, file), overwrite: true);
            }

            stdout.WriteLine($"Wrote the sample data set to {dir}: {string.Join(", ", SampleData.FileNames)}.");
            stdout.WriteLine($"Next: leadmetrics report --leads {Path.Combine(dir, "leads.csv")} --stages {Path.Combine(dir, "stages.csv")} --touchpoints {Path.Combine(dir, "touchpoints.csv")} --costs {Path.Combine(dir, "costs.csv")} --revenue {Path.Combine(dir, "revenue.csv")} --by source");
            return Ok;
        }));
        return command;
    }

    private static Command BuildGenerate(TextWriter stdout, TextWriter stderr)
    {
        var leads = new Option<int>("--leads") { Description = "How many leads.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and options give the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The folder to write the five CSV files to.", Required = true };
        var start = new Option<string>("--start") { Description = "First day of the data (yyyy-MM-dd).", DefaultValueFactory = _ => "2024-01-01" };
        var days = new Option<int>("--days") { Description = "How many days the leads are spread over.", DefaultValueFactory = _ => 365 };
        var fileFormat = new Option<string>("--format")
        {
            Description = "csv (leads.csv, ...) or parquet (leads.parquet, ...: typed columns, the same data).",
            DefaultValueFactory = _ => "csv",
        };
        fileFormat.AcceptOnlyFromAmong("csv", "parquet");
        var command = new Command("generate", "Write a synthetic data set of any size: sources of different quality, conversion and cost, reps of different speed, seasonality and open leads.")
        {
            leads, seed, output, start, days, fileFormat,
        };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var n = parse.GetValue(leads);
            if (n < 1)
            {
                throw new UsageException($"--leads must be at least 1; was {n}.");
            }

            var d = parse.GetValue(days);
            if (d < 1)
            {
                throw new UsageException($"--days must be at least 1; was {d}.");
            }

            var startText = parse.GetValue(start)!;
            var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(startText);
            if (!parsed.Success)
            {
                throw new UsageException($"--start '{startText}' is not a date (yyyy-MM-dd).");
            }

            var dir = parse.GetValue(output)!;
            var format = parse.GetValue(fileFormat) == "parquet" ? GeneratedFormat.Parquet : GeneratedFormat.Csv;
            var counts = SampleData.Generate(new GeneratorOptions { Leads = n, Seed = parse.GetValue(seed), Start = parsed.Value, Days = d, Format = format }, dir);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {counts.Leads} leads, {counts.Stages} stage changes, {counts.Touchpoints} touchpoints, {counts.Costs} cost rows and {counts.Revenue} revenue rows to {dir}."));
            return Ok;
        }));
        return command;
    }

    /// <summary>A zone by IANA id, the exact spelling first, then ignoring case (utc, europe/london).</summary>
    internal static DateTimeZone? FindZone(string id)
    {
        // UTC, the default, without loading the time zone database (about 57 ms at start-up, docs/benchmarks.md): the
        // same fixed zone of offset 0 and id "UTC" as the database's.
        if (id == DateTimeZone.Utc.Id)
        {
            return DateTimeZone.Utc;
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } exact)
        {
            return exact;
        }

        var found = DateTimeZoneProviders.Tzdb.Ids.FirstOrDefault(z => string.Equals(z, id, StringComparison.OrdinalIgnoreCase));
        return found is null ? null : DateTimeZoneProviders.Tzdb[found];
    }


    /// <summary>Runs a command's action, turning the errors a user can fix into a message and an exit code (never a stack trace).</summary>
    internal static int Guard(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (BadRowException e)
        {
            stderr.WriteLine($"error: bad row: {Format.Printable(e.Message)}");
            stderr.WriteLine(e.Row.Reason == Reasons.DuplicateLeadId
                ? "Fix the row, or choose --on-duplicate first (with --on-bad-row skip to count repeats) or last."
                : "Fix the row, or run with --on-bad-row skip to count bad rows by reason in the data-quality section.");
            return BadRowError;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {Format.Printable(e.Message)}");
            return UsageError;
        }
        catch (ReportOptionsException e)
        {
            stderr.WriteLine($"error: {Format.Printable(e.Message)}");
            return UsageError;
        }
        catch (DataSetException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return UsageError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {Format.Printable(e.Message)}");
            return UsageError;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"error: {Format.Printable(e.Message)}");
            return UsageError;
        }
    }
}
