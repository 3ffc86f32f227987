using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace LeadMetrics.Scoring.Json;

/// <summary>Reads the JSON form of a model, failing with the path of the first bad element.</summary>
internal sealed class ScoringModelJsonReader
{
    private static readonly string[] ModelProperties = ["name", "groups", "fit", "engagement", "total", "grades", "grid"];
    private static readonly string[] GroupProperties = ["name", "dimension", "minimum", "maximum", "rules"];
    private static readonly string[] BoundsProperties = ["minimum", "maximum"];
    private static readonly string[] GradeProperties = ["name", "minimum", "routing"];
    private static readonly string[] GridProperties = ["fit", "engagement", "sendToSales", "disqualify"];
    private static readonly string[] LevelProperties = ["label", "minimum"];
    private static readonly string[] BandProperties = ["atLeast", "lessThan", "points"];
    private static readonly string[] MoneyProperties = ["amount", "currency"];

    private readonly Dictionary<string, Func<Lead, bool>> _predicates = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _rulePaths = new(StringComparer.OrdinalIgnoreCase);

    internal ScoringModelJsonReader(IReadOnlyDictionary<string, Func<Lead, bool>>? predicates)
    {
        if (predicates is null)
        {
            return;
        }

        foreach (var (key, predicate) in predicates)
        {
            if (string.IsNullOrWhiteSpace(key) || predicate is null)
            {
                throw new ArgumentException($"predicates must map non-empty keys to predicates; the key '{key}' is empty or its predicate is null.", nameof(predicates));
            }

            if (!_predicates.TryAdd(key.Trim(), predicate))
            {
                throw new ArgumentException($"predicates has the key '{key}' more than once (keys are case-insensitive).", nameof(predicates));
            }
        }
    }

    internal ScoringModel ReadModel(JsonElement root)
    {
        var model = new JsonObjectReader(root, "$", ModelProperties);
        var name = model.RequiredString("name");
        var groupsPath = model.PathOf("groups");
        var groups = new List<RuleGroup>();
        var i = 0;
        foreach (var element in ArrayItems(model.Required("groups"), groupsPath))
        {
            groups.Add(ReadGroup(element, $"{groupsPath}[{i}]"));
            i++;
        }

        var fit = ReadOptionalBounds(model, "fit");
        var engagement = ReadOptionalBounds(model, "engagement");
        var total = ReadOptionalBounds(model, "total");
        var grades = model.TryGet("grades", out var gradesElement) ? ReadGrades(gradesElement, model.PathOf("grades")) : null;
        var grid = model.TryGet("grid", out var gridElement) ? ReadGrid(gridElement, model.PathOf("grid")) : null;
        return Build("$", () => new ScoringModel(name, groups, fit, engagement, total, grades, grid));
    }

    private static JsonException Error(string path, string message, Exception? inner = null) =>
        new($"Invalid scoring model at {path}: {message}", path, null, null, inner);

