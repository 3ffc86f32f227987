using System.Text.Json;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using NodaTime;

namespace LeadMetrics.Tests.Scoring;

public class ScoringModelJsonTests
{
    private const string Valid = """
        {
          "name": "m",
          "groups": [
            { "name": "g", "rules": [ { "name": "size", "type": "bands", "attribute": "company_size", "bands": [ { "lessThan": 10, "points": 1 }, { "atLeast": 10, "points": 2 } ] } ] },
            { "name": "e", "dimension": "engagement", "rules": [ { "name": "calls", "type": "touchpoints", "kinds": ["call"], "points": 3, "halfLife": "36h" } ] }
          ]
        }
        """;

    [Fact]
    public void The_sample_model_file_is_the_worked_example()
    {
        var fromFile = ScoringModelJson.Parse(File.ReadAllText(RepositoryFiles.SampleModelPath));

        Assert.Equal(ScoringModelJson.Serialize(WorkedExample.Model), ScoringModelJson.Serialize(fromFile));
    }

    [Fact]
    public void Loading_from_a_stream_reads_utf8()
    {
        using var stream = File.OpenRead(RepositoryFiles.SampleModelPath);

        var model = ScoringModelJson.Load(stream);

        Assert.Equal("icp-b2b", model.Name);
        Assert.Equal(8, model.RuleCount);
    }

    [Fact]
    public void Every_rule_type_and_option_is_read()
    {
        var json = """
            {
              "Name": "all",
              "Groups": [
                { "Name": "fit", "Minimum": -5, "Maximum": 50, "Rules": [
                  { "Name": "values", "Type": "OneOf", "Attribute": "a", "Values": ["x", 2.50, true, { "amount": 100, "currency": "eur" }], "Points": 1.25 },
                  { "name": "budget", "type": "bands", "attribute": "budget", "currency": "USD", "bands": [ { "atLeast": 1000, "points": 5 } ] },
                  { "name": "no budget", "type": "boolean", "attribute": "has_budget", "value": false, "points": -3 },
                  { "name": "vip", "type": "predicate", "predicate": "VIP", "points": 30 },
                  { "name": "phone", "type": "present", "attribute": "phone", "points": 2 },
                  { "name": "no email", "type": "missing", "attribute": "email", "points": -2 },
                ] },
                { "name": "eng", "dimension": "ENGAGEMENT", "rules": [
                  { "name": "outbound any", "type": "touchpoints", "direction": "outbound", "points": 1, "halfLife": "90m", "window": "12.5s" },
                  { "name": "all", "type": "touchpoints", "direction": "any", "kinds": ["adClick", "chat"], "points": 2 },
                ] },
              ],
              "fit": { "maximum": 60 },
              "engagement": { "minimum": 0 },
              "grades": [ { "name": "Top", "minimum": 10, "routing": "SENDTOSALES" }, { "name": "Rest" } ],
            }
            """;
        Func<Lead, bool> vip = lead => lead.Owner == "ceo";

        var model = ScoringModelJson.Parse(json, new Dictionary<string, Func<Lead, bool>> { ["vip"] = vip });

        var values = Assert.IsType<ValueInSetRule>(model.Groups[0].Rules[0]);
        Assert.Equal(4, values.Values.Length);
        Assert.True(values.Values[0] == AttributeValue.FromText("x"));
        Assert.True(values.Values[1] == AttributeValue.FromNumber(2.5m)); // equal by value: 2.50 == 2.5
        Assert.True(values.Values[2] == AttributeValue.FromBoolean(true));
        Assert.True(values.Values[3] == AttributeValue.FromMoney(new Money(100m, "EUR")));
        Assert.Equal(1.25m, values.Points);
        Assert.Equal(Currency.Usd, Assert.IsType<NumericBandsRule>(model.Groups[0].Rules[1]).Currency);
        Assert.False(Assert.IsType<BooleanRule>(model.Groups[0].Rules[2]).Expected);
        Assert.Same(vip, Assert.IsType<PredicateRule>(model.Groups[0].Rules[3]).Predicate);
        Assert.Equal(AttributePresence.Missing, Assert.IsType<PresenceRule>(model.Groups[0].Rules[5]).Presence);
        Assert.Equal(new ScoreBounds(-5, 50), model.Groups[0].Bounds);
        var outbound = Assert.IsType<EngagementRule>(model.Groups[1].Rules[0]);
        Assert.Equal(TouchpointDirection.Outbound, outbound.Direction);
        Assert.Empty(outbound.Kinds);
        Assert.Equal(new EngagementDecay(Duration.FromMinutes(90), Duration.FromMilliseconds(12_500)), outbound.Decay);
        var all = Assert.IsType<EngagementRule>(model.Groups[1].Rules[1]);
        Assert.Null(all.Direction);
        Assert.Equal([TouchpointKind.Chat, TouchpointKind.AdClick], all.Kinds.ToArray());
        Assert.Equal(ScoreBounds.AtMost(60), model.FitBounds);
        Assert.Equal(ScoreBounds.AtLeast(0), model.EngagementBounds);
        Assert.True(model.TotalBounds.IsUnbounded);
        Assert.Equal(LeadRouting.SendToSales, model.Grades.Grades[0].Routing);
        Assert.Equal(LeadRouting.Nurture, model.Grades.Grades[1].Routing);
        Assert.Null(model.Grid);
    }

