namespace LeadMetrics.Cli.Input;

/// <summary>A problem with the command line or an input file as a whole (not one row): exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public UsageException()
    {
    }
}

/// <summary>A bad row met with <c>--on-bad-row fail</c>: exit code 3.</summary>
internal sealed class BadRowException : Exception
{
    public BadRowException(BadRow row)
        : base(row.Describe()) => Row = row;

    public BadRowException()
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, string.Empty);
    }

    public BadRowException(string message)
        : base(message)
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, message);
    }

    public BadRowException(string message, Exception inner)
        : base(message, inner)
    {
        Row = new BadRow(string.Empty, 0, string.Empty, string.Empty, string.Empty, message);
    }

    public BadRow Row { get; }
}
