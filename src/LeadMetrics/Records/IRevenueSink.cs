using LeadMetrics.Events;

namespace LeadMetrics.Records;

/// <summary>Anything that ingests realized revenue one event at a time (the money and lifetime-value calculators).</summary>
public interface IRevenueSink
{
    /// <summary>Adds one revenue event.</summary>
    /// <param name="revenue">The revenue event.</param>
    void AddRevenue(in RevenueEvent revenue);
}
