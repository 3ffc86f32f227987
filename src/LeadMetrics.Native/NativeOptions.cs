using System.Text.Json;
using LeadMetrics.Calculators;
using LeadMetrics.Data;
using LeadMetrics.Grouping;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// The options of a KPI set, read from the JSON string given to <c>lm_kpis_create</c>:
/// <c>{"by": ["source"], "period": "month", "zone": "UTC", "currency": "USD", "response_targets": [300, 3600],
/// "pipeline": [{"name": "New", "kind": "open"}, ...], "stage_names": {"Prospecting": "New"}}</c>; every key optional.
/// </summary>
internal sealed class NativeOptions
{
    public IReadOnlyList<(string Name, GroupDimension Dimension)> By { get; private init; } = [];

    /// <summary>The lead attribute grouped by (the segment dimension), or null: at most one per set.</summary>
    public string? Attribute { get; private init; }

    public TimeBucket Period { get; private init; } = TimeBucket.None;

    public DateTimeZone Zone { get; private init; } = DateTimeZone.Utc;

    public Currency Currency { get; private init; } = Currency.Usd;

    public IReadOnlyList<long> ResponseTargets { get; private init; } = [300, 3600];

    public Pipeline Pipeline { get; private init; } = Pipeline.Default;

    public IReadOnlyDictionary<string, string> StageNames { get; private init; } = new Dictionary<string, string>();

    /// <summary>The options as given (canonical JSON), to check that two sets can merge.</summary>
    public string Canonical { get; private init; } = "{}";

    /// <summary>The set gets cost rows (lm_kpis_add_block): cost KPIs and spend-based acquisition cost per trend period.</summary>
    public bool Costs { get; private init; }

    /// <summary>The set gets revenue rows: revenue is realized revenue (else the won deal value), and lifetime value is computed.</summary>
    public bool Revenue { get; private init; }

    /// <summary>The lifetime-value horizon in months (the command's --lifetime-value-months, 6 by default).</summary>
    public int LifetimeValueMonths { get; private init; } = 6;

    /// <summary>The outbound touchpoint kinds that count as a first response (the command's --response-kinds).</summary>
    public IReadOnlyList<TouchpointKind> ResponseKinds { get; private init; } = [TouchpointKind.Call, TouchpointKind.Email, TouchpointKind.Chat];

    /// <summary>
    /// The set keeps what conversion with open leads reads from each lead (creation, close, outcome, ids; the block's
    /// arrays, no copy) and gives converted_within and conversion_curve per scope in its snapshot, as the command does
    /// (Kaplan-Meier as of the last instant observed). Off by default: it holds about 40 bytes per lead until freed.
    /// </summary>
    public bool Survival { get; private init; }

    /// <summary>The set keeps finance calculators (costs or revenue).</summary>
    public bool Money => Costs || Revenue;

    /// <summary>
    /// The snapshot has the trend (the KPIs per <see cref="TrendBucket"/> period over all leads, <c>trend</c> and
    /// <c>trend_period</c>). On by default; off, the trend grouping is not fed (about half of the KPI work of a set
    /// grouped by one dimension without a period), unless it is the groups themselves (a period and no <c>by</c>).
    /// </summary>
    public bool Trend { get; private init; } = true;

    /// <summary>The trend periods (and groups by period alone) have their cohort maturity. On by default; needs the trend.</summary>
    public bool Maturity { get; private init; } = true;

    /// <summary>The snapshot has the rep comparison (<c>reps</c>: win rates adjusted for each rep's lead mix by source). On by default.</summary>
    public bool Reps { get; private init; } = true;

    /// <summary>
    /// Revision 4: the snapshot has <c>response_time_by_hour</c> and <c>response_time_by_weekday</c> (the command's peak
    /// hours, by the report's <c>PeakHours</c> in the set's zone); off by default (then both are null).
    /// </summary>
    public bool PeakHours { get; private init; }

    /// <summary>
    /// Revision 4: the snapshot has <c>comparisons</c> (the command's rate and Mann-Whitney duration comparisons, by the
    /// report's <c>ComparisonEngine</c>); off by default (then null). The set keeps a duration sketch per group.
    /// </summary>
    public bool Comparisons { get; private init; }

    /// <summary>
    /// The gross margin of revenue (the command's <c>--margin</c>, 0 to 1), or null: with it every scope has
    /// <c>gross_profit</c> (revenue × margin) and, with costs, <c>roi_on_margin</c> ((gross profit − cost) / cost).
    /// </summary>
    public decimal? Margin { get; private init; }

