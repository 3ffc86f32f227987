using NodaTime;

namespace LeadMetrics.Tests.Model;

/// <summary>KpiFormat: the short text of KPI values, by hand-computed examples, at each unit's boundaries.</summary>
public class KpiFormatTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(18_699L, "18,699")]
    [InlineData(-1_234_567L, "-1,234,567")]
    public void Count_has_thousands_separators(long count, string expected) => Assert.Equal(expected, KpiFormat.Count(count));

    [Theory]
    [InlineData("0", "0.0%")]
    [InlineData("1", "100.0%")]
    [InlineData("0.1234", "12.3%")]
    [InlineData("0.1235", "12.4%")] // a midpoint rounds away from zero
    [InlineData("-0.05", "-5.0%")]
    [InlineData("12.5", "1250.0%")] // a rate has no separator: it rarely passes 100%
    public void Rate_is_a_percentage_with_one_decimal(string rate, string expected) =>
        Assert.Equal(expected, KpiFormat.Rate(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Undefined_values_are_a_dash_never_empty_or_NaN()
    {
        Assert.Equal("–", KpiFormat.Undefined);
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Rate(null));
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Ratio(null));
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Number(null));
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Amount(null));
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Money(null));
        Assert.Equal(KpiFormat.Undefined, KpiFormat.Duration(null));
    }

    [Fact]
    public void Ratio_has_thousands_separators() => Assert.Equal("2,945.7%", KpiFormat.Ratio(29.457m));

    [Fact]
    public void Number_has_two_decimals() => Assert.Equal("1,024.50", KpiFormat.Number(1024.5m));

    [Fact]
    public void Amount_has_the_given_decimals()
    {
        Assert.Equal("18,698.50", KpiFormat.Amount(18_698.5m));
        Assert.Equal("18,699", KpiFormat.Amount(18_698.5m, 0));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KpiFormat.Amount(1m, 29));
        Assert.Equal("decimals", error.ParamName);
    }

    [Theory]
    [InlineData("18698.5", "USD", "18,698.50 USD")]
    [InlineData("1333.3333333333333333333333333", "USD", "1,333.33 USD")] // a CAC: exact in the result, rounded to cents here
    [InlineData("1500", "JPY", "1,500 JPY")] // no minor unit
    [InlineData("1.2345", "KWD", "1.235 KWD")] // three digits, midpoint away from zero
    [InlineData("-20", "EUR", "-20.00 EUR")]
    public void Money_is_rounded_to_its_currency_minor_unit(string amount, string currency, string expected) =>
        Assert.Equal(expected, KpiFormat.Money(new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency)));

    [Theory]
    [InlineData(0.0, "0s")]
    [InlineData(0.4, "0s")]
    [InlineData(42.0, "42s")]
    [InlineData(59.4, "59s")]
    [InlineData(59.6, "1m 00s")] // rounds into the next unit, never "60s"
    [InlineData(450.0, "7m 30s")]
    [InlineData(3599.4, "59m 59s")]
    [InlineData(3599.6, "1.0h")] // never "59m 60s"
    [InlineData(9000.0, "2.5h")]
    [InlineData(86_100.0, "23.9h")]
    [InlineData(86_300.0, "1.0d")] // 23.97 h rounds to a day, never "24.0h"
    [InlineData(276_480.0, "3.2d")]
    [InlineData(-450.0, "-7m 30s")]
    [InlineData(-0.2, "0s")]
    public void Duration_takes_the_largest_unit_that_reads_well(double seconds, string expected) =>
        Assert.Equal(expected, KpiFormat.Duration(Duration.FromSeconds(seconds)));
}
