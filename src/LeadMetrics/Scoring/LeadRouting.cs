namespace LeadMetrics.Scoring;

/// <summary>What to do with a lead of a given grade.</summary>
public enum LeadRouting
{
    /// <summary>Keep the lead in marketing nurturing (the default for anything not hot).</summary>
    Nurture = 0,

    /// <summary>Hand the lead to sales now.</summary>
    SendToSales = 1,

    /// <summary>Stop spending effort on the lead (poor fit and no engagement).</summary>
    Disqualify = 2,
}
