using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>Regression tests for defects found in review: each names the defect it pins.</summary>
public class ReviewRegressionTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);
    private static readonly Pipeline P = Pipeline.Default;

    [Fact]
    public void Mean_is_exact_beyond_53_bits()
    {
        var sketch = new DurationSketch();
        sketch.Add(Duration.FromTicks((1L << 53) + 1));
        Assert.Equal(sketch.Max, sketch.Mean);
        Assert.Equal(2, DurationSketch.RoundedMeanTicks(5, 2));   // 2.5 -> 2 (ties to even)
        Assert.Equal(4, DurationSketch.RoundedMeanTicks(7, 2));   // 3.5 -> 4
        Assert.Equal(3, DurationSketch.RoundedMeanTicks(10, 3));  // 3.33 -> 3
    }

    [Fact]
    public void A_rejected_lead_leaves_the_kpi_calculator_unchanged()
    {
        var calculator = new LeadKpiCalculator();
        var eur = new LeadRecord(1, T0, outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(1), dealValue: new Money(5m, "EUR"));
        Assert.Throws<CurrencyMismatchException>(() => calculator.Add(eur));
        var badStage = new LeadRecord(2, T0, outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(3), stages: new[] { new StageVisit(1, T0 + Duration.FromDays(1)), new StageVisit(99, T0 + Duration.FromDays(2)) });
        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Add(badStage));
        var result = calculator.Snapshot();
        Assert.Equal(0, result.Leads);
        Assert.Equal(0, result.TimeToConversion.Converted);
        Assert.Equal(0, result.TimeToConversion.StageVelocity[0].Distribution.Count);
    }

    [Fact]
    public void A_lead_the_funnel_rejects_leaves_the_kpi_calculator_unchanged()
    {
        // The funnel rejected these after time to conversion had already counted the lead's stages.
        var calculator = new LeadKpiCalculator();
        var pastOpen = new LeadRecord(1, T0, furthestPosition: 4, stages: new[] { new StageVisit(1, T0 + Duration.FromDays(1)) });
        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Add(pastOpen));
        Assert.Equal(0, calculator.Snapshot().TimeToConversion.Leads);
        Assert.Equal(0, calculator.Snapshot().TimeToConversion.StageVelocity[0].Distribution.Count);
    }

    [Fact]
    public void A_rejected_columnar_batch_leaves_the_calculator_unchanged()
    {
        var columns = LeadColumns.From([new LeadRecord(1, T0, source: 1), new LeadRecord(2, T0, source: 2, furthestPosition: 7)]);
        var set = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.BySource);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.AddRange(columns));
        Assert.Empty(set.Snapshot().For(LeadGrouping.BySource).Groups);
    }

    [Fact]
    public void Closing_before_the_last_stage_change_is_rejected()
    {
        var id = new LeadId("L");
        var ex = Assert.Throws<ArgumentException>(() => new Lead(id, T0,
            stageHistory: [new StageTransition(id, null, P["New"], T0), new StageTransition(id, P["New"], P["Qualified"], T0 + Duration.FromDays(5))],
            lostAt: T0 + Duration.FromDays(1)));
        Assert.Equal("lostAt", ex.ParamName);
        Assert.Equal("closedAt", Assert.Throws<ArgumentException>(() => new LeadRecord(1, T0, outcome: LeadOutcome.Lost, closedAt: T0 + Duration.FromDays(1), stages: new[] { new StageVisit(2, T0 + Duration.FromDays(5)) })).ParamName);
    }

    [Fact]
    public void Relative_accuracy_below_the_minimum_is_rejected()
    {
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DurationSketch(1e-9)).ParamName);
        Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributionOptions(1e-9)).ParamName);
        _ = new DurationSketch(DurationSketch.MinRelativeAccuracy);
    }

    [Fact]
    public void Inconsistent_serialized_sketches_are_rejected()
    {
        var sketch = new DurationSketch();
        sketch.Add(Duration.FromTicks(200));
        sketch.Add(Duration.FromTicks(300));
        var bytes = sketch.Serialize();
        var minAboveMax = (byte[])bytes.Clone();
        BitConverter.GetBytes(500L).CopyTo(minAboveMax, 44);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(minAboveMax)).ParamName);
        var negativeZeros = (byte[])bytes.Clone();
        BitConverter.GetBytes(-1L).CopyTo(negativeZeros, 20);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(negativeZeros)).ParamName);
        var badAlpha = (byte[])bytes.Clone();
        BitConverter.GetBytes(2.0).CopyTo(badAlpha, 4);
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => DurationSketch.Deserialize(badAlpha)).ParamName);
    }

    [Fact]
    public void Working_hours_on_an_undefined_day_are_rejected()
    {
        var zone = DateTimeZone.Utc;
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(zone, [new WorkingHours((IsoDayOfWeek)0, new LocalTime(9, 0), new LocalTime(17, 0))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar(zone, [new WorkingHours((IsoDayOfWeek)9, new LocalTime(17, 0), new LocalTime(9, 0))]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(zone, [null!]));
    }

    [Fact]
    public void Equal_attribute_values_share_a_segment_and_names_are_trimmed()
    {
        var encoding = new LeadEncoding();
        var a = LeadRecord.FromLead(new Lead(new LeadId("A"), T0, attributes: [new("size", 1.0m)]), encoding, "size");
        var b = LeadRecord.FromLead(new Lead(new LeadId("B"), T0, attributes: [new("size", 1.00m)]), encoding, "size ");
        Assert.Equal(a.Segment, b.Segment);
        Assert.Same(encoding.Attribute("size"), encoding.Attribute(" size "));
    }

    [Fact]
    public void Columns_accept_won_records_beyond_255_like_the_row_path()
    {
        var won = new LeadRecord(1, T0, outcome: LeadOutcome.Won, closedAt: T0, furthestPosition: 300);
        var set = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.Total);
        set.AddRange(LeadColumns.From([won]));
        Assert.Equal(1, set.Snapshot().Total().Won);
    }

    [Fact]
    public void A_default_created_event_is_rejected_by_the_assembler()
    {
        var assembler = new LeadRecordAssembler();
        Assert.Throws<ArgumentException>(() => assembler.Apply(default(LeadCreatedEvent)));
        Assert.Equal(0, assembler.Count);
    }

    [Fact]
    public void Total_of_no_leads_is_the_empty_result_and_bucketed_groupings_are_refused()
    {
        var result = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, LeadGrouping.BySource).Snapshot();
        Assert.Equal(0, result.Total().Leads);
        Assert.Null(result.Total().Funnel.WinRate);
        Assert.Throws<ArgumentException>(() => result.Total(LeadGrouping.BySource));
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
}
