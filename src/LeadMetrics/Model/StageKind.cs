namespace LeadMetrics;

/// <summary>What reaching a pipeline stage means for a lead.</summary>
public enum StageKind
{
    /// <summary>An open, working stage (New, Working, Qualified, Proposal, ...).</summary>
    Open = 0,

    /// <summary>The terminal stage that means the lead became a customer (closed-won).</summary>
    Won = 1,

    /// <summary>A terminal stage that means the lead will not become a customer (closed-lost).</summary>
    Lost = 2,
}
