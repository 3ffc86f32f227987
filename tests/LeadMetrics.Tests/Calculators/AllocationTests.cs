using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Performance;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class AllocationTests
{
    [Fact]
    public void Ingesting_one_million_leads_into_a_warm_calculator_set_allocates_under_1_KB()
    {
        var records = SyntheticLeadRecords.Generate(1_000_000, seed: 7);
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var set = LeadKpiSet.Create(
            new KpiOptions(salesCycleStart: Pipeline.Default["Working"]),
            LeadGrouping.Total,
            LeadGrouping.BySource,
            new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, london),
            new LeadGrouping(GroupDimension.None, TimeBucket.HourOfDay, london));

        // Warm up: every group, bucket range and zone interval is created once.
        foreach (ref readonly var r in records.AsSpan())
        {
            set.Add(r);
        }

        var before = ThreadAllocations.Start();
        foreach (ref readonly var r in records.AsSpan())
        {
            set.Add(r);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"Ingesting 1,000,000 leads allocated {allocated} bytes.");
        Assert.Equal(2_000_000, set.Snapshot().For(LeadGrouping.Total).Groups[0].Result.Leads);
    }

    [Fact]
    public void Batches_of_one_million_leads_into_a_warm_calculator_set_allocate_under_1_KB()
    {
        var records = SyntheticLeadRecords.Generate(1_000_000, seed: 8);
        var columns = LeadColumns.From(records);
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var set = LeadKpiSet.Create(
            new KpiOptions(),
            LeadGrouping.Total,
            LeadGrouping.BySource,
            new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, london));

        // Warm up both batch paths: groups, bucket ranges and the blocks' scratch are created once.
        set.AddRange(records.AsSpan());
        set.AddRange(columns);

        var before = ThreadAllocations.Start();
        set.AddRange(records.AsSpan());
        var fromRecords = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        set.AddRange(columns);
        var fromColumns = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(fromRecords < 1024, $"A span of 1,000,000 records allocated {fromRecords} bytes.");
        Assert.True(fromColumns < 1024, $"A columnar batch of 1,000,000 leads allocated {fromColumns} bytes.");
        Assert.Equal(4_000_000, set.Snapshot().For(LeadGrouping.Total).Groups[0].Result.Leads);
    }

    [Fact]
    public void Business_hours_response_time_allocates_nothing_per_lead()
    {
        var records = SyntheticLeadRecords.Generate(100_000, seed: 3);
        var calendar = WorkingCalendar.Weekdays(DateTimeZoneProviders.Tzdb["America/New_York"], new LocalTime(9, 0), new LocalTime(17, 0));
        var calculator = new ResponseTimeCalculator(new ResponseTimeOptions(businessHours: calendar));
        calculator.AddRange(records.AsSpan());
        var before = ThreadAllocations.Start();
        calculator.AddRange(records.AsSpan());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024);
    }
}
