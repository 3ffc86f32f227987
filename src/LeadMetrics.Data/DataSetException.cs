namespace LeadMetrics.Data;

/// <summary>
/// A problem with a data set as a whole, not one row: a missing or unreadable file, a required column that is
/// absent, a <c>--map</c> entry that does not fit, an invalid option. The message names the file, column or value.
/// </summary>
public class DataSetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file, column or value.</param>
    public DataSetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, naming the file, column or value.</param>
    /// <param name="inner">The cause.</param>
    public DataSetException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DataSetException()
    {
    }
}

/// <summary>A bad row met with <see cref="BadRowPolicy.Fail"/>: the first bad row stops the read.</summary>
public sealed class BadRowException : Exception
{
    /// <summary>Creates the exception for a bad row.</summary>
    /// <param name="row">The row: file, line, column, value, reason and message.</param>
    public BadRowException(BadRow row)
        : base(Describe(row)) => Row = row;

    /// <summary>Creates the exception with a generic message.</summary>
    public BadRowException()
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, string.Empty);
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BadRowException(string message)
        : base(message)
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, message);
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public BadRowException(string message, Exception inner)
        : base(message, inner)
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, message);
    }

    /// <summary>The bad row.</summary>
    public BadRow Row { get; }

    private static string Describe(BadRow row) => (row ?? throw new ArgumentNullException(nameof(row))).Describe();
}
