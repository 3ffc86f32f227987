using System.Globalization;
using System.Text.Json;
using LeadMetrics.Data;

namespace LeadMetrics.Native;

/// <summary>
/// The CSV option <c>rates</c>, the command's <c>--rates</c>: the units of the set's currency per one unit of another
/// currency, given as the path of a rates file (CSV, header <c>currency,rate</c>, one row per currency, read with the
/// command's rules and messages) or as a JSON object <c>{"EUR": "1.08"}</c> (a rate as a string or a JSON number,
/// read as an exact decimal). Amounts of the data set's files whose <c>currency</c> column names a currency of the
/// table are multiplied by its rate exactly (decimal, every digit kept); others are rejected as
/// <c>currency_mismatch</c> by the ingest layer.
/// </summary>
internal static class RatesTable
{
    public static Dictionary<string, decimal> Parse(JsonElement rates, Currency report)
    {
        var table = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        if (rates.ValueKind == JsonValueKind.String)
        {
            return Load(rates.GetString()!, report);
        }

        if (rates.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("csv options: 'rates' must be the path of a rates file (currency,rate) or an object of ISO 4217 code to rate.");
        }

        foreach (var p in rates.EnumerateObject())
        {
            var text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => throw new ArgumentException($"rates: the rate of '{p.Name}' must be a number or a numeric string; was {p.Value.GetRawText()}."),
            };
            Add(table, p.Name, text, report, "rates");
        }

        return table;
    }

    /// <summary>A rates file, with the command's rules (header currency,rate; one row per currency; positive rates; not the report currency).</summary>
    private static Dictionary<string, decimal> Load(string path, Currency report)
    {
        if (!File.Exists(path))
        {
            throw new DataSetException($"rates file '{path}' does not exist.");
        }

        var table = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !string.Equals(string.Join(',', lines[0].Split(',').Select(c => c.Trim().ToLowerInvariant())), "currency,rate", StringComparison.Ordinal))
        {
            throw new DataSetException($"rates file '{path}': the first line must be the header currency,rate.");
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
                throw new DataSetException($"rates file '{path}', line {i + 1}: expected currency,rate; was '{lines[i]}'.");
            }

            try
            {
                Add(table, parts[0], parts[1], report, $"rates file '{path}', line {i + 1}");
            }
            catch (ArgumentException e)
            {
                throw new DataSetException(e.Message);
            }
        }

        return table;
    }

    private static void Add(Dictionary<string, decimal> table, string codeText, string rateText, Currency report, string where)
    {
        var code = codeText.Trim().ToUpperInvariant();
        if (!Currency.TryFromCode(code, out var currency))
        {
            throw new ArgumentException($"{where}: '{codeText.Trim()}' is not an ISO 4217 currency code.");
        }

        if (currency == report)
        {
            throw new ArgumentException($"{where}: {code} is the report currency; it needs no rate.");
        }

        if (!decimal.TryParse(rateText.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            throw new ArgumentException($"{where}: rate '{rateText.Trim()}'{(where == "rates" ? $" of {code}" : string.Empty)} is not a positive number.");
        }

        if (!table.TryAdd(code, rate))
        {
            throw new ArgumentException($"{where}: {code} is given twice.");
        }
    }
}
