using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// The outcomes of the leads of one score band: how many were won, lost or are still open, the
/// conversion rate of the closed ones and its lift over the base rate. Immutable.
/// </summary>
public sealed class ScoreBandConversionRow
{
    internal ScoreBandConversionRow(int band, string label, decimal? lowerEdge, decimal? upperEdge, long won, long lost, long open, decimal? baseRate)
    {
        Band = band;
        Label = label;
        LowerEdge = lowerEdge;
        UpperEdge = upperEdge;
        Won = won;
        Lost = lost;
        Open = open;
        ConversionRate = QualityChecks.Ratio(won, won + lost);
        Lift = ConversionRate is { } rate && baseRate is { } b && b != 0m ? rate / b : null;
    }

    /// <summary>The band index.</summary>
    public int Band { get; }

    /// <summary>The band as text, such as <c>[40, 70)</c>.</summary>
    public string Label { get; }

    /// <summary>The inclusive lower edge, or null for the first band.</summary>
    public decimal? LowerEdge { get; }

    /// <summary>The exclusive upper edge, or null for the last band.</summary>
    public decimal? UpperEdge { get; }

    /// <summary>All leads of the band: won + lost + open.</summary>
    public long Leads => Won + Lost + Open;

    /// <summary>Won leads.</summary>
    public long Won { get; }

    /// <summary>Lost leads.</summary>
    public long Lost { get; }

    /// <summary>Open leads (not in the rate: their outcome is not known yet).</summary>
    public long Open { get; }

    /// <summary>Won / (won + lost), 0 to 1; null when no lead of the band is closed.</summary>
    public decimal? ConversionRate { get; }

    /// <summary>The conversion rate divided by the base rate (1 = no better than average); null when either is undefined or the base rate is zero.</summary>
    public decimal? Lift { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ScoreBandConversionRow? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Band == other.Band &&
             Label == other.Label &&
             LowerEdge == other.LowerEdge &&
             UpperEdge == other.UpperEdge &&
             Won == other.Won &&
             Lost == other.Lost &&
             Open == other.Open &&
             ConversionRate == other.ConversionRate &&
             Lift == other.Lift));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoreBandConversionRow);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Band);
        hash.Add(Label);
        hash.Add(LowerEdge);
        hash.Add(UpperEdge);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(Open);
        hash.Add(ConversionRate);
        hash.Add(Lift);
        return hash.ToHashCode();
    }

    /// <summary>The band, its counts, its conversion rate (a fraction) and lift.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Label}: won {Won}, lost {Lost}, open {Open}, conversion {ValueEquality.Show(ConversionRate)}, lift {ValueEquality.Show(Lift)}");
}
