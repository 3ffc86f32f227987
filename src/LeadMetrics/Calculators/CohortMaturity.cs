using System.Globalization;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>
/// A cohort's maturity at an as-of instant (<see cref="CohortMaturityResult.Assess"/>): the share of its leads still
/// open, the age of its youngest lead, the typical time to close it was measured against, and whether the cohort is
/// mature. An immature cohort's conversion, win rate and acquisition cost are "so far" and will still move: do not
/// read them as a drop. Immutable, with value equality.
/// </summary>
public sealed class CohortMaturity : IEquatable<CohortMaturity>
{
    internal CohortMaturity(Instant asOf, decimal? openShare, Duration? youngestAge, Duration? typicalTimeToClose, bool? isMature)
    {
        AsOf = asOf;
        OpenShare = openShare;
        YoungestAge = youngestAge;
        TypicalTimeToClose = typicalTimeToClose;
        IsMature = isMature;
    }

    /// <summary>The instant the maturity is assessed at.</summary>
    public Instant AsOf { get; }

    /// <summary>Open leads / leads, 0 to 1; null without leads.</summary>
    public decimal? OpenShare { get; }

    /// <summary>As-of minus the youngest lead's creation; null without leads.</summary>
    public Duration? YoungestAge { get; }

    /// <summary>The typical time to close the age was compared with; null when unknown.</summary>
    public Duration? TypicalTimeToClose { get; }

    /// <summary>True when no lead is open or the youngest lead is at least the typical time to close old; false when leads are open and the youngest is younger; null without leads, or with open leads and no typical time.</summary>
    public bool? IsMature { get; }

    /// <inheritdoc />
    public bool Equals(CohortMaturity? other) =>
        other is not null && AsOf == other.AsOf && OpenShare == other.OpenShare && YoungestAge == other.YoungestAge
        && TypicalTimeToClose == other.TypicalTimeToClose && IsMature == other.IsMature;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CohortMaturity);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AsOf, OpenShare, YoungestAge, TypicalTimeToClose, IsMature);

    /// <summary>The maturity, such as <c>immature: open 0.4, youngest 2d 00:00:00 of typical 30d 00:00:00</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(IsMature switch { true => "mature", false => "immature", null => "unknown" })}: open {ValueEquality.Show(OpenShare)}, youngest {ValueEquality.Show(YoungestAge)} of typical {ValueEquality.Show(TypicalTimeToClose)}");

    /// <summary>True when both are null or equal.</summary>
    /// <param name="left">A maturity.</param>
    /// <param name="right">Another maturity.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(CohortMaturity? left, CohortMaturity? right) => ValueEquality.Operator(left, right);

    /// <summary>True when they differ.</summary>
    /// <param name="left">A maturity.</param>
    /// <param name="right">Another maturity.</param>
    /// <returns>True when not equal.</returns>
    public static bool operator !=(CohortMaturity? left, CohortMaturity? right) => !ValueEquality.Operator(left, right);
}
