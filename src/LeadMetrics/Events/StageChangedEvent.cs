using NodaTime;

namespace LeadMetrics.Events;

/// <summary>
/// A lead entered a pipeline stage. Entering the won stage wins the lead; entering a lost stage loses it.
/// </summary>
public readonly struct StageChangedEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="lead">The dense lead key (1 or more).</param>
    /// <param name="stage">The index of the entered stage in the pipeline (<see cref="Stage.Index"/>).</param>
    /// <param name="at">When the lead entered the stage.</param>
    /// <param name="value">The deal value when the stage is the won stage, else zero; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public StageChangedEvent(int lead, int stage, Instant at, decimal value = 0m)
    {
        Lead = EventChecks.Key(lead, nameof(lead));
        Stage = EventChecks.Id(stage, nameof(stage));
        At = EventChecks.At(at, nameof(at));
        Value = Preconditions.CheckNonNegative(value);
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>The stage index.</summary>
    public int Stage { get; }

    /// <summary>When the stage was entered.</summary>
    public Instant At { get; }

    /// <summary>The deal value (for the won stage), in the calculation's currency.</summary>
    public decimal Value { get; }
}
