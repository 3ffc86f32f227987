namespace LeadMetrics.Calculators;

/// <summary>Anything that ingests leads one at a time: every calculator and calculator set.</summary>
public interface ILeadSink
{
    /// <summary>Adds one lead.</summary>
    /// <param name="lead">The lead's encoded facts.</param>
    void Add(in LeadRecord lead);
}
