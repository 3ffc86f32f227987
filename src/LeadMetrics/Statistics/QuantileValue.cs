using System.Globalization;
using NodaTime;

namespace LeadMetrics.Statistics;

/// <summary>One reported quantile of a duration distribution. Immutable, with value equality.</summary>
public sealed class QuantileValue
{
    internal QuantileValue(double quantile, Duration value)
    {
        Quantile = quantile;
        Value = value;
    }

    /// <summary>The quantile, from 0 to 1 (0.9 is p90).</summary>
    public double Quantile { get; }

    /// <summary>The estimate, within the sketch's relative accuracy of the exact value.</summary>
    public Duration Value { get; }

    /// <summary>True when quantile and value are equal.</summary>
    /// <param name="other">The other quantile.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(QuantileValue? other) => other is not null && Quantile.Equals(other.Quantile) && Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as QuantileValue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Quantile, Value);

    /// <summary>The quantile and its value, such as <c>p90 0d 01:30:00</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "p" + (Quantile * 100).ToString(CultureInfo.InvariantCulture) + " " + ValueEquality.Show(Value);
}
