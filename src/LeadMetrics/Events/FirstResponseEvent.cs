using NodaTime;

namespace LeadMetrics.Events;

/// <summary>An explicit first response to a lead (when the source system records it rather than touchpoints).</summary>
public readonly struct FirstResponseEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="lead">The dense lead key (1 or more).</param>
    /// <param name="at">When the business first responded.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public FirstResponseEvent(int lead, Instant at)
    {
        Lead = EventChecks.Key(lead, nameof(lead));
        At = EventChecks.At(at, nameof(at));
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>When the business first responded.</summary>
    public Instant At { get; }
}
