namespace LeadMetrics.Grouping;

/// <summary>Which instant of a lead decides its time bucket.</summary>
public enum PeriodInstant
{
    /// <summary>When the lead was created (the default: cohorts by arrival).</summary>
    Created = 0,

    /// <summary>When the lead was first answered; unanswered leads fall in the "(none)" period.</summary>
    FirstResponse = 1,

    /// <summary>When the lead was won or lost; open leads fall in the "(none)" period.</summary>
    Closed = 2,
}
