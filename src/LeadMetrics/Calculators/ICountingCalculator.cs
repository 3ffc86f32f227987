using LeadMetrics.Records;

namespace LeadMetrics.Calculators;

/// <summary>
/// A calculator whose whole state is a histogram of leads over a few cells computed from the outcome
/// and furthest-position columns: grouped ingestion from <see cref="LeadColumns"/> counts cells in
/// one tight loop and hands each group its counts once.
/// </summary>
internal interface ICountingCalculator
{
    /// <summary>The number of cells.</summary>
    int CellCount { get; }

    /// <summary>The cell of a lead (throws for a lead the calculator would reject, naming the row).</summary>
    int CellOf(byte outcome, byte furthest, int row);

    /// <summary>The cell of every (outcome, furthest) pair, indexed by <c>outcome * 256 + furthest</c>; -1 where the lead would be rejected.</summary>
    int[] CellTable { get; }

    /// <summary>Adds a count of leads per cell.</summary>
    void AddCells(ReadOnlySpan<long> counts);
}
