using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Performance;

/// <summary>
/// A fair comparison of reps: the team's rate per mix cell, and each rep's observed rate next to the rate adjusted
/// for the rep's lead mix (indirect standardization; see docs/metrics.md). Immutable, with value equality.
/// </summary>
public sealed class RepComparisonReport
{
    internal RepComparisonReport(
        RepComparisonOptions options, long leads, long won, long lost, decimal? teamRate, ImmutableArray<MixCell> cells, ImmutableArray<RepPerformance> reps)
    {
        Options = options;
        Leads = leads;
        Won = won;
        Lost = lost;
        TeamRate = teamRate;
        Cells = cells;
        Reps = reps;
    }

    /// <summary>The configuration.</summary>
    public RepComparisonOptions Options { get; }

    /// <summary>All leads.</summary>
    public long Leads { get; }

    /// <summary>Won.</summary>
    public long Won { get; }

    /// <summary>Lost.</summary>
    public long Lost { get; }

    /// <summary>The team's overall rate; null when its basis is zero.</summary>
    public decimal? TeamRate { get; }

    /// <summary>The team's leads by mix cell, in ascending id order.</summary>
    public ImmutableArray<MixCell> Cells { get; }

    /// <summary>Every owner with leads, in ascending owner id order.</summary>
    public ImmutableArray<RepPerformance> Reps { get; }

    /// <summary>Leads neither won nor lost.</summary>
    public long Open => Leads - Won - Lost;

    /// <summary>The performance of one rep.</summary>
    /// <param name="owner">The owner id.</param>
    /// <returns>The rep's performance, or null when the rep has no leads.</returns>
    public RepPerformance? For(int owner)
    {
        foreach (var rep in Reps)
        {
            if (rep.Owner == owner)
            {
                return rep;
            }
        }

        return null;
    }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(RepComparisonReport? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Options.Equals(other.Options) &&
             Leads == other.Leads &&
             Won == other.Won &&
             Lost == other.Lost &&
             TeamRate == other.TeamRate &&
             ValueEquality.Sequence(Cells, other.Cells) &&
             ValueEquality.Sequence(Reps, other.Reps)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RepComparisonReport);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Options);
        hash.Add(Leads);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(TeamRate);
        ValueEquality.Add(ref hash, Cells);
        ValueEquality.Add(ref hash, Reps);
        return hash.ToHashCode();
    }

    /// <summary>The team's counts and rate (a fraction) and the number of reps and cells.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"leads {Leads}, won {Won}, lost {Lost}, team rate {ValueEquality.Show(TeamRate)}, {Reps.Length} reps, {Cells.Length} mix cells");
}
