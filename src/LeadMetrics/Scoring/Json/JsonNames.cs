using System.Globalization;
using NodaTime;

namespace LeadMetrics.Scoring.Json;

/// <summary>The names and formats shared by the JSON reader and writer.</summary>
internal static class JsonNames
{
    internal const string OneOf = "oneOf";
    internal const string Bands = "bands";
    internal const string Boolean = "boolean";
    internal const string Present = "present";
    internal const string Missing = "missing";
    internal const string Predicate = "predicate";
    internal const string Touchpoints = "touchpoints";
    internal const string AnyDirection = "any";

    internal static readonly string[] RuleTypes = [OneOf, Bands, Boolean, Present, Missing, Predicate, Touchpoints];

    private const long NanosecondsPerSecond = 1_000_000_000L;
    private const long NanosecondsPerMinute = 60 * NanosecondsPerSecond;
    private const long NanosecondsPerHour = 60 * NanosecondsPerMinute;
    private const long NanosecondsPerDay = 24 * NanosecondsPerHour;

    /// <summary>The camel-case JSON name of an enum value: <c>SendToSales</c> → <c>sendToSales</c>.</summary>
    internal static string EnumName<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    internal static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    internal static string EnumChoices<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => "'" + EnumName(v) + "'"));

    /// <summary>Formats a duration as the largest exact unit: <c>14d</c>, <c>36h</c>, <c>90m</c> or <c>12.5s</c>.</summary>
    internal static string FormatDuration(Duration duration)
    {
        var ns = duration.ToInt64Nanoseconds();
        return ns switch
        {
            _ when ns % NanosecondsPerDay == 0 => (ns / NanosecondsPerDay).ToString(CultureInfo.InvariantCulture) + "d",
            _ when ns % NanosecondsPerHour == 0 => (ns / NanosecondsPerHour).ToString(CultureInfo.InvariantCulture) + "h",
            _ when ns % NanosecondsPerMinute == 0 => (ns / NanosecondsPerMinute).ToString(CultureInfo.InvariantCulture) + "m",
            _ => (ns / (decimal)NanosecondsPerSecond).ToString(CultureInfo.InvariantCulture) + "s",
        };
    }

    /// <summary>Parses <c>14d</c>, <c>36h</c>, <c>90m</c>, <c>12.5s</c> (a decimal number and a unit) to a whole number of nanoseconds.</summary>
    internal static bool TryParseDuration(string text, out Duration duration)
    {
        duration = default;
        var trimmed = text.Trim();
        if (trimmed.Length < 2)
        {
            return false;
        }

        long unit = char.ToLowerInvariant(trimmed[^1]) switch
        {
            'd' => NanosecondsPerDay,
            'h' => NanosecondsPerHour,
            'm' => NanosecondsPerMinute,
            's' => NanosecondsPerSecond,
            _ => 0,
        };
        if (unit == 0 || !decimal.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        if (number > long.MaxValue / unit || number < long.MinValue / unit)
        {
            return false;
        }

        var ns = number * unit;
        if (ns != decimal.Truncate(ns))
        {
            return false;
        }

        duration = Duration.FromNanoseconds((long)ns);
        return true;
    }
}
