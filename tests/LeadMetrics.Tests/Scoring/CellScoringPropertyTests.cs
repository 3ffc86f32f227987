using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Scoring;
using LeadMetrics.Testing;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

/// <summary>
/// Issue 14, --scoring on the columnar path: a lead scored from its cells (ScoringCore.ScoreCells: attribute values by
/// name, touchpoints as kind, direction and instant) gets the score LeadScorer gives the Lead of those cells.
/// </summary>
public class CellScoringPropertyTests
{
    /// <summary>A lead's attributes by name, any case, as a Lead holds them.</summary>
    private readonly struct LeadCells(Lead lead) : IAttributeCells
    {
        public AttributeValue Get(string name) => lead.GetAttribute(name);
    }

    /// <summary>The same attributes from a plain dictionary of their own (no Lead behind the lookup).</summary>
    private readonly struct DictionaryCells(Dictionary<string, AttributeValue> values) : IAttributeCells
    {
        public AttributeValue Get(string name) => values.TryGetValue(name, out var v) ? v : AttributeValue.Missing;
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 300)]
    public Property Cells_score_as_the_lead_of_those_cells(ScoringModel model, ScoringCase c)
    {
        if (!ScoringCore.ScoresCells(model))
        {
            // A predicate rule reads a whole lead: such a model is scored from a Lead (ScoresCells says so).
            return true.Label("model with a predicate rule");
        }

        var expected = new LeadScorer(model, new FakeClock(c.AsOf)).Score(c.Lead, c.Touchpoints, c.AsOf);
        var touchpoints = c.Touchpoints.Select(t => new TouchpointCell(t.Kind, t.Direction, t.At)).ToArray();
        var fromLead = ScoringCore.ScoreCells(model, new LeadCells(c.Lead), touchpoints, c.AsOf);
        var fromDictionary = ScoringCore.ScoreCells(
            model, new DictionaryCells(new Dictionary<string, AttributeValue>(c.Lead.Attributes, StringComparer.OrdinalIgnoreCase)), touchpoints, c.AsOf);
        return Same(expected, fromLead).Label("cells read through the lead")
            .And(Same(expected, fromDictionary).Label("cells read from a dictionary"));
    }

    [Property(Arbitrary = [typeof(ScoringPropertyArbitraries)], MaxTest = 100)]
    public Property Models_without_predicate_rules_score_cells(ScoringModel model) =>
        (ScoringCore.ScoresCells(model) == model.Groups.SelectMany(g => g.Rules).All(r => r is not PredicateRule)).ToProperty();

    private static bool Same(LeadScore a, LeadScore b) =>
        a.Fit == b.Fit && a.Engagement == b.Engagement && a.Total == b.Total && a.Grade == b.Grade && a.Cell == b.Cell && a.Routing == b.Routing;
}
