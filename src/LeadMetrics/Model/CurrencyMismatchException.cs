namespace LeadMetrics;

/// <summary>
/// Thrown when amounts of different currencies meet in one calculation without an explicit
/// conversion. Catch it; only the library throws it (its constructor is internal).
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for two currencies that do not match.</summary>
    /// <param name="expected">The currency of the calculation.</param>
    /// <param name="actual">The currency that arrived.</param>
    internal CurrencyMismatchException(Currency expected, Currency actual)
        : base($"Currency mismatch: expected {expected.Code} but got {actual.Code}. Convert amounts explicitly (for example with an exchange-rate function) before combining them.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The currency the calculation uses.</summary>
    public Currency Expected { get; }

    /// <summary>The currency that did not match.</summary>
    public Currency Actual { get; }
}
