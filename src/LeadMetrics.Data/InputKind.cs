namespace LeadMetrics.Data;

/// <summary>The five input files of a report.</summary>
public enum InputKind
{
    /// <summary>leads.csv: one row per lead.</summary>
    Leads,

    /// <summary>stages.csv: one row per stage change of a lead.</summary>
    Stages,

    /// <summary>touchpoints.csv: one row per touchpoint of a lead.</summary>
    Touchpoints,

    /// <summary>costs.csv: spend by source, campaign and date.</summary>
    Costs,

    /// <summary>revenue.csv: realized revenue per lead.</summary>
    Revenue,
}

/// <summary>The canonical column names of each input file (the names <c>--map</c> maps to).</summary>
public static class CanonicalColumns
{
    /// <summary>The columns of leads.csv.</summary>
    public static IReadOnlyList<string> Leads { get; } = ["lead_id", "created_at", "source", "campaign", "owner", "first_response_at", "won_at", "lost_at", "value", "currency"];
    /// <summary>The columns of stages.csv.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["lead_id", "stage", "at"];
    /// <summary>The columns of touchpoints.csv.</summary>
    public static IReadOnlyList<string> Touchpoints { get; } = ["lead_id", "at", "channel", "campaign", "kind", "direction", "actor"];
    /// <summary>The columns of costs.csv.</summary>
    public static IReadOnlyList<string> Costs { get; } = ["date", "from", "to", "source", "campaign", "amount", "category", "currency"];
    /// <summary>The columns of revenue.csv.</summary>
    public static IReadOnlyList<string> Revenue { get; } = ["lead_id", "at", "amount", "currency"];

    /// <summary>The canonical columns of a file.</summary>
    /// <param name="kind">The file.</param>
    /// <returns>Its column names.</returns>
    public static IReadOnlyList<string> For(InputKind kind) => kind switch
    {
        InputKind.Leads => Leads,
        InputKind.Stages => Stages,
        InputKind.Touchpoints => Touchpoints,
        InputKind.Costs => Costs,
        _ => Revenue,
    };

    /// <summary>The file's name without extension (leads, stages, touchpoints, costs, revenue).</summary>
    /// <param name="kind">The file.</param>
    /// <returns>The name.</returns>
    public static string FileName(InputKind kind) => kind switch
    {
        InputKind.Leads => "leads",
        InputKind.Stages => "stages",
        InputKind.Touchpoints => "touchpoints",
        InputKind.Costs => "costs",
        _ => "revenue",
    };

    /// <summary>Reads a file name (case-insensitive) as a kind.</summary>
    /// <param name="text">leads, stages, touchpoints, costs or revenue.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>True when <paramref name="text"/> names a file.</returns>
    public static bool TryParseKind(string text, out InputKind kind)
    {
        foreach (var k in Enum.GetValues<InputKind>())
        {
            if (string.Equals(FileName(k), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