    private static T Build<T>(string path, Func<T> build, Func<string?, string?>? pathOfParameter = null)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            // ArgumentException.Message ends with " (Parameter 'name')"; the JSON path replaces it.
            var suffix = ex.ParamName is null ? null : $" (Parameter '{ex.ParamName}')";
            var message = suffix is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
            throw Error(pathOfParameter?.Invoke(ex.ParamName) ?? path, message, ex);
        }
    }

    private static JsonElement.ArrayEnumerator ArrayItems(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"expected an array; was {Describe(element)}.");
        }

        return element.EnumerateArray();
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static ScoreBounds ReadOptionalBounds(JsonObjectReader parent, string name)
    {
        if (!parent.TryGet(name, out var element))
        {
            return default;
        }

        var path = parent.PathOf(name);
        var bounds = new JsonObjectReader(element, path, BoundsProperties);
        return ReadBounds(bounds, path);
    }

    private static ScoreBounds ReadBounds(JsonObjectReader reader, string path)
    {
        var min = reader.OptionalDecimal("minimum");
        var max = reader.OptionalDecimal("maximum");
        return Build(path, () => new ScoreBounds(min, max));
    }

    private static T ReadEnum<T>(JsonObjectReader reader, string name, T fallback)
        where T : struct, Enum
    {
        if (reader.OptionalString(name) is not { } text)
        {
            return fallback;
        }

        return JsonNames.TryParseEnum<T>(text, out var value)
            ? value
            : throw Error(reader.PathOf(name), $"'{text}' is not one of {JsonNames.EnumChoices<T>()}.");
    }

    private RuleGroup ReadGroup(JsonElement element, string path)
    {
        var group = new JsonObjectReader(element, path, GroupProperties);
        var name = group.RequiredString("name");
        var dimension = ReadEnum(group, "dimension", ScoreDimension.Fit);
        var bounds = ReadBounds(group, path);
        var rulesPath = group.PathOf("rules");
        var rules = new List<ScoringRule>();
        var i = 0;
        foreach (var item in ArrayItems(group.Required("rules"), rulesPath))
        {
            rules.Add(ReadRule(item, $"{rulesPath}[{i}]", dimension));
            i++;
        }

        return Build(path, () => new RuleGroup(name, dimension, rules, bounds));
    }

    private ScoringRule ReadRule(JsonElement element, string path, ScoreDimension dimension)
    {
        var peek = new JsonObjectReader(element, path, null);
        var ruleName = peek.RequiredString("name").Trim();
        if (!_rulePaths.TryAdd(ruleName, peek.PathOf("name")))
        {
            throw Error(peek.PathOf("name"), $"the rule name '{ruleName}' is already used at {_rulePaths[ruleName]}; rule names are unique in a model (case-insensitive).");
        }

        var type = peek.RequiredString("type").Trim();
        var typePath = peek.PathOf("type");
        var known = Array.Find(JsonNames.RuleTypes, t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase))
            ?? throw Error(typePath, $"unknown rule type '{type}'; expected one of {string.Join(", ", JsonNames.RuleTypes.Select(t => "'" + t + "'"))}.");
        var isEngagement = known == JsonNames.Touchpoints;
        if (isEngagement != (dimension == ScoreDimension.Engagement))
        {
            throw Error(
                typePath,
                isEngagement
                    ? "a 'touchpoints' rule belongs in a group with \"dimension\": \"engagement\"."
                    : $"a '{known}' rule is a fit rule; it cannot be in an engagement group (only 'touchpoints' rules can).");
        }

        return known switch
        {
            JsonNames.OneOf => ReadOneOf(element, path),
            JsonNames.Bands => ReadBands(element, path),
            JsonNames.Boolean => ReadBoolean(element, path),
            JsonNames.Present or JsonNames.Missing => ReadPresence(element, path, known == JsonNames.Present ? AttributePresence.Present : AttributePresence.Missing),
            JsonNames.Predicate => ReadPredicate(element, path),
            _ => ReadTouchpoints(element, path),
        };
    }

    private static ValueInSetRule ReadOneOf(JsonElement element, string path)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "attribute", "values", "points"]);
        var name = rule.RequiredString("name");
        var attribute = rule.RequiredString("attribute");
        var points = rule.RequiredDecimal("points");
        var valuesPath = rule.PathOf("values");
        var values = new List<AttributeValue>();
        var i = 0;
        foreach (var item in ArrayItems(rule.Required("values"), valuesPath))
        {
            values.Add(ReadValue(item, $"{valuesPath}[{i}]"));
            i++;
        }

        return Build(path, () => new ValueInSetRule(name, attribute, values, points));
    }

    private static AttributeValue ReadValue(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return AttributeValue.FromText(element.GetString()!);
            case JsonValueKind.Number:
                return element.TryGetDecimal(out var number)
                    ? AttributeValue.FromNumber(number)
                    : throw Error(path, $"the number {element.GetRawText()} does not fit a decimal.");
            case JsonValueKind.True:
            case JsonValueKind.False:
                return AttributeValue.FromBoolean(element.GetBoolean());
            case JsonValueKind.Object:
                var money = new JsonObjectReader(element, path, MoneyProperties);
                var amount = money.RequiredDecimal("amount");
                var code = money.RequiredString("currency");
                if (!Currency.TryFromCode(code, out var currency))
                {
                    throw Error(money.PathOf("currency"), $"'{code}' is not an ISO 4217 currency code.");
                }

                return AttributeValue.FromMoney(new Money(amount, currency));
            default:
                throw Error(path, $"expected a string, number, boolean or {{\"amount\", \"currency\"}} object; was {Describe(element)}.");
        }
    }

    private static NumericBandsRule ReadBands(JsonElement element, string path)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "attribute", "currency", "bands"]);
        var name = rule.RequiredString("name");
        var attribute = rule.RequiredString("attribute");
        Currency? currency = null;
        if (rule.OptionalString("currency") is { } code)
        {
            currency = Currency.TryFromCode(code, out var c) ? c : throw Error(rule.PathOf("currency"), $"'{code}' is not an ISO 4217 currency code.");
        }

        var bandsPath = rule.PathOf("bands");
        var bands = new List<NumericBand>();
        var i = 0;
        foreach (var item in ArrayItems(rule.Required("bands"), bandsPath))
        {
            var bandPath = $"{bandsPath}[{i}]";
            var band = new JsonObjectReader(item, bandPath, BandProperties);
            var atLeast = band.OptionalDecimal("atLeast");
            var lessThan = band.OptionalDecimal("lessThan");
            var points = band.RequiredDecimal("points");
            bands.Add(Build(bandPath, () => new NumericBand(atLeast, lessThan, points)));
            i++;
        }

        return Build(bandsPath, () => new NumericBandsRule(name, attribute, bands, currency));
    }

    private static BooleanRule ReadBoolean(JsonElement element, string path)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "attribute", "value", "points"]);
        var name = rule.RequiredString("name");
        var attribute = rule.RequiredString("attribute");
        var expected = rule.OptionalBoolean("value") ?? true;
        var points = rule.RequiredDecimal("points");
        return Build(path, () => new BooleanRule(name, attribute, expected, points));
    }

    private static PresenceRule ReadPresence(JsonElement element, string path, AttributePresence presence)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "attribute", "points"]);
        var name = rule.RequiredString("name");
        var attribute = rule.RequiredString("attribute");
        var points = rule.RequiredDecimal("points");
        return Build(path, () => new PresenceRule(name, attribute, presence, points));
    }

    private PredicateRule ReadPredicate(JsonElement element, string path)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "predicate", "points"]);
        var name = rule.RequiredString("name");
        var key = (rule.OptionalString("predicate") ?? name).Trim();
        var points = rule.RequiredDecimal("points");
        if (!_predicates.TryGetValue(key, out var predicate))
        {
            var known = _predicates.Count == 0 ? "none was supplied" : "supplied: " + string.Join(", ", _predicates.Keys.Order(StringComparer.Ordinal));
            throw Error(rule.PathOf("predicate"), $"no predicate is registered under the key '{key}' ({known}); pass it to ScoringModelJson.Parse.");
        }

        return Build(path, () => new PredicateRule(name, predicate, points, key));
    }

    private static EngagementRule ReadTouchpoints(JsonElement element, string path)
    {
        var rule = new JsonObjectReader(element, path, ["name", "type", "kinds", "direction", "points", "halfLife", "window"]);
        var name = rule.RequiredString("name");
        var points = rule.RequiredDecimal("points");
        var kinds = new List<TouchpointKind>();
        if (rule.TryGet("kinds", out var kindsElement))
        {
            var kindsPath = rule.PathOf("kinds");
            var i = 0;
            foreach (var item in ArrayItems(kindsElement, kindsPath))
            {
                var itemPath = $"{kindsPath}[{i}]";
                if (item.ValueKind != JsonValueKind.String || !JsonNames.TryParseEnum<TouchpointKind>(item.GetString()!, out var kind))
                {
                    throw Error(itemPath, $"expected one of {JsonNames.EnumChoices<TouchpointKind>()}; was {Describe(item)}.");
                }

                kinds.Add(kind);
                i++;
            }
        }

        TouchpointDirection? direction = TouchpointDirection.Inbound;
        if (rule.OptionalString("direction") is { } directionText)
        {
            if (string.Equals(directionText.Trim(), JsonNames.AnyDirection, StringComparison.OrdinalIgnoreCase))
            {
                direction = null;
            }
            else if (JsonNames.TryParseEnum<TouchpointDirection>(directionText, out var d))
            {
                direction = d;
            }
            else
            {
                throw Error(rule.PathOf("direction"), $"'{directionText}' is not one of 'inbound', 'outbound', 'any'.");
            }
        }

        var halfLife = ReadDuration(rule, "halfLife");
        var window = ReadDuration(rule, "window");
        var decay = Build(path, () => new EngagementDecay(halfLife, window));
        return Build(path, () => new EngagementRule(name, points, kinds, direction, decay));
    }

    private static Duration? ReadDuration(JsonObjectReader reader, string name)
    {
        if (reader.OptionalString(name) is not { } text)
        {
            return null;
        }

        if (!JsonNames.TryParseDuration(text, out var duration))
        {
            throw Error(reader.PathOf(name), $"'{text}' is not a duration; write a number and a unit d, h, m or s, such as \"14d\", \"36h\", \"90m\" or \"12.5s\" (whole nanoseconds).");
        }

        if (duration <= Duration.Zero)
        {
            throw Error(reader.PathOf(name), $"the duration '{text}' must be greater than zero.");
        }

        return duration;
    }

    private static GradeScale ReadGrades(JsonElement element, string path)
    {
        var thresholds = new List<GradeThreshold>();
        var i = 0;
        foreach (var item in ArrayItems(element, path))
        {
            var gradePath = $"{path}[{i}]";
            var grade = new JsonObjectReader(item, gradePath, GradeProperties);
            var name = grade.RequiredString("name");
            var minimum = grade.OptionalDecimal("minimum");
            var routing = ReadEnum(grade, "routing", LeadRouting.Nurture);
            thresholds.Add(Build(gradePath, () => new GradeThreshold(name, minimum, routing)));
            i++;
        }

        return Build(path, () => new GradeScale(thresholds));
    }

    private static GradeGrid ReadGrid(JsonElement element, string path)
    {
        var grid = new JsonObjectReader(element, path, GridProperties);
        var fit = ReadLevels(grid.Required("fit"), grid.PathOf("fit"));
        var engagement = ReadLevels(grid.Required("engagement"), grid.PathOf("engagement"));
        var sales = ReadLabels(grid, "sendToSales");
        var disqualify = ReadLabels(grid, "disqualify");
        return Build(
            path,
            () => new GradeGrid(fit, engagement, sales, disqualify),
            parameter => parameter switch
            {
                "fitLevels" => grid.PathOf("fit"),
                "engagementLevels" => grid.PathOf("engagement"),
                "sendToSales" or "disqualify" => grid.PathOf(parameter),
                _ => null,
            });

        static List<GridLevel> ReadLevels(JsonElement element, string path)
        {
            var levels = new List<GridLevel>();
            var i = 0;
            foreach (var item in ArrayItems(element, path))
            {
                var levelPath = $"{path}[{i}]";
                var level = new JsonObjectReader(item, levelPath, LevelProperties);
                var label = level.RequiredString("label");
                var minimum = level.OptionalDecimal("minimum");
                levels.Add(Build(levelPath, () => new GridLevel(label, minimum)));
                i++;
            }

            return levels;
        }

        static List<string> ReadLabels(JsonObjectReader grid, string name)
        {
            var labels = new List<string>();
            if (!grid.TryGet(name, out var element))
            {
                return labels;
            }

            var path = grid.PathOf(name);
            var i = 0;
            foreach (var item in ArrayItems(element, path))
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Error($"{path}[{i}]", $"expected a cell label such as \"A1\"; was {Describe(item)}.");
                }

                labels.Add(item.GetString()!);
                i++;
            }

            return labels;
        }
    }

    /// <summary>The properties of one JSON object, matched ignoring case, with unknown and duplicate properties rejected.</summary>
    private readonly struct JsonObjectReader
    {
        private readonly Dictionary<string, (string Name, JsonElement Value)> _properties;
        private readonly string _path;

        internal JsonObjectReader(JsonElement element, string path, string[]? allowed)
        {
            _path = path;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"expected an object; was {Describe(element)}.");
            }

            _properties = new Dictionary<string, (string, JsonElement)>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                if (allowed is not null && !allowed.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    throw Error(
                        $"{path}.{property.Name}",
                        $"unknown property '{property.Name}'; expected {string.Join(", ", allowed.Select(a => "'" + a + "'"))}.");
                }

                if (!_properties.TryAdd(property.Name, (property.Name, property.Value)))
                {
                    throw Error($"{path}.{property.Name}", $"the property '{property.Name}' appears more than once (names are case-insensitive).");
                }
            }
        }

        internal string PathOf(string name) => _properties.TryGetValue(name, out var p) ? $"{_path}.{p.Name}" : $"{_path}.{name}";

        internal bool TryGet(string name, out JsonElement value)
        {
            if (_properties.TryGetValue(name, out var p) && p.Value.ValueKind != JsonValueKind.Null)
            {
                value = p.Value;
                return true;
            }

            value = default;
            return false;
        }

        internal JsonElement Required(string name) =>
            TryGet(name, out var value) ? value : throw Error(PathOf(name), $"the required property '{name}' is missing.");

        internal string RequiredString(string name) =>
            OptionalString(name) ?? throw Error(PathOf(name), $"the required property '{name}' is missing.");

        internal string? OptionalString(string name)
        {
            if (!TryGet(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Error(PathOf(name), $"expected a non-empty string; was {Describe(value)}.");
            }

            return value.GetString();
        }

        internal decimal RequiredDecimal(string name) =>
            OptionalDecimal(name) ?? throw Error(PathOf(name), $"the required property '{name}' is missing.");

        internal decimal? OptionalDecimal(string name)
        {
            if (!TryGet(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                throw Error(PathOf(name), $"expected a number; was {Describe(value)}.");
            }

            return value.TryGetDecimal(out var number)
                ? number
                : throw Error(PathOf(name), string.Create(CultureInfo.InvariantCulture, $"the number {value.GetRawText()} does not fit a decimal."));
        }

        internal bool? OptionalBoolean(string name)
        {
            if (!TryGet(name, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(PathOf(name), $"expected true or false; was {Describe(value)}."),
            };
        }
    }
}
