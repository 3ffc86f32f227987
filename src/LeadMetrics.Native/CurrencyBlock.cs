using System.Runtime.InteropServices;

namespace LeadMetrics.Native;

/// <summary>
/// The currencies of the revenue and cost rows of a <see cref="MoneyBlock"/> and the rates that convert them
/// (<c>lm_currency_block</c> of the C ABI, version 1 revision 3, docs/python.md; passed to
/// <c>lm_kpis_add_block_currencies</c>): the command's <c>currency</c> column and <c>--rates</c> for the block route.
/// <see cref="Rates"/> is UTF-8 JSON, the CSV option <c>rates</c>: an object <c>{"EUR": "1.08"}</c> or the path of a
/// rates file as a JSON string; null = no rates. Each currency column is int32 codes into a UTF-8 JSON array of
/// strings (-1 or an empty label = the set's currency); null = every row is in the set's currency. The amount of a row
/// in another currency is int64 minor units at <em>that</em> currency's scale (<c>lm_currency_digits</c>); it is read
/// as that exact decimal and multiplied by its rate exactly, as the command converts; a currency without a rate, or a
/// code that is not ISO 4217, is an error naming the table, the <c>currency</c> column and the row, with the
/// command's message.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CurrencyBlock
{
    public byte* Rates;
    public int* RevenueCurrencyCodes;
    public byte* RevenueCurrencyLabels;
    public int* CostCurrencyCodes;
    public byte* CostCurrencyLabels;
}
