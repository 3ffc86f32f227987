using LeadMetrics.Events;

namespace LeadMetrics.Records;

/// <summary>Anything that ingests costs one at a time (the money and attribution calculators).</summary>
public interface ICostSink
{
    /// <summary>Adds one cost.</summary>
    /// <param name="cost">The cost.</param>
    void AddCost(in CostEvent cost);
}
