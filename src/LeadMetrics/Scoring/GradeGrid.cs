using System.Collections.Immutable;

namespace LeadMetrics.Scoring;

/// <summary>
/// A fit × engagement grid (the A1..D4 style of Marketo and Pardot): the fit score picks a letter
/// (A = best fit), the engagement score a number (1 = most engaged), and each cell has a routing.
/// </summary>
/// <remarks>
/// <para>Each axis is a list of levels with minimum scores, exactly one without a minimum (the lowest).
/// A cell is named by the fit label followed by the engagement label. Cells listed in
/// <c>sendToSales</c> go to sales, cells listed in <c>disqualify</c> are dropped, all others are nurtured.</para>
/// <para>The grid is monotone: a higher fit never gets a worse letter and a higher engagement never a worse number.</para>
/// </remarks>
public sealed class GradeGrid
{
    private readonly GridCell[] _cells;

    /// <summary>Creates a grid.</summary>
    /// <param name="fitLevels">The fit levels in any order (labels unique, minimums distinct, one without a minimum).</param>
    /// <param name="engagementLevels">The engagement levels, with the same rules.</param>
    /// <param name="sendToSales">The labels of the cells whose leads go to sales.</param>
    /// <param name="disqualify">The labels of the cells whose leads are disqualified.</param>
    /// <exception cref="ArgumentException">A level breaks a rule, or a cell label is unknown or listed twice; the message names it.</exception>
    public GradeGrid(
        IEnumerable<GridLevel> fitLevels,
        IEnumerable<GridLevel> engagementLevels,
        IEnumerable<string>? sendToSales = null,
        IEnumerable<string>? disqualify = null)
    {
        FitLevels = Levels(fitLevels, nameof(fitLevels));
        EngagementLevels = Levels(engagementLevels, nameof(engagementLevels));

        var routing = new Dictionary<string, LeadRouting>(StringComparer.OrdinalIgnoreCase);
        foreach (var fit in FitLevels)
        {
            foreach (var engagement in EngagementLevels)
            {
                if (!routing.TryAdd(fit.Label + engagement.Label, LeadRouting.Nurture))
                {
                    throw new ArgumentException(
                        $"The cell label '{fit.Label + engagement.Label}' is ambiguous: two pairs of fit and engagement labels spell it. Use labels such as A-D and 1-4.",
                        nameof(engagementLevels));
                }
            }
        }

        var assigned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Assign(sendToSales, LeadRouting.SendToSales, nameof(sendToSales));
        Assign(disqualify, LeadRouting.Disqualify, nameof(disqualify));

        _cells = new GridCell[FitLevels.Length * EngagementLevels.Length];
        for (var f = 0; f < FitLevels.Length; f++)
        {
            for (var e = 0; e < EngagementLevels.Length; e++)
            {
                var label = FitLevels[f].Label + EngagementLevels[e].Label;
                _cells[(f * EngagementLevels.Length) + e] = new GridCell(this, FitLevels[f], f, EngagementLevels[e], e, routing[label]);
            }
        }

        Cells = [.. _cells];

        void Assign(IEnumerable<string>? labels, LeadRouting value, string paramName)
        {
            if (labels is null)
            {
                return;
            }

            var i = 0;
            foreach (var label in labels)
            {
                var key = label?.Trim() ?? string.Empty;
                if (!routing.ContainsKey(key))
                {
                    throw new ArgumentException(
                        $"{paramName}[{i}] '{label}' is not a cell of the grid; cells are {string.Join(", ", routing.Keys)}.", paramName);
                }

                if (!assigned.Add(key))
                {
                    throw new ArgumentException($"{paramName}[{i}] '{label}' is listed more than once in sendToSales and disqualify.", paramName);
                }

                routing[key] = value;
                i++;
            }
        }
    }

    /// <summary>
    /// Fit A (60 and more), B (40), C (20), D; engagement 1 (30 and more), 2 (15), 3 (5), 4. A1, A2 and B1 go
    /// to sales, D4 is disqualified, every other cell is nurtured.
    /// </summary>
    public static GradeGrid Default { get; } = new(
        [new("A", 60m), new("B", 40m), new("C", 20m), new("D", null)],
        [new("1", 30m), new("2", 15m), new("3", 5m), new("4", null)],
        sendToSales: ["A1", "A2", "B1"],
        disqualify: ["D4"]);

    /// <summary>The fit levels, best first.</summary>
    public ImmutableArray<GridLevel> FitLevels { get; }

    /// <summary>The engagement levels, best first.</summary>
    public ImmutableArray<GridLevel> EngagementLevels { get; }

    /// <summary>The cells, row by row: best fit first, and within a fit level best engagement first.</summary>
    public ImmutableArray<GridCell> Cells { get; }

    /// <summary>Returns the cell of a fit score and an engagement score.</summary>
    /// <param name="fit">The fit score.</param>
    /// <param name="engagement">The engagement score.</param>
    /// <returns>The cell.</returns>
    public GridCell Classify(decimal fit, decimal engagement) =>
        _cells[(Rank(FitLevels.AsSpan(), fit) * EngagementLevels.Length) + Rank(EngagementLevels.AsSpan(), engagement)];

    /// <summary>Finds a cell by label.</summary>
    /// <param name="label">The label, such as <c>B2</c> (case-insensitive).</param>
    /// <param name="cell">The cell, or null.</param>
    /// <returns>True when found.</returns>
    public bool TryGetCell(string label, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GridCell? cell)
    {
        Preconditions.CheckNotNull(label);
        cell = _cells.FirstOrDefault(c => string.Equals(c.Label, label.Trim(), StringComparison.OrdinalIgnoreCase));
        return cell is not null;
    }

    /// <summary>The axes and the cells sent to sales, such as <c>A/B/C/D x 1/2/3/4; sales: A1, A2, B1</c>.</summary>
    public override string ToString() =>
        $"{string.Join('/', FitLevels.Select(l => l.Label))} x {string.Join('/', EngagementLevels.Select(l => l.Label))}; sales: {string.Join(", ", _cells.Where(c => c.Routing == LeadRouting.SendToSales))}";

    private static int Rank(ReadOnlySpan<GridLevel> levels, decimal score)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i].MinimumScore is not { } min || score >= min)
            {
                return i;
            }
        }

        return levels.Length - 1;
    }

    private static ImmutableArray<GridLevel> Levels(IEnumerable<GridLevel> levels, string paramName)
    {
        var items = Preconditions.CheckNotNull(levels, paramName).ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Label.Length == 0)
            {
                throw new ArgumentException($"{paramName}[{i}] is default(GridLevel); give every level a label.", paramName);
            }
        }

        var order = ThresholdOrder.Order([.. items.Select(l => (l.Label, l.MinimumScore))], paramName, "level");
        return [.. order.Select(i => items[i])];
    }
}
