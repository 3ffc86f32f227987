using NodaTime;

namespace LeadMetrics;

/// <summary>A lead's move into a stage at an instant (from the stage it was in, if any).</summary>
public sealed record StageTransition
{
    /// <summary>Creates a validated stage transition.</summary>
    /// <param name="lead">The lead that moved.</param>
    /// <param name="from">The stage it left, or null when this is its first recorded stage.</param>
    /// <param name="to">The stage it entered.</param>
    /// <param name="at">When it entered <paramref name="to"/>.</param>
    /// <exception cref="ArgumentException">An argument is default or the stages belong to different pipelines.</exception>
    public StageTransition(LeadId lead, Stage? from, Stage to, Instant at)
    {
        Lead = LeadId.CheckValid(lead, nameof(lead));
        Preconditions.CheckNotNull(to);
        if (from is not null && !ReferenceEquals(from.Pipeline, to.Pipeline))
        {
            throw new ArgumentException($"from '{from.Name}' and to '{to.Name}' belong to different pipelines.", nameof(from));
        }

        if (from is not null && from.IsTerminal && ReferenceEquals(from, to))
        {
            throw new ArgumentException($"to '{to.Name}' repeats the terminal stage the lead is already in.", nameof(to));
        }

        From = from;
        To = to;
        At = Preconditions.CheckNotDefault(at);
    }

    /// <summary>The lead that moved.</summary>
    public LeadId Lead { get; }

    /// <summary>The stage it left; null for its first recorded stage.</summary>
    public Stage? From { get; }

    /// <summary>The stage it entered.</summary>
    public Stage To { get; }

    /// <summary>When it entered <see cref="To"/>.</summary>
    public Instant At { get; }
}