    [Fact]
    public void Written_json_names_durations_in_the_largest_exact_unit()
    {
        var model = ScoringModel.CreateBuilder("d")
            .EngagementGroup("e", g => g
                .Touchpoints("days", 1, TouchpointKind.Form, EngagementDecay.FromHalfLife(Duration.FromDays(14)))
                .Touchpoints("hours", 1, TouchpointKind.Form, EngagementDecay.FromHalfLife(Duration.FromHours(36)))
                .Touchpoints("minutes", 1, TouchpointKind.Form, EngagementDecay.FromWindow(Duration.FromMinutes(90)))
                .Touchpoints("seconds", 1, TouchpointKind.Form, EngagementDecay.FromWindow(Duration.FromMilliseconds(12_500))))
            .Build();

        var json = ScoringModelJson.Serialize(model);

        Assert.Contains("\"halfLife\": \"14d\"", json, StringComparison.Ordinal);
        Assert.Contains("\"halfLife\": \"36h\"", json, StringComparison.Ordinal);
        Assert.Contains("\"window\": \"90m\"", json, StringComparison.Ordinal);
        Assert.Contains("\"window\": \"12.5s\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"groups": []}""", "$.name", "the required property 'name' is missing")]
    [InlineData("""{"name": "m", "groups": [], "grads": []}""", "$.grads", "unknown property 'grads'")]
    [InlineData("""{"name": "m", "groups": {}}""", "$.groups", "expected an array")]
    [InlineData("""{"name": "m", "name": "n", "groups": []}""", "$.name", "appears more than once")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "mood", "rules": []}]}""", "$.groups[0].dimension", "'mood' is not one of 'fit', 'engagement'")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "regex", "points": 1}]}]}""", "$.groups[0].rules[0].type", "unknown rule type 'regex'")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "boolean", "attribute": "a", "points": "ten"}]}]}""", "$.groups[0].rules[0].points", "expected a number")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "bands", "attribute": "a", "bands": [{"atLeast": 1, "lessThan": 11, "points": 0}, {"atLeast": 10, "points": 5}]}]}]}""", "$.groups[0].rules[0].bands", "overlap: [1, 11) and [10, +inf)")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "bands", "attribute": "a", "bands": [{"atLeast": 1, "points": 0}, {"atLeast": 20, "lessThan": 20, "points": 5}]}]}]}""", "$.groups[0].rules[0].bands[1]", "atLeast must be less than lessThan")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "bands", "attribute": "a", "bands": [{"points": 1, "atMost": 3}]}]}]}""", "$.groups[0].rules[0].bands[0].atMost", "unknown property 'atMost'")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "oneOf", "attribute": "a", "values": ["x", null], "points": 1}]}]}""", "$.groups[0].rules[0].values[1]", "was null")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "oneOf", "attribute": "a", "values": [{"amount": 1, "currency": "XYZ"}], "points": 1}]}]}""", "$.groups[0].rules[0].values[0].currency", "'XYZ' is not an ISO 4217")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "predicate", "predicate": "vip", "points": 1}]}]}""", "$.groups[0].rules[0].predicate", "no predicate is registered under the key 'vip' (none was supplied)")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "touchpoints", "points": 1}]}]}""", "$.groups[0].rules[0].type", "belongs in a group with \"dimension\": \"engagement\"")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "engagement", "rules": [{"name": "r", "type": "present", "attribute": "a", "points": 1}]}]}""", "$.groups[0].rules[0].type", "cannot be in an engagement group")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "engagement", "rules": [{"name": "r", "type": "touchpoints", "points": 1, "halfLife": "2 weeks"}]}]}""", "$.groups[0].rules[0].halfLife", "'2 weeks' is not a duration")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "engagement", "rules": [{"name": "r", "type": "touchpoints", "points": 1, "window": "0d"}]}]}""", "$.groups[0].rules[0].window", "must be greater than zero")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "engagement", "rules": [{"name": "r", "type": "touchpoints", "points": 1, "kinds": ["fax"]}]}]}""", "$.groups[0].rules[0].kinds[0]", "expected one of 'other', 'form'")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "dimension": "engagement", "rules": [{"name": "r", "type": "touchpoints", "points": 1, "direction": "sideways"}]}]}""", "$.groups[0].rules[0].direction", "'sideways' is not one of 'inbound', 'outbound', 'any'")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "minimum": 5, "maximum": 1, "rules": []}]}""", "$.groups[0]", "minimum must not be greater than maximum")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": [{"name": "r", "type": "present", "attribute": "a", "points": 1}]}, {"name": "h", "rules": [{"name": "R", "type": "missing", "attribute": "a", "points": 1}]}]}""", "$.groups[1].rules[0].name", "the rule name 'R' is already used at $.groups[0].rules[0].name")]
    [InlineData("""{"name": "m", "groups": [{"name": "g", "rules": []}, {"name": "G", "rules": []}]}""", "$", "the group name 'G' appears more than once")]
    [InlineData("""{"name": "m", "groups": [], "grades": [{"name": "Hot", "minimum": 50}, {"name": "Warm", "minimum": 20}]}""", "$.grades", "needs one grade without a minimum score")]
    [InlineData("""{"name": "m", "groups": [], "grades": [{"name": "Hot", "minimum": 50, "routing": "call"}, {"name": "Cold"}]}""", "$.grades[0].routing", "'call' is not one of 'nurture', 'sendToSales', 'disqualify'")]
    [InlineData("""{"name": "m", "groups": [], "grid": {"fit": [{"label": "A"}], "engagement": [{"label": "1"}], "sendToSales": ["B1"]}}""", "$.grid.sendToSales", "sendToSales[0] 'B1' is not a cell of the grid; cells are A1")]
    [InlineData("""{"name": "m", "groups": [], "grid": {"fit": [{"label": "A", "minimum": 1}], "engagement": [{"label": "1"}]}}""", "$.grid.fit", "needs one level without a minimum score")]
    public void Invalid_models_fail_with_the_path_of_the_bad_element(string json, string path, string message)
    {
        var ex = Assert.Throws<JsonException>(() => ScoringModelJson.Parse(json));

        Assert.Equal(path, ex.Path);
        Assert.StartsWith($"Invalid scoring model at {path}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_error_message_is_the_real_one()
    {
        var json = """{"name": "m", "groups": [{"name": "g", "rules": [{"name": "company size", "type": "bands", "attribute": "company_size", "bands": [{"atLeast": 1, "lessThan": 11, "points": 0}, {"atLeast": 10, "points": 5}]}]}]}""";

        var ex = Assert.Throws<JsonException>(() => ScoringModelJson.Parse(json));

        Assert.Equal("Invalid scoring model at $.groups[0].rules[0].bands: bands of rule 'company size' overlap: [1, 11) and [10, +inf).", ex.Message);
    }

    [Fact]
    public void Malformed_json_fails_with_its_position()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => ScoringModelJson.Parse("{\"name\": \"m\",\n \"groups\": [ }"));

        Assert.Equal(1, ex.LineNumber);
    }

    [Fact]
    public void A_predicate_rule_is_written_by_its_key_and_read_back_with_a_registered_predicate()
    {
        Func<Lead, bool> big = lead => lead.GetAttribute("company_size") is { Kind: AttributeKind.Number } n && n.Number > 1000;
        var model = ScoringModel.CreateBuilder("p").FitGroup("g", g => g.Where("big company", big, 12, "big")).Build();

        var json = ScoringModelJson.Serialize(model, indented: false);
        var back = ScoringModelJson.Parse(json, new Dictionary<string, Func<Lead, bool>> { ["BIG"] = big });

        Assert.Contains("\"predicate\":\"big\"", json, StringComparison.Ordinal);
        Assert.Same(big, Assert.IsType<PredicateRule>(back.Groups[0].Rules[0]).Predicate);
        Assert.Equal("$.groups[0].rules[0].predicate", Assert.Throws<JsonException>(() => ScoringModelJson.Parse(json)).Path);
    }

    [Fact]
    public void Non_ascii_text_is_written_readably_and_read_back()
    {
        var model = ScoringModel.CreateBuilder("ישראל").FitGroup("g", g => g.ValueIs("תעשייה", "industry", "תוכנה", 5)).Build();

        var json = ScoringModelJson.Serialize(model);

        Assert.Contains("\"values\": [\n            \"תוכנה\"", json, StringComparison.Ordinal);
        Assert.Equal(json, ScoringModelJson.Serialize(ScoringModelJson.Parse(System.Text.Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void Valid_minimal_model_parses()
    {
        var model = ScoringModelJson.Parse(Valid);

        Assert.Equal(2, model.RuleCount);
        Assert.Same(GradeScale.Default.Grades[0].Name, model.Grades.Grades[0].Name);
    }
}
