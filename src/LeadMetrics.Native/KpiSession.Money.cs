using LeadMetrics.Data;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// The money side of a KPI set (options <c>costs</c> / <c>revenue</c>): the library's <see cref="FinanceCalculator"/>
/// per grouping (fed the leads in the pass; costs and revenue added at the snapshot, on a copy), the spend-based
/// acquisition cost per trend period, and <see cref="LifetimeValueCalculator"/> per grouping over the won leads and the
/// revenue, with the command's report rules (docs/cli.md, "Money KPIs"; <c>MoneyEngine</c> of the CLI): costs clipped to
/// the calendar quarters that the leads and payments span, cost KPIs only where costs can land (total, source,
/// campaign, periods), null cost ratios in a scope no cost row landed in, groups with cost but no lead.
/// </summary>
internal sealed partial class KpiSession
{
    private readonly List<CostEvent> _costs = [];
    private readonly List<RevenueEvent> _revenue = [];
    private readonly List<LeadRecord> _customers = [];
    private long _spanFirst = long.MaxValue;
    private long _spanLast = long.MinValue;
    private long _lastCreated = long.MinValue;
    private long _lastPayment = long.MinValue;

    private FinanceOptions FinanceOptions => new(Options.Currency, revenueBasis: Options.Revenue ? RevenueBasis.Realized : RevenueBasis.WonDealValue, grossMargin: Options.Margin);

    private FinanceCalculator[]? NewFinance() => Options.Money ? [.. Groupings.Select(g => new FinanceCalculator(g, FinanceOptions))] : null;

    private FinanceCalculator? NewSpend() => Options.Costs && Options.TrendComputed
        ? new FinanceCalculator(new LeadGrouping(GroupDimension.None, Options.TrendBucket, Options.Zone, PeriodInstant.Closed), FinanceOptions)
        : null;

    private void MergeMoney(KpiSession other)
    {
        _costs.AddRange(other._costs);
        _revenue.AddRange(other._revenue);
        _customers.AddRange(other._customers);
        _spanFirst = Math.Min(_spanFirst, other._spanFirst);
        _spanLast = Math.Max(_spanLast, other._spanLast);
        _lastCreated = Math.Max(_lastCreated, other._lastCreated);
        _lastPayment = Math.Max(_lastPayment, other._lastPayment);
    }

