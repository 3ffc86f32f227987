using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>The merge step of serialized state shared by the calculators (the format is <see cref="CalculatorState"/>'s).</summary>
internal static class StateMerge
{
    /// <summary>
    /// Merges serialized state into <paramref name="receiver"/>: reads it into a new empty calculator of the receiver's
    /// configuration, merges the receiver and it into a second empty one first (so that a merge that would overflow
    /// fails before the receiver changes), then merges it into the receiver.
    /// </summary>
    internal static void MergeSerialized<TCalculator, TResult>(TCalculator receiver, ReadOnlySpan<byte> state)
        where TCalculator : ILeadCalculator<TCalculator, TResult>, ISerializableState
    {
        var part = receiver.CreateEmpty();
        CalculatorState.Read(part, state);
        try
        {
            var trial = receiver.CreateEmpty();
            trial.Merge(receiver);
            trial.Merge(part);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"state cannot be merged into this calculator: a sum would overflow ({e.Message}).", nameof(state), e);
        }

        receiver.Merge(part);
    }
}
