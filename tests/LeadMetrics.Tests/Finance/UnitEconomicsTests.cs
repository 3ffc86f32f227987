using LeadMetrics.Finance;

namespace LeadMetrics.Tests.Finance;

public class UnitEconomicsTests
{
    private static Money Usd(decimal amount) => new(amount, Currency.Usd);

    [Fact]
    public void Formula_lifetime_value_is_arpa_times_margin_over_churn()
    {
        Assert.Equal(Usd(1600m), UnitEconomics.FormulaLifetimeValue(Usd(100m), 0.8m, 0.05m)); // 100 x 0.8 / 0.05
        Assert.Null(UnitEconomics.FormulaLifetimeValue(Usd(100m), 0.8m, 0m));
        Assert.Equal("grossMargin", Assert.Throws<ArgumentOutOfRangeException>(() => UnitEconomics.FormulaLifetimeValue(Usd(1m), 1.2m, 0.1m)).ParamName);
        Assert.Equal("churnRate", Assert.Throws<ArgumentOutOfRangeException>(() => UnitEconomics.FormulaLifetimeValue(Usd(1m), 0.5m, -0.1m)).ParamName);
    }

    [Fact]
    public void Ltv_to_cac_and_payback()
    {
        Assert.Equal(4m, UnitEconomics.LtvToCacRatio(Usd(1600m), Usd(400m)));
        Assert.Null(UnitEconomics.LtvToCacRatio(Usd(1600m), Usd(0m)));
        Assert.Equal(5m, UnitEconomics.CacPaybackMonths(Usd(400m), Usd(100m), 0.8m));     // 400 / (100 x 0.8)
        Assert.Null(UnitEconomics.CacPaybackMonths(Usd(400m), Usd(100m), 0m));
        Assert.Throws<CurrencyMismatchException>(() => UnitEconomics.LtvToCacRatio(Usd(1m), new Money(1m, Currency.Eur)));
    }
}
