namespace LeadMetrics;

/// <summary>What a cost paid for. Customer acquisition cost counts more than media.</summary>
public enum CostCategory
{
    /// <summary>Advertising and media spend.</summary>
    Media = 0,

    /// <summary>The sales and marketing team's working time.</summary>
    TeamTime = 1,

    /// <summary>Software and tools.</summary>
    Tooling = 2,

    /// <summary>Anything else (agencies, events, ...).</summary>
    Other = 3,
}
