
namespace LeadMetrics.Attribution;

/// <summary>Batch entry points for journeys, shared by every attribution calculator; they run the same <c>Add</c>.</summary>
public static class JourneySinkExtensions
{
    /// <summary>Adds every journey of a span.</summary>
    /// <typeparam name="TSink">The calculator type.</typeparam>
    /// <param name="sink">The calculator.</param>
    /// <param name="journeys">The journeys.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TSink AddRange<TSink>(this TSink sink, ReadOnlySpan<LeadJourney> journeys)
        where TSink : IJourneySink
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (ref readonly var journey in journeys)
        {
            sink.Add(journey);
        }

        return sink;
    }

    /// <summary>Adds every journey of a sequence.</summary>
    /// <typeparam name="TSink">The calculator type.</typeparam>
    /// <param name="sink">The calculator.</param>
    /// <param name="journeys">The journeys.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TSink AddRange<TSink>(this TSink sink, IEnumerable<LeadJourney> journeys)
        where TSink : IJourneySink
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(journeys);
        foreach (var journey in journeys)
        {
            sink.Add(journey);
        }

        return sink;
    }
}
