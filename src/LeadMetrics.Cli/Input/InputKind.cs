namespace LeadMetrics.Cli.Input;

/// <summary>The five input files of a report.</summary>
internal enum InputKind
{
    Leads,
    Stages,
    Touchpoints,
    Costs,
    Revenue,
}

/// <summary>The canonical column names of each input file (the names <c>--map</c> maps to).</summary>
internal static class CanonicalColumns
{
    public static readonly string[] Leads = ["lead_id", "created_at", "source", "campaign", "owner", "first_response_at", "won_at", "lost_at", "value"];
    public static readonly string[] Stages = ["lead_id", "stage", "at"];
    public static readonly string[] Touchpoints = ["lead_id", "at", "channel", "campaign", "kind", "direction", "actor"];
    public static readonly string[] Costs = ["date", "from", "to", "source", "campaign", "amount", "category"];
    public static readonly string[] Revenue = ["lead_id", "at", "amount"];

    public static string[] For(InputKind kind) => kind switch
    {
        InputKind.Leads => Leads,
        InputKind.Stages => Stages,
        InputKind.Touchpoints => Touchpoints,
        InputKind.Costs => Costs,
        _ => Revenue,
    };

    public static string FileName(InputKind kind) => kind switch
    {
        InputKind.Leads => "leads",
        InputKind.Stages => "stages",
        InputKind.Touchpoints => "touchpoints",
        InputKind.Costs => "costs",
        _ => "revenue",
    };

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
