using LeadMetrics.Encoding;
using LeadMetrics.Events;

namespace LeadMetrics.Records;

/// <summary>Batch entry points shared by every calculator (leads, journeys, costs, revenue); they run the same single-item methods as streaming use.</summary>
public static class LeadSinkExtensions
{
    /// <summary>
    /// Adds every lead of a span, lead by lead through <see cref="ILeadSink.Add"/>: a rejected lead throws with the
    /// calculator (every grouping of a calculator set) holding exactly the leads before it. The one span entry point of
    /// every calculator; a columnar batch has its own <c>AddRange(LeadColumns)</c>.
    /// </summary>
    /// <typeparam name="TCalculator">The calculator type.</typeparam>
    /// <param name="calculator">The calculator.</param>
    /// <param name="leads">The leads.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TCalculator AddRange<TCalculator>(this TCalculator calculator, ReadOnlySpan<LeadRecord> leads)
        where TCalculator : ILeadSink
    {
        ArgumentNullException.ThrowIfNull(calculator);
        foreach (ref readonly var lead in leads)
        {
            calculator.Add(lead);
        }

        return calculator;
    }

    /// <summary>Adds every lead of a sequence.</summary>
    /// <typeparam name="TCalculator">The calculator type.</typeparam>
    /// <param name="calculator">The calculator.</param>
    /// <param name="leads">The leads.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TCalculator AddRange<TCalculator>(this TCalculator calculator, IEnumerable<LeadRecord> leads)
        where TCalculator : ILeadSink
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(leads);
        foreach (var lead in leads)
        {
            calculator.Add(lead);
        }

        return calculator;
    }

    /// <summary>Encodes and adds every <see cref="Lead"/> of a sequence (allocates one record's stage array per lead).</summary>
    /// <typeparam name="TCalculator">The calculator type.</typeparam>
    /// <param name="calculator">The calculator.</param>
    /// <param name="leads">The leads.</param>
    /// <param name="encoding">The data set's encoders.</param>
    /// <param name="segmentAttribute">The attribute to use as <see cref="LeadRecord.Segment"/>, or null.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TCalculator AddRange<TCalculator>(this TCalculator calculator, IEnumerable<Lead> leads, LeadEncoding encoding, string? segmentAttribute = null)
        where TCalculator : ILeadSink
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(leads);
        foreach (var lead in leads)
        {
            calculator.Add(LeadRecord.FromLead(lead, encoding, segmentAttribute));
        }

        return calculator;
    }

    /// <summary>Adds every cost of a sequence (an array or a list included), cost by cost through <see cref="ICostSink.AddCost"/>.</summary>
    /// <typeparam name="TSink">The calculator type.</typeparam>
    /// <param name="sink">The calculator.</param>
    /// <param name="costs">The costs.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TSink AddRange<TSink>(this TSink sink, IEnumerable<CostEvent> costs)
        where TSink : ICostSink
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(costs);
        foreach (var cost in costs)
        {
            sink.AddCost(cost);
        }

        return sink;
    }

    /// <summary>Adds every revenue event of a sequence (an array or a list included), event by event through <see cref="IRevenueSink.AddRevenue"/>.</summary>
    /// <typeparam name="TSink">The calculator type.</typeparam>
    /// <param name="sink">The calculator.</param>
    /// <param name="revenue">The revenue events.</param>
    /// <returns>The calculator, for chaining.</returns>
    public static TSink AddRange<TSink>(this TSink sink, IEnumerable<RevenueEvent> revenue)
        where TSink : IRevenueSink
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(revenue);
        foreach (var item in revenue)
        {
            sink.AddRevenue(item);
        }

        return sink;
    }

    /// <summary>Adds every journey of a sequence (an array or a list included), journey by journey through <see cref="IJourneySink.Add"/>.</summary>
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
