using System.Collections.Immutable;

namespace LeadMetrics.Performance;

/// <summary>
/// One rep's results next to what the team would have achieved with the same leads: the rep's observed rate, the wins
/// expected from the rep's mix at the team's rate in each mix cell, and the rate adjusted for that mix.
/// </summary>
/// <param name="Owner">The rep's owner id (<see cref="Records.LeadRecord.Owner"/>; 0 = leads without an owner).</param>
/// <param name="Leads">The rep's leads.</param>
/// <param name="Won">Won.</param>
/// <param name="Lost">Lost.</param>
/// <param name="Rate">The rep's observed rate: won over the basis (closed leads or all leads); null when the basis is zero.</param>
/// <param name="ExpectedWon">The sum over the rep's mix cells of the basis times the team's rate in the cell.</param>
/// <param name="PerformanceIndex">Won / ExpectedWon: above 1, the rep wins more than the team does with such leads; null when nothing was expected.</param>
/// <param name="AdjustedRate">PerformanceIndex × the team's overall rate: the rep's rate as if the rep had had the team's mix; null when either is.</param>
/// <param name="ExcessWins">Won − ExpectedWon: wins above (or, negative, below) what the mix explains.</param>
/// <param name="Mix">The rep's leads by mix cell, in ascending id order, each with the team's rate there.</param>
public sealed record RepPerformance(
    int Owner, long Leads, long Won, long Lost, decimal? Rate, decimal ExpectedWon, decimal? PerformanceIndex, decimal? AdjustedRate, decimal ExcessWins, ImmutableArray<MixCell> Mix)
{
    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;
}
