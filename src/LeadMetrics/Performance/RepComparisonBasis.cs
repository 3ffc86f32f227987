namespace LeadMetrics.Performance;

/// <summary>Which rate a rep comparison adjusts for lead mix.</summary>
public enum RepComparisonBasis
{
    /// <summary>
    /// Win rate: won / (won + lost), over closed leads only. The default: open leads have no outcome yet (they are
    /// censored, not failures), so a rep with younger leads is not penalised for them.
    /// </summary>
    WinRate = 0,

    /// <summary>Lead-to-won conversion: won / all leads, open ones included.</summary>
    Conversion = 1,
}
