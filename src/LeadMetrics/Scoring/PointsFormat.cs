using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>Formats points for people: invariant culture, no trailing zeros (7.5, not 7.5000).</summary>
internal static class PointsFormat
{
    internal static string Format(decimal points) => points.ToString("0.############################", CultureInfo.InvariantCulture);

    internal static string Signed(decimal points) => points >= 0m ? "+" + Format(points) : Format(points);
}
