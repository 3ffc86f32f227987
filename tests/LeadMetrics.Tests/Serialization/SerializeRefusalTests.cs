using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>Issue 15, item 8: Serialize refuses at write time what MergeSerialized would refuse, so written bytes can always be read.</summary>
public class SerializeRefusalTests
{
    [Fact]
    public void A_lead_key_above_the_serializable_bound_is_refused_when_written_not_when_read()
    {
        // Revenue waiting for lead 2^26 + 1: MergeSerialized refuses such a key, so Serialize must not write it.
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        calc.AddRevenue(new RevenueEvent((1 << 26) + 1, Instant.FromUtc(2024, 3, 4, 9, 0), new Money(10m, Currency.Usd)));
        var e = Assert.Throws<InvalidOperationException>(() => calc.Serialize());
        Assert.Contains("67108865", e.Message, StringComparison.Ordinal);

        // The bound itself is written and read back.
        var ok = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        ok.AddRevenue(new RevenueEvent(1 << 26, Instant.FromUtc(2024, 3, 4, 9, 0), new Money(10m, Currency.Usd)));
        var bytes = ok.Serialize();
        var back = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        back.MergeSerialized(bytes);
        Assert.Equal(bytes, back.Serialize());
    }
}
