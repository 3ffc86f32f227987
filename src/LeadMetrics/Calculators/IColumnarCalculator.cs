using LeadMetrics.Records;

namespace LeadMetrics.Calculators;

/// <summary>
/// A calculator that adds a columnar batch block by block for every group at once, instead of
/// row by row: the grouped calculator hands it the group slot of each row and the calculators of
/// the groups. Implemented by the calculators whose KPIs need more than the counting cells of
/// <see cref="ICountingCalculator"/>; the result is exactly what adding the same rows one by one gives.
/// </summary>
/// <typeparam name="TCalculator">The calculator type.</typeparam>
internal interface IColumnarCalculator<TCalculator>
{
    /// <summary>
    /// Throws for the first row of <paramref name="columns"/> that <see cref="ILeadSink.Add"/> would
    /// reject, with the same exception; changes nothing. Called once per batch before any row is added,
    /// so a rejected batch leaves every calculator as it was.
    /// </summary>
    /// <param name="columns">The batch.</param>
    void CheckColumns(LeadColumns columns);

    /// <summary>
    /// Adds rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="slots"/>.Length - 1
    /// of <paramref name="columns"/>: row <c>start + i</c> belongs to the group whose calculator is
    /// <c>calculators[slots[i]]</c>. Called on the grouped calculator's prototype, which may keep scratch
    /// state for the blocks; the rows were checked by <see cref="CheckColumns"/>. A block has at most
    /// <see cref="Engine.ColumnKernels.BlockRows"/> rows (below <see cref="StageWalk.StretchRowModulus"/>: the stage walk
    /// finds its stretches' rows modulo that).
    /// </summary>
    /// <param name="columns">The batch.</param>
    /// <param name="start">The first row of the block.</param>
    /// <param name="slots">The group slot of each row of the block.</param>
    /// <param name="calculators">The calculators of the groups, by slot; <paramref name="groupCount"/> of them are in use.</param>
    /// <param name="groupCount">How many groups exist (slots 0 to groupCount - 1).</param>
    /// <param name="groupRows">How many rows of the block each group has, by slot (groupCount of them).</param>
    void AddColumns(LeadColumns columns, int start, ReadOnlySpan<int> slots, TCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows);

    /// <summary>
    /// Whether <see cref="AddColumns"/> reads its groupRows argument; when false, the grouped calculator
    /// does not count the rows per group and passes an empty span (the calculator counts them itself).
    /// </summary>
    bool NeedsGroupRows { get; }

    /// <summary>Called once after the last block of a batch: gives back the scratch borrowed for it.</summary>
    void EndColumns();
}
