using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>
/// <c>default(LeadRecord)</c> (lead key 0, created at the Unix epoch), such as an unused slot of a pooled array, is
/// rejected by every entry point that takes records, naming the argument, and changes nothing.
/// </summary>
public class DefaultRecordTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    /// <summary>Every public calculator that takes a <see cref="LeadRecord"/>, by name, with the way it adds one.</summary>
    public static TheoryData<string> Sinks => new(Adders.Keys);

    private static readonly Dictionary<string, Action<LeadRecord>> Adders = new()
    {
        ["Volume"] = r => new VolumeCalculator().Add(r),
        ["Funnel"] = r => new FunnelCalculator().Add(r),
        ["ResponseTime"] = r => new ResponseTimeCalculator().Add(r),
        ["TimeToConversion"] = r => new TimeToConversionCalculator().Add(r),
        ["SalesCycle"] = r => new SalesCycleCalculator().Add(r),
        ["LeadKpi"] = r => new LeadKpiCalculator().Add(r),
        ["Grouped"] = r => new GroupedCalculator<VolumeCalculator, VolumeResult>(LeadGrouping.BySource, new VolumeCalculator()).Add(r),
        ["Set"] = r => new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.Total, LeadGrouping.BySource).Add(r),
        ["Capacity"] = r => new CapacityCalculator(new CapacityOptions(10)).Add(r),
        ["Finance"] = r => new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd)).Add(r),
        ["LifetimeValue"] = r => new LifetimeValueCalculator(LeadGrouping.Total, new LifetimeValueOptions(Currency.Usd)).Add(r),
        ["Attribution"] = r => new AttributionCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), new FinanceOptions(Currency.Usd)).Add(r, []),
        ["AttributedLifetimeValue"] = r => new AttributedLifetimeValueCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), new LifetimeValueOptions(Currency.Usd)).Add(r, []),
        ["RepComparison"] = r => new RepComparisonCalculator().Add(r),
        ["CohortMaturity"] = r => new CohortMaturityCalculator().Add(r),
        ["ConversionSurvival"] = r => new ConversionSurvivalCalculator(new ConversionSurvivalOptions(T0 + NodaTime.Duration.FromDays(1))).Add(r),
    };

    [Fact]
    public void Every_public_lead_sink_is_in_the_list()
    {
        // A new calculator must be added above, so that its Add is tested against default(LeadRecord).
        var sinks = typeof(ILeadSink).Assembly.GetExportedTypes()
            .Where(t => t is { IsInterface: false, IsAbstract: false } && typeof(ILeadSink).IsAssignableFrom(t))
            .Select(t => t.Name.Split('`')[0].Replace("Calculator", string.Empty, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sinks);
        Assert.All(sinks, name => Assert.True(Adders.ContainsKey(name), $"{name} is not in Adders"));
    }

    [Theory]
    [MemberData(nameof(Sinks))]
    public void Every_calculator_rejects_a_default_record_and_names_it(string sink)
    {
        var error = Assert.Throws<ArgumentException>(() => Adders[sink](default));
        Assert.Equal("lead", error.ParamName);
        Assert.Contains("default(LeadRecord)", error.Message);

        // A real record still goes in.
        Adders[sink](new LeadRecord(1, T0, source: 1));
    }

    [Fact]
    public void A_grouped_calculator_creates_no_group_for_a_default_record()
    {
        var grouped = new GroupedCalculator<VolumeCalculator, VolumeResult>(LeadGrouping.BySource, new VolumeCalculator());
        grouped.Add(new LeadRecord(1, T0, source: 3));
        Assert.Throws<ArgumentException>(() => grouped.Add(default(LeadRecord)));
        Assert.Equal(1, grouped.GroupCount);
        Assert.Equal(1, grouped.Snapshot().Groups.Sum(g => g.Result.Leads));
    }

    [Fact]
    public void A_span_stops_at_the_default_slot_of_a_pooled_array()
    {
        var pooled = new LeadRecord[4];
        pooled[0] = new LeadRecord(1, T0, source: 1);
        pooled[1] = new LeadRecord(2, T0, source: 2);
        var volume = new VolumeCalculator();
        Assert.Throws<ArgumentException>(() => volume.AddRange(pooled.AsSpan()));
        Assert.Equal(2, volume.Snapshot().Leads);
    }

    [Fact]
    public void A_columnar_batch_rejects_a_default_record_by_its_index()
    {
        var records = new[] { new LeadRecord(1, T0), default, new LeadRecord(3, T0) };
        var error = Assert.Throws<ArgumentException>(() => LeadColumns.From(records));
        Assert.Equal("leads[1]", error.ParamName);
    }
}
