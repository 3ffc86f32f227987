using System.Collections.Immutable;
using System.Globalization;
using LeadMetrics.Finance;

namespace LeadMetrics.Attribution;

/// <summary>
/// Realized lifetime value of one channel (or campaign, or rep) under an attribution model: the
/// customers and revenue credited to it, by month since winning, and the cumulative value per
/// credited customer over the horizon. Immutable; amounts in <see cref="Currency"/>.
/// </summary>
/// <remarks>
/// <para>As <see cref="LifetimeValueResult"/> with credits in place of whole customers:
/// <c>Curve[k] = Σ_(m ≤ k) RevenueByMonth[m] / CreditedCustomersObserved[m]</c>, null from the first
/// month with no credited customer observed. Values are exact decimal quotients, not rounded.</para>
/// </remarks>
public sealed class AttributedLifetimeValueResult : IEquatable<AttributedLifetimeValueResult>
{
    internal AttributedLifetimeValueResult(LifetimeValueOptions options, decimal customers, decimal[] observed, decimal[] revenue, decimal afterHorizon, decimal incomplete)
    {
        Options = options;
        CreditedCustomers = customers;
        CreditedCustomersObserved = [.. observed];
        var currency = options.Currency;
        RevenueByMonth = [.. revenue.Select(r => new Money(r, currency))];
        RevenueAfterHorizon = new Money(afterHorizon, currency);
        RevenueInIncompleteMonths = new Money(incomplete, currency);
        CumulativeValuePerCustomer = LifetimeValueResult.Curve(revenue, observed, currency);
    }

    /// <summary>The options.</summary>
    public LifetimeValueOptions Options { get; }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Options.Currency;

    /// <summary>The horizon in months.</summary>
    public int HorizonMonths => Options.HorizonMonths;

    /// <summary>The sum of the credits of the customers (won leads) credited to the group; over all groups, the number of customers.</summary>
    public decimal CreditedCustomers { get; }

    /// <summary>For each month since winning (index 0 = the month of winning), the credits of the customers whose month has ended by <see cref="LifetimeValueOptions.ObservedUntil"/>.</summary>
    public ImmutableArray<decimal> CreditedCustomersObserved { get; }

    /// <summary>For each month since winning, the revenue credited to the group from customers observed through that month. Revenue dated before the win counts in month 0.</summary>
    public ImmutableArray<Money> RevenueByMonth { get; }

    /// <summary>Revenue credited to the group dated after the horizon: not part of the lifetime value.</summary>
    public Money RevenueAfterHorizon { get; }

    /// <summary>Revenue credited to the group within the horizon but in a month that had not ended by <see cref="LifetimeValueOptions.ObservedUntil"/>.</summary>
    public Money RevenueInIncompleteMonths { get; }

    /// <summary>The cumulative credited revenue per credited customer after each month since winning; null where undefined.</summary>
    public ImmutableArray<Money?> CumulativeValuePerCustomer { get; }

    /// <summary>Realized lifetime value over the horizon: the last point of <see cref="CumulativeValuePerCustomer"/>; null when undefined.</summary>
    public Money? LifetimeValue => CumulativeValuePerCustomer[^1];

    /// <summary>
    /// CAC payback in months on the credited curve, as <see cref="LifetimeValueResult.PaybackMonths"/>:
    /// the first number of months after which the cumulative value per customer times
    /// <paramref name="grossMargin"/> covers <paramref name="acquisitionCost"/>; null when not reached
    /// within the horizon (or the curve is undefined first); 0 when the cost is zero or less.
    /// </summary>
    /// <param name="acquisitionCost">The customer acquisition cost, in <see cref="Currency"/> (for example the attributed CAC of the same channel).</param>
    /// <param name="grossMargin">The share of revenue that is gross profit, 0 to 1 (1 by default).</param>
    /// <returns>Whole months, 1 to the horizon, or null.</returns>
    /// <exception cref="CurrencyMismatchException">The cost is in another currency.</exception>
    public int? PaybackMonths(Money acquisitionCost, decimal grossMargin = 1m) =>
        LifetimeValueResult.Payback(CumulativeValuePerCustomer, Currency, acquisitionCost, grossMargin);

    internal static AttributedLifetimeValueResult Sum(LifetimeValueOptions options, IEnumerable<AttributedLifetimeValueResult> results)
    {
        var observed = new decimal[options.HorizonMonths];
        var revenue = new decimal[options.HorizonMonths];
        decimal customers = 0m, after = 0m, incomplete = 0m;
        foreach (var r in results)
        {
            customers += r.CreditedCustomers;
            after += r.RevenueAfterHorizon.Amount;
            incomplete += r.RevenueInIncompleteMonths.Amount;
            for (var m = 0; m < observed.Length; m++)
            {
                observed[m] += r.CreditedCustomersObserved[m];
                revenue[m] += r.RevenueByMonth[m].Amount;
            }
        }

        return new AttributedLifetimeValueResult(options, customers, observed, revenue, after, incomplete);
    }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(AttributedLifetimeValueResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Options.Equals(other.Options) &&
             CreditedCustomers == other.CreditedCustomers &&
             ValueEquality.Sequence(CreditedCustomersObserved, other.CreditedCustomersObserved) &&
             ValueEquality.Sequence(RevenueByMonth, other.RevenueByMonth) &&
             RevenueAfterHorizon == other.RevenueAfterHorizon &&
             RevenueInIncompleteMonths == other.RevenueInIncompleteMonths));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AttributedLifetimeValueResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Options);
        hash.Add(CreditedCustomers);
        ValueEquality.Add(ref hash, CreditedCustomersObserved);
        ValueEquality.Add(ref hash, RevenueByMonth);
        hash.Add(RevenueAfterHorizon);
        hash.Add(RevenueInIncompleteMonths);
        return hash.ToHashCode();
    }

    /// <summary>The credited customers and the lifetime value over the horizon (an amount per customer).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"credited customers {CreditedCustomers}, lifetime value over {HorizonMonths} months {ValueEquality.Show(LifetimeValue)}, revenue after horizon {RevenueAfterHorizon}");
}
