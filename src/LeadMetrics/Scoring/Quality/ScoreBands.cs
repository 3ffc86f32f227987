using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// Score bands defined by increasing edges: edges <c>[40, 70]</c> make three bands, <c>(-inf, 40)</c>,
/// <c>[40, 70)</c> and <c>[70, +inf)</c>. Each band includes its lower edge. Immutable.
/// </summary>
public sealed class ScoreBands
{
    private readonly decimal[] _edges;

    /// <summary>Creates bands.</summary>
    /// <param name="edges">The edges, strictly increasing; none gives one band holding every score.</param>
    /// <exception cref="ArgumentException">The edges are not strictly increasing; the message names the edge.</exception>
    public ScoreBands(IEnumerable<decimal> edges)
    {
        _edges = Preconditions.CheckNotNull(edges).ToArray();
        for (var i = 1; i < _edges.Length; i++)
        {
            if (_edges[i] <= _edges[i - 1])
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"edges must be strictly increasing; edges[{i}] {_edges[i]} is not greater than edges[{i - 1}] {_edges[i - 1]}."),
                    nameof(edges));
            }
        }

        Edges = [.. _edges];
    }

    /// <summary>The edges, increasing.</summary>
    public ImmutableArray<decimal> Edges { get; }

    /// <summary>The number of bands: one more than the number of edges.</summary>
    public int Count => _edges.Length + 1;

    /// <summary>Bands that coincide with the grades of a scale: their edges are the grades' minimum scores.</summary>
    /// <param name="grades">The grade scale.</param>
    /// <returns>The bands; band <c>i</c> holds the scores of grade rank <c>Count - 1 - i</c>.</returns>
    public static ScoreBands FromGrades(GradeScale grades) =>
        new(Preconditions.CheckNotNull(grades).Grades.Where(g => g.MinimumScore is not null).Select(g => g.MinimumScore!.Value).Order());

    /// <summary>Equal-width bands from <paramref name="from"/> to <paramref name="to"/>, plus the two open bands outside.</summary>
    /// <param name="from">The first edge.</param>
    /// <param name="to">The last edge; greater than <paramref name="from"/>.</param>
    /// <param name="width">The width of a band; positive, and dividing the range.</param>
    /// <returns>The bands.</returns>
    public static ScoreBands Uniform(decimal from, decimal to, decimal width)
    {
        if (width <= 0m || to <= from || (to - from) % width != 0m)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"width must be positive and divide [from, to]; was from {from}, to {to}, width {width}."), nameof(width));
        }

        var edges = new List<decimal>();
        for (var edge = from; edge <= to; edge += width)
        {
            edges.Add(edge);
        }

        return new ScoreBands(edges);
    }

    /// <summary>Returns the band of a score.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The band index, 0 to <see cref="Count"/> - 1.</returns>
    public int IndexOf(decimal score)
    {
        int low = 0, high = _edges.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_edges[mid] <= score)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The inclusive lower edge of a band, or null for the first band.</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The edge.</returns>
    public decimal? LowerEdge(int band) => CheckBand(band) == 0 ? null : _edges[band - 1];

    /// <summary>The exclusive upper edge of a band, or null for the last band.</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The edge.</returns>
    public decimal? UpperEdge(int band) => CheckBand(band) == _edges.Length ? null : _edges[band];

    /// <summary>A band as text, such as <c>[40, 70)</c>.</summary>
    /// <param name="band">The band index.</param>
    /// <returns>The label.</returns>
    public string Label(int band) => new NumericBand(LowerEdge(band), UpperEdge(band), 0m).RangeText();

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ScoreBands? other) => other is not null && _edges.AsSpan().SequenceEqual(other._edges);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoreBands);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var edge in _edges)
        {
            hash.Add(edge);
        }

        return hash.ToHashCode();
    }

    /// <summary>The edges, such as <c>40 | 70</c>.</summary>
    public override string ToString() => string.Join(" | ", _edges.Select(e => e.ToString(CultureInfo.InvariantCulture)));

    private int CheckBand(int band) =>
        (uint)band <= (uint)_edges.Length ? band : throw new ArgumentOutOfRangeException(nameof(band), band, $"band must be between 0 and {_edges.Length}; was {band}.");
}
