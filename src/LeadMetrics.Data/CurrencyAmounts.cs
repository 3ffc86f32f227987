namespace LeadMetrics.Data;

/// <summary>
/// The <c>currency</c> column of leads, costs and revenue: an amount in the report's currency (or with no currency
/// given) is kept; one in another currency is converted through a given rate, else refused (never summed as the
/// report's currency). Used by both CSV readers, with the same messages.
/// </summary>
internal static class CurrencyAmounts
{
    /// <summary>Converts <paramref name="amount"/> from <paramref name="code"/> into <paramref name="report"/>.</summary>
    /// <returns>Null on success, else the rejection message (the reason is <see cref="Reasons.CurrencyMismatch"/>).</returns>
    public static string? TryConvert(ReadOnlySpan<char> code, ref decimal amount, Currency report, IReadOnlyDictionary<string, decimal>? rates, string field)
    {
        code = code.Trim();
        if (code.IsEmpty || code.Equals(report.Code, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = code.ToString();
        if (!Currency.TryFromCode(text.ToUpperInvariant(), out var currency))
        {
            return $"currency '{text}' is not an ISO 4217 code; the {field} cannot be counted as {report.Code}.";
        }

        if (currency == report)
        {
            return null;
        }

        if (rates is null || !TryRate(rates, currency.Code, out var rate))
        {
            return $"the {field} is in {currency.Code}, the report is in {report.Code}: give --rates with a {currency.Code} rate to convert it (amounts are never summed across currencies).";
        }

        try
        {
            amount *= rate;
            return null;
        }
        catch (OverflowException)
        {
            return $"the {field} converted at {rate} {report.Code} per {currency.Code} does not fit a decimal.";
        }
    }

    private static bool TryRate(IReadOnlyDictionary<string, decimal> rates, string code, out decimal rate)
    {
        if (rates.TryGetValue(code, out rate))
        {
            return true;
        }

        foreach (var (key, value) in rates)
        {
            if (string.Equals(key, code, StringComparison.OrdinalIgnoreCase))
            {
                rate = value;
                return true;
            }
        }

        return false;
    }
}
