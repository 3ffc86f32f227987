using LeadMetrics.Capacity;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Capacity;

public class CapacityAllocationTests
{
    [Fact]
    public void A_million_leads_allocate_under_1_KB_after_warm_up()
    {
        var records = SyntheticLeadRecords.Generate(1_000_000, seed: 14);
        var calc = new CapacityCalculator(new CapacityOptions(25, [new(1, 40)], asOf: Instant.FromUtc(2025, 1, 1, 0, 0), zone: DateTimeZoneProviders.Tzdb["Europe/London"]));
        calc.AddRange(records.AsSpan()); // warm-up: every rep-week group
        var allocated = FinanceAllocationTests.MeasureSteadyState(_ => () => calc.AddRange(records.AsSpan()));
        Assert.True(allocated.Least < 1024, $"1,000,000 leads allocated {allocated.All} bytes.");
    }
}
