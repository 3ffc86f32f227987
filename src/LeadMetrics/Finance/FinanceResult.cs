using System.Collections.Immutable;

namespace LeadMetrics.Finance;

/// <summary>
/// The money KPIs of one group (a source, campaign, period, or everything): the sums they are made
/// of and the ratios cost per lead, customer acquisition cost, conversion, average deal value,
/// return on investment and return on ad spend. Immutable; every amount is in <see cref="Currency"/>.
/// </summary>
/// <remarks>
/// <para>Counts are decimals because attribution models credit fractions of a lead to a channel;
/// without attribution (credit by the lead's own source or campaign) they are whole numbers.</para>
/// <para>Ratios are exact decimal quotients, not rounded (round money with
/// <see cref="Money.RoundToMinorUnit"/> for display). A ratio whose denominator is zero is null:
/// undefined, never zero, NaN or infinity; so is a ratio whose quotient does not fit a decimal (revenue over
/// a cost of 10⁻²⁸), which would otherwise overflow.</para>
/// </remarks>
public sealed class FinanceResult
{
    internal FinanceResult(
        FinanceOptions options,
        decimal leads,
        decimal customers,
        decimal deals,
        decimal dealValue,
        decimal realizedRevenue,
        decimal? customerRevenue,
        decimal media,
        decimal teamTime,
        decimal tooling,
        decimal other)
    {
        Options = options;
        Leads = leads;
        Customers = customers;
        DealsWithValue = deals;
        var currency = options.Currency;
        DealValue = new Money(dealValue, currency);
        RealizedRevenue = new Money(realizedRevenue, currency);
        CustomerRevenue = customerRevenue is { } c ? new Money(c, currency) : null;
        CostByCategory = [new Money(media, currency), new Money(teamTime, currency), new Money(tooling, currency), new Money(other, currency)];
    }

    /// <summary>The options the result was computed with.</summary>
    public FinanceOptions Options { get; }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Options.Currency;

    /// <summary>Leads created in the group (credited leads under an attribution model).</summary>
    public decimal Leads { get; }

    /// <summary>Leads of the group that were won: new customers (credited under an attribution model).</summary>
    public decimal Customers { get; }

    /// <summary>Won leads that carry a deal value; the denominator of <see cref="AverageDealValue"/>.</summary>
    public decimal DealsWithValue { get; }

    /// <summary>The sum of the deal values of won leads. Open and lost leads' values are not counted.</summary>
    public Money DealValue { get; }

    /// <summary>The sum of realized revenue (payments less refunds) of the group's leads.</summary>
    public Money RealizedRevenue { get; }

    /// <summary>
    /// The part of <see cref="RealizedRevenue"/> paid by customers: payments of won leads dated at or after the lead's
    /// creation (under an attribution model, the credited realized revenue of won leads' journeys, which are undated).
    /// Payments of lost and open leads, and payments dated before their lead was created, are not in it. Null when
    /// unknown: part of the group was read from state of format version 2, which kept no lead outcome.
    /// </summary>
    public Money? CustomerRevenue { get; }

    /// <summary>
    /// <see cref="RealizedRevenue"/> less <see cref="CustomerRevenue"/>: payments of lost and open leads and payments
    /// dated before their lead was created; null when <see cref="CustomerRevenue"/> is.
    /// </summary>
    public Money? NonCustomerRevenue => CustomerRevenue is { } c ? new Money(RealizedRevenue.Amount - c.Amount, Currency) : null;

    /// <summary>
    /// Gross profit: <see cref="Revenue"/> × <see cref="FinanceOptions.GrossMargin"/>; null without a margin (the
    /// profit is not known, never assumed to be the revenue).
    /// </summary>
    public Money? GrossProfit => Options.GrossMargin is { } margin ? new Money(Revenue.Amount * margin, Currency) : null;

    /// <summary>
    /// Return on investment on margin: <c>(GrossProfit − investment) / investment</c>, the investment as in
    /// <see cref="ReturnOnInvestment"/>; null without a margin or without cost.
    /// </summary>
    public decimal? ReturnOnInvestmentOnMargin
    {
        get
        {
            if (GrossProfit is not { } profit)
            {
                return null;
            }

            var invested = CostOf(Options.InvestmentCategories).Amount;
            return Ratio.Of(profit.Amount - invested, invested);
        }
    }

    /// <summary>Revenue under <see cref="FinanceOptions.RevenueBasis"/>: <see cref="DealValue"/> or <see cref="RealizedRevenue"/>.</summary>
    public Money Revenue => Options.RevenueBasis == RevenueBasis.Realized ? RealizedRevenue : DealValue;

