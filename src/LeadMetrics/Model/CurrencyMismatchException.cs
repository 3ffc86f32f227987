namespace LeadMetrics;

/// <summary>
/// Thrown when amounts of different currencies meet in one calculation without an explicit
/// conversion.
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for two currencies that do not match.</summary>
    /// <param name="expected">The currency of the calculation.</param>
    /// <param name="actual">The currency that arrived.</param>
    public CurrencyMismatchException(Currency expected, Currency actual)
        : base($"Currency mismatch: expected {expected.Code} but got {actual.Code}. Convert amounts explicitly (for example with an exchange-rate function) before combining them.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception with a message.</summary>
    public CurrencyMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CurrencyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CurrencyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The currency the calculation uses.</summary>
    public Currency Expected { get; }

    /// <summary>The currency that did not match.</summary>
    public Currency Actual { get; }
}
