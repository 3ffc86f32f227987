namespace LeadMetrics.Records;

/// <summary>Anything that ingests leads one at a time: every calculator and calculator set.</summary>
public interface ILeadSink
{
    /// <summary>Adds one lead.</summary>
    /// <param name="lead">The lead's encoded facts.</param>
    /// <exception cref="ArgumentException"><paramref name="lead"/> is <c>default(LeadRecord)</c>, or a fact the calculator checks is out of range (the message names it).</exception>
    void Add(in LeadRecord lead);
}
