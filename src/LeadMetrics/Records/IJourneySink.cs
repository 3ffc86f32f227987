namespace LeadMetrics.Records;

/// <summary>Anything that ingests lead journeys (a lead with its touchpoints) one at a time: the attribution calculators.</summary>
public interface IJourneySink
{
    /// <summary>Adds one journey.</summary>
    /// <param name="journey">The journey.</param>
    void Add(in LeadJourney journey);
}
