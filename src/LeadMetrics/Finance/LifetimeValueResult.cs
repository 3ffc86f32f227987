using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Finance;

/// <summary>
/// Realized lifetime value of one group of customers: revenue by month since winning and the
/// cumulative value per customer over the horizon. Immutable; amounts in <see cref="Currency"/>.
/// Returned by <see cref="LifetimeValueCalculator"/> (whole customers) and by
/// <see cref="Attribution.AttributedLifetimeValueCalculator"/> (customers and revenue credited to a
/// channel, campaign or rep under an attribution model, so possibly fractional).
/// </summary>
/// <remarks>
/// <para>For each month <c>m</c> since winning, the revenue per customer is the revenue of month
/// <c>m</c> from customers observed through month <c>m</c> divided by the number of those
/// customers; the curve adds these up: <c>Curve[k] = Σ_(m ≤ k) RevenueByMonth[m] / CustomersObserved[m]</c>.
/// Without <see cref="LifetimeValueOptions.ObservedUntil"/> every customer counts in every month and
/// <c>Curve[k]</c> is simply the revenue of months 0 to k divided by the customers.</para>
/// <para>A point is null (undefined) from the first month no customer has been observed through.
/// Values are exact decimal quotients, not rounded.</para>
/// <para>Under attribution <see cref="Customers"/>, <see cref="CustomersObserved"/> and the revenue are
/// the group's credits: sums of each customer's credit (0 to 1) and its credited share of the revenue.
/// Over all groups they add up to the unattributed figures: every customer whole, every amount once.</para>
/// </remarks>
public sealed class LifetimeValueResult
{
    internal LifetimeValueResult(LifetimeValueOptions options, decimal customers, decimal[] observed, decimal[] revenue, decimal afterHorizon, decimal incomplete)
    {
        Options = options;
        Customers = customers;
        CustomersObserved = [.. observed];
        var currency = options.Currency;
        RevenueByMonth = [.. revenue.Select(r => new Money(r, currency))];
        RevenueAfterHorizon = new Money(afterHorizon, currency);
        RevenueInIncompleteMonths = new Money(incomplete, currency);
        CumulativeValuePerCustomer = Curve(revenue, observed, currency);
    }

    /// <summary>The options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Options.Currency;

    /// <summary>The horizon in months.</summary>
    public int HorizonMonths => Options.HorizonMonths;

    /// <summary>
    /// Won leads (customers) of the group: a whole number from <see cref="LifetimeValueCalculator"/>; under attribution
    /// the sum of the credits of the customers credited to the group (possibly fractional; over all groups, the number of customers).
    /// </summary>
    public decimal Customers { get; }

    /// <summary>
    /// For each month since winning (index 0 = the month of winning), the customers whose month has ended by
    /// <see cref="LifetimeValueOptions.ObservedUntil"/>: whole customers, or under attribution the sum of their credits.
    /// </summary>
    public ImmutableArray<decimal> CustomersObserved { get; }

    /// <summary>For each month since winning, the revenue (under attribution: the credited revenue) of the customers observed through that month. Revenue dated before the win counts in month 0.</summary>
    public ImmutableArray<Money> RevenueByMonth { get; }

    /// <summary>Revenue of the group's customers dated after the horizon: not part of the lifetime value.</summary>
    public Money RevenueAfterHorizon { get; }

    /// <summary>Revenue within the horizon but in a month that had not ended by <see cref="LifetimeValueOptions.ObservedUntil"/>: left out until the month is complete.</summary>
    public Money RevenueInIncompleteMonths { get; }

    /// <summary>The cumulative revenue per customer after each month since winning (see remarks); null where undefined.</summary>
    public ImmutableArray<Money?> CumulativeValuePerCustomer { get; }

    /// <summary>Realized lifetime value over the horizon: the last point of <see cref="CumulativeValuePerCustomer"/>; null when undefined.</summary>
    public Money? LifetimeValue => CumulativeValuePerCustomer[^1];

    /// <summary>
    /// CAC payback in months on the realized curve: the first number of months after which the
    /// cumulative value per customer times <paramref name="grossMargin"/> covers <paramref name="acquisitionCost"/>;
    /// null when it is not reached within the horizon (or the curve is undefined first). 0 when the cost is zero or less.
    /// </summary>
    /// <param name="acquisitionCost">The customer acquisition cost, in <see cref="Currency"/>.</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1 (1 by default: revenue payback).</param>
    /// <returns>Whole months, 1 to the horizon, or null.</returns>
    /// <exception cref="CurrencyMismatchException">The cost is in another currency.</exception>
    public int? PaybackMonths(Money acquisitionCost, decimal grossMargin = 1m) => Payback(CumulativeValuePerCustomer, Currency, acquisitionCost, grossMargin);

    /// <summary>The LTV:CAC ratio of the realized value: <c><see cref="LifetimeValue"/> / acquisition cost</c> (3 is a common target).</summary>
    /// <param name="acquisitionCost">The customer acquisition cost, in <see cref="Currency"/> (such as <see cref="FinanceResult.CustomerAcquisitionCost"/> of the same group, attributed or not).</param>
    /// <returns>The ratio; null when the lifetime value is undefined or the cost is zero.</returns>
    /// <exception cref="CurrencyMismatchException">The cost is in another currency.</exception>
    public decimal? LtvToCacRatio(Money acquisitionCost)
    {
        if (acquisitionCost.Currency != Currency)
        {
            throw new CurrencyMismatchException(Currency, acquisitionCost.Currency);
        }

        return LifetimeValue is { } value ? Ratio.Of(value.Amount, acquisitionCost.Amount) : null;
    }

