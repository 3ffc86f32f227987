using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Model;

public class GeneratorTests
{
    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Generated_leads_are_consistent(Lead lead) =>
        (lead.FirstResponseAt is null || lead.FirstResponseAt >= lead.CreatedAt)
        && (lead.ClosedAt is null || lead.ClosedAt >= lead.CreatedAt)
        && lead.FurthestFunnelPosition >= 0
        && lead.FurthestFunnelPosition < lead.Pipeline.FunnelLength
        && (lead.Outcome != LeadOutcome.Won || lead.FurthestFunnelPosition == lead.Pipeline.OpenStageCount);

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Generated_costs_are_not_negative(CostEntry cost) => cost.Amount.Amount >= 0m && cost.Interval.Length >= 1;

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Generated_touchpoints_have_a_channel(Touchpoint touchpoint) => !string.IsNullOrWhiteSpace(touchpoint.Channel);

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Generated_lead_sets_have_distinct_ids(Lead[] leads) =>
        (leads.Select(l => l.Id).Distinct().Count() == leads.Length).ToProperty();
}
