using NodaTime;

namespace LeadMetrics;

/// <summary>One interaction with a lead: when, through which channel and campaign, of which kind and direction, by whom.</summary>
public sealed record Touchpoint
{
    /// <summary>Creates a validated touchpoint.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="channel">The channel (website, paid search, LinkedIn, partner, ...); must not be empty.</param>
    /// <param name="kind">The kind of interaction.</param>
    /// <param name="direction">Inbound (from the lead) or outbound (from the business).</param>
    /// <param name="campaign">The campaign, if known.</param>
    /// <param name="actor">The rep who acted, if any.</param>
    /// <exception cref="ArgumentException">An argument is empty, default or undefined; the message names it.</exception>
    public Touchpoint(
        LeadId lead,
        Instant at,
        string channel,
        TouchpointKind kind,
        TouchpointDirection direction,
        string? campaign = null,
        string? actor = null)
    {
        Lead = LeadId.CheckValid(lead, nameof(lead));
        At = Preconditions.CheckNotDefault(at);
        Channel = Preconditions.CheckNotNullOrWhiteSpace(channel);
        Kind = Preconditions.CheckDefined(kind);
        Direction = Preconditions.CheckDefined(direction);
        Campaign = string.IsNullOrWhiteSpace(campaign) ? null : campaign;
        Actor = string.IsNullOrWhiteSpace(actor) ? null : actor;
    }

    /// <summary>The lead.</summary>
    public LeadId Lead { get; }

    /// <summary>When it happened.</summary>
    public Instant At { get; }

    /// <summary>The channel.</summary>
    public string Channel { get; }

    /// <summary>The campaign, or null.</summary>
    public string? Campaign { get; }

    /// <summary>The kind of interaction.</summary>
    public TouchpointKind Kind { get; }

    /// <summary>Inbound or outbound.</summary>
    public TouchpointDirection Direction { get; }

    /// <summary>The rep who acted, or null.</summary>
    public string? Actor { get; }
}
