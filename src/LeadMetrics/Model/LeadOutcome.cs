namespace LeadMetrics;

/// <summary>Where a lead stands: still open, won (a customer) or lost.</summary>
public enum LeadOutcome
{
    /// <summary>Neither won nor lost yet. Open leads are censored observations, not failures.</summary>
    Open = 0,

    /// <summary>The lead became a customer.</summary>
    Won = 1,

    /// <summary>The lead will not become a customer.</summary>
    Lost = 2,
}
