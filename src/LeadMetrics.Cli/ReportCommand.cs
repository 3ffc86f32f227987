using System.CommandLine;
using System.Globalization;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;
using LeadMetrics.Grouping;
using Spectre.Console;

namespace LeadMetrics.Cli;

/// <summary>
/// The <c>report</c> command: its options, how they become the loader's <see cref="LoadOptions"/> and the builder's
/// <see cref="ReportSettings"/>, and the run (load or stream the data, build the report, check targets, write it).
/// </summary>
internal sealed class ReportCommand
{
    private readonly Option<string?> _leads = new("--leads") { Description = "leads.csv: lead_id, created_at, source, campaign, owner, first_response_at, won_at, lost_at, value, and any attribute columns; '-' reads standard input (any one input file can be '-')." };
    private readonly Option<string?> _stages = new("--stages") { Description = "stages.csv: lead_id, stage, at." };
    private readonly Option<string?> _touchpoints = new("--touchpoints") { Description = "touchpoints.csv: lead_id, at, channel, campaign, kind, direction, actor." };
    private readonly Option<string?> _costs = new("--costs") { Description = "costs.csv: date (or from, to), source, campaign, amount, category." };
    private readonly Option<string?> _revenue = new("--revenue") { Description = "revenue.csv: lead_id, at, amount." };
    private readonly Option<bool> _sample = new("--sample") { Description = "Use the bundled sample data set (all five files) instead of input files." };
    private readonly Option<string[]> _by = new("--by") { Description = "Group by source, owner, campaign or a lead attribute column; comma-separated, each gives its own groups. HTML defaults to source.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _capacity = new("--capacity") { Description = "Leads a rep can handle per ISO week, e.g. 40 or 40,dana=30 (named reps are the roster): adds capacity per rep and week with utilization and dead leads." };
    private readonly Option<string?> _cycleFrom = new("--cycle-from") { Description = "Start the sales cycle at the first entry into this open stage (or a later one) instead of creation, e.g. Qualified." };
    private readonly Option<string?> _period = new("--period") { Description = "Also split groups by the period of creation: day, week, month or quarter." };
    private readonly Option<string> _zone = new("--zone") { Description = "IANA time zone for local timestamps and periods.", DefaultValueFactory = _ => "UTC" };
    private readonly Option<string> _currency = new("--currency") { Description = "ISO 4217 currency of the report (and of every amount without a currency column).", DefaultValueFactory = _ => "USD" };
    private readonly Option<string?> _rates = new("--rates") { Description = "rates.csv (currency,rate: units of --currency per unit) to convert amounts whose currency column names another currency; without a rate such rows are rejected (currency_mismatch)." };
    private readonly Option<string?> _scoring = new("--scoring") { Description = "An ICP scoring model (JSON, see docs/scoring.md): every lead is scored as of its creation; score mean and grade mix per scope." };
    private readonly Option<string?> _targets = new("--targets") { Description = "targets.json: KPI path to {\"min\":x} and/or {\"max\":y}, and/or a change between consecutive periods {\"min_change\":-0.1} that a rate can gate on {\"require_significance\":0.05}; off-target values are flagged in every output." };
    private readonly Option<string[]> _map = new("--map") { Description = "Map canonical columns to your columns: [file.]canonical=column[|fallback], or canonical='literal'; comma-separated." };
    private readonly Option<string?> _stageNames = new("--stage-names") { Description = "Map stage names in stages.csv to pipeline stages: name=Stage,... (Won and Lost are known)." };
    private readonly Option<string?> _timeFormat = new("--time-format") { Description = "An extra NodaTime pattern for local date-times, e.g. dd/MM/uuuu HH:mm." };
    private readonly Option<string> _onBadRow = new("--on-bad-row") { Description = "fail: stop at the first bad row; skip: count bad rows by reason and go on.", DefaultValueFactory = _ => "fail" };
    private readonly Option<string?> _margin = new("--margin") { Description = "Gross margin of revenue, a fraction (0.35) or a percentage (35%): adds gross profit (revenue x margin) and ROI on margin ((gross profit - cost) / cost)." };
    private readonly Option<string> _onDuplicate = new("--on-duplicate") { Description = "A leads row with the lead_id of an earlier row: first (keep the first, count the later as duplicate_lead_id), last (the later replaces it, counted as duplicate_lead_replaced) or fail (stop, exit 3).", DefaultValueFactory = _ => "first" };
    private readonly Option<string> _format = new("--format") { Description = "table, json or html.", DefaultValueFactory = _ => "table" };
    private readonly Option<string?> _output = new("--out") { Description = "Write the report to this file instead of standard output." };
    private readonly Option<int> _ltvMonths = new("--ltv-months") { Description = "Lifetime-value horizon in months (realized revenue per customer from revenue.csv).", DefaultValueFactory = _ => 6 };
    private readonly Option<string> _responseKinds = new("--response-kinds")
    {
        Description = "Outbound touchpoint kinds that count as the first response of a lead without first_response_at, comma-separated: call, email, chat (alias message), form, webinar, ad_click, other. Never meeting.",
        DefaultValueFactory = _ => "call,email,chat",
    };
    private readonly Option<bool> _foldCase = new("--fold-case")
    {
        Description = "Treat source, campaign and owner labels that differ only in case as one (spelled as first seen in leads.csv, else costs.csv).",
    };
    private readonly Option<int> _maxGroups = new("--max-groups")
    {
        Description = "The most labels a --by column shows: an attribute column with more keeps its largest (by leads) and folds the rest into \"(other: N values)\"; source, campaign or owner with more is an error.",
        DefaultValueFactory = _ => ReportSettings.DefaultMaxGroups,
    };
    private readonly Option<string> _responseTargets = new("--response-targets") { Description = "Response-time targets in seconds for the within-target shares, comma-separated.", DefaultValueFactory = _ => "300,3600" };

    private readonly Option<string> _confidence = new("--confidence") { Description = "Confidence level of every interval: a percentage (95, 99.5) or a fraction (0.9), strictly between 0 and 100%.", DefaultValueFactory = _ => "95" };

    private readonly Option<bool> _noProgress = new("--no-progress") { Description = "Show no progress display (it shows on a terminal for each phase longer than a second; never when output is redirected)." };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly bool _interactive;
    private readonly TimeSpan _progressDelay;
    private readonly Func<Stream>? _stdin;

    /// <summary>The command, with its options, that the root command holds.</summary>
    public Command Command { get; }

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the report (or the line naming its file) goes.</param>
    /// <param name="stderr">Where errors and the progress display go.</param>
    /// <param name="interactive">True when the console is a terminal (a progress display may be shown).</param>
    /// <param name="stdin">Opens what an input given as <c>-</c> reads; null for the process's standard input.</param>
    /// <param name="progressDelay">How long a phase runs before the progress display shows it (null: a second).</param>
    public ReportCommand(TextWriter stdout, TextWriter stderr, bool interactive, Func<Stream>? stdin, TimeSpan? progressDelay = null)
    {
        (_stdout, _stderr, _interactive, _stdin) = (stdout, stderr, interactive, stdin);
        _progressDelay = progressDelay ?? TimeSpan.FromSeconds(1);
        _period.AcceptOnlyFromAmong("day", "week", "month", "quarter");
        _onBadRow.AcceptOnlyFromAmong("fail", "skip");
        _onDuplicate.AcceptOnlyFromAmong("first", "last", "fail");
        _format.AcceptOnlyFromAmong("table", "json", "html");
        Command = new Command("report", "Read CSV or Parquet files (by extension: .parquet) and write the KPI report.")
        {
            _leads, _stages, _touchpoints, _costs, _revenue, _sample, _by, _period, _zone, _currency, _scoring, _targets, _map, _stageNames, _timeFormat, _onBadRow, _format, _output, _responseTargets, _ltvMonths, _responseKinds, _foldCase, _rates, _cycleFrom, _capacity, _confidence, _maxGroups, _onDuplicate, _margin, _noProgress,
        };
        Command.SetAction(parse => CliApp.Guard(stderr, () => Execute(parse)));
    }

    private int Execute(ParseResult parse)
    {
        var fmt = parse.GetValue(_format)!;
        string? leadsPath = parse.GetValue(_leads), stagesPath = parse.GetValue(_stages), touchPath = parse.GetValue(_touchpoints),
            costsPath = parse.GetValue(_costs), revenuePath = parse.GetValue(_revenue);
        if (parse.GetValue(_sample))
        {
            if (leadsPath is not null || stagesPath is not null || touchPath is not null || costsPath is not null || revenuePath is not null)
            {
                throw new UsageException("--sample reads the bundled data set; give either --sample or input files, not both.");
            }

            var dir = CliApp.SampleDataDirectory;
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

        var fromSample = parse.GetValue(_sample);
        using var piped = StandardInput.Spool(
            [("--leads", leadsPath), ("--stages", stagesPath), ("--touchpoints", touchPath), ("--costs", costsPath), ("--revenue", revenuePath)], _stdin);
        if (piped is not null)
        {
            (leadsPath, stagesPath, touchPath, costsPath, revenuePath) =
                (piped.Resolve(leadsPath), piped.Resolve(stagesPath), piped.Resolve(touchPath), piped.Resolve(costsPath), piped.Resolve(revenuePath));
        }

        var zoneId = parse.GetValue(_zone)!;
        var tz = CliApp.FindZone(zoneId) ?? throw new UsageException($"--zone '{zoneId}' is not an IANA time zone id (e.g. UTC, Europe/London, America/Sao_Paulo).");
        var code = parse.GetValue(_currency)!;
        if (!Currency.TryFromCode(code, out var cur))
        {
            throw new UsageException($"--currency '{code}' is not an ISO 4217 currency code.");
        }

        var byList = (parse.GetValue(_by) ?? []).SelectMany(b => b.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (byList.Count == 0 && fmt == "html")
        {
            byList.Add("source");
        }

        var targetList = parse.GetValue(_targets) is { } tp ? TargetFile.Load(tp) : null;
        var model = parse.GetValue(_scoring) is { } sp ? LoadScoringModel(sp) : null;
        var load = new LoadOptions
        {
            LeadsPath = leadsPath,
            StagesPath = stagesPath,
            TouchpointsPath = touchPath,
            CostsPath = costsPath,
            RevenuePath = revenuePath,
            Zone = tz,
            Currency = cur,
            Rates = parse.GetValue(_rates) is { } ratesPath ? RatesFile.Load(ratesPath, cur) : null,
            Map = ColumnMap.Parse(parse.GetValue(_map)),
            StageNames = ParsePairs(parse.GetValue(_stageNames), "--stage-names"),
            TimeFormat = parse.GetValue(_timeFormat),
            OnBadRow = parse.GetValue(_onBadRow) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
            OnDuplicate = parse.GetValue(_onDuplicate) switch { "last" => DuplicateLeadPolicy.Last, "fail" => DuplicateLeadPolicy.Fail, _ => DuplicateLeadPolicy.First },
            ResponseKinds = ParseResponseKinds(parse.GetValue(_responseKinds)!),
            FoldCase = parse.GetValue(_foldCase),
            DisplayPath = fromSample ? p => "sample/" + Path.GetFileName(p)
                : piped is not null ? p => p == piped.Path ? StandardInput.DisplayName : p
                : null,
        };
        var settings = new ReportSettings
        {
            By = byList,
            Period = parse.GetValue(_period) switch
            {
                "day" => TimeBucket.Day,
                "week" => TimeBucket.IsoWeek,
                "month" => TimeBucket.Month,
                "quarter" => TimeBucket.Quarter,
                _ => TimeBucket.None,
            },
            ResponseTargets = ParseSeconds(parse.GetValue(_responseTargets)!),
            Scoring = model,
            CycleFrom = parse.GetValue(_cycleFrom),
            Capacity = parse.GetValue(_capacity) is { } cap ? CapacitySetting.Parse(cap) : null,
            LifetimeValueMonths = parse.GetValue(_ltvMonths) is var m and >= 1 and <= 600 ? m : throw new UsageException($"--ltv-months must be 1 to 600; was {parse.GetValue(_ltvMonths)}."),
            Confidence = ParseConfidence(parse.GetValue(_confidence)!),
            Margin = parse.GetValue(_margin) is { } marginText ? ParseMargin(marginText) : null,
            MaxGroups = parse.GetValue(_maxGroups) is var g and >= 1 and <= 1_000_000 ? g : throw new UsageException($"--max-groups must be 1 to 1000000; was {parse.GetValue(_maxGroups)}."),
        };

        if (parse.GetValue(_output) is { } outFile)
        {
            OutputFile.CheckWritable(outFile);
        }

        // The progress display (a terminal, no --no-progress) ends before the report goes to standard output; a report
        // written to a file is written while it shows.
        var outPath = parse.GetValue(_output);
        var report = ReportProgress.Run(_stderr, _interactive && !parse.GetValue(_noProgress), _progressDelay, progress =>
        {
            var built = BuildReport(load, settings, progress);
            if (targetList is not null)
            {
                built.Targets = TargetFile.Check(built, targetList);
            }

            if (outPath is not null)
            {
                using (progress?.Timed(ReportProgress.Writing))
                {
                    WriteReport(built, fmt, outPath, _stdout);
                }
            }

            return built;
        });
        if (outPath is null)
        {
            WriteReport(report, fmt, null, _stdout);
        }
        else
        {
            _stdout.WriteLine($"Wrote the {fmt} report to {outPath}.");
        }

        return CliApp.Ok;
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
    /// path. LEADMETRICS_ROW_PATH=1 forces the row path (for comparisons). With a progress display, the reader reports to it.
    /// </summary>
    private static ReportModel BuildReport(LoadOptions load, ReportSettings settings, ReportProgress? progress)
    {
        if (Environment.GetEnvironmentVariable("LEADMETRICS_ROW_PATH") != "1")
        {
            var options = load.ToDataSetOptions();
            if (progress is not null)
            {
                options = options with { Progress = progress.Report };
            }

            var data = LeadDataSet.Open(options);
            if (ReportBuilder.IsColumnar(load, settings, data.AttributeNames))
            {
                using (progress?.Timed(ReportProgress.Computing))
                {
                    return ReportBuilder.Build(ReportSource.FromColumns(data, options, Math.Min(2, Environment.ProcessorCount)), settings);
                }
            }
        }

        var rows = DataSetLoader.Load(progress is null ? load : load with { Progress = progress.Report });
        using (progress?.Timed(ReportProgress.Computing))
        {
            return ReportBuilder.Build(rows, settings);
        }
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

    /// <summary>--margin: a fraction from 0 to 1 (0.35) or a percentage from 0% to 100% (35%).</summary>
    private static decimal ParseMargin(string text)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (decimal.TryParse(percent ? t[..^1] : t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && (percent ? value / 100m : value) is var fraction and >= 0m and <= 1m)
        {
            return fraction;
        }

        throw new UsageException($"--margin must be a fraction from 0 to 1 (0.35) or a percentage from 0% to 100% (35%); was '{text}'.");
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
