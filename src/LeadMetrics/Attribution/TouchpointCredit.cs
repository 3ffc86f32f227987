using LeadMetrics.Events;

namespace LeadMetrics.Attribution;

/// <summary>The share of a lead credited to one of its touchpoints.</summary>
internal readonly struct TouchpointCredit : IEquatable<TouchpointCredit>
{
    /// <summary>Creates a credit.</summary>
    /// <param name="touchpoint">The touchpoint.</param>
    /// <param name="credit">The share, from 0 to 1.</param>
    public TouchpointCredit(TouchpointEvent touchpoint, decimal credit)
    {
        Touchpoint = touchpoint;
        Credit = credit;
    }

    /// <summary>The touchpoint.</summary>
    public TouchpointEvent Touchpoint { get; }

    /// <summary>
    /// The share, from 0 to 1, with at most 18 decimal places: cumulative rounding makes the shares
    /// of one lead sum to exactly 1.
    /// </summary>
    public decimal Credit { get; }

    /// <inheritdoc />
    public bool Equals(TouchpointCredit other) =>
        Credit == other.Credit && Touchpoint.Lead == other.Touchpoint.Lead && Touchpoint.At == other.Touchpoint.At &&
        Touchpoint.Channel == other.Touchpoint.Channel && Touchpoint.Campaign == other.Touchpoint.Campaign &&
        Touchpoint.Kind == other.Touchpoint.Kind && Touchpoint.Direction == other.Touchpoint.Direction && Touchpoint.Actor == other.Touchpoint.Actor;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TouchpointCredit other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Touchpoint.Lead, Touchpoint.At, Touchpoint.Channel, Credit);

    /// <summary>True when touchpoint and credit are equal.</summary>
    public static bool operator ==(TouchpointCredit left, TouchpointCredit right) => left.Equals(right);

    /// <summary>True when touchpoint or credit differ.</summary>
    public static bool operator !=(TouchpointCredit left, TouchpointCredit right) => !left.Equals(right);
}
