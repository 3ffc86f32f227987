using System.Globalization;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>
/// One bin of an exact duration histogram: the durations d with <see cref="From"/> ≤ d &lt; <see cref="To"/>.
/// Immutable, with value equality.
/// </summary>
public sealed class HistogramBin
{
    internal HistogramBin(Duration from, Duration? to, long count, decimal? share)
    {
        From = from;
        To = to;
        Count = count;
        Share = share;
    }

    /// <summary>The inclusive lower edge.</summary>
    public Duration From { get; }

    /// <summary>The exclusive upper edge, or null for the last, open-ended bin.</summary>
    public Duration? To { get; }

    /// <summary>How many durations fell in the bin (exact).</summary>
    public long Count { get; }

    /// <summary>Count divided by the number of durations; null when there are none.</summary>
    public decimal? Share { get; }

    /// <summary>True when edges, count and share are equal.</summary>
    /// <param name="other">The other bin.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(HistogramBin? other) =>
        other is not null && From == other.From && To == other.To && Count == other.Count && Share == other.Share;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HistogramBin);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(From, To, Count, Share);

    /// <summary>The bin, such as <c>[0d 00:05:00, 0d 01:00:00): 12 (share 0.4)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"[{ValueEquality.Show(From)}, {(To is { } to ? ValueEquality.Show(to) : "∞")}): {Count.ToString(CultureInfo.InvariantCulture)} (share {ValueEquality.Show(Share)})";
}
