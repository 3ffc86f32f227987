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
    /// <param name="interactive">True when stderr is a terminal (a progress bar is shown).</param>
    /// <param name="stdin">Opens what an input given as <c>-</c> reads; null for the process's standard input.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, Func<Stream>? stdin = null)
    {
        var root = Build(stdout, stderr, interactive, stdin);
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

    private static Command Build(TextWriter stdout, TextWriter stderr, bool interactive, Func<Stream>? stdin)
    {
        // A plain command as the root, not RootCommand: RootCommand is named after the executable (LeadMetrics.Cli, or
        // the test host), while help must name the installed command. Help and version are what RootCommand adds.
        var root = new Command(CommandName, "leadmetrics: lead KPIs from CSV files (leads, stages, touchpoints, costs, revenue) as console tables, JSON or a self-contained HTML page.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(BuildReport(stdout, stderr, interactive, stdin));
        root.Subcommands.Add(BuildSample(stdout, stderr));
        root.Subcommands.Add(BuildGenerate(stdout, stderr));
        return root;
    }

    private static Command BuildReport(TextWriter stdout, TextWriter stderr, bool interactive, Func<Stream>? stdin)
    {
        var leads = new Option<string?>("--leads") { Description = "leads.csv: lead_id, created_at, source, campaign, owner, first_response_at, won_at, lost_at, value, and any attribute columns; '-' reads standard input (any one input file can be '-')." };
        var stages = new Option<string?>("--stages") { Description = "stages.csv: lead_id, stage, at." };
        var touchpoints = new Option<string?>("--touchpoints") { Description = "touchpoints.csv: lead_id, at, channel, campaign, kind, direction, actor." };
        var costs = new Option<string?>("--costs") { Description = "costs.csv: date (or from, to), source, campaign, amount, category." };
        var revenue = new Option<string?>("--revenue") { Description = "revenue.csv: lead_id, at, amount." };
        var sample = new Option<bool>("--sample") { Description = "Use the bundled sample data set (all five files) instead of input files." };
        var by = new Option<string[]>("--by") { Description = "Group by source, owner, campaign or a lead attribute column; comma-separated, each gives its own groups. HTML defaults to source.", AllowMultipleArgumentsPerToken = false };
        var capacity = new Option<string?>("--capacity") { Description = "Leads a rep can handle per ISO week, e.g. 40 or 40,dana=30 (named reps are the roster): adds capacity per rep and week with utilization and dead leads." };
        var cycleFrom = new Option<string?>("--cycle-from") { Description = "Start the sales cycle at the first entry into this open stage (or a later one) instead of creation, e.g. Qualified." };
        var period = new Option<string?>("--period") { Description = "Also split groups by the period of creation: day, week, month or quarter." };
        period.AcceptOnlyFromAmong("day", "week", "month", "quarter");
        var zone = new Option<string>("--zone") { Description = "IANA time zone for local timestamps and periods.", DefaultValueFactory = _ => "UTC" };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency of the report (and of every amount without a currency column).", DefaultValueFactory = _ => "USD" };
        var rates = new Option<string?>("--rates") { Description = "rates.csv (currency,rate: units of --currency per unit) to convert amounts whose currency column names another currency; without a rate such rows are rejected (currency_mismatch)." };
        var scoring = new Option<string?>("--scoring") { Description = "An ICP scoring model (JSON, see docs/scoring.md): every lead is scored as of its creation; score mean and grade mix per scope." };
        var targets = new Option<string?>("--targets") { Description = "targets.json: KPI path to {\"min\":x} and/or {\"max\":y}; off-target values are flagged in every output." };
        var map = new Option<string[]>("--map") { Description = "Map canonical columns to your columns: [file.]canonical=column[|fallback], or canonical='literal'; comma-separated." };
        var stageNames = new Option<string?>("--stage-names") { Description = "Map stage names in stages.csv to pipeline stages: name=Stage,... (Won and Lost are known)." };
        var timeFormat = new Option<string?>("--time-format") { Description = "An extra NodaTime pattern for local date-times, e.g. dd/MM/uuuu HH:mm." };
        var onBadRow = new Option<string>("--on-bad-row") { Description = "fail: stop at the first bad row; skip: count bad rows by reason and go on.", DefaultValueFactory = _ => "fail" };
        onBadRow.AcceptOnlyFromAmong("fail", "skip");
        var format = new Option<string>("--format") { Description = "table, json or html.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "html");
        var output = new Option<string?>("--out") { Description = "Write the report to this file instead of standard output." };
        var ltvMonths = new Option<int>("--ltv-months") { Description = "Lifetime-value horizon in months (realized revenue per customer from revenue.csv).", DefaultValueFactory = _ => 6 };
        var responseKinds = new Option<string>("--response-kinds")
        {
            Description = "Outbound touchpoint kinds that count as the first response of a lead without first_response_at, comma-separated: call, email, chat (alias message), form, webinar, ad_click, other. Never meeting.",
            DefaultValueFactory = _ => "call,email,chat",
        };
        var foldCase = new Option<bool>("--fold-case")
        {
            Description = "Treat source, campaign and owner labels that differ only in case as one (spelled as first seen in leads.csv, else costs.csv).",
        };
        var maxGroups = new Option<int>("--max-groups")
        {
            Description = "The most labels a --by column shows: an attribute column with more keeps its largest (by leads) and folds the rest into \"(other: N values)\"; source, campaign or owner with more is an error.",
            DefaultValueFactory = _ => ReportSettings.DefaultMaxGroups,
        };
        var responseTargets = new Option<string>("--response-targets") { Description = "Response-time targets in seconds for the within-target shares, comma-separated.", DefaultValueFactory = _ => "300,3600" };

        var confidence = new Option<string>("--confidence") { Description = "Confidence level of every interval: a percentage (95, 99.5) or a fraction (0.9), strictly between 0 and 100%.", DefaultValueFactory = _ => "95" };

        var command = new Command("report", "Read CSV or Parquet files (by extension: .parquet) and write the KPI report.")
        {
            leads, stages, touchpoints, costs, revenue, sample, by, period, zone, currency, scoring, targets, map, stageNames, timeFormat, onBadRow, format, output, responseTargets, ltvMonths, responseKinds, foldCase, rates, cycleFrom, capacity, confidence, maxGroups,
        };

        command.SetAction(parse => Guard(stderr, () =>
        {
            var fmt = parse.GetValue(format)!;
            string? leadsPath = parse.GetValue(leads), stagesPath = parse.GetValue(stages), touchPath = parse.GetValue(touchpoints),
                costsPath = parse.GetValue(costs), revenuePath = parse.GetValue(revenue);
            if (parse.GetValue(sample))
            {
                if (leadsPath is not null || stagesPath is not null || touchPath is not null || costsPath is not null || revenuePath is not null)
                {
                    throw new UsageException("--sample reads the bundled data set; give either --sample or input files, not both.");
                }

                var dir = SampleDataDirectory;
                leadsPath = Path.Combine(dir, "leads.csv");
                stagesPath = Path.Combine(dir, "stages.csv");
                touchPath = Path.Combine(dir, "touchpoints.csv");
                costsPath = Path.Combine(dir, "costs.csv");
                revenuePath = Path.Combine(dir, "revenue.csv");
            }
            else if (leadsPath is null)
            {
                throw new UsageException("report needs --leads <file> (or --sample for the bundled data set).");
            }

            var fromSample = parse.GetValue(sample);
            using var piped = StandardInput.Spool(
                [("--leads", leadsPath), ("--stages", stagesPath), ("--touchpoints", touchPath), ("--costs", costsPath), ("--revenue", revenuePath)], stdin);
            if (piped is not null)
            {
                (leadsPath, stagesPath, touchPath, costsPath, revenuePath) =
                    (piped.Resolve(leadsPath), piped.Resolve(stagesPath), piped.Resolve(touchPath), piped.Resolve(costsPath), piped.Resolve(revenuePath));
            }

            var zoneId = parse.GetValue(zone)!;
            var tz = FindZone(zoneId) ?? throw new UsageException($"--zone '{zoneId}' is not an IANA time zone id (e.g. UTC, Europe/London, America/Sao_Paulo).");
            var code = parse.GetValue(currency)!;
            if (!Currency.TryFromCode(code, out var cur))
            {
                throw new UsageException($"--currency '{code}' is not an ISO 4217 currency code.");
            }

            var byList = (parse.GetValue(by) ?? []).SelectMany(b => b.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (byList.Count == 0 && fmt == "html")
            {
                byList.Add("source");
            }

            var targetList = parse.GetValue(targets) is { } tp ? TargetFile.Load(tp) : null;
            var model = parse.GetValue(scoring) is { } sp ? LoadScoringModel(sp) : null;
            var load = new LoadOptions
            {
                LeadsPath = leadsPath,
                StagesPath = stagesPath,
                TouchpointsPath = touchPath,
                CostsPath = costsPath,
                RevenuePath = revenuePath,
                Zone = tz,
                Currency = cur,
                Rates = parse.GetValue(rates) is { } ratesPath ? RatesFile.Load(ratesPath, cur) : null,
                Map = ColumnMap.Parse(parse.GetValue(map)),
                StageNames = ParsePairs(parse.GetValue(stageNames), "--stage-names"),
                TimeFormat = parse.GetValue(timeFormat),
                OnBadRow = parse.GetValue(onBadRow) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
                ResponseKinds = ParseResponseKinds(parse.GetValue(responseKinds)!),
                FoldCase = parse.GetValue(foldCase),
                DisplayPath = fromSample ? p => "sample/" + Path.GetFileName(p)
                    : piped is not null ? p => p == piped.Path ? StandardInput.DisplayName : p
                    : null,
            };
            var settings = new ReportSettings
            {
                By = byList,
                Period = parse.GetValue(period) switch
                {
                    "day" => TimeBucket.Day,
                    "week" => TimeBucket.IsoWeek,
                    "month" => TimeBucket.Month,
                    "quarter" => TimeBucket.Quarter,
                    _ => TimeBucket.None,
                },
                ResponseTargets = ParseSeconds(parse.GetValue(responseTargets)!),
                Scoring = model,
                CycleFrom = parse.GetValue(cycleFrom),
                Capacity = parse.GetValue(capacity) is { } cap ? CapacitySetting.Parse(cap) : null,
                LifetimeValueMonths = parse.GetValue(ltvMonths) is var m and >= 1 and <= 600 ? m : throw new UsageException($"--ltv-months must be 1 to 600; was {parse.GetValue(ltvMonths)}."),
                Confidence = ParseConfidence(parse.GetValue(confidence)!),
                MaxGroups = parse.GetValue(maxGroups) is var g and >= 1 and <= 1_000_000 ? g : throw new UsageException($"--max-groups must be 1 to 1000000; was {parse.GetValue(maxGroups)}."),
            };

            if (parse.GetValue(output) is { } outFile)
            {
                OutputFile.CheckWritable(outFile);
            }

            var report = BuildReport(load, settings, stderr, interactive);
            if (targetList is not null)
            {
                report.Targets = TargetFile.Check(report, targetList);
            }

            WriteReport(report, fmt, parse.GetValue(output), stdout);
            return Ok;
        }));
        return command;
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
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } exact)
        {
            return exact;
        }

        var found = DateTimeZoneProviders.Tzdb.Ids.FirstOrDefault(z => string.Equals(z, id, StringComparison.OrdinalIgnoreCase));
        return found is null ? null : DateTimeZoneProviders.Tzdb[found];
    }

    private static LeadMetrics.Scoring.ScoringModel LoadScoringModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--scoring file '{path}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return LeadMetrics.Scoring.Json.ScoringModelJson.Load(stream);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"--scoring file '{path}': {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--scoring file '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Builds the report on the columnar path (LeadMetrics.Data: leads, stages and touchpoints streamed into column
    /// batches, costs and revenue as events; no Lead object per row) when the inputs and settings allow (see <see cref="ReportBuilder.IsColumnar"/>), else on the row
    /// path. LEADMETRICS_ROW_PATH=1 forces the row path (for comparisons).
    /// </summary>
    private static ReportModel BuildReport(LoadOptions load, ReportSettings settings, TextWriter stderr, bool interactive)
    {
        if (Environment.GetEnvironmentVariable("LEADMETRICS_ROW_PATH") != "1" && settings.Scoring is null)
        {
            var options = load.ToDataSetOptions();
            var data = LeadDataSet.Open(options);
            if (ReportBuilder.IsColumnar(load, settings, data.AttributeNames))
            {
                return WithProgress(load, stderr, interactive, progress =>
                    ReportBuilder.Build(ReportSource.FromColumns(progress is null ? data : LeadDataSet.Open(options with { Progress = progress }), options, Math.Min(2, Environment.ProcessorCount)), settings));
            }
        }

        return ReportBuilder.Build(LoadWithProgress(load, stderr, interactive), settings);
    }

    private static T WithProgress<T>(LoadOptions load, TextWriter stderr, bool interactive, Func<Action<string, long, long>?, T> run)
    {
        var size = new[] { load.LeadsPath, load.StagesPath, load.TouchpointsPath, load.CostsPath, load.RevenuePath }
            .Where(p => p is not null && File.Exists(p)).Sum(p => new FileInfo(p!).Length);
        if (!interactive || size < (4L << 20))
        {
            return run(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = run((file, position, length) =>
                {
                    if (!tasks.TryGetValue(file, out var task))
                    {
                        tasks[file] = task = ctx.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, length));
                    }

                    task.Value = position;
                });
            });
        return result;
    }

    private static LoadedData LoadWithProgress(LoadOptions load, TextWriter stderr, bool interactive)
    {
        var size = new[] { load.LeadsPath, load.StagesPath, load.TouchpointsPath, load.CostsPath, load.RevenuePath }
            .Where(p => p is not null && File.Exists(p)).Sum(p => new FileInfo(p!).Length);
        if (!interactive || size < (4L << 20))
        {
            return DataSetLoader.Load(load);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        LoadedData? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = DataSetLoader.Load(load with
                {
                    Progress = (file, position, length) =>
                    {
                        if (!tasks.TryGetValue(file, out var task))
                        {
                            tasks[file] = task = ctx.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, length));
                        }

                        task.Value = position;
                    },
                });
            });
        return result!;
    }

    private static void WriteReport(ReportModel report, string format, string? outPath, TextWriter stdout)
    {
        if (outPath is null)
        {
            switch (format)
            {
                case "json":
                    stdout.WriteLine(JsonReportWriter.ToJson(report));
                    break;
                case "html":
                    HtmlReportWriter.Write(report, stdout);
                    break;
                default:
                    TableReportWriter.Write(report, TableConsole(stdout, ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected));
                    break;
            }

            return;
        }

        OutputFile.WriteAtomically(outPath, stream =>
        {
            if (format == "json")
            {
                JsonReportWriter.Write(report, stream);
                return;
            }

            using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            if (format == "html")
            {
                HtmlReportWriter.Write(report, w);
            }
            else
            {
                TableReportWriter.Write(report, TableConsole(w, false));
            }
        });
        if (outPath is not null)
        {
            stdout.WriteLine($"Wrote the {format} report to {outPath}.");
        }
    }

    private static IAnsiConsole TableConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    private static int Guard(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (BadRowException e)
        {
            stderr.WriteLine($"error: bad row: {Report.Format.Printable(e.Message)}");
            stderr.WriteLine("Fix the row, or run with --on-bad-row skip to count bad rows by reason in the data-quality section.");
            return BadRowError;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {Report.Format.Printable(e.Message)}");
            return UsageError;
        }
        catch (DataSetException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return UsageError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {Report.Format.Printable(e.Message)}");
            return UsageError;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"error: {Report.Format.Printable(e.Message)}");
            return UsageError;
        }
    }

    private static Dictionary<string, string> ParsePairs(string? text, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == pair.Length - 1)
            {
                throw new UsageException($"{option} entry '{pair}' is not of the form <name>=<stage>.");
            }

            result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }

        return result;
    }

    /// <summary>Parses --response-kinds: touchpoint kind names (snake_case or not, "message" for chat); meeting is refused.</summary>
    private static List<TouchpointKind> ParseResponseKinds(string text)
    {
        var kinds = new List<TouchpointKind>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var key = part.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            TouchpointKind kind;
            if (key == "message")
            {
                kind = TouchpointKind.Chat;
            }
            else if (!Enum.TryParse(key, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(key, out _))
            {
                throw new UsageException($"--response-kinds: '{part}' is not a touchpoint kind (call, email, chat or message, form, webinar, ad_click, other).");
            }

            if (kind == TouchpointKind.Meeting)
            {
                throw new UsageException($"--response-kinds: '{part}' cannot be a response: a meeting is scheduled after a first response, often days later, and would hide how long the lead waited.");
            }

            kinds.Add(kind);
        }

        if (kinds.Count == 0)
        {
            throw new UsageException("--response-kinds: give at least one touchpoint kind (default: call,email,chat).");
        }

        return kinds;
    }

    /// <summary>--confidence: a percentage (95, 99.5, "95%") or a fraction below 1 (0.95), strictly between 0 and 100%.</summary>
    internal static double ParseConfidence(string text)
    {
        var t = text.Trim().TrimEnd('%').Trim();
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new UsageException($"--confidence '{text}' is not a number; give a percentage such as 95 or 99.");
        }

        var level = value >= 1 ? value / 100 : value;
        return level is > 0 and < 1
            ? level
            : throw new UsageException($"--confidence '{text}' must be strictly between 0 and 100%; give a percentage such as 90, 95 or 99.");
    }

    private static long[] ParseSeconds(string text)
    {
        var list = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s <= 0)
            {
                throw new UsageException($"--response-targets: '{part}' is not a positive number of seconds.");
            }

            list.Add(s);
        }

        return [.. list.Distinct().Order()];
    }
}
