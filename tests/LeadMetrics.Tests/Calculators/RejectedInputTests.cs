using LeadMetrics.Calculators;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>
/// Inconsistent input is refused, naming the argument, and a refused lead, batch or event changes nothing: no
/// calculator of a combined set counts part of it.
/// </summary>
public class RejectedInputTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);
    private static readonly Pipeline P = Pipeline.Default;

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
    public void A_default_created_event_is_rejected_by_the_assembler()
    {
        var assembler = new LeadRecordAssembler();
        Assert.Throws<ArgumentException>(() => assembler.Apply(default(LeadCreatedEvent)));
        Assert.Equal(0, assembler.Count);
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
}