    /// <summary>
    /// Leads per ISO week a rep can handle (the command's <c>--capacity</c>): the default, and named reps (the roster),
    /// or null: then the snapshot's <c>capacity</c> is null.
    /// </summary>
    public (int Default, IReadOnlyDictionary<string, int> Reps)? Capacity { get; private init; }

    /// <summary>The trend grouping is fed: the trend is asked for, or it is the groups (a period and no dimension).</summary>
    public bool TrendComputed => Trend || (Period != TimeBucket.None && By.Count == 0);

    /// <summary>The cohort maturity is computed (asked for, and the trend is computed).</summary>
    public bool MaturityComputed => Maturity && TrendComputed;

    public KpiOptions Kpi => new(Pipeline, Currency, new ResponseTimeOptions([.. ResponseTargets.Select(Duration.FromSeconds)], DistributionOptions.ResponseTime));

    public TimeBucket TrendBucket => Period == TimeBucket.None ? TimeBucket.Month : Period;

    /// <summary>The groupings of a set: the total, the trend (when computed, see <see cref="TrendComputed"/>), then one per dimension (distinct).</summary>
    public List<LeadGrouping> Groupings()
    {
        var list = new List<LeadGrouping> { new(GroupDimension.None, TimeBucket.None, Zone) };
        if (TrendComputed)
        {
            list.Add(new(GroupDimension.None, TrendBucket, Zone));
        }

        foreach (var (_, dimension) in By)
        {
            var g = new LeadGrouping(dimension, Period, Zone);
            if (!list.Contains(g))
            {
                list.Add(g);
            }
        }

        return list;
    }

