using System.Globalization;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// The --rates file: CSV with a header and the columns <c>currency</c> and <c>rate</c>, one row per currency: the
/// units of the report currency (--currency) per one unit of that currency (EUR,1.08 with --currency USD: 1 EUR is
/// 1.08 USD). Amounts in a currency of the file are converted when read; amounts in any other currency are rejected
/// as currency_mismatch.
/// </summary>
internal static class RatesFile
{
    public static Dictionary<string, decimal> Load(string path, Currency report)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--rates file '{path}' {(Directory.Exists(path) ? "is a folder, not a file" : "does not exist")}.");
        }

        var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !string.Equals(string.Join(',', lines[0].Split(',').Select(c => c.Trim().ToLowerInvariant())), "currency,rate", StringComparison.Ordinal))
        {
            throw new UsageException($"--rates file '{path}': the first line must be the header currency,rate.");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var parts = lines[i].Split(',');
            if (parts.Length != 2)
            {
                throw new UsageException($"--rates file '{path}', line {i + 1}: expected currency,rate; was '{lines[i]}'.");
            }

            var code = parts[0].Trim().ToUpperInvariant();
            if (!Currency.TryFromCode(code, out var currency))
            {
                throw new UsageException($"--rates file '{path}', line {i + 1}: '{parts[0].Trim()}' is not an ISO 4217 currency code.");
            }

            if (currency == report)
            {
                throw new UsageException($"--rates file '{path}', line {i + 1}: {code} is the report currency (--currency); it needs no rate.");
            }

            if (!decimal.TryParse(parts[1].Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                throw new UsageException($"--rates file '{path}', line {i + 1}: rate '{parts[1].Trim()}' is not a positive number.");
            }

            if (!rates.TryAdd(code, rate))
            {
                throw new UsageException($"--rates file '{path}', line {i + 1}: {code} is given twice.");
            }
        }

        return rates;
    }
}
