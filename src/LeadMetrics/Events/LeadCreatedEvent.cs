using NodaTime;

namespace LeadMetrics.Events;

/// <summary>A lead was created: the value-type, encoded form of a new <see cref="Lead"/>.</summary>
public readonly struct LeadCreatedEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="lead">The dense lead key (from <see cref="Encoding.LeadEncoding.Leads"/>; 1 or more).</param>
    /// <param name="at">When the lead was created.</param>
    /// <param name="source">The source id (0 = none).</param>
    /// <param name="campaign">The campaign id (0 = none).</param>
    /// <param name="owner">The owner id (0 = none).</param>
    /// <param name="segment">The id of any other dimension the caller groups by, such as an encoded attribute (0 = none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A key or id is out of range; the message names it.</exception>
    public LeadCreatedEvent(int lead, Instant at, int source = 0, int campaign = 0, int owner = 0, int segment = 0)
    {
        Lead = EventChecks.Key(lead, nameof(lead));
        At = EventChecks.At(at, nameof(at));
        Source = EventChecks.Id(source, nameof(source));
        Campaign = EventChecks.Id(campaign, nameof(campaign));
        Owner = EventChecks.Id(owner, nameof(owner));
        Segment = EventChecks.Id(segment, nameof(segment));
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>When the lead was created.</summary>
    public Instant At { get; }

    /// <summary>The source id.</summary>
    public int Source { get; }

    /// <summary>The campaign id.</summary>
    public int Campaign { get; }

    /// <summary>The owner id.</summary>
    public int Owner { get; }

    /// <summary>The extra grouping dimension id.</summary>
    public int Segment { get; }
}
