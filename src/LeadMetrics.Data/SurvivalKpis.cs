using System.Globalization;
using System.Text.Json;
using LeadMetrics.Calculators;
using NodaTime;

namespace LeadMetrics.Data;

/// <summary>
/// A scope's conversion with open leads as the report gives it: converted within <see cref="WithinDays"/> (a null cell:
/// too young to say) and the curve at <see cref="CurveDays"/> while observed. Shared by the CLI's report and the native
/// library's snapshot, so that both read the same days and write the same JSON.
/// </summary>
internal sealed record SurvivalKpis(IReadOnlyList<(int Days, ConvertedWithin? Cell)> Within, IReadOnlyList<(int Days, ConvertedWithin Cell)> Curve)
{
    /// <summary>The "converted within" times, in days.</summary>
    public static readonly int[] WithinDays = [7, 30, 90];

    /// <summary>The days of the conversion curve.</summary>
    public static readonly int[] CurveDays = [1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365];

    /// <summary>The report's cells of a survival result: every "within" day (null when unobserved), the curve's observed days.</summary>
    public static SurvivalKpis From(ConversionSurvivalResult result) => new(
        [.. WithinDays.Select(d => (d, result.Within(Duration.FromDays(d))))],
        [.. CurveDays.Select(d => (d, result.Within(Duration.FromDays(d)))).Where(p => p.Item2 is not null).Select(p => (p.d, p.Item2!))]);

    /// <summary>
    /// The JSON contract's <c>converted_within</c> (shares to 6 decimals, the interval, whether the cell is mature; null
    /// for a cell too young to say) and <c>conversion_curve</c>; both null when there is no result.
    /// </summary>
    public static void Write(Utf8JsonWriter w, SurvivalKpis? survival)
    {
        if (survival is null)
        {
            w.WriteNull("converted_within");
            w.WriteNull("conversion_curve");
            return;
        }

        w.WriteStartObject("converted_within");
        foreach (var (days, cell) in survival.Within)
        {
            var name = days.ToString(CultureInfo.InvariantCulture);
            if (cell is null)
            {
                w.WriteNull(name);
                continue;
            }

            w.WriteStartObject(name);
            w.WriteNumber("share", decimal.Round(cell.Share, 6));
            JsonValues.Interval(w, "ci", cell.Interval);
            w.WriteBoolean("mature", cell.IsMature);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("conversion_curve");
        foreach (var (days, cell) in survival.Curve)
        {
            w.WriteStartObject();
            w.WriteNumber("days", days);
            w.WriteNumber("converted", decimal.Round(cell.Share, 6));
            JsonValues.Interval(w, "ci", cell.Interval);
            w.WriteBoolean("mature", cell.IsMature);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
