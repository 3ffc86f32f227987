using LeadMetrics.Finance;
using LeadMetrics.Grouping;

namespace LeadMetrics.Tests.Finance;

public class AcquisitionComparisonTests
{
    private static FinanceResult Period(int firstKey, int leads, int won, decimal media)
    {
        var calc = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Usd));
        for (var i = 0; i < leads; i++)
        {
            calc.Add(FinanceCalculatorTests.Lead(firstKey + i, i < won ? LeadOutcome.Won : LeadOutcome.Lost));
        }

        calc.AddCost(FinanceCalculatorTests.Cost(media));
        return calc.Snapshot().Total;
    }

    [Fact]
    public void Cheaper_leads_that_convert_worse_cost_more_per_customer()
    {
        // Baseline: 100 leads, 10 customers, 1,000 media: CPL 10, conversion 10%, CAC 100.
        // Current:  100 leads,  7 customers,   800 media: CPL 8 (-20%), conversion 7% (-30%), CAC 114.29 (+14.29%).
        var comparison = AcquisitionComparison.Compare(Period(1, 100, 10, 1000m), Period(1001, 100, 7, 800m));
        Assert.Equal(-0.2m, comparison.CostPerLeadChange);
        Assert.Equal(-0.3m, comparison.ConversionRateChange);
        Assert.Equal(0m, comparison.LeadsChange);
        Assert.Equal(0.1429m, Math.Round(comparison.AcquisitionCostChange!.Value, 4));

        // The identity 1 + CAC change = (1 + CPL change) / (1 + conversion change): 0.8 / 0.7 = 8/7.
        Assert.Equal(Math.Round(0.8m / 0.7m, 20), Math.Round(1m + comparison.AcquisitionCostChange.Value, 20));
        Assert.Equal("leads +0.00%, CPL -20.00%, conversion -30.00%, CAC +14.29%", comparison.ToString());
    }

    [Fact]
    public void Changes_from_an_undefined_or_zero_baseline_are_undefined()
    {
        var comparison = AcquisitionComparison.Compare(Period(1, 10, 0, 0m), Period(100, 10, 2, 100m));
        Assert.Null(comparison.CostPerLeadChange);      // baseline CPL 0
        Assert.Null(comparison.ConversionRateChange);   // baseline conversion 0
        Assert.Null(comparison.AcquisitionCostChange);  // baseline CAC undefined
        Assert.Contains("CAC undefined", comparison.ToString(), StringComparison.Ordinal);
        Assert.Null(AcquisitionComparison.RelativeChange(null, 1m));
        Assert.Equal(0.5m, AcquisitionComparison.RelativeChange(2m, 3m));
    }

    [Fact]
    public void Results_in_different_currencies_do_not_compare()
    {
        var eur = new FinanceCalculator(LeadGrouping.Total, new FinanceOptions(Currency.Eur)).Snapshot().Total;
        Assert.Throws<CurrencyMismatchException>(() => AcquisitionComparison.Compare(Period(1, 1, 0, 1m), eur));
    }
}
