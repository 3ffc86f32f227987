using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring.Quality;

/// <summary>
/// A snapshot of a <see cref="ScoreBandConversionAccumulator"/>: conversion by score band and lift over
/// the base rate. If the score predicts, the conversion rate rises from the lowest band to the highest.
/// </summary>
public sealed class ScoreBandConversion
{
    internal ScoreBandConversion(ScoreBands bands, long[] won, long[] lost, long[] open)
    {
        Bands = bands;
        Won = won.Sum();
        Lost = lost.Sum();
        Open = open.Sum();
        BaseRate = QualityChecks.Ratio(Won, Won + Lost);
        var rows = ImmutableArray.CreateBuilder<ScoreBandConversionRow>(bands.Count);
        for (var i = 0; i < bands.Count; i++)
        {
            rows.Add(new ScoreBandConversionRow(i, bands.Label(i), bands.LowerEdge(i), bands.UpperEdge(i), won[i], lost[i], open[i], BaseRate));
        }

        Rows = rows.MoveToImmutable();
    }

    /// <summary>The score bands.</summary>
    public ScoreBands Bands { get; }

    /// <summary>One row per band, lowest band first.</summary>
    public ImmutableArray<ScoreBandConversionRow> Rows { get; }

    /// <summary>Won leads in all bands.</summary>
    public long Won { get; }

    /// <summary>Lost leads in all bands.</summary>
    public long Lost { get; }

    /// <summary>Open leads in all bands.</summary>
    public long Open { get; }

    /// <summary>All leads.</summary>
    public long Leads => Won + Lost + Open;

    /// <summary>The base rate: won / (won + lost) over all bands; null when no lead is closed.</summary>
    public decimal? BaseRate { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ScoreBandConversion? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Bands.Equals(other.Bands) &&
             ValueEquality.Sequence(Rows, other.Rows)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScoreBandConversion);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Bands);
        ValueEquality.Add(ref hash, Rows);
        return hash.ToHashCode();
    }

    /// <summary>The counts, the base rate and every band.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"won {Won}, lost {Lost}, open {Open}, base rate {ValueEquality.Show(BaseRate)}") + string.Concat(Rows.Select(r => "; " + r));
}
