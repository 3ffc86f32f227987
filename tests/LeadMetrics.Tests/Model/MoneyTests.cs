namespace LeadMetrics.Tests.Model;

public class MoneyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("usd", 2)]
    [InlineData(" EUR ", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("ILS", 2)]
    public void Known_codes_are_accepted_with_their_minor_units(string code, int digits)
    {
        var currency = Currency.FromCode(code);
        Assert.Equal(code.Trim().ToUpperInvariant(), currency.Code);
        Assert.Equal(digits, currency.MinorUnitDigits);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("")]
    [InlineData("DOLLAR")]
    public void Unknown_codes_throw_naming_the_code(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => Currency.FromCode(code));
        Assert.Equal("code", ex.ParamName);
        Assert.Contains($"'{code}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_currency_is_rejected_by_money()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Money(1m, default(Currency)));
        Assert.Equal("currency", ex.ParamName);
    }

    [Fact]
    public void Arithmetic_within_one_currency_is_exact()
    {
        var a = new Money(0.1m, "USD");
        var b = new Money(0.2m, "USD");
        Assert.Equal(new Money(0.3m, "USD"), a + b);
        Assert.Equal(new Money(-0.1m, "USD"), a - b);
        Assert.Equal(new Money(0.3m, "USD"), a * 3m);
        Assert.True(b > a);
    }

    [Fact]
    public void Mixing_currencies_throws()
    {
        var usd = new Money(1m, "USD");
        var eur = new Money(1m, "EUR");
        var ex = Assert.Throws<CurrencyMismatchException>(() => usd + eur);
        Assert.Equal(Currency.Usd, ex.Expected);
        Assert.Equal(Currency.Eur, ex.Actual);
        Assert.Throws<CurrencyMismatchException>(() => usd.CompareTo(eur));
    }

    [Fact]
    public void Overflow_throws_instead_of_wrapping()
    {
        var max = new Money(decimal.MaxValue, "USD");
        Assert.Throws<OverflowException>(() => max + new Money(1m, "USD"));
    }

    [Theory]
    [InlineData(2.345, "USD", 2.34)]
    [InlineData(2.355, "USD", 2.36)]
    [InlineData(2.5, "JPY", 2)]
    [InlineData(1.2345, "KWD", 1.234)]
    public void Rounding_to_minor_unit_uses_bankers_rounding(double amount, string code, double expected)
    {
        Assert.Equal((decimal)expected, new Money((decimal)amount, code).RoundToMinorUnit().Amount);
    }

    [Fact]
    public void Currencies_compare_by_code()
    {
        Assert.Equal(Currency.FromCode("usd"), Currency.Usd);
        Assert.NotEqual(Currency.Usd, Currency.Eur);
        Assert.Equal("12.50 USD", new Money(12.50m, "USD").ToString());
    }
}
