using System.Collections.Immutable;
using System.Globalization;
using LeadMetrics.Scoring.Quality;

namespace LeadMetrics.Scoring.Learning;

/// <summary>
/// One attribute a <see cref="NaiveBayesLearner"/> learns from: categorical (every distinct value is
/// its own category: industry, role, has budget) or numeric, cut into bands by edges (company size).
/// </summary>
public sealed class NaiveBayesFeature
{
    private NaiveBayesFeature(string attribute, ScoreBands? bands)
    {
        Attribute = Preconditions.CheckNotNullOrWhiteSpace(attribute).Trim();
        Bands = bands;
    }

    /// <summary>The attribute name.</summary>
    public string Attribute { get; }

    /// <summary>The bands of a numeric feature, or null for a categorical one.</summary>
    public ScoreBands? Bands { get; }

    /// <summary>True for a numeric (banded) feature.</summary>
    public bool IsNumeric => Bands is not null;

    /// <summary>A categorical feature: each distinct value (text ignoring case and surrounding space, number, boolean, money) is a category.</summary>
    /// <param name="attribute">The attribute name.</param>
    /// <returns>The feature.</returns>
    public static NaiveBayesFeature Categorical(string attribute) => new(attribute, null);

    /// <summary>A numeric feature: number values cut into bands at <paramref name="edges"/> (edges <c>[11, 201]</c> give <c>(-inf, 11)</c>, <c>[11, 201)</c>, <c>[201, +inf)</c>).</summary>
    /// <param name="attribute">The attribute name.</param>
    /// <param name="edges">The edges, strictly increasing; at least one.</param>
    /// <returns>The feature.</returns>
    public static NaiveBayesFeature Numeric(string attribute, params decimal[] edges)
    {
        Preconditions.CheckNotNull(edges);
        if (edges.Length == 0)
        {
            throw new ArgumentException($"edges of numeric feature '{attribute}' must hold at least one edge; was empty.", nameof(edges));
        }

        return new(attribute, new ScoreBands(edges));
    }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(NaiveBayesFeature? other) =>
        other is not null && string.Equals(Attribute, other.Attribute, StringComparison.OrdinalIgnoreCase) && Equals(Bands, other.Bands);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NaiveBayesFeature);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Attribute), Bands);

    /// <summary>Such as <c>industry (categorical)</c> or <c>company_size (bands at 11 | 201)</c>.</summary>
    public override string ToString() => Bands is null ? $"{Attribute} (categorical)" : $"{Attribute} (bands at {Bands})";

    internal ImmutableArray<NumericBand> BandRanges(ImmutableArray<decimal?> points)
    {
        var builder = ImmutableArray.CreateBuilder<NumericBand>();
        for (var i = 0; i < Bands!.Count; i++)
        {
            if (points[i] is { } p)
            {
                builder.Add(new NumericBand(Bands.LowerEdge(i), Bands.UpperEdge(i), p));
            }
        }

        return builder.ToImmutable();
    }

    internal string BandLabel(int band) => string.Create(CultureInfo.InvariantCulture, $"{Attribute} in {Bands!.Label(band)}");
}
