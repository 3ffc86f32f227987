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
internal static class RatesOption
{
    public static Dictionary<string, decimal> Parse(JsonElement rates, Currency report)
    {
        var table = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        if (rates.ValueKind == JsonValueKind.String)
        {
            return RatesTable.Load(rates.GetString()!, report, "rates file", reportCurrencyOption: null);
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
            RatesTable.Add(table, p.Name, text, report, "rates", reportCurrencyOption: null, nameCode: true);
        }

        return table;
    }
}