    public static NativeOptions Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new NativeOptions();
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("options must be a JSON object.");
        }

        var by = new List<(string, GroupDimension)>();
        string? attribute = null;
        var period = TimeBucket.None;
        var zone = DateTimeZone.Utc;
        var currency = Currency.Usd;
        List<long> targets = [300, 3600];
        var pipeline = Pipeline.Default;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        bool costs = false, revenue = false, survival = false, trend = true, maturity = true, reps = true, peakHours = false, comparisons = false;
        decimal? margin = null;
        (int, IReadOnlyDictionary<string, int>)? capacity = null;
        var lifetimeMonths = 6;
        List<TouchpointKind> responseKinds = [TouchpointKind.Call, TouchpointKind.Email, TouchpointKind.Chat];
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "costs":
                    costs = p.Value.ValueKind == JsonValueKind.True;
                    break;
                case "revenue":
                    revenue = p.Value.ValueKind == JsonValueKind.True;
                    break;
                case "survival":
                    survival = p.Value.ValueKind == JsonValueKind.True;
                    break;
                case "trend":
                    trend = Flag(p);
                    break;
                case "maturity":
                    maturity = Flag(p);
                    break;
                case "reps":
                    reps = Flag(p);
                    break;
                case "peak_hours":
                    peakHours = p.Value.ValueKind != JsonValueKind.Null && Flag(p);
                    break;
                case "comparisons":
                    comparisons = p.Value.ValueKind != JsonValueKind.Null && Flag(p);
                    break;
                case "margin":
                    margin = p.Value.ValueKind == JsonValueKind.Null ? null : ParseMargin(p.Value);
                    break;
                case "capacity":
                    capacity = p.Value.ValueKind == JsonValueKind.Null ? null : ParseCapacity(p.Value);
                    break;
                case "lifetime_value_months":
                    if (!p.Value.TryGetInt32(out lifetimeMonths) || lifetimeMonths < 1 || lifetimeMonths > 120)
                    {
                        throw new ArgumentException($"options.lifetime_value_months: '{p.Value}' is not a whole number of months from 1 to 120.");
                    }

                    break;
                case "response_kinds":
                    responseKinds = [];
                    foreach (var k in Strings(p))
                    {
                        var kind = MoneyRules.Kind(k) ?? throw new ArgumentException($"options.response_kinds: '{k}' is not a touchpoint kind (call, email, chat, ...).");
                        if (kind == TouchpointKind.Meeting)
                        {
                            throw new ArgumentException("options.response_kinds: 'meeting' is never a response (it is booked after one).");
                        }

                        responseKinds.Add(kind);
                    }

                    break;
                case "by":
                    foreach (var d in Strings(p))
                    {
                        var dim = d.Trim().ToLowerInvariant() switch
                        {
                            "source" => GroupDimension.Source,
                            "owner" or "rep" => GroupDimension.Owner,
                            "campaign" => GroupDimension.Campaign,
                            "" => throw new ArgumentException("options.by: an empty dimension name."),
                            _ => GroupDimension.Segment,
                        };
                        var label = dim == GroupDimension.Owner ? "owner" : dim == GroupDimension.Segment ? d.Trim() : d.Trim().ToLowerInvariant();
                        if (dim == GroupDimension.Segment)
                        {
                            if (attribute is not null && !string.Equals(attribute, label, StringComparison.OrdinalIgnoreCase))
                            {
                                throw new ArgumentException($"options.by: one lead attribute per set ('{attribute}' and '{label}'); use a set per attribute.");
                            }

                            attribute = label;
                        }

                        if (!by.Any(b => b.Item2 == dim))
                        {
                            by.Add((label, dim));
                        }
                    }

                    break;
                case "period":
                    period = p.Value.ValueKind == JsonValueKind.Null ? TimeBucket.None : (p.Value.GetString() ?? string.Empty).ToLowerInvariant() switch
                    {
                        "" or "none" => TimeBucket.None,
                        "day" => TimeBucket.Day,
                        "week" => TimeBucket.IsoWeek,
                        "month" => TimeBucket.Month,
                        "quarter" => TimeBucket.Quarter,
                        var other => throw new ArgumentException($"options.period: '{other}' is not day, week, month or quarter."),
                    };
                    break;
                case "zone":
                    zone = ParseZone(p.Value.GetString());
                    break;
                case "currency":
                    var code = p.Value.GetString();
                    if (!Currency.TryFromCode(code?.Trim().ToUpperInvariant(), out currency))
                    {
                        throw new ArgumentException($"options.currency: '{code}' is not an ISO 4217 currency code.");
                    }

                    break;
                case "response_targets":
                    targets = [];
                    foreach (var t in p.Value.EnumerateArray())
                    {
                        if (!t.TryGetInt64(out var s) || s < 0)
                        {
                            throw new ArgumentException($"options.response_targets: '{t}' is not a whole number of seconds (0 or more).");
                        }

                        targets.Add(s);
                    }

                    break;
                case "pipeline":
                    if (p.Value.ValueKind != JsonValueKind.Null)
                    {
                        var stages = new List<(string, StageKind)>();
                        foreach (var s in p.Value.EnumerateArray())
                        {
                            var name = s.GetProperty("name").GetString() ?? string.Empty;
                            var kind = (s.TryGetProperty("kind", out var k) ? k.GetString() : "open")?.ToLowerInvariant() switch
                            {
                                "open" or null => StageKind.Open,
                                "won" => StageKind.Won,
                                "lost" => StageKind.Lost,
                                var other => throw new ArgumentException($"options.pipeline: stage '{name}' has kind '{other}'; use open, won or lost."),
                            };
                            stages.Add((name, kind));
                        }

                        pipeline = Pipeline.Create(stages);
                    }

                    break;
                case "stage_names":
                    foreach (var n in p.Value.EnumerateObject())
                    {
                        names[n.Name.Trim()] = n.Value.GetString() ?? string.Empty;
                    }

                    break;
                default:
                    throw new ArgumentException($"options: unknown key '{p.Name}' (known: by, period, zone, currency, response_targets, pipeline, stage_names, costs, revenue, lifetime_value_months, response_kinds, survival, trend, maturity, reps, margin, capacity).");
            }
        }

        return new NativeOptions
        {
            By = by,
            Attribute = attribute,
            Period = period,
            Zone = zone,
            Currency = currency,
            ResponseTargets = targets,
            Pipeline = pipeline,
            StageNames = names,
            Canonical = root.GetRawText(),
            Costs = costs,
            Revenue = revenue,
            Survival = survival,
            LifetimeValueMonths = lifetimeMonths,
            ResponseKinds = responseKinds,
            Trend = trend,
            Maturity = maturity,
            Reps = reps,
            PeakHours = peakHours,
            Comparisons = comparisons,
            Margin = margin,
            Capacity = capacity,
        };
    }

    public static DateTimeZone ParseZone(string? id)
    {
        var text = id?.Trim() ?? string.Empty;
        var provider = DateTimeZoneProviders.Tzdb;
        var match = provider.Ids.FirstOrDefault(z => string.Equals(z, text, StringComparison.OrdinalIgnoreCase));
        return match is null
            ? throw new ArgumentException($"zone: '{id}' is not an IANA time zone (e.g. UTC, Europe/London).")
            : provider[match];
    }

    public static string PeriodName(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Day => "day",
        TimeBucket.IsoWeek => "week",
        TimeBucket.Month => "month",
        TimeBucket.Quarter => "quarter",
        _ => bucket.ToString().ToLowerInvariant(),
    };

    /// <summary>The command's <c>--margin</c>: a fraction from 0 to 1 (0.35 or "0.35") or a percentage from 0% to 100% ("35%").</summary>
    private static decimal ParseMargin(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Number => value.GetRawText(),
            _ => value.GetRawText(),
        };
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && decimal.TryParse(percent ? t[..^1] : t, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowExponent,
                System.Globalization.CultureInfo.InvariantCulture, out var number)
            && (percent ? number / 100m : number) is var fraction and >= 0m and <= 1m)
        {
            return fraction;
        }

        throw new ArgumentException($"options.margin must be a fraction from 0 to 1 (0.35) or a percentage from 0% to 100% (\"35%\"); was '{text}'.");
    }

    /// <summary>
    /// The command's <c>--capacity</c>: leads per rep and ISO week, as a whole number (40), the command's text
    /// ("40,dana=30": the default first, then rep=leads), or an object {"default": 40, "reps": {"dana": 30}}.
    /// </summary>
    private static (int, IReadOnlyDictionary<string, int>) ParseCapacity(JsonElement value)
    {
        var reps = new Dictionary<string, int>(StringComparer.Ordinal);
        static int Leads(string what, JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new ArgumentException($"options.capacity: {what} must be a whole number of leads (0 or more); was {e.GetRawText()}.");
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return (Leads("the default", value), reps);
            case JsonValueKind.String:
                var text = value.GetString() ?? string.Empty;
                var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fallback))
                {
                    throw new ArgumentException($"options.capacity '{text}': expected leads per rep and week, such as 40 or \"40,dana=30\" (the default first, whole numbers of 0 or more).");
                }

                foreach (var part in parts.Skip(1))
                {
                    var eq = part.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || !int.TryParse(part.AsSpan(eq + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var leads))
                    {
                        throw new ArgumentException($"options.capacity: '{part}' is not rep=leads (a rep's name and a whole number of 0 or more).");
                    }

                    if (!reps.TryAdd(part[..eq].Trim(), leads))
                    {
                        throw new ArgumentException($"options.capacity names rep '{part[..eq].Trim()}' twice.");
                    }
                }

                return (fallback, reps);
            case JsonValueKind.Object:
                var fallbackLeads = -1;
                foreach (var p in value.EnumerateObject())
                {
                    if (p.Name == "default")
                    {
                        fallbackLeads = Leads("default", p.Value);
                    }
                    else if (p.Name == "reps" && p.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var r in p.Value.EnumerateObject())
                        {
                            if (!reps.TryAdd(r.Name.Trim(), Leads($"reps.{r.Name}", r.Value)))
                            {
                                throw new ArgumentException($"options.capacity names rep '{r.Name.Trim()}' twice.");
                            }
                        }
                    }
                    else
                    {
                        throw new ArgumentException($"options.capacity: unknown key '{p.Name}' (known: default, reps: an object of rep to leads).");
                    }
                }

                return fallbackLeads < 0
                    ? throw new ArgumentException("options.capacity: 'default' (leads per week of a rep without a value of their own) is required.")
                    : (fallbackLeads, reps);
            default:
                throw new ArgumentException($"options.capacity must be a number, a text such as \"40,dana=30\" or an object {{\"default\": 40, \"reps\": {{\"dana\": 30}}}}; was {value.GetRawText()}.");
        }
    }

    // A true/false option (null = the default, true).
    private static bool Flag(JsonProperty p) => p.Value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.Null => true,
        JsonValueKind.False => false,
        _ => throw new ArgumentException($"options.{p.Name}: '{p.Value.GetRawText()}' is not true or false."),
    };

    private static IEnumerable<string> Strings(JsonProperty p) =>
        p.Value.ValueKind switch
        {
            JsonValueKind.String => (p.Value.GetString() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Array => p.Value.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList(),
            JsonValueKind.Null => [],
            _ => throw new ArgumentException($"options.{p.Name} must be a list of names."),
        };
}

/// <summary>The stage-name rule of the readers (LeadMetrics.Data's StageNames; internal there, so restated here): a rename first, the exact name, the name ignoring case, spaces, '_' and '-', then won and lost.</summary>
internal static class StageNameRule
{
    public static int Resolve(Pipeline pipeline, IReadOnlyDictionary<string, string> renames, string text)
    {
        if (renames.TryGetValue(text.Trim(), out var renamed))
        {
            text = renamed;
        }

        if (pipeline.TryGetStage(text, out var stage))
        {
            return stage.Index;
        }

        var key = Squash(text);
        foreach (var s in pipeline.Stages)
        {
            if (Squash(s.Name) == key)
            {
                return s.Index;
            }
        }

        return key switch
        {
            "won" => pipeline.Won.Index,
            "lost" => pipeline.Stages.First(s => s.Kind == StageKind.Lost).Index,
            _ => -1,
        };
    }

    private static string Squash(string text) =>
        new([.. text.Where(c => c is not (' ' or '_' or '-')).Take(256).Select(char.ToLowerInvariant)]);
}
