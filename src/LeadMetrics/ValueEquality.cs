using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace LeadMetrics;

/// <summary>
/// The pieces every result type's value equality and text are made of: element-wise equality and hashing of
/// immutable arrays (an <see cref="ImmutableArray{T}"/> compares by reference on its own), and invariant formatting
/// of durations, rates and optional values.
/// </summary>
internal static class ValueEquality
{
    private static readonly DurationPattern DurationText = DurationPattern.CreateWithInvariantCulture("-D'd 'hh:mm:ss.FFFFFFFFF");

    /// <summary>True when both arrays are default, or both hold equal elements in the same order.</summary>
    internal static bool Sequence<T>(ImmutableArray<T> left, ImmutableArray<T> right)
    {
        if (left.IsDefault || right.IsDefault)
        {
            return left.IsDefault == right.IsDefault;
        }

        return left.AsSpan().SequenceEqual(right.AsSpan(), EqualityComparer<T>.Default);
    }

    /// <summary>Adds the length and every element of an array to a hash.</summary>
    internal static void Add<T>(ref HashCode hash, ImmutableArray<T> items)
    {
        if (items.IsDefault)
        {
            hash.Add(-1);
            return;
        }

        hash.Add(items.Length);
        foreach (var item in items)
        {
            hash.Add(item);
        }
    }

    /// <summary>A duration as days and time, such as <c>1d 02:30:00</c> or <c>0d 00:00:01.5</c>.</summary>
    internal static string Show(Duration duration) => DurationText.Format(duration);

    /// <summary>An optional duration, or <c>-</c>.</summary>
    internal static string Show(Duration? duration) => duration is { } d ? Show(d) : "-";

    /// <summary>An optional number (a rate, a share, a score), invariant, or <c>-</c> when undefined.</summary>
    internal static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>An optional amount, such as <c>12.5 EUR</c>, or <c>-</c> when undefined.</summary>
    internal static string Show(Money? value) => value?.ToString() ?? "-";
}
