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
