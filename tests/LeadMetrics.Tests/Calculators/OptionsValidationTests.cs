using LeadMetrics.Calculators;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>Distribution, response-time and calendar settings outside their range are refused, naming the argument; the largest valid ones are accepted.</summary>
public class OptionsValidationTests
{
    [Fact]
    public void Relative_accuracy_below_the_minimum_is_rejected()
    {
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(1e-9)).ParamName);
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributionOptions(1e-9)).ParamName);
        _ = new DurationSketch(DurationSketch.MinRelativeAccuracy);
    }

    [Fact]
    public void Sub_tick_edges_and_targets_are_rejected()
    {
        Assert.Equal("histogramEdges", Assert.Throws<ArgumentException>(() => new DistributionOptions(histogramEdges: [Duration.FromNanoseconds(150)])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentOutOfRangeException>(() => new ResponseTimeOptions([Duration.FromNanoseconds(50)])).ParamName);
    }

    [Fact]
    public void Edges_and_targets_beyond_292_years_are_accepted_not_an_overflow()
    {
        // The whole-ticks check multiplied ticks by 100 in 64 bits: past 2^63 ns it threw OverflowException.
        var millennium = Duration.FromDays(365_000);
        Assert.Equal(millennium, new DistributionOptions(histogramEdges: [millennium]).HistogramEdges[0]);
        Assert.Equal(millennium, new ResponseTimeOptions([millennium]).Targets[0]);
        Assert.Equal("histogramEdges", Assert.Throws<ArgumentException>(() => new DistributionOptions(histogramEdges: [millennium + Duration.FromNanoseconds(1)])).ParamName);
    }

    [Fact]
    public void Working_hours_on_an_undefined_day_are_rejected()
    {
        var zone = DateTimeZone.Utc;
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(zone, [new WorkingHours((IsoDayOfWeek)0, new LocalTime(9, 0), new LocalTime(17, 0))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(zone, [new WorkingHours((IsoDayOfWeek)9, new LocalTime(17, 0), new LocalTime(9, 0))]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(zone, [null!]));
    }
}
