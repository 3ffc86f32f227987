using LeadMetrics.Calculators;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Records;

/// <summary>Dimension ids are bounded where records and events are made, so one stray id cannot size a group map in gigabytes.</summary>
public sealed class DimensionIdRangeTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    [Theory]
    [InlineData(500_000_000)]
    [InlineData(int.MaxValue - 1)]
    [InlineData(int.MaxValue)]
    [InlineData(LeadRecord.MaxDimensionId + 1)]
    [InlineData(-1)]
    public void A_record_refuses_an_id_outside_the_documented_range_naming_the_field(int id)
    {
        Assert.Equal("source", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(1, T0, source: id)).ParamName);
        Assert.Equal("campaign", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(1, T0, campaign: id)).ParamName);
        Assert.Equal("owner", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(1, T0, owner: id)).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(1, T0, segment: id));
        Assert.Equal("segment", e.ParamName);
        Assert.Contains("16777215", e.Message, StringComparison.Ordinal);
        Assert.Equal("source", Assert.Throws<ArgumentOutOfRangeException>(() => new CostEvent(id, new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 1), new Money(1m, Currency.Usd))).ParamName);
        var builder = new LeadColumnsBuilder();
        Assert.Equal("owner", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(1, T0.ToUnixTimeTicks(), 0, 0, id, 0, null, LeadOutcome.Open, null, 0, null, default)).ParamName);
        Assert.Equal("channel", Assert.Throws<ArgumentOutOfRangeException>(() => new TouchpointEvent(1, T0, id, TouchpointKind.Call, TouchpointDirection.Outbound)).ParamName);
    }

    [Fact]
    public void The_largest_id_groups_within_a_bounded_map()
    {
        var kpis = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.BySource);
        var before = GC.GetAllocatedBytesForCurrentThread();
        kpis.Add(new LeadRecord(1, T0, source: LeadRecord.MaxDimensionId));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The id map holds 4 bytes per id up to the largest: 64 MB at the bound, never gigabytes.
        Assert.InRange(allocated, 0, 100L * 1024 * 1024);
        Assert.Equal(LeadRecord.MaxDimensionId, Assert.Single(kpis.Snapshot().For(LeadGrouping.BySource).Groups).Key.DimensionId);
    }
}
