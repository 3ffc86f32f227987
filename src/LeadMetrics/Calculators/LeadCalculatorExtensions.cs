using LeadMetrics.Encoding;

namespace LeadMetrics.Calculators;

/// <summary>Batch entry points shared by every calculator; they run the same <c>Add</c> as streaming use.</summary>
public static class LeadCalculatorExtensions
{
    /// <summary>Adds every lead of a span.</summary>
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
}
