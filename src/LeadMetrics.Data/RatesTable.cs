using System.Globalization;

namespace LeadMetrics.Data;

/// <summary>
/// A table of exchange rates into the report currency: the units of the report currency per one unit of another
/// currency (EUR 1.08 with a USD report: 1 EUR is 1.08 USD). Read from a rates file (CSV with the header
/// <c>currency,rate</c>, one row per currency) or built entry by entry; shared by the CLI's <c>--rates</c> and the
/// native library's <c>rates</c> option so that both accept and refuse the same tables with the same messages. Amounts
/// in a currency of the table are converted exactly when read; amounts in any other currency are rejected as
/// <c>currency_mismatch</c>.
/// </summary>
internal static class RatesTable
{
    /// <summary>
    /// Reads a rates file. Errors are <see cref="DataSetException"/>s whose message starts with
    /// <paramref name="fileName"/> (<c>--rates file</c>, <c>rates file</c>) and the path, and names the line.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="report">The report currency (no rate may be given for it).</param>
    /// <param name="fileName">How messages name the file's option.</param>
    /// <param name="reportCurrencyOption">How messages name the report currency's option (<c>--currency</c>), or null.</param>
    public static Dictionary<string, decimal> Load(string path, Currency report, string fileName, string? reportCurrencyOption)
    {
        if (!File.Exists(path))
        {
            throw new DataSetException($"{fileName} '{path}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var table = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !string.Equals(string.Join(',', lines[0].Split(',').Select(c => c.Trim().ToLowerInvariant())), "currency,rate", StringComparison.Ordinal))
        {
            throw new DataSetException($"{fileName} '{path}': the first line must be the header currency,rate.");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var where = $"{fileName} '{path}', line {i + 1}";
            var parts = lines[i].Split(',');
            if (parts.Length != 2)
            {
                throw new DataSetException($"{where}: expected currency,rate; was '{lines[i]}'.");
            }

            try
            {
                Add(table, parts[0], parts[1], report, where, reportCurrencyOption, nameCode: false);
            }
            catch (ArgumentException e)
            {
                throw new DataSetException(e.Message, e);
            }
        }

        return table;
    }

    /// <summary>
    /// Adds one rate: an ISO 4217 code other than the report currency, given once, with a positive exact decimal rate;
    /// an <see cref="ArgumentException"/> starting with <paramref name="where"/> otherwise.
    /// </summary>
    /// <param name="table">The table being built.</param>
    /// <param name="codeText">The currency code as given.</param>
    /// <param name="rateText">The rate as given (invariant culture, decimal point and exponent allowed).</param>
    /// <param name="report">The report currency.</param>
    /// <param name="where">Where the entry came from, for the message.</param>
    /// <param name="reportCurrencyOption">How messages name the report currency's option, or null.</param>
    /// <param name="nameCode">Whether a bad rate's message names its currency (entries outside a file's line).</param>
    public static void Add(Dictionary<string, decimal> table, string codeText, string rateText, Currency report, string where, string? reportCurrencyOption, bool nameCode)
    {
        var code = codeText.Trim().ToUpperInvariant();
        if (!Currency.TryFromCode(code, out var currency))
        {
            throw new ArgumentException($"{where}: '{codeText.Trim()}' is not an ISO 4217 currency code.");
        }

        if (currency == report)
        {
            throw new ArgumentException($"{where}: {code} is the report currency{(reportCurrencyOption is null ? string.Empty : $" ({reportCurrencyOption})")}; it needs no rate.");
        }

        if (!decimal.TryParse(rateText.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            throw new ArgumentException($"{where}: rate '{rateText.Trim()}'{(nameCode ? $" of {code}" : string.Empty)} is not a positive number.");
        }

        if (!table.TryAdd(code, rate))
        {
            throw new ArgumentException($"{where}: {code} is given twice.");
        }
    }
}
