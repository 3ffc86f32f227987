using System.Text.Json;
using LeadMetrics.Statistics;

namespace LeadMetrics.Data;

/// <summary>
/// How the report's JSON writes a value that may be missing, shared by the CLI's report and the native library's
/// snapshot so that both give the same text: null for a missing value, never NaN or an infinity.
/// </summary>
internal static class JsonValues
{
    /// <summary>An interval as [lower, upper] rounded to 6 decimals, or null when the rate is undefined.</summary>
    public static void Interval(Utf8JsonWriter w, string name, ConfidenceInterval? interval)
    {
        if (interval is not { } ci)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        w.WriteNumberValue(decimal.Round(ci.Lower, 6));
        w.WriteNumberValue(decimal.Round(ci.Upper, 6));
        w.WriteEndArray();
    }

    /// <summary>A ratio (a share, a rate, an AUC) rounded to 6 decimals, or null.</summary>
    public static void Ratio(Utf8JsonWriter w, string name, decimal? value) => Amount(w, name, value is { } v ? Math.Round(v, 6) : null);

    /// <summary>A finite number, or null (NaN and infinities never reach the JSON).</summary>
    public static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>An exact amount (money, a count as decimal), or null.</summary>
    public static void Amount(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
