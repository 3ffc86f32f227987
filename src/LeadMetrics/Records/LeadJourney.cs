using LeadMetrics.Events;

namespace LeadMetrics.Records;

/// <summary>
/// One lead with its touchpoints and, optionally, its realized revenue: the unit an
/// <see cref="Attribution.AttributionCalculator"/> ingests. The touchpoints may come in any order and may be a
/// slice of a buffer you reuse: the calculator reads them during <c>Add</c> and never keeps them.
/// </summary>
public readonly struct LeadJourney
{
    /// <summary>Creates a journey.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">The lead's touchpoints, in any order; each must name the same lead key.</param>
    /// <param name="realizedRevenue">The lead's realized revenue (payments less refunds), or null.</param>
    public LeadJourney(LeadRecord lead, ReadOnlyMemory<TouchpointEvent> touchpoints, Money? realizedRevenue = null)
    {
        if (realizedRevenue is { } revenue && revenue.Currency.IsDefault)
        {
            throw new ArgumentException("realizedRevenue must carry a currency; default(Money) has none.", nameof(realizedRevenue));
        }

        Lead = lead;
        Touchpoints = touchpoints;
        RealizedRevenue = realizedRevenue;
    }

    /// <summary>The lead.</summary>
    public LeadRecord Lead { get; }

    /// <summary>The lead's touchpoints.</summary>
    public ReadOnlyMemory<TouchpointEvent> Touchpoints { get; }

    /// <summary>The lead's realized revenue, or null.</summary>
    public Money? RealizedRevenue { get; }
}