    /// <summary>
    /// Checks the touchpoint rows of a block (the first bad value is an <see cref="ArgumentException"/> naming column and
    /// row) and infers the first response of the leads without one: the earliest outbound touchpoint of a response kind.
    /// </summary>
    private unsafe void InferResponses(in MoneyBlock m, int n, long[] created, long[] response)
    {
        var count = checked((int)m.TouchCount);
        if (count == 0)
        {
            return;
        }

        var kinds = Enums("kind", m.TouchKindLabels, MoneyRules.Kind);
        var outbound = Enums("direction", m.TouchDirectionLabels, MoneyRules.Outbound);
        var inferred = new long[n];
        Array.Fill(inferred, Missing);
        for (var k = 0; k < count; k++)
        {
            var row = m.TouchRowOffset + k;
            var lead = m.TouchLead == null ? -1 : m.TouchLead[k];
            if (lead < 0 || lead >= n)
            {
                throw Bad("touchpoints", "lead_id", row, lead < 0 ? "(no match)" : lead.ToString(System.Globalization.CultureInfo.InvariantCulture), "no lead with this lead_id in the leads");
            }

            var at = m.TouchAt == null ? Missing : m.TouchAt[k];
            if (at == Missing)
            {
                throw Bad("touchpoints", "at", row, "missing", "at is required");
            }

            if (Ticks(at) < created[lead])
            {
                throw Bad("touchpoints", "at", row, Show(at), $"the lead was created at {Instant.FromUnixTimeTicks(created[lead])}; a touchpoint cannot be before that");
            }

            var kind = Code(kinds, m.TouchKindCodes, k, "touchpoints", "kind", row, TouchpointKind.Other);
            var isOutbound = Code(outbound, m.TouchDirectionCodes, k, "touchpoints", "direction", row, false);
            if (isOutbound && Options.ResponseKinds.Contains(kind) && response[lead] == Missing)
            {
                var ticks = Ticks(at);
                if (inferred[lead] == Missing || ticks < inferred[lead])
                {
                    inferred[lead] = ticks;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (response[i] == Missing && inferred[i] != Missing)
            {
                response[i] = inferred[i];
            }
        }
    }

    /// <summary>Checks the revenue and cost rows of a block; returns them as the library's events (added only once the whole block is valid).</summary>
    private unsafe (List<(int Lead, Instant At, Money Amount)> Revenue, List<CostEvent> Costs) MoneyRows(in MoneyBlock m, int n, CurrencyBlock* c = null)
    {
        var revenue = new List<(int Lead, Instant At, Money Amount)>();
        var costs = new List<CostEvent>();
        var currency = Options.Currency;
        var scale = (byte)currency.MinorUnitDigits;
        var rates = c == null || c->Rates == null ? null : Rates(c->Rates);
        var revenueIn = c == null ? null : RowCurrencies(c->RevenueCurrencyCodes, c->RevenueCurrencyLabels, "revenue");
        var costIn = c == null ? null : RowCurrencies(c->CostCurrencyCodes, c->CostCurrencyLabels, "costs");
        var rn = checked((int)m.RevenueCount);
        if ((rn > 0 || (m.Flags & MoneyBlock.HasRevenue) != 0) && !Options.Revenue)
        {
            throw new ArgumentException("revenue rows need a set created with options.revenue true (revenue is then realized revenue, not the won deal value).");
        }

        for (var k = 0; k < rn; k++)
        {
            var row = m.RevenueRowOffset + k;
            var lead = m.RevenueLead == null ? -1 : m.RevenueLead[k];
            if (lead < 0 || lead >= n)
            {
                throw Bad("revenue", "lead_id", row, lead < 0 ? "(no match)" : lead.ToString(System.Globalization.CultureInfo.InvariantCulture), "no lead with this lead_id in the leads");
            }

            var at = m.RevenueAt == null ? Missing : m.RevenueAt[k];
            if (at == Missing)
            {
                throw Bad("revenue", "at", row, "missing", "at is required");
            }

            var amount = m.RevenueAmount == null ? Missing : m.RevenueAmount[k];
            if (amount == Missing)
            {
                throw Bad("revenue", "amount", row, "missing", "amount is required");
            }

            revenue.Add((lead, Instant.FromUnixTimeTicks(Ticks(at)), new Money(Amount(revenueIn, k, amount, scale, rates, row), currency)));
        }

        var cn = checked((int)m.CostCount);
        if ((cn > 0 || (m.Flags & MoneyBlock.HasCosts) != 0) && !Options.Costs)
        {
            throw new ArgumentException("cost rows need a set created with options.costs true.");
        }

        if (cn == 0)
        {
            return (revenue, costs);
        }

        var sources = Ids("source", m.CostSourceLabels, Encoding.Sources);
        var campaigns = Ids("campaign", m.CostCampaignLabels, Encoding.Campaigns);
        var categories = Enums("category", m.CostCategoryLabels, MoneyRules.Category);
        for (var k = 0; k < cn; k++)
        {
            var row = m.CostRowOffset + k;
            var from = m.CostFrom == null ? int.MinValue : m.CostFrom[k];
            var to = m.CostTo == null ? int.MinValue : m.CostTo[k];
            if (from == int.MinValue || to == int.MinValue)
            {
                throw Bad("costs", from == int.MinValue ? "from" : "to", row, "missing", "the date (or from and to) is required");
            }

            if (to < from)
            {
                throw Bad("costs", "to", row, MoneyRules.Date(to).ToString(), $"the range is reversed (from {MoneyRules.Date(from)})");
            }

            var source = m.CostSourceCodes == null ? -1 : m.CostSourceCodes[k];
            if (source < 0)
            {
                throw Bad("costs", "source", row, "missing", "source is required");
            }

            var amount = m.CostAmount == null ? Missing : m.CostAmount[k];
            if (amount == Missing)
            {
                throw Bad("costs", "amount", row, "missing", "amount is required");
            }

            if (amount < 0)
            {
                throw Bad("costs", "amount", row, amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " minor units",
                    "a cost cannot be negative (net credits into the spend rows of the same source and dates)");
            }

            var category = Code(categories, m.CostCategoryCodes, k, "costs", "category", row, CostCategory.Media);
            costs.Add(new CostEvent(Id("source", m.CostSourceCodes, sources, k, row, "costs"), MoneyRules.Date(from), MoneyRules.Date(to),
                new Money(Amount(costIn, k, amount, scale, rates, row), currency), category, Id("campaign", m.CostCampaignCodes, campaigns, k, row, "costs")));
        }

        return (revenue, costs);
    }

    /// <summary>A currency column of a <see cref="CurrencyBlock"/>: each row's code, each label with the scale of its amounts.</summary>
    private sealed unsafe class RowCurrency(string table, int* codes, (string Label, byte Scale)[] labels)
    {
        public string Table => table;

        /// <summary>The label of row <paramref name="k"/>'s currency and the scale of its amount; null label = the set's currency.</summary>
        public (string? Label, byte Scale) At(int k, byte setScale, long row)
        {
            var code = codes[k];
            if (code < -1 || code >= labels.Length)
            {
                throw Bad(table, "currency", row, $"code {code}", $"a label code must be -1 (missing) or 0 to {labels.Length - 1}");
            }

            return code < 0 || labels[code].Label.Length == 0 ? (null, setScale) : labels[code];
        }
    }

    private static unsafe RowCurrency? RowCurrencies(int* codes, byte* labels, string table)
    {
        if (codes == null)
        {
            return null;
        }

        // Each label's scale: its currency's minor digits (an unknown code is refused when a row uses it).
        var list = Labels("currency", labels);
        return new RowCurrency(table, codes, [.. list.Select(l => (l?.Trim() ?? string.Empty, (byte)(Currency.TryFromCode(l?.Trim().ToUpperInvariant(), out var cur) ? cur.MinorUnitDigits : 0)))]);
    }

    // The rates of a currency block: the CSV option's forms and checks (an object of code to rate, or a rates file's path).
    private unsafe Dictionary<string, decimal> Rates(byte* utf8)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)utf8) ?? "null");
        return RatesOption.Parse(doc.RootElement, Options.Currency);
    }

    /// <summary>
    /// Row <paramref name="k"/>'s amount in the set's currency: minor units at the set's scale, or, for a row in
    /// another currency, minor units at that currency's scale multiplied by its rate exactly (the command's
    /// conversion and messages: <c>CurrencyAmounts</c> of the ingest layer).
    /// </summary>
    private decimal Amount(RowCurrency? currencies, int k, long units, byte scale, Dictionary<string, decimal>? rates, long row)
    {
        if (currencies is null)
        {
            return MoneyRules.Decimal(units, scale);
        }

        var (label, rowScale) = currencies.At(k, scale, row);
        if (label is null)
        {
            return MoneyRules.Decimal(units, scale);
        }

        var amount = MoneyRules.Decimal(units, rowScale);
        if (LeadMetrics.Data.CurrencyAmounts.TryConvert(label, ref amount, Options.Currency, rates, "amount") is { } why)
        {
            throw Bad(currencies.Table, "currency", row, label, why.TrimEnd('.').Replace("give --rates with", "give rates= with", StringComparison.Ordinal));
        }

        return amount;
    }

    /// <summary>Keeps what the money sections need of a valid block: the data's span, the won leads (for lifetime value), the events.</summary>
    private void KeepMoney(int n, int firstKey, long[] created, long[] closed, LeadRecordFacts facts, List<RevenueEvent> revenue, List<CostEvent> costs)
    {
        for (var i = 0; i < n; i++)
        {
            _spanFirst = Math.Min(_spanFirst, created[i]);
            _spanLast = Math.Max(_spanLast, facts.Outcome[i] == LeadOutcome.Open ? created[i] : closed[i]);
            _lastCreated = Math.Max(_lastCreated, created[i]);
            if (Options.Revenue && facts.Outcome[i] == LeadOutcome.Won)
            {
                _customers.Add(facts.Record(i, firstKey + i + 1));
            }
        }

        foreach (var r in revenue)
        {
            _spanLast = Math.Max(_spanLast, r.At.ToUnixTimeTicks());
            _lastPayment = Math.Max(_lastPayment, r.At.ToUnixTimeTicks());
        }

        _revenue.AddRange(revenue);
        _costs.AddRange(costs);
    }

    /// <summary>Keeps what the money sections need of a batch of a data set (its keys are the set's): the span, the last creation, the won leads.</summary>
    private void KeepMoney(LeadColumns batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var lead = batch[i];
            var created = lead.CreatedAt.ToUnixTimeTicks();
            _spanFirst = Math.Min(_spanFirst, created);
            _spanLast = Math.Max(_spanLast, (lead.ClosedAt ?? lead.CreatedAt).ToUnixTimeTicks());
            _lastCreated = Math.Max(_lastCreated, created);
            if (Options.Revenue && lead.Outcome == LeadOutcome.Won)
            {
                // Without its stage visits: the batch's arrays are reused, and lifetime value reads groups and close day only.
                _customers.Add(new LeadRecord(lead.Lead, lead.CreatedAt, lead.Source, lead.Campaign, lead.Owner, lead.Segment, lead.FirstResponseAt,
                    lead.Outcome, lead.ClosedAt, lead.FurthestPosition, lead.DealValue));
            }
        }
    }

    /// <summary>A won lead's facts as a record without its stage visits (lifetime value reads its groups and close day).</summary>
    internal sealed record LeadRecordFacts(long[] Created, long[] Response, long[] Closed, LeadOutcome[] Outcome, int[] Sources, int[] Campaigns, int[] Owners, int[] Segments, long[] Value, int[] Furthest, Currency Currency)
    {
        public LeadRecord Record(int i, int key) => new(
            key,
            Instant.FromUnixTimeTicks(Created[i]),
            Sources[i],
            Campaigns[i],
            Owners[i],
            Segments[i],
            Response[i] == Missing ? null : Instant.FromUnixTimeTicks(Response[i]),
            Outcome[i],
            Outcome[i] == LeadOutcome.Open ? null : Instant.FromUnixTimeTicks(Closed[i]),
            Furthest[i],
            Value[i] == Missing ? null : new Money(MoneyRules.Decimal(Value[i], (byte)Currency.MinorUnitDigits), Currency));
    }

    /// <summary>The money KPIs of every group of every grouping of the set (by grouping), as the command's report gives them.</summary>
    public MoneySnapshot? SnapshotMoney(GroupKeyLookup keys)
    {
        if (!Options.Money)
        {
            return null;
        }

        // Costs clipped to the calendar quarters that the leads and payments span (the command's CostClipping).
        var span = new LeadMetrics.Data.CostClipping.Span();
        if (_spanFirst != long.MaxValue)
        {
            span.AddLead(Instant.FromUnixTimeTicks(_spanFirst), null);
            span.AddPayment(Instant.FromUnixTimeTicks(_spanLast));
        }

        var costs = LeadMetrics.Data.CostClipping.Clip(_costs, span, Options.Zone, Options.Currency).Costs;
        LifetimeValueOptions? lifetime = null;
        if (Options.Revenue)
        {
            var last = Math.Max(_lastCreated, _lastPayment);
            var until = (last == long.MinValue ? Instant.FromUnixTimeTicks(0) : Instant.FromUnixTimeTicks(last)).InZone(Options.Zone).Date;
            lifetime = new LifetimeValueOptions(Options.Currency, horizonMonths: Options.LifetimeValueMonths, observedUntil: until);
        }

        var result = new MoneySnapshot();
        for (var gi = 0; gi < Groupings.Count; gi++)
        {
            var grouping = Groupings[gi];
            var finance = _main.Finance![gi].CreateEmpty();
            finance.Merge(_main.Finance[gi]);
            var costsLand = Options.Costs && grouping.Dimension is GroupDimension.None or GroupDimension.Source or GroupDimension.Campaign;
            if (costsLand)
            {
                foreach (var c in costs)
                {
                    finance.AddCost(c);
                }
            }

            foreach (var r in _revenue)
            {
                finance.AddRevenue(r);
            }

            var report = finance.Snapshot();
            var costKeys = costsLand ? MoneyRules.CostKeys(grouping, costs) : null;
            LifetimeValueReport? ltv = null;
            if (lifetime is not null)
            {
                var calculator = new LifetimeValueCalculator(grouping, lifetime);
                foreach (var lead in _customers)
                {
                    calculator.Add(lead);
                }

                foreach (var r in _revenue)
                {
                    calculator.AddRevenue(r);
                }

                ltv = calculator.Snapshot();
            }

            var scopes = new Dictionary<GroupKey, MoneyKpis>();
            foreach (var key in keys(grouping).Concat(report.Groups.Select(g => g.Key)).Distinct())
            {
                var k = new MoneyKpis();
                if (report.TryGet(key, out var money))
                {
                    k.Revenue = money.Revenue.Amount;
                    k.GrossProfit = money.GrossProfit?.Amount;
                    k.CustomerRevenue = Options.Revenue ? money.CustomerRevenue?.Amount : null;
                    if (costsLand)
                    {
                        var hasCost = costKeys!.Contains(key);
                        k.HasCostData = hasCost;
                        k.Cost = money.TotalCost.Amount;
                        k.CostByCategory = [.. Enum.GetValues<CostCategory>().Select(c => (LeadMetrics.Data.LeadDataSet.Snake(c.ToString()), money.CostByCategory[(int)c].Amount))];
                        if (hasCost)
                        {
                            k.CostPerLead = money.CostPerLead?.Amount;
                            k.CustomerAcquisitionCost = money.CustomerAcquisitionCost?.Amount;
                            k.Roi = money.ReturnOnInvestment;
                            k.Roas = money.ReturnOnAdSpend;
                            k.RoiOnMargin = money.ReturnOnInvestmentOnMargin;
                            MoneyRules.NoteUndefined(k, money);
                        }
                    }
                }
                else if (costsLand)
                {
                    k.HasCostData = false;
                }

                if (ltv is not null && ltv.TryGet(key, out var value))
                {
                    k.LifetimeValue = value.LifetimeValue?.Amount;
                    k.LifetimeValueDetail = LifetimeValueDetail.From(value);
                }

                scopes[key] = k;
            }

            result.ByGrouping[grouping] = scopes;
        }

        // Spend-based acquisition cost per trend period: the period's spend over the customers won in it.
        if (_main.Spend is { } spendCalculator)
        {
            var spend = spendCalculator.CreateEmpty();
            spend.Merge(spendCalculator);
            foreach (var c in costs)
            {
                spend.AddCost(c);
            }

            var report = spend.Snapshot();
            var costKeys = MoneyRules.CostKeys(spend.Grouping, costs);
            foreach (var (key, k) in result.ByGrouping[TrendGrouping!])
            {
                if (report.TryGet(key, out var money))
                {
                    k.CustomersWonInPeriod = (long)money.Customers;
                    k.SpendAcquisitionCost = costKeys.Contains(key) ? money.CustomerAcquisitionCost?.Amount : null;
                }
                else
                {
                    k.CustomersWonInPeriod = 0;
                }
            }
        }

        return result;
    }

    /// <summary>Parses each label of a label column once (null = not a valid value; raised only when a row uses it).</summary>
    private static unsafe (T? Value, string Label)[] Enums<T>(string column, byte* labels, Func<string?, T?> parse)
        where T : struct =>
        labels == null ? [] : [.. Labels(column, labels).Select(l => (parse(l), l ?? string.Empty))];

    /// <summary>The value of row <paramref name="k"/>'s code (-1 or no column = <paramref name="missing"/>); an unknown label is an error naming column and row.</summary>
    private static unsafe T Code<T>((T? Value, string Label)[] parsed, int* codes, int k, string table, string column, long row, T missing)
        where T : struct
    {
        if (codes == null || codes[k] == -1)
        {
            return missing;
        }

        var code = codes[k];
        if (code < -1 || code >= parsed.Length)
        {
            throw Bad(table, column, row, $"code {code}", $"a label code must be -1 (missing) or 0 to {parsed.Length - 1}");
        }

        return parsed[code].Value ?? throw Bad(table, column, row, parsed[code].Label, column switch
        {
            "kind" => "not a touchpoint kind (form, call, email, meeting, chat, webinar, ad_click, other)",
            "direction" => "not a direction (inbound, outbound, in, out)",
            _ => "not a cost category (media, team_time, tooling, other)",
        });
    }

    /// <summary>The keys of the groups the KPI set has for a grouping.</summary>
    public delegate IEnumerable<GroupKey> GroupKeyLookup(LeadGrouping grouping);
}