    /// <summary>Cost per <see cref="CostCategory"/>, indexed by the category's value (media, team time, tooling, other).</summary>
    public ImmutableArray<Money> CostByCategory { get; }

    /// <summary>Media cost.</summary>
    public Money MediaCost => CostByCategory[(int)CostCategory.Media];

    /// <summary>Cost of every category.</summary>
    public Money TotalCost => CostOf(CostCategories.All);

    /// <summary>Leads that became customers: <c>Customers / Leads</c>, from 0 to 1; null without leads.</summary>
    public decimal? ConversionRate => Ratio.Of(Customers, Leads);

    /// <summary>Cost per lead: the cost of <see cref="FinanceOptions.CostPerLeadCategories"/> divided by <see cref="Leads"/>; null without leads.</summary>
    public Money? CostPerLead => Divide(CostOf(Options.CostPerLeadCategories), Leads);

    /// <summary>Customer acquisition cost: the cost of <see cref="FinanceOptions.AcquisitionCategories"/> divided by <see cref="Customers"/>; null without customers.</summary>
    public Money? CustomerAcquisitionCost => Divide(CostOf(Options.AcquisitionCategories), Customers);

    /// <summary>Average deal value: <see cref="DealValue"/> divided by <see cref="DealsWithValue"/>; null without deals.</summary>
    public Money? AverageDealValue => Divide(DealValue, DealsWithValue);

    /// <summary>
    /// Return on investment: <c>(Revenue − investment) / investment</c>, the investment being the cost of
    /// <see cref="FinanceOptions.InvestmentCategories"/>. 0.5 means every unit spent came back with half a unit more; null without cost.
    /// </summary>
    public decimal? ReturnOnInvestment
    {
        get
        {
            var invested = CostOf(Options.InvestmentCategories).Amount;
            return Ratio.Of(Revenue.Amount - invested, invested);
        }
    }

    /// <summary>Return on ad spend: <c>Revenue / media cost</c> ("for every unit spent on media, X came back"); null without media cost.</summary>
    public decimal? ReturnOnAdSpend => Ratio.Of(Revenue.Amount, MediaCost.Amount);

    /// <summary>The cost of a set of categories.</summary>
    /// <param name="categories">The categories.</param>
    /// <returns>The sum of their costs.</returns>
    public Money CostOf(CostCategories categories)
    {
        var sum = 0m;
        for (var i = 0; i < CostByCategory.Length; i++)
        {
            if (((int)categories & (1 << i)) != 0)
            {
                sum += CostByCategory[i].Amount;
            }
        }

        return new Money(sum, Currency);
    }

    /// <summary>A one-line summary for logs and debugging.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"leads {Leads}, customers {Customers}, cost {TotalCost}, CPL {CostPerLead?.ToString() ?? "-"}, CAC {CustomerAcquisitionCost?.ToString() ?? "-"}");

    internal static FinanceResult Sum(FinanceOptions options, IEnumerable<FinanceResult> results)
    {
        decimal leads = 0, customers = 0, deals = 0, dealValue = 0, revenue = 0, media = 0, team = 0, tooling = 0, other = 0;
        decimal? customerRevenue = 0;
        foreach (var r in results)
        {
            customerRevenue = customerRevenue is { } c && r.CustomerRevenue is { } rc ? c + rc.Amount : null;
            leads += r.Leads;
            customers += r.Customers;
            deals += r.DealsWithValue;
            dealValue += r.DealValue.Amount;
            revenue += r.RealizedRevenue.Amount;
            media += r.CostByCategory[0].Amount;
            team += r.CostByCategory[1].Amount;
            tooling += r.CostByCategory[2].Amount;
            other += r.CostByCategory[3].Amount;
        }

        return new FinanceResult(options, leads, customers, deals, dealValue, revenue, customerRevenue, media, team, tooling, other);
    }

    private static Money? Divide(Money amount, decimal count) => Ratio.Of(amount.Amount, count) is { } q ? new Money(q, amount.Currency) : null;

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(FinanceResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Options.Equals(other.Options) &&
             Leads == other.Leads &&
             Customers == other.Customers &&
             DealsWithValue == other.DealsWithValue &&
             DealValue == other.DealValue &&
             RealizedRevenue == other.RealizedRevenue &&
             CustomerRevenue == other.CustomerRevenue &&
             ValueEquality.Sequence(CostByCategory, other.CostByCategory)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FinanceResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Options);
        hash.Add(Leads);
        hash.Add(Customers);
        hash.Add(DealsWithValue);
        hash.Add(DealValue);
        hash.Add(RealizedRevenue);
        hash.Add(CustomerRevenue);
        ValueEquality.Add(ref hash, CostByCategory);
        return hash.ToHashCode();
    }
}
