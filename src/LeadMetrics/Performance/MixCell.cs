namespace LeadMetrics.Performance;

/// <summary>
/// One mix cell of a rep comparison, for the whole team or for one rep: its leads, their outcomes, and the team's
/// rate in the cell.
/// </summary>
/// <param name="MixId">The cell's id in <see cref="RepComparisonOptions.Mix"/> (decode it with that dimension's encoder; 0 = none).</param>
/// <param name="SecondMixId">The cell's id in <see cref="RepComparisonOptions.SecondMix"/>; 0 when there is no second dimension.</param>
/// <param name="Leads">Leads in the cell.</param>
/// <param name="Won">Won leads in the cell.</param>
/// <param name="Lost">Lost leads in the cell.</param>
/// <param name="TeamRate">The whole team's rate in the cell (won over the basis: closed leads or all leads); null when the team's basis there is zero.</param>
/// <param name="ExpectedWon">
/// The wins these leads would have brought at the team's rate: basis × team wins / team basis in the cell, the exact
/// product divided once (so it can differ from basis × <see cref="TeamRate"/> in the last digit); zero when the team's
/// basis is zero. For the team's own cell it equals <see cref="Won"/>.
/// </param>
public sealed record MixCell(int MixId, int SecondMixId, long Leads, long Won, long Lost, decimal? TeamRate, decimal ExpectedWon)
{
    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;
}