/// <summary>The money KPIs of every scope, by grouping.</summary>
internal sealed class MoneySnapshot
{
    public Dictionary<LeadGrouping, Dictionary<GroupKey, MoneyKpis>> ByGrouping { get; } = [];
}

/// <summary>A scope's money KPIs (the command's <c>ReportKpis</c> money fields).</summary>
internal sealed class MoneyKpis
{
    public decimal? Revenue { get; set; }

    /// <summary>Payments of won leads dated at or after creation (the library's <c>FinanceResult.CustomerRevenue</c>); null without revenue.</summary>
    public decimal? CustomerRevenue { get; set; }

    public bool? HasCostData { get; set; }

    public decimal? Cost { get; set; }

    public IReadOnlyList<(string Category, decimal Amount)>? CostByCategory { get; set; }

    public decimal? CostPerLead { get; set; }

    public decimal? CustomerAcquisitionCost { get; set; }

    public decimal? Roi { get; set; }

    public decimal? Roas { get; set; }

    /// <summary>Revenue × the margin option (the library's <c>FinanceResult.GrossProfit</c>); null without it.</summary>
    public decimal? GrossProfit { get; set; }

    /// <summary>(gross profit − cost) / cost; null without the margin option or without cost data.</summary>
    public decimal? RoiOnMargin { get; set; }

    public decimal? LifetimeValue { get; set; }

    public LifetimeValueDetail? LifetimeValueDetail { get; set; }

    public Dictionary<string, string> Undefined { get; } = [];

    public long? CustomersWonInPeriod { get; set; }

    public decimal? SpendAcquisitionCost { get; set; }
}
