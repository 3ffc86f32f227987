using System.Runtime.InteropServices;

namespace LeadMetrics.Native;

/// <summary>
/// The touchpoints, revenue and cost rows that go with a <see cref="LeadBlock"/> (<c>lm_money_block</c> of the C ABI,
/// docs/python.md; passed to <c>lm_kpis_add_block</c>). Every pointer may be null when its count is 0. Touchpoint and
/// revenue rows name their lead by its row in the lead block (<c>*_lead</c>). Instants are int64 ns since the epoch
/// (UTC), <see cref="long.MinValue"/> = missing; amounts are int64 minor units at the set's currency scale,
/// <see cref="long.MinValue"/> = missing; cost dates are local dates as int32 days since 1970-01-01,
/// <see cref="int.MinValue"/> = missing; labels are int32 codes into a UTF-8 JSON array of strings, -1 = missing.
/// <see cref="Flags"/> says which tables the caller has (1 touchpoints, 2 costs, 4 revenue), so that an empty costs
/// table still means "spend is known to be zero" as an empty costs.csv does for the command.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MoneyBlock
{
    public long Flags;
    public long TouchCount;
    public long TouchRowOffset;
    public int* TouchLead;
    public long* TouchAt;
    public int* TouchKindCodes;
    public byte* TouchKindLabels;
    public int* TouchDirectionCodes;
    public byte* TouchDirectionLabels;
    public long RevenueCount;
    public long RevenueRowOffset;
    public int* RevenueLead;
    public long* RevenueAt;
    public long* RevenueAmount;
    public long CostCount;
    public long CostRowOffset;
    public int* CostFrom;
    public int* CostTo;
    public int* CostSourceCodes;
    public byte* CostSourceLabels;
    public int* CostCampaignCodes;
    public byte* CostCampaignLabels;
    public long* CostAmount;
    public int* CostCategoryCodes;
    public byte* CostCategoryLabels;

    public const long HasTouchpoints = 1;
    public const long HasCosts = 2;
    public const long HasRevenue = 4;
}
