using LeadMetrics.Data;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// The --rates file: CSV with a header and the columns <c>currency</c> and <c>rate</c>, one row per currency: the
/// units of the report currency (--currency) per one unit of that currency (EUR,1.08 with --currency USD: 1 EUR is
/// 1.08 USD). Amounts in a currency of the file are converted when read; amounts in any other currency are rejected
/// as currency_mismatch. The rules are the ingest layer's <see cref="RatesTable"/>; a bad file is a usage error.
/// </summary>
internal static class RatesFile
{
    public static Dictionary<string, decimal> Load(string path, Currency report)
    {
        try
        {
            return RatesTable.Load(path, report, "--rates file", "--currency");
        }
        catch (DataSetException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
