namespace LeadMetrics.Finance;

/// <summary>Which money counts as "revenue" in return on investment and return on ad spend.</summary>
public enum RevenueBasis
{
    /// <summary>The deal values of won leads (<see cref="Records.LeadRecord.DealValue"/>): what was signed.</summary>
    WonDealValue = 0,

    /// <summary>Realized revenue: the payments added as <see cref="Events.RevenueEvent"/> (refunds negative).</summary>
    Realized = 1,
}
