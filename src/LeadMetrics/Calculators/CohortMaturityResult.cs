using System.Globalization;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// A cohort's maturity: its leads, its open leads, the creation instants of its youngest and oldest lead, and the last
/// instant a fact of its leads was observed; at an as-of instant, the age of its youngest lead (<see cref="YoungestAge"/>)
/// and whether the cohort is mature (<see cref="IsMature"/>). Immutable, with value equality.
/// </summary>
public sealed class CohortMaturityResult
{
    internal CohortMaturityResult(long leads, long open, Instant? youngestCreatedAt, Instant? oldestCreatedAt, Instant? lastObservedAt)
    {
        Leads = leads;
        Open = open;
        YoungestCreatedAt = youngestCreatedAt;
        OldestCreatedAt = oldestCreatedAt;
        LastObservedAt = lastObservedAt;
    }

    /// <summary>The leads of the cohort.</summary>
    public long Leads { get; }

    /// <summary>The leads neither won nor lost.</summary>
    public long Open { get; }

    /// <summary>Open leads / leads, 0 to 1; null without leads. The share of the cohort whose outcome is still unknown.</summary>
    public decimal? OpenShare => Ratio.Of(Open, Leads);

    /// <summary>When the cohort's youngest (last created) lead was created; null without leads.</summary>
    public Instant? YoungestCreatedAt { get; }

    /// <summary>When the cohort's oldest (first created) lead was created; null without leads.</summary>
    public Instant? OldestCreatedAt { get; }

    /// <summary>The last instant any fact of the cohort's leads was observed (creation, first response, stage change, close); null without leads. A natural as-of instant when none is given.</summary>
    public Instant? LastObservedAt { get; }

    /// <summary>The age of the cohort's youngest lead at <paramref name="asOf"/>: as-of minus <see cref="YoungestCreatedAt"/>.</summary>
    /// <param name="asOf">The instant the report describes (usually the last instant observed in the data, <see cref="LastObservedAt"/>).</param>
    /// <returns>The age; null without leads.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asOf"/> is before the youngest lead's creation.</exception>
    public Duration? YoungestAge(Instant asOf)
    {
        if (YoungestCreatedAt is not { } youngest)
        {
            return null;
        }

        if (asOf < youngest)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"asOf must not be before the youngest lead's creation ({youngest}); was {asOf}.");
        }

        return asOf - youngest;
    }

    /// <summary>
    /// The cohort's maturity at <paramref name="asOf"/>: whether the age of its youngest lead (<see cref="YoungestAge"/>)
    /// reaches the typical time to close (such as the 90th percentile of time to conversion over all leads). A cohort is
    /// mature when it has no open lead, or when its youngest lead is at least as old as the typical time to close; it is
    /// immature otherwise. An immature cohort's conversion, win rate and acquisition cost are "so far" and will still
    /// move: do not read them as a drop.
    /// </summary>
    /// <param name="asOf">The instant the report describes (usually the last instant observed in the data, <see cref="LastObservedAt"/>).</param>
    /// <param name="typicalTimeToClose">The typical time from creation to close, or null when unknown (no lead converted yet).</param>
    /// <returns>True when mature, false when immature; null (unknown) without leads, or with open leads and no typical time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asOf"/> is before the youngest lead's creation, or the typical time is negative.</exception>
    public bool? IsMature(Instant asOf, Duration? typicalTimeToClose)
    {
        if (typicalTimeToClose is { } typical && typical < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(typicalTimeToClose), typical, $"typicalTimeToClose must be zero or more; was {typical}.");
        }

        var age = YoungestAge(asOf);
        return Leads == 0 ? null
            : Open == 0 ? true
            : typicalTimeToClose is { } t ? age!.Value >= t
            : null;
    }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(CohortMaturityResult? other) =>
        other is not null && Leads == other.Leads && Open == other.Open && YoungestCreatedAt == other.YoungestCreatedAt
        && OldestCreatedAt == other.OldestCreatedAt && LastObservedAt == other.LastObservedAt;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CohortMaturityResult);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Leads, Open, YoungestCreatedAt, OldestCreatedAt, LastObservedAt);

    /// <summary>The counts, such as <c>leads 40, open 12, youngest 2024-12-30T10:00:00Z</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"leads {Leads}, open {Open}, youngest {YoungestCreatedAt?.ToString() ?? "-"}");
}
