using LeadMetrics.Scoring;
using NodaTime;

namespace LeadMetrics.Tests.Scoring;

public class RuleTests
{
    private static readonly Instant Created = Instant.FromUtc(2024, 3, 1, 9, 0);

    private static Lead With(params (string Name, AttributeValue Value)[] attributes) =>
        new(new LeadId("L-9"), Created, attributes: attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)));

    [Fact]
    public void Value_in_set_ignores_case_and_surrounding_space_of_text_and_scale_of_numbers()
    {
        var industry = new ValueInSetRule("industry", "industry", ["software", "fintech"], 15);
        var size = new ValueInSetRule("size", "size", 10m, 3);

        Assert.True(industry.TryEvaluate(With(("Industry", " SOFTWARE ")), out var points));
        Assert.Equal(15m, points);
        Assert.False(industry.TryEvaluate(With(("industry", "retail")), out _));
        Assert.False(industry.TryEvaluate(With(), out _));
        Assert.False(industry.TryEvaluate(With(("industry", 1)), out _));
        Assert.True(size.TryEvaluate(With(("size", 10.00m)), out _));
        Assert.False(size.TryEvaluate(With(("size", "10")), out _));
    }

    [Fact]
    public void Value_in_set_drops_duplicates_and_rejects_missing_and_empty_sets()
    {
        Assert.Equal(2, new ValueInSetRule("r", "a", ["x", "X ", "y"], 1).Values.Length);
        var missing = Assert.Throws<ArgumentException>(() => new ValueInSetRule("r", "a", ["x", AttributeValue.Missing], 1));
        Assert.Equal("values", missing.ParamName);
        Assert.Contains("values[1] of rule 'r' is missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("must hold at least one value", Assert.Throws<ArgumentException>(() => new ValueInSetRule("r", "a", Array.Empty<AttributeValue>(), 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_bands_are_half_open_and_sorted()
    {
        var rule = new NumericBandsRule("size", "company_size", [NumericBand.From(201, 20), new NumericBand(11, 201, 10), new NumericBand(1, 11, 0)]);

        Assert.Equal([1m, 11m, 201m], rule.Bands.Select(b => b.AtLeast!.Value).ToArray());
        Assert.True(rule.TryEvaluate(With(("company_size", 10.99m)), out var small));
        Assert.Equal(0m, small);
        Assert.True(rule.TryEvaluate(With(("company_size", 11)), out var mid));
        Assert.Equal(10m, mid);
        Assert.True(rule.TryEvaluate(With(("company_size", 200.5m)), out mid));
        Assert.Equal(10m, mid);
        Assert.True(rule.TryEvaluate(With(("company_size", 201)), out var big));
        Assert.Equal(20m, big);
        Assert.False(rule.TryEvaluate(With(("company_size", 0)), out _));
        Assert.False(rule.TryEvaluate(With(("company_size", "200")), out _));
    }

    [Fact]
    public void Money_bands_read_money_of_their_currency_only()
    {
        var rule = new NumericBandsRule("budget", "budget", [NumericBand.From(10_000, 25)], Currency.Usd);

        Assert.True(rule.TryEvaluate(With(("budget", new Money(12_000, "USD"))), out var points));
        Assert.Equal(25m, points);
        Assert.False(rule.TryEvaluate(With(("budget", new Money(12_000, "EUR"))), out _));
        Assert.False(rule.TryEvaluate(With(("budget", 12_000)), out _));
    }

    [Fact]
    public void Overlapping_or_empty_bands_are_rejected_with_both_ranges()
    {
        var overlap = Assert.Throws<ArgumentException>(() => new NumericBandsRule("r", "a", [NumericBand.Below(10, 1), NumericBand.Below(5, 2)]));
        Assert.Contains("bands of rule 'r' overlap: (-inf, 5) and (-inf, 10)", overlap.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => new NumericBand(5, 5, 1));
        Assert.Equal("atLeast", empty.ParamName);
        Assert.Contains("was atLeast 5 and lessThan 5", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boolean_rule_fires_on_the_expected_value_only()
    {
        var noBudget = new BooleanRule("no budget", "has_budget", false, -10);

        Assert.True(noBudget.TryEvaluate(With(("has_budget", false)), out var points));
        Assert.Equal(-10m, points);
        Assert.False(noBudget.TryEvaluate(With(("has_budget", true)), out _));
        Assert.False(noBudget.TryEvaluate(With(), out _));
    }

    [Fact]
    public void Presence_treats_blank_text_as_missing()
    {
        var present = new PresenceRule("phone", "phone", AttributePresence.Present, 5);
        var missing = new PresenceRule("no phone", "phone", AttributePresence.Missing, -5);

        Assert.True(present.TryEvaluate(With(("phone", "+1 555")), out _));
        Assert.True(present.TryEvaluate(With(("phone", 0)), out _));
        Assert.False(present.TryEvaluate(With(("phone", "  ")), out _));
        Assert.True(missing.TryEvaluate(With(("phone", "  ")), out _));
        Assert.True(missing.TryEvaluate(With(), out var points));
        Assert.Equal(-5m, points);
    }

    [Fact]
    public void Predicate_rule_calls_the_predicate_and_defaults_its_key_to_its_name()
    {
        var rule = new PredicateRule(" from LinkedIn ", lead => lead.Source == "linkedin", 7);
        var lead = new Lead(new LeadId("L-1"), Created, source: "linkedin");

        Assert.Equal("from LinkedIn", rule.PredicateKey);
        Assert.True(rule.TryEvaluate(lead, out var points));
        Assert.Equal(7m, points);
    }

    [Fact]
    public void Engagement_decay_and_rule_arguments_are_checked()
    {
        Assert.Equal("halfLife", Assert.Throws<ArgumentOutOfRangeException>(() => EngagementDecay.FromHalfLife(Duration.Zero)).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => EngagementDecay.FromWindow(-Duration.FromDays(1))).ParamName);
        Assert.Equal("kinds", Assert.Throws<ArgumentOutOfRangeException>(() => new EngagementRule("r", 1, [(TouchpointKind)99])).ParamName);
    }

    [Fact]
    public void Groups_and_models_reject_mixed_dimensions_and_repeated_names()
    {
        var fit = new PresenceRule("r", "a", AttributePresence.Present, 1);
        var engagement = new EngagementRule("e", 1);

        Assert.Contains("'e' is a Engagement rule but group 'g' is a Fit group", Assert.Throws<ArgumentException>(() => new RuleGroup("g", ScoreDimension.Fit, [fit, engagement])).Message, StringComparison.Ordinal);
        Assert.Contains("the rule name 'R' appears more than once", Assert.Throws<ArgumentException>(() => new RuleGroup("g", ScoreDimension.Fit, [fit, new BooleanRule("R", "b", true, 1)])).Message, StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new ScoringModel("m", [new RuleGroup("g", ScoreDimension.Fit, [fit]), new RuleGroup("h", ScoreDimension.Fit, [new BooleanRule("r", "b", true, 1)])]));
        Assert.Contains("groups[1] 'h': the rule name 'r' is already used in model 'm'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_clamp_and_reject_a_minimum_above_the_maximum()
    {
        Assert.Equal(40m, ScoreBounds.AtMost(40).Clamp(45));
        Assert.Equal(0m, ScoreBounds.AtLeast(0).Clamp(-3));
        Assert.Equal(7m, ScoreBounds.Unbounded.Clamp(7));
        Assert.Equal("[0, 100]", ScoreBounds.Between(0, 100).ToString());
        Assert.Contains("was minimum 5 and maximum 1", Assert.Throws<ArgumentException>(() => ScoreBounds.Between(5, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_scale_orders_grades_and_needs_exactly_one_catch_all()
    {
        var scale = new GradeScale([new("Cold", null, LeadRouting.Nurture), new("Hot", 70, LeadRouting.SendToSales), new("Warm", 40, LeadRouting.Nurture)]);

        Assert.Equal(["Hot", "Warm", "Cold"], scale.Grades.Select(g => g.Name).ToArray());
        Assert.Equal("Hot", scale.Classify(70).Name);
        Assert.Equal("Warm", scale.Classify(69.99m).Name);
        Assert.Equal("Cold", scale.Classify(-1000).Name);
        Assert.True(scale.TryGetGrade("warm", out var warm));
        Assert.Equal(1, warm.Rank);
        Assert.Contains("exactly one grade (the lowest) has none", Assert.Throws<ArgumentException>(() => new GradeScale([new("A", null, LeadRouting.Nurture), new("B", null, LeadRouting.Nurture)])).Message, StringComparison.Ordinal);
        Assert.Contains("the minimum score 5 is used by another grade", Assert.Throws<ArgumentException>(() => new GradeScale([new("A", 5, LeadRouting.Nurture), new("B", 5, LeadRouting.Nurture), new("C", null, LeadRouting.Nurture)])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_grid_routes_a1_to_sales_and_d4_to_disqualify()
    {
        var grid = GradeGrid.Default;

        Assert.Equal(16, grid.Cells.Length);
        Assert.Equal("A1", grid.Classify(60, 30).Label);
        Assert.Equal(LeadRouting.SendToSales, grid.Classify(60, 30).Routing);
        Assert.Equal("B3", grid.Classify(59.5m, 5).Label);
        Assert.Equal(LeadRouting.Nurture, grid.Classify(59.5m, 5).Routing);
        Assert.Equal(LeadRouting.Disqualify, grid.Classify(-5, 0).Routing);
        Assert.True(grid.TryGetCell("b1", out var b1));
        Assert.Equal(LeadRouting.SendToSales, b1.Routing);
    }
}
