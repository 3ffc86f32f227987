using System.Globalization;

namespace LeadMetrics.Performance;

/// <summary>
/// One mix cell of a rep comparison, for the whole team or for one rep: its leads, their outcomes, and the team's
/// rate in the cell. Immutable, with value equality.
/// </summary>
public sealed class MixCell
{
    internal MixCell(int mixId, int secondMixId, long leads, long won, long lost, decimal? teamRate, decimal expectedWon)
    {
        MixId = mixId;
        SecondMixId = secondMixId;
        Leads = leads;
        Won = won;
        Lost = lost;
        TeamRate = teamRate;
        ExpectedWon = expectedWon;
    }

    /// <summary>The cell's id in <see cref="RepComparisonOptions.Mix"/> (decode it with that dimension's encoder; 0 = none).</summary>
    public int MixId { get; }

    /// <summary>The cell's id in <see cref="RepComparisonOptions.SecondMix"/>; 0 when there is no second dimension.</summary>
    public int SecondMixId { get; }

    /// <summary>Leads in the cell.</summary>
    public long Leads { get; }

    /// <summary>Won leads in the cell.</summary>
    public long Won { get; }

    /// <summary>Lost leads in the cell.</summary>
    public long Lost { get; }

    /// <summary>The whole team's rate in the cell (won over the basis: closed leads or all leads); null when the team's basis there is zero.</summary>
    public decimal? TeamRate { get; }

    /// <summary>
    /// The wins these leads would have brought at the team's rate: basis × team wins / team basis in the cell, the exact
    /// product divided once (so it can differ from basis × <see cref="TeamRate"/> in the last digit); zero when the team's
    /// basis is zero. For the team's own cell it equals <see cref="Won"/>.
    /// </summary>
    public decimal ExpectedWon { get; }

    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(MixCell? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (MixId == other.MixId &&
             SecondMixId == other.SecondMixId &&
             Leads == other.Leads &&
             Won == other.Won &&
             Lost == other.Lost &&
             TeamRate == other.TeamRate &&
             ExpectedWon == other.ExpectedWon));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MixCell);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(MixId);
        hash.Add(SecondMixId);
        hash.Add(Leads);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(TeamRate);
        hash.Add(ExpectedWon);
        return hash.ToHashCode();
    }

    /// <summary>The cell's ids, counts and the team's rate (a fraction).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"cell {MixId}/{SecondMixId}: leads {Leads}, won {Won}, lost {Lost}, team rate {ValueEquality.Show(TeamRate)}, expected won {ExpectedWon}");
}
