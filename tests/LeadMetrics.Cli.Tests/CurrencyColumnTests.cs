using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 4: a <c>currency</c> column in costs, leads or revenue was ignored (10 EUR + 10 JPY reported as a
/// cost of 20 USD). It is read: amounts in the report currency (or without one) are kept, amounts in another currency
/// are converted through --rates, else rejected as currency_mismatch; never summed as the report currency.
/// </summary>
public sealed class CurrencyColumnTests
{
    private static LoadOptions Files(TempDir dir, IReadOnlyDictionary<string, decimal>? rates) => new()
    {
        LeadsPath = dir.Write("leads.csv",
            "lead_id,created_at,source,won_at,value,currency\n" +
            "L1,2024-03-04T09:00:00Z,ads,2024-03-10T00:00:00Z,100,USD\n" +
            "L2,2024-03-04T09:00:00Z,ads,2024-03-10T00:00:00Z,100,eur\n" +
            "L3,2024-03-04T09:00:00Z,web,2024-03-10T00:00:00Z,100,\n" +
            "L4,2024-03-04T09:00:00Z,web,2024-03-10T00:00:00Z,100,XYZ\n"),
        CostsPath = dir.Write("costs.csv",
            "date,source,amount,currency\n" +
            "2024-03-04,ads,10,EUR\n" +
            "2024-03-04,ads,10,JPY\n" +
            "2024-03-04,web,10,usd\n"),
        RevenuePath = dir.Write("revenue.csv",
            "lead_id,at,amount,currency\n" +
            "L1,2024-04-01T00:00:00Z,50,EUR\n" +
            "L3,2024-04-01T00:00:00Z,50,\n"),
        OnBadRow = BadRowPolicy.Skip,
    };

    [Fact]
    public void Without_rates_amounts_in_another_currency_are_rejected_not_summed()
    {
        using var dir = new TempDir();
        var (rows, columns) = ColumnarAllFilesTests.Both(Files(dir, null), new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);

        // Costs: only the USD row (web, 10); the EUR and JPY rows are rejected, not summed as 20 USD.
        Assert.Contains("\"currency_mismatch\": 2", columns, StringComparison.Ordinal);
        Assert.Contains("\"cost\": 10", columns, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cost\": 20", columns, StringComparison.Ordinal);
        Assert.Contains("give --rates with a EUR rate", columns, StringComparison.Ordinal);
        Assert.Contains("'XYZ' is not an ISO 4217 code", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void With_rates_amounts_are_converted_into_the_report_currency()
    {
        using var dir = new TempDir();
        var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["EUR"] = 1.1m, ["JPY"] = 0.007m };
        var load = Files(dir, rates) with { Rates = rates };
        var (rows, columns) = ColumnarAllFilesTests.Both(load, new ReportSettings { By = ["source"] });
        Assert.Equal(rows, columns);

        // ads: 10 EUR * 1.1 + 10 JPY * 0.007 = 11.07 USD; the total adds web's 10 USD.
        Assert.Contains("\"cost\": 11.07", columns, StringComparison.Ordinal);
        Assert.Contains("\"cost\": 21.07", columns, StringComparison.Ordinal);

        // L2's value 100 EUR is 110 USD; L4 (XYZ) stays rejected.
        Assert.Contains("\"won_value\": 210", columns, StringComparison.Ordinal);
        Assert.Contains("\"currency_mismatch\": 1", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_reads_a_rates_file_and_refuses_a_bad_one()
    {
        using var dir = new TempDir();
        var files = Files(dir, null);
        string[] args = ["report", "--leads", files.LeadsPath, "--costs", files.CostsPath!, "--revenue", files.RevenuePath!, "--on-bad-row", "skip", "--format", "json"];
        var converted = Cli.Run([.. args, "--rates", dir.Write("rates.csv", "currency,rate\nEUR,1.1\njpy,0.007\n")]);
        Assert.Equal(0, converted.Exit);
        Assert.Contains("\"cost\": 21.07", converted.Out, StringComparison.Ordinal);

        var failed = Cli.Run(["report", "--leads", files.LeadsPath, "--costs", files.CostsPath!, "--format", "json"]);
        Assert.Equal(3, failed.Exit);
        Assert.Contains("currency_mismatch", failed.Err, StringComparison.Ordinal);

        foreach (var bad in new[] { "currency,rate\nEUR,-1\n", "currency,rate\nEUR,1\nEUR,2\n", "code,value\nEUR,1\n", "currency,rate\nUSD,1\n", "currency,rate\nEURO,1\n" })
        {
            var run = Cli.Run([.. args, "--rates", dir.Write("bad.csv", bad)]);
            Assert.Equal(2, run.Exit);
            Assert.Contains("--rates file", run.Err, StringComparison.Ordinal);
        }
    }
}
