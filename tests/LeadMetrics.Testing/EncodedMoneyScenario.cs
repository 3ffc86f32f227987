using System.Collections.Immutable;
using LeadMetrics.Attribution;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Records;

namespace LeadMetrics.Testing;

/// <summary>
/// A <see cref="MoneyScenario"/> encoded for the streaming calculators: lead records, cost events,
/// revenue events and journeys. Touchpoint channels are encoded with the source encoder so that a
/// channel and the source of a cost with the same name get the same id.
/// </summary>
public sealed class EncodedMoneyScenario
{
    private EncodedMoneyScenario(MoneyScenario scenario)
    {
        Scenario = scenario;
        Encoding = new LeadEncoding();
        Leads = [.. scenario.Leads.Select(l => LeadRecord.FromLead(l, Encoding))];
        Costs = [.. scenario.Costs.Select(c => new CostEvent(
            Encoding.Sources.Encode(c.Source), c.Interval.Start, c.Interval.End, c.Amount, c.Category, Encoding.Campaigns.Encode(c.Campaign)))];
        Revenue = [.. scenario.Revenue.Select(r => new RevenueEvent(Encoding.Leads.Encode(r.Lead.Value), r.At, r.Amount))];
        var touches = scenario.Touchpoints
            .Select(t => new TouchpointEvent(
                Encoding.Leads.Encode(t.Lead.Value), t.At, Encoding.Sources.Encode(t.Channel), t.Kind, t.Direction,
                Encoding.Campaigns.Encode(t.Campaign), Encoding.Owners.Encode(t.Actor)))
            .ToLookup(t => t.Lead);
        var revenueByLead = scenario.Revenue.GroupBy(r => r.Lead).ToDictionary(g => g.Key, g => g.ToArray());
        Journeys = [.. scenario.Leads.Select((l, i) =>
        {
            Money? realized = revenueByLead.TryGetValue(l.Id, out var entries) && entries.All(e => e.Amount.Currency == Currency.Usd)
                ? new Money(entries.Sum(e => e.Amount.Amount), Currency.Usd)
                : null;
            return new LeadJourney(Leads[i], touches[Leads[i].Lead].ToArray(), realized);
        })];
    }

    /// <summary>The domain objects.</summary>
    public MoneyScenario Scenario { get; }

    /// <summary>The encoders.</summary>
    public LeadEncoding Encoding { get; }

    /// <summary>The lead records, in the scenario's order.</summary>
    public ImmutableArray<LeadRecord> Leads { get; }

    /// <summary>The cost events.</summary>
    public ImmutableArray<CostEvent> Costs { get; }

    /// <summary>The revenue events.</summary>
    public ImmutableArray<RevenueEvent> Revenue { get; }

    /// <summary>One journey per lead: its record, touchpoints and realized revenue (the sum of its USD revenue; null when it has none or any is in another currency).</summary>
    public ImmutableArray<LeadJourney> Journeys { get; }

    /// <summary>Encodes a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The encoded scenario.</returns>
    public static EncodedMoneyScenario Encode(MoneyScenario scenario) => new(scenario);
}
