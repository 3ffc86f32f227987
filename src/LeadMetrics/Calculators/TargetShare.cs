using System.Globalization;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>The leads answered within one response-time target. Immutable, with value equality.</summary>
public sealed class TargetShare
{
    internal TargetShare(Duration target, long count, decimal? share)
    {
        Target = target;
        Count = count;
        Share = share;
    }

    /// <summary>The target.</summary>
    public Duration Target { get; }

    /// <summary>Leads answered within the target (response time ≤ target).</summary>
    public long Count { get; }

    /// <summary>Count divided by all leads, answered or not; null when there are no leads.</summary>
    public decimal? Share { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(TargetShare? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Target == other.Target &&
             Count == other.Count &&
             Share == other.Share));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TargetShare);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Target);
        hash.Add(Count);
        hash.Add(Share);
        return hash.ToHashCode();
    }

    /// <summary>The target and its count, such as <c>within 0d 00:05:00: 12 (share 0.4)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"within {ValueEquality.Show(Target)}: {Count.ToString(CultureInfo.InvariantCulture)} (share {ValueEquality.Show(Share)})";
}
