using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Performance;

/// <summary>
/// One rep's results next to what the team would have achieved with the same leads: the rep's observed rate, the wins
/// expected from the rep's mix at the team's rate in each mix cell, and the rate adjusted for that mix. Immutable, with
/// value equality.
/// </summary>
public sealed class RepPerformance
{
    internal RepPerformance(
        int owner, long leads, long won, long lost, decimal? rate, decimal expectedWon, decimal? performanceIndex, decimal? adjustedRate, decimal excessWins, ImmutableArray<MixCell> mix)
    {
        Owner = owner;
        Leads = leads;
        Won = won;
        Lost = lost;
        Rate = rate;
        ExpectedWon = expectedWon;
        PerformanceIndex = performanceIndex;
        AdjustedRate = adjustedRate;
        ExcessWins = excessWins;
        Mix = mix;
    }

    /// <summary>The rep's owner id (<see cref="Records.LeadRecord.Owner"/>; 0 = leads without an owner).</summary>
    public int Owner { get; }

    /// <summary>The rep's leads.</summary>
    public long Leads { get; }

    /// <summary>Won.</summary>
    public long Won { get; }

    /// <summary>Lost.</summary>
    public long Lost { get; }

    /// <summary>The rep's observed rate: won over the basis (closed leads or all leads); null when the basis is zero.</summary>
    public decimal? Rate { get; }

    /// <summary>The sum over the rep's mix cells of the basis times the team's rate in the cell.</summary>
    public decimal ExpectedWon { get; }

    /// <summary>Won / ExpectedWon: above 1, the rep wins more than the team does with such leads; null when nothing was expected.</summary>
    public decimal? PerformanceIndex { get; }

    /// <summary>PerformanceIndex × the team's overall rate: the rep's rate as if the rep had had the team's mix; null when either is.</summary>
    public decimal? AdjustedRate { get; }

    /// <summary>Won − ExpectedWon: wins above (or, negative, below) what the mix explains.</summary>
    public decimal ExcessWins { get; }

    /// <summary>The rep's leads by mix cell, in ascending id order, each with the team's rate there.</summary>
    public ImmutableArray<MixCell> Mix { get; }

    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(RepPerformance? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Owner == other.Owner &&
             Leads == other.Leads &&
             Won == other.Won &&
             Lost == other.Lost &&
             Rate == other.Rate &&
             ExpectedWon == other.ExpectedWon &&
             PerformanceIndex == other.PerformanceIndex &&
             AdjustedRate == other.AdjustedRate &&
             ExcessWins == other.ExcessWins &&
             ValueEquality.Sequence(Mix, other.Mix)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RepPerformance);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Owner);
        hash.Add(Leads);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(Rate);
        hash.Add(ExpectedWon);
        hash.Add(PerformanceIndex);
        hash.Add(AdjustedRate);
        hash.Add(ExcessWins);
        ValueEquality.Add(ref hash, Mix);
        return hash.ToHashCode();
    }

    /// <summary>The rep's counts, rates (fractions) and index.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"owner {Owner}: leads {Leads}, won {Won}, lost {Lost}, rate {ValueEquality.Show(Rate)}, expected won {ExpectedWon}, index {ValueEquality.Show(PerformanceIndex)}, adjusted rate {ValueEquality.Show(AdjustedRate)}");
}
