using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// One band of a <see cref="NumericBandsRule"/>: the half-open range <c>[AtLeast, LessThan)</c> and
/// the points it gives. Either end may be open. Company size "11 to 200 employees" is
/// <c>new NumericBand(11, 201, 10)</c>; "201 and more" is <c>NumericBand.From(201, 20)</c>.
/// </summary>
/// <remarks>Half-open ranges leave no gap between adjacent bands, even for fractional values such as a budget.</remarks>
public readonly struct NumericBand : IEquatable<NumericBand>
{
    /// <summary>Creates a band.</summary>
    /// <param name="atLeast">The inclusive lower end, or null for no lower end.</param>
    /// <param name="lessThan">The exclusive upper end, or null for no upper end.</param>
    /// <param name="points">The points given to a value in the band (may be negative or zero).</param>
    /// <exception cref="ArgumentException"><paramref name="atLeast"/> is not less than <paramref name="lessThan"/>.</exception>
    public NumericBand(decimal? atLeast, decimal? lessThan, decimal points)
    {
        if (atLeast is { } low && lessThan is { } high && low >= high)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"atLeast must be less than lessThan; was atLeast {low} and lessThan {high} (the band would be empty)."),
                nameof(atLeast));
        }

        AtLeast = atLeast;
        LessThan = lessThan;
        Points = Preconditions.CheckPoints(points);
    }

    /// <summary>The inclusive lower end, or null.</summary>
    public decimal? AtLeast { get; }

    /// <summary>The exclusive upper end, or null.</summary>
    public decimal? LessThan { get; }

    /// <summary>The points given to a value in the band.</summary>
    public decimal Points { get; }

    /// <summary>A band with only a lower end: values at or above <paramref name="atLeast"/>.</summary>
    /// <param name="atLeast">The inclusive lower end.</param>
    /// <param name="points">The points.</param>
    /// <returns>The band.</returns>
    public static NumericBand From(decimal atLeast, decimal points) => new(atLeast, null, points);

    /// <summary>A band with only an upper end: values below <paramref name="lessThan"/>.</summary>
    /// <param name="lessThan">The exclusive upper end.</param>
    /// <param name="points">The points.</param>
    /// <returns>The band.</returns>
    public static NumericBand Below(decimal lessThan, decimal points) => new(null, lessThan, points);

    /// <summary>True when <paramref name="value"/> is in <c>[AtLeast, LessThan)</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the band holds the value.</returns>
    internal bool Contains(decimal value) => (AtLeast is not { } low || value >= low) && (LessThan is not { } high || value < high);

    /// <inheritdoc />
    public bool Equals(NumericBand other) => AtLeast == other.AtLeast && LessThan == other.LessThan && Points == other.Points;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NumericBand other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AtLeast, LessThan, Points);

    /// <summary>The range and points, such as <c>[11, 201): 10</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RangeText()}: {Points}");

    /// <summary>The range, such as <c>[11, 201)</c> or <c>[201, +inf)</c>.</summary>
    internal string RangeText() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(AtLeast is { } low ? "[" + low.ToString(CultureInfo.InvariantCulture) : "(-inf")}, {(LessThan is { } high ? high.ToString(CultureInfo.InvariantCulture) : "+inf")})");

    /// <summary>True when both bands have the same range and points.</summary>
    public static bool operator ==(NumericBand left, NumericBand right) => left.Equals(right);

    /// <summary>True when the range or points differ.</summary>
    public static bool operator !=(NumericBand left, NumericBand right) => !left.Equals(right);
}
