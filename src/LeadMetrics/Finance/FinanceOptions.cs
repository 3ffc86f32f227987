namespace LeadMetrics.Finance;

/// <summary>
/// The configuration of the money KPIs: the currency of the calculation, an optional exchange-rate
/// function, which cost categories each KPI counts, and which money counts as revenue. Immutable;
/// two calculators merge only when their options are equal (the exchange-rate function compared by reference).
/// </summary>
public sealed record FinanceOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="currency">The one currency of the calculation; every result is in it.</param>
    /// <param name="exchangeRates">Converts amounts in other currencies; when null, an amount in another currency throws <see cref="CurrencyMismatchException"/>.</param>
    /// <param name="costPerLeadCategories">The costs cost per lead counts; media only by default (the brief's "media spend per lead").</param>
    /// <param name="acquisitionCategories">The costs customer acquisition cost counts; media and team time by default.</param>
    /// <param name="investmentCategories">The costs return on investment counts as the investment; every category by default.</param>
    /// <param name="revenueBasis">Which money is revenue for return on investment and return on ad spend; won deal values by default.</param>
    /// <param name="grossMargin">
    /// The share of revenue that is gross profit, 0 to 1 (0.35 for 35%), for <see cref="FinanceResult.GrossProfit"/> and
    /// <see cref="FinanceResult.ReturnOnInvestmentOnMargin"/>; null (default) when unknown, and then both are null.
    /// </param>
    /// <exception cref="ArgumentException">The currency is default, a category set is empty or has undefined bits, the basis is undefined, or the margin is outside 0 to 1.</exception>
    public FinanceOptions(
        Currency currency,
        IExchangeRates? exchangeRates = null,
        CostCategories costPerLeadCategories = CostCategories.Media,
        CostCategories acquisitionCategories = CostCategories.Media | CostCategories.TeamTime,
        CostCategories investmentCategories = CostCategories.All,
        RevenueBasis revenueBasis = RevenueBasis.WonDealValue,
        decimal? grossMargin = null)
    {
        if (grossMargin is { } margin)
        {
            Preconditions.CheckShare(margin, nameof(grossMargin));
        }

        GrossMargin = grossMargin;
        if (currency.IsDefault)
        {
            throw new ArgumentException("currency must be an ISO 4217 currency, not default(Currency).", nameof(currency));
        }

        Currency = currency;
        ExchangeRates = exchangeRates;
        CostPerLeadCategories = CheckCategories(costPerLeadCategories, nameof(costPerLeadCategories));
        AcquisitionCategories = CheckCategories(acquisitionCategories, nameof(acquisitionCategories));
        InvestmentCategories = CheckCategories(investmentCategories, nameof(investmentCategories));
        RevenueBasis = Preconditions.CheckDefined(revenueBasis);
    }

    /// <summary>The currency of the calculation.</summary>
    public Currency Currency { get; }

    /// <summary>The exchange-rate function, or null when every amount must already be in <see cref="Currency"/>.</summary>
    public IExchangeRates? ExchangeRates { get; }

    /// <summary>The costs cost per lead counts.</summary>
    public CostCategories CostPerLeadCategories { get; }

    /// <summary>The costs customer acquisition cost counts.</summary>
    public CostCategories AcquisitionCategories { get; }

    /// <summary>The costs return on investment counts.</summary>
    public CostCategories InvestmentCategories { get; }

    /// <summary>Which money is revenue.</summary>
    public RevenueBasis RevenueBasis { get; }

    /// <summary>The share of revenue that is gross profit (0 to 1), or null when not given.</summary>
    public decimal? GrossMargin { get; }

    /// <summary>
    /// The canonical text compared when serialized state is merged. The exchange-rate function cannot travel with the
    /// bytes: only whether there is one is written, and the receiver's converts what it adds afterwards.
    /// </summary>
    internal string CanonicalText() =>
        $"currency={Currency.Code};rates={(ExchangeRates is null ? "none" : "function")};costPerLead={CostPerLeadCategories:D};acquisition={AcquisitionCategories:D};investment={InvestmentCategories:D};revenue={RevenueBasis}"
        + (GrossMargin is { } margin ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $";margin={margin:G29}") : string.Empty); // absent without a margin, as format version 2 wrote it

    internal static CostCategories CheckCategories(CostCategories value, string paramName)
    {
        if (value == CostCategories.None || (value & ~CostCategories.All) != 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must name one or more cost categories; was {value}.");
        }

        return value;
    }
}
