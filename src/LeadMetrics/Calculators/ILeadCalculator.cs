using LeadMetrics.Records;

namespace LeadMetrics.Calculators;

/// <summary>
/// The shape every streaming KPI calculator shares: add one lead at a time, merge another partial
/// result of the same configuration, and take an immutable snapshot at any moment.
/// </summary>
/// <typeparam name="TSelf">The calculator type.</typeparam>
/// <typeparam name="TResult">The immutable result type.</typeparam>
/// <remarks>
/// <para><see cref="ILeadSink.Add"/> allocates nothing in steady state. <see cref="Merge"/> is associative
/// and commutative: merging partials computed on disjoint sets of leads gives exactly what one
/// pass over all of them gives, so work can be split across cores or machines.</para>
/// <para>Calculators are not thread-safe; use one per thread and merge.</para>
/// </remarks>
public interface ILeadCalculator<TSelf, out TResult> : ILeadSink
    where TSelf : ILeadCalculator<TSelf, TResult>
{
    /// <summary>Adds another partial result of the same configuration into this one.</summary>
    /// <param name="other">The other calculator; it is not changed.</param>
    /// <exception cref="ArgumentException">The configurations differ.</exception>
    void Merge(TSelf other);

    /// <summary>Returns an immutable snapshot of the result so far.</summary>
    /// <returns>The result.</returns>
    TResult Snapshot();

    /// <summary>Creates an empty calculator with the same configuration.</summary>
    /// <returns>The new calculator.</returns>
    TSelf CreateEmpty();
}
