using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class HandComputedTests
{
    private static readonly Pipeline P = Pipeline.Default;
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    private static Lead Make(string id, Duration? response, params (string Stage, double Days)[] history)
    {
        var leadId = new LeadId(id);
        Stage? from = null;
        var transitions = new List<StageTransition>();
        foreach (var (stage, days) in history)
        {
            var to = P[stage];
            transitions.Add(new StageTransition(leadId, from, to, T0 + Duration.FromHours(days * 24)));
            from = to;
        }

        return new Lead(leadId, T0, source: "web", firstResponseAt: response is null ? null : T0 + response.Value, stageHistory: transitions,
            dealValue: transitions.Count > 0 && transitions[^1].To == P.Won ? new Money(1000m, "USD") : null);
    }

    // Five leads:
    //  A: New -> Working -> Qualified -> Proposal -> Won (day 10)      furthest 4 (won)
    //  B: New -> Qualified (skips Working) -> Lost (day 5)              furthest 2
    //  C: New -> Working, still open                                     furthest 1
    //  D: New -> Lost (day 1)                                            furthest 0
    //  E: no history, open                                               furthest 0
    private static readonly Lead[] Five =
    [
        Make("A", Duration.FromMinutes(2), ("New", 0), ("Working", 1), ("Qualified", 3), ("Proposal", 6), ("ClosedWon", 10)),
        Make("B", Duration.FromMinutes(10), ("New", 0), ("Qualified", 2), ("ClosedLost", 5)),
        Make("C", Duration.FromHours(2), ("New", 0), ("Working", 4)),
        Make("D", null, ("New", 0), ("ClosedLost", 1)),
        Make("E", null),
    ];


    private static TCalc Feed<TCalc>(TCalc calculator, IEnumerable<Lead> leads)
        where TCalc : ILeadSink => calculator.AddRange(leads, new LeadEncoding());

    [Fact]
    public void Funnel_of_five_leads()
    {
        var f = Feed(new FunnelCalculator(), Five).Snapshot();
        Assert.Equal((5L, 1L, 2L, 2L), (f.Leads, f.Won, f.Lost, f.Open));
        // Reached: New 5, Working 3 (A, B skipped it, C), Qualified 2 (A, B), Proposal 1 (A), Won 1.
        Assert.Equal([5L, 3L, 2L, 1L, 1L], f.Stages.Select(s => s.Reached));
        Assert.Equal([null, 0.6m, 2 / 3m, 0.5m, 1m], f.Stages.Select(s => s.ConversionFromPrevious));
        Assert.Equal([2L, 1L, 1L, 0L, 0L], f.Stages.Select(s => s.DroppedOff));
        Assert.Equal([0.4m, 1 / 3m, 0.5m, 0m, 0m], f.Stages.Select(s => s.DropOffShare));
        Assert.Equal([1L, 0L, 1L, 0L, 0L], f.Stages.Select(s => s.LostHere));
        Assert.Equal([1L, 1L, 0L, 0L, 0L], f.Stages.Select(s => s.OpenHere));
        Assert.Equal(0.2m, f.ConversionRate);
        Assert.Equal(1 / 3m, f.WinRate);
    }

    [Fact]
    public void Empty_funnel_is_undefined_not_nan()
    {
        var f = new FunnelCalculator().Snapshot();
        Assert.Equal(0, f.Leads);
        Assert.Null(f.WinRate);
        Assert.Null(f.ConversionRate);
        Assert.All(f.Stages, s => Assert.Null(s.DropOffShare));
        Assert.All(f.Stages.Skip(1), s => Assert.Null(s.ConversionFromPrevious));
    }

    [Fact]
    public void Response_time_of_five_leads()
    {
        var r = Feed(new ResponseTimeCalculator(), Five).Snapshot();
        Assert.Equal((5L, 3L, 2L), (r.Leads, r.Answered, r.Unanswered));
        Assert.Equal(Duration.FromMinutes(44), r.Distribution.Mean); // (2 + 10 + 120) / 3
        Assert.Equal(Duration.FromMinutes(2), r.Distribution.Min);
        Assert.Equal(Duration.FromHours(2), r.Distribution.Max);
        Assert.InRange(r.Distribution.P50!.Value.TotalMinutes, 9.9, 10.1);
        // Within 5 minutes: A only, of all five leads (unanswered count in the denominator).
        Assert.Equal(1, r.WithinTarget[0].Count);
        Assert.Equal(0.2m, r.WithinTarget[0].Share);
        Assert.Equal(2, r.WithinTarget[1].Count);
        Assert.Equal(0.4m, r.WithinTarget[1].Share);
        // Histogram bins [0,1m) [1m,5m) [5m,15m) [15m,30m) [30m,1h) [1h,4h) ...
        Assert.Equal([0L, 1L, 1L, 0L, 0L, 1L, 0L, 0L, 0L], r.Distribution.Histogram.Select(b => b.Count));
    }

    [Fact]
    public void Time_to_conversion_and_stage_velocity_of_five_leads()
    {
        var t = Feed(new TimeToConversionCalculator(), Five).Snapshot();
        Assert.Equal(1, t.Converted);
        Assert.Equal(Duration.FromDays(10), t.Distribution.Mean);
        // New stays: A 1d, B 2d, C 4d, D 1d (E open: censored) -> mean 2d.
        Assert.Equal(4, t.StageVelocity[0].Distribution.Count);
        Assert.Equal(Duration.FromDays(2), t.StageVelocity[0].Distribution.Mean);
        // Working: A 2d (C is still there: censored). Qualified: A 3d, B 3d. Proposal: A 4d.
        Assert.Equal(Duration.FromDays(2), t.StageVelocity[1].Distribution.Mean);
        Assert.Equal(1, t.StageVelocity[1].Distribution.Count);
        Assert.Equal(Duration.FromDays(3), t.StageVelocity[2].Distribution.Mean);
        Assert.Equal(2, t.StageVelocity[2].Distribution.Count);
        Assert.Equal(Duration.FromDays(4), t.StageVelocity[3].Distribution.Mean);
    }

    [Fact]
    public void Sales_cycle_of_five_leads()
    {
        var fromCreation = Feed(new SalesCycleCalculator(), Five).Snapshot();
        Assert.Equal(Duration.FromDays(10), fromCreation.Won.Mean);
        Assert.Equal(Duration.FromDays(3), fromCreation.Lost.Mean); // B 5d, D 1d
        var fromQualified = Feed(new SalesCycleCalculator(P, P["Qualified"]), Five).Snapshot();
        Assert.Equal(Duration.FromDays(7), fromQualified.Won.Mean);   // A: day 3 -> 10
        Assert.Equal(Duration.FromDays(3), fromQualified.Lost.Mean);  // B: day 2 -> 5
        Assert.Equal(1, fromQualified.ClosedWithoutStart);            // D never qualified
        Assert.Throws<ArgumentException>(() => new SalesCycleCalculator(P, P["ClosedWon"]));
    }

    [Fact]
    public void Combined_kpis_include_won_value()
    {
        var k = Feed(new LeadKpiCalculator(), Five).Snapshot();
        Assert.Equal(5, k.Leads);
        Assert.Equal(new Money(1000m, "USD"), k.WonValue);
        Assert.Equal(new Money(1000m, "USD"), k.AverageDealValue);
        var empty = new LeadKpiCalculator().Snapshot();
        Assert.Null(empty.AverageDealValue);
        Assert.Equal(Money.Zero(Currency.Usd), empty.WonValue);
    }

    [Fact]
    public void A_deal_in_another_currency_is_an_error()
    {
        var id = new LeadId("X");
        var eurDeal = new Lead(id, T0, wonAt: T0 + Duration.FromDays(1), dealValue: new Money(5m, "EUR"));
        var ex = Assert.Throws<CurrencyMismatchException>(() => Feed(new LeadKpiCalculator(), [eurDeal]));
        Assert.Contains("EUR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_records_name_the_field()
    {
        Assert.Equal("lead", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadRecord(0, T0)).ParamName);
        Assert.Equal("closedAt", Assert.Throws<ArgumentException>(() => new LeadRecord(1, T0, outcome: LeadOutcome.Won)).ParamName);
        Assert.Equal("closedAt", Assert.Throws<ArgumentException>(() => new LeadRecord(1, T0, closedAt: T0)).ParamName);
        Assert.Equal("firstResponseAt", Assert.Throws<ArgumentException>(() => new LeadRecord(1, T0, firstResponseAt: T0 - Duration.FromSeconds(1))).ParamName);
        Assert.Equal("stages", Assert.Throws<ArgumentException>(() => new LeadRecord(1, T0, stages: new[] { new StageVisit(1, T0 - Duration.FromDays(1)) })).ParamName);
        var beyond = new LeadRecord(1, T0, furthestPosition: 4);
        Assert.Contains("FurthestPosition", Assert.Throws<ArgumentOutOfRangeException>(() => new FunnelCalculator().Add(beyond)).Message, StringComparison.Ordinal);
        var badStage = new LeadRecord(1, T0, stages: new[] { new StageVisit(17, T0) });
        Assert.Contains("stage index 17", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeToConversionCalculator().Add(badStage)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_different_configurations_is_refused()
    {
        var other = Pipeline.Create(("A", StageKind.Open), ("W", StageKind.Won), ("L", StageKind.Lost));
        Assert.Throws<ArgumentException>(() => new FunnelCalculator().Merge(new FunnelCalculator(other)));
        Assert.Throws<ArgumentException>(() => new ResponseTimeCalculator().Merge(new ResponseTimeCalculator(new ResponseTimeOptions([Duration.FromMinutes(1)]))));
        var bySource = new GroupedCalculator<FunnelCalculator, FunnelResult>(LeadGrouping.BySource, new FunnelCalculator());
        Assert.Throws<ArgumentException>(() => bySource.Merge(new GroupedCalculator<FunnelCalculator, FunnelResult>(LeadGrouping.ByOwner, new FunnelCalculator())));
    }

    [Fact]
    public void Total_of_no_leads_is_the_empty_result_and_bucketed_groupings_are_refused()
    {
        var result = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, LeadGrouping.BySource).Snapshot();
        Assert.Equal(0, result.Total().Leads);
        Assert.Null(result.Total().Funnel.WinRate);
        Assert.Throws<ArgumentException>(() => result.Total(LeadGrouping.BySource));
    }
}