    /// <summary>
    /// Lifetime value by formula, for figures the calculator does not measure: <c>ARPA × gross margin / churn rate</c>.
    /// With monthly ARPA and a monthly churn rate, the expected gross profit of a customer over a lifetime of
    /// <c>1 / churn</c> months. <see cref="LifetimeValue"/> is the realized value of the data.
    /// </summary>
    /// <param name="averageRevenuePerAccount">Average revenue per account per period.</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1.</param>
    /// <param name="churnRate">The share of customers lost per period, 0 to 1.</param>
    /// <returns>The lifetime value, unrounded; null when the churn rate is zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The margin or churn rate is outside 0 to 1.</exception>
    public static Money? FormulaLifetimeValue(Money averageRevenuePerAccount, decimal grossMargin, decimal churnRate)
    {
        Preconditions.CheckShare(grossMargin);
        Preconditions.CheckShare(churnRate);
        return churnRate == 0m ? null : averageRevenuePerAccount * grossMargin * (1m / churnRate);
    }

    /// <summary>
    /// CAC payback by formula: <c>CAC / (monthly revenue per customer × gross margin)</c>, in months (fractional), for
    /// figures the calculator does not measure. <see cref="PaybackMonths"/> is the payback on the realized curve.
    /// </summary>
    /// <param name="acquisitionCost">The customer acquisition cost.</param>
    /// <param name="monthlyRevenuePerCustomer">Average monthly revenue per customer, in the same currency.</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1.</param>
    /// <returns>Months; null when the monthly gross profit is zero or less (never paid back).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The margin is outside 0 to 1.</exception>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static decimal? FormulaPaybackMonths(Money acquisitionCost, Money monthlyRevenuePerCustomer, decimal grossMargin)
    {
        Preconditions.CheckShare(grossMargin);
        if (acquisitionCost.Currency != monthlyRevenuePerCustomer.Currency)
        {
            throw new CurrencyMismatchException(acquisitionCost.Currency, monthlyRevenuePerCustomer.Currency);
        }

        var profit = monthlyRevenuePerCustomer.Amount * grossMargin;
        return profit <= 0m ? null : acquisitionCost.Amount / profit;
    }

    /// <summary>The cumulative curve <c>Σ_(m ≤ k) revenue[m] / observed[m]</c>, null from the first month with no observed customer.</summary>
    internal static ImmutableArray<Money?> Curve(decimal[] revenue, decimal[] observed, Currency currency)
    {
        var curve = ImmutableArray.CreateBuilder<Money?>(revenue.Length);
        decimal? sum = 0m;
        for (var m = 0; m < revenue.Length; m++)
        {
            sum = sum is null || observed[m] == 0m ? null : sum + (revenue[m] / observed[m]);
            curve.Add(sum is { } s ? new Money(s, currency) : null);
        }

        return curve.MoveToImmutable();
    }

    /// <summary>CAC payback on a cumulative curve (see <see cref="PaybackMonths"/>).</summary>
    internal static int? Payback(ImmutableArray<Money?> curve, Currency currency, Money acquisitionCost, decimal grossMargin)
    {
        Preconditions.CheckShare(grossMargin);
        if (acquisitionCost.Currency != currency)
        {
            throw new CurrencyMismatchException(currency, acquisitionCost.Currency);
        }

        if (acquisitionCost.Amount <= 0m)
        {
            return 0;
        }

        for (var m = 0; m < curve.Length; m++)
        {
            if (curve[m] is not { } value)
            {
                return null;
            }

            if (value.Amount * grossMargin >= acquisitionCost.Amount)
            {
                return m + 1;
            }
        }

        return null;
    }

    internal static LifetimeValueResult Sum(LifetimeValueOptions options, IEnumerable<LifetimeValueResult> results)
    {
        var observed = new decimal[options.HorizonMonths];
        var revenue = new decimal[options.HorizonMonths];
        decimal customers = 0m, after = 0m, incomplete = 0m;
        foreach (var r in results)
        {
            customers += r.Customers;
            after += r.RevenueAfterHorizon.Amount;
            incomplete += r.RevenueInIncompleteMonths.Amount;
            for (var m = 0; m < observed.Length; m++)
            {
                observed[m] += r.CustomersObserved[m];
                revenue[m] += r.RevenueByMonth[m].Amount;
            }
        }

        return new LifetimeValueResult(options, customers, observed, revenue, after, incomplete);
    }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(LifetimeValueResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Options.Equals(other.Options) &&
             Customers == other.Customers &&
             ValueEquality.Sequence(CustomersObserved, other.CustomersObserved) &&
             ValueEquality.Sequence(RevenueByMonth, other.RevenueByMonth) &&
             RevenueAfterHorizon == other.RevenueAfterHorizon &&
             RevenueInIncompleteMonths == other.RevenueInIncompleteMonths));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LifetimeValueResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Options);
        hash.Add(Customers);
        ValueEquality.Add(ref hash, CustomersObserved);
        ValueEquality.Add(ref hash, RevenueByMonth);
        hash.Add(RevenueAfterHorizon);
        hash.Add(RevenueInIncompleteMonths);
        return hash.ToHashCode();
    }

    /// <summary>The customers and the lifetime value over the horizon (an amount per customer).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"customers {Customers}, lifetime value over {HorizonMonths} months {ValueEquality.Show(LifetimeValue)}, revenue after horizon {RevenueAfterHorizon}");
}
