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
        bool costs = false, revenue = false, survival = false, trend = true, maturity = true, reps = true;
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
                    throw new ArgumentException($"options: unknown key '{p.Name}' (known: by, period, zone, currency, response_targets, pipeline, stage_names, costs, revenue, lifetime_value_months, response_kinds, survival, trend, maturity, reps).");
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
