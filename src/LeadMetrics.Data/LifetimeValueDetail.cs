using System.Text.Json;
using LeadMetrics.Finance;

namespace LeadMetrics.Data;

/// <summary>
/// What a lifetime value is computed from: the scope's customers, and for each month since winning (0 = the month of
/// winning) the customers observed through that month and their revenue in it. The lifetime value is
/// <c>Σ_m Revenue[m] / CustomersObserved[m]</c>, null from the first month with no observed customer. Shared by the
/// CLI's report and the native library's snapshot, so that both write the same <c>lifetime_value_detail</c>.
/// </summary>
internal sealed record LifetimeValueDetail(int Customers, IReadOnlyList<int> CustomersObserved, IReadOnlyList<decimal> Revenue)
{
    /// <summary>The detail of an unattributed lifetime-value result (revenue amounts in the result's currency).</summary>
    /// <remarks>The JSON contract's customers are whole numbers, as those of <see cref="LifetimeValueCalculator"/> are
    /// (only attributed results, which no report writes, have fractional credited customers).</remarks>
    public static LifetimeValueDetail From(LifetimeValueResult value) =>
        new(Whole(value.Customers), [.. value.CustomersObserved.Select(Whole)], [.. value.RevenueByMonth.Select(r => r.Amount)]);

    /// <summary>The JSON contract's <c>lifetime_value_detail</c>: customers and the months; null without a detail.</summary>
    public static void Write(Utf8JsonWriter w, LifetimeValueDetail? detail)
    {
        if (detail is null)
        {
            w.WriteNull("lifetime_value_detail");
            return;
        }

        w.WriteStartObject("lifetime_value_detail");
        w.WriteNumber("customers", detail.Customers);
        w.WriteStartArray("months");
        for (var m = 0; m < detail.CustomersObserved.Count; m++)
        {
            w.WriteStartObject();
            w.WriteNumber("month", m);
            w.WriteNumber("customers_observed", detail.CustomersObserved[m]);
            w.WriteNumber("revenue", detail.Revenue[m]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static int Whole(decimal customers) =>
        decimal.Truncate(customers) == customers
            ? decimal.ToInt32(customers)
            : throw new InvalidOperationException($"{customers} customers is not a whole number; the lifetime-value detail is of unattributed results.");
}
