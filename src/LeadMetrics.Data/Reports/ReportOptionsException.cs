namespace LeadMetrics.Data.Reports;

/// <summary>
/// A report option or option file that is wrong as a whole (a period, a capacity, a targets file, a sales-cycle
/// stage), not one row: the message names the option and its value. The CLI shows it as a usage error (exit code 2).
/// </summary>
internal sealed class ReportOptionsException : ArgumentException
{
    public ReportOptionsException(string message)
        : base(message)
    {
    }

    public ReportOptionsException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ReportOptionsException()
    {
    }
}
