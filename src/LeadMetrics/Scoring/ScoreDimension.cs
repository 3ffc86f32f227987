namespace LeadMetrics.Scoring;

/// <summary>
/// The two separate parts of a lead score: who the lead is (fit) and what the lead did (engagement).
/// </summary>
public enum ScoreDimension
{
    /// <summary>Fit to the ideal customer profile, from the lead's attributes (company size, role, budget, ...).</summary>
    Fit = 0,

    /// <summary>Engagement, from the lead's touchpoints by kind and recency (forms, calls, webinars, ...).</summary>
    Engagement = 1,
}
