using NodaTime;

namespace LeadMetrics.Events;

/// <summary>The value-type, encoded form of a <see cref="Touchpoint"/>.</summary>
public readonly struct TouchpointEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="lead">The dense lead key (1 or more).</param>
    /// <param name="at">When it happened.</param>
    /// <param name="channel">The channel id.</param>
    /// <param name="kind">The kind of interaction.</param>
    /// <param name="direction">Inbound or outbound; the first outbound touchpoint is the first response.</param>
    /// <param name="campaign">The campaign id (0 = none).</param>
    /// <param name="actor">The acting rep's owner id (0 = none).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public TouchpointEvent(int lead, Instant at, int channel, TouchpointKind kind, TouchpointDirection direction, int campaign = 0, int actor = 0)
    {
        Lead = EventChecks.Key(lead, nameof(lead));
        At = EventChecks.At(at, nameof(at));
        Channel = EventChecks.Id(channel, nameof(channel));
        Kind = Preconditions.CheckDefined(kind);
        Direction = Preconditions.CheckDefined(direction);
        Campaign = EventChecks.Id(campaign, nameof(campaign));
        Actor = EventChecks.Id(actor, nameof(actor));
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>When it happened.</summary>
    public Instant At { get; }

    /// <summary>The channel id.</summary>
    public int Channel { get; }

    /// <summary>The kind of interaction.</summary>
    public TouchpointKind Kind { get; }

    /// <summary>Inbound or outbound.</summary>
    public TouchpointDirection Direction { get; }

    /// <summary>The campaign id.</summary>
    public int Campaign { get; }

    /// <summary>The acting rep's id.</summary>
    public int Actor { get; }
}
