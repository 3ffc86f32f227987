using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Model;

public class GeneratorTests
{
    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Generated_leads_are_consistent(Lead lead) =>
        (lead.FirstResponseAt is null || lead.FirstResponseAt >= lead.CreatedAt).Label("first response not before creation")
            .And((lead.ClosedAt is null || lead.ClosedAt >= lead.CreatedAt).Label("closed not before creation"))
            .And((lead.FurthestFunnelPosition >= 0).Label("furthest position not negative"))
            .And((lead.FurthestFunnelPosition < lead.Pipeline.FunnelLength).Label("furthest position within the funnel"))
            .And((lead.Outcome != LeadOutcome.Won || lead.FurthestFunnelPosition == lead.Pipeline.OpenStageCount).Label("a won lead reached the won position"));

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Generated_costs_are_not_negative(CostEntry cost) =>
        (cost.Amount.Amount >= 0m).Label("amount not negative").And((cost.Interval.Length >= 1).Label("interval of at least a day"));

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Generated_touchpoints_have_a_channel(Touchpoint touchpoint) => !string.IsNullOrWhiteSpace(touchpoint.Channel);

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Generated_lead_sets_have_distinct_ids(Lead[] leads) =>
        (leads.Select(l => l.Id).Distinct().Count() == leads.Length).ToProperty();
}
