using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

/// <summary>Hand-computed credits for every model, the lookback window and the money split.</summary>
public class AttributionModelTests
{
    private static readonly Instant Created = Instant.FromUtc(2024, 3, 10, 12, 0);

    private static TouchpointEvent Touch(double days, int channel, TouchpointDirection direction = TouchpointDirection.Inbound, int lead = 1) =>
        new(lead, Created + Duration.FromDays(days), channel, TouchpointKind.Form, direction);

    private static LeadRecord Open(params StageVisit[] stages) => new(1, Created, 1, stages: stages);

    private static LeadRecord WonLead(decimal deal, double wonAfterDays = 30) =>
        new(1, Created, 1, outcome: LeadOutcome.Won, closedAt: Created + Duration.FromDays(wonAfterDays), dealValue: new Money(deal, Currency.Usd));

    private static decimal[] Credits(AttributionModel model, LeadRecord lead, params TouchpointEvent[] touches) =>
        Credits(new AttributionOptions(model), lead, touches);

    private static decimal[] Credits(AttributionOptions options, LeadRecord lead, params TouchpointEvent[] touches) =>
        [.. AttributionCalculator.CreditsOf(lead, touches, options).Select(c => c.Credit)];

    private static readonly TouchpointEvent[] Four = [Touch(-20, 1), Touch(-10, 2), Touch(0, 3), Touch(3, 4)];

    [Fact]
    public void First_touch_and_last_touch()
    {
        Assert.Equal([1m, 0m, 0m, 0m], Credits(AttributionModel.FirstTouch, Open(), Four));
        Assert.Equal([0m, 0m, 0m, 1m], Credits(AttributionModel.LastTouch, Open(), Four));
    }

    [Fact]
    public void Linear_with_cumulative_rounding_to_18_places()
    {
        Assert.Equal([0.25m, 0.25m, 0.25m, 0.25m], Credits(AttributionModel.Linear, Open(), Four));

        // R(1/3) = .333333333333333333, R(2/3) = .666666666666666667: the middle part takes the extra unit.
        Assert.Equal(
            [0.333333333333333333m, 0.333333333333333334m, 0.333333333333333333m],
            Credits(AttributionModel.Linear, Open(), Touch(-2, 1), Touch(-1, 2), Touch(0, 3)));
    }

    [Fact]
    public void Time_decay_halves_credit_per_half_life_before_the_last_touch()
    {
        // Touches 14 and 7 days before the last, half-life 7 days: weights 1/4, 1/2, 1 -> 1/7, 2/7, 4/7.
        var credits = Credits(AttributionModel.TimeDecay, Open(), Touch(-14, 1), Touch(-7, 2), Touch(0, 3));
        Assert.Equal([0.142857142857142857m, 0.285714285714285714m, 0.571428571428571429m], credits);

        // Half-life 14 days: weights 1/2, 1/sqrt(2), 1.
        var slow = Credits(new AttributionOptions(AttributionModel.TimeDecay, halfLife: Duration.FromDays(14)), Open(), Touch(-14, 1), Touch(-7, 2), Touch(0, 3));
        var w = 1m / 2m + 0.7071067811865476m + 1m;
        Assert.Equal(0.5m / w, slow[0], 14);
        Assert.Equal(1m, slow.Sum());
    }

    [Fact]
    public void Position_based_is_40_20_40_and_50_50_with_two_touches()
    {
        Assert.Equal([1m], Credits(AttributionModel.PositionBased, Open(), Touch(0, 1)));
        Assert.Equal([0.5m, 0.5m], Credits(AttributionModel.PositionBased, Open(), Touch(-1, 1), Touch(0, 2)));
        Assert.Equal([0.4m, 0.1m, 0.1m, 0.4m], Credits(AttributionModel.PositionBased, Open(), Four));

        var custom = new AttributionOptions(AttributionModel.PositionBased, firstTouchShare: 0.3m, lastTouchShare: 0.5m);
        Assert.Equal([0.375m, 0.625m], Credits(custom, Open(), Touch(-1, 1), Touch(0, 2)));   // 0.3 : 0.5
        Assert.Equal([0.3m, 0.2m, 0.5m], Credits(custom, Open(), Touch(-2, 1), Touch(-1, 2), Touch(0, 3)));
    }

    [Fact]
    public void W_shaped_gives_30_each_to_first_lead_creation_and_opportunity_and_10_to_the_rest()
    {
        // Opportunity: the lead entered Qualified (index 2) 5 days and 1 hour after creation.
        var lead = Open(new StageVisit(0, Created), new StageVisit(2, Created + Duration.FromDays(5) + Duration.FromHours(1)));
        TouchpointEvent[] touches = [Touch(-20, 1), Touch(0, 2), Touch(2, 3), Touch(5, 4), Touch(8, 5)];
        Assert.Equal([0.3m, 0.3m, 0.05m, 0.3m, 0.05m], Credits(AttributionModel.WShaped, lead, touches));
    }

    [Fact]
    public void W_shaped_edge_cases()
    {
        // Never an opportunity: 0.3, 0.3, 0.05, 0.05 scaled to a whole = 3/7, 3/7, 1/14, 1/14.
        var noOpportunity = Credits(AttributionModel.WShaped, Open(), Touch(-20, 1), Touch(0, 2), Touch(2, 3), Touch(8, 5));
        Assert.Equal(1m, noOpportunity.Sum());
        Assert.Equal(3m / 7m, noOpportunity[0], 17);
        Assert.Equal(1m / 14m, noOpportunity[3], 17);

        // The first touch is also the lead-creation touch (nothing else before creation): 0.6, 0.1, 0.3.
        var lead = Open(new StageVisit(2, Created + Duration.FromDays(3)));
        Assert.Equal([0.6m, 0.1m, 0.3m], Credits(AttributionModel.WShaped, lead, Touch(-1, 1), Touch(1, 2), Touch(3, 3)));

        // Three touches in three roles: a third each.
        var three = Credits(AttributionModel.WShaped, lead, Touch(-1, 1), Touch(0, 2), Touch(3, 3));
        Assert.Equal([0.333333333333333333m, 0.333333333333333334m, 0.333333333333333333m], three);

        // A won lead that skipped the opportunity stage became one when it was won.
        var won = new LeadRecord(1, Created, 1, outcome: LeadOutcome.Won, closedAt: Created + Duration.FromDays(9));
        Assert.Equal([0.3m, 0.3m, 0.1m, 0.3m], Credits(AttributionModel.WShaped, won, Touch(-5, 1), Touch(0, 2), Touch(4, 3), Touch(9, 4)));

        // The opportunity stage is configurable: Qualified after 1 day, Proposal after 2 days and 1 hour.
        var moving = Open(new StageVisit(2, Created + Duration.FromDays(1)), new StageVisit(3, Created + Duration.FromDays(2) + Duration.FromHours(1)));
        Assert.Equal([0.9m, 0.1m], Credits(AttributionModel.WShaped, moving, Touch(0, 1), Touch(2, 2)));     // first, creation and opportunity all at touch 1
        var proposal = new AttributionOptions(AttributionModel.WShaped, opportunityStage: "Proposal");
        Assert.Equal([0.666666666666666667m, 0.333333333333333333m], Credits(proposal, moving, Touch(0, 1), Touch(2, 2))); // 0.6 : 0.3
    }

    [Fact]
    public void Lookback_window_and_touches_after_the_close_are_not_credited()
    {
        var won = WonLead(100m, wonAfterDays: 10);
        TouchpointEvent[] touches = [Touch(-100, 1), Touch(-5, 2), Touch(5, 3), Touch(11, 4)];
        var credits = AttributionCalculator.CreditsOf(won, touches, new AttributionOptions(AttributionModel.Linear));
        Assert.Equal([2, 3], credits.Select(c => c.Touchpoint.Channel));   // -100 days is outside 90; +11 days is after the win

        var longer = AttributionCalculator.CreditsOf(won, touches, new AttributionOptions(AttributionModel.Linear, lookback: Duration.FromDays(120)));
        Assert.Equal([1, 2, 3], longer.Select(c => c.Touchpoint.Channel));
    }

    [Fact]
    public void Inbound_only_and_input_order()
    {
        TouchpointEvent[] touches = [Touch(0, 3), Touch(-2, 1, TouchpointDirection.Outbound), Touch(-1, 2)];
        var all = AttributionCalculator.CreditsOf(Open(), touches, new AttributionOptions(AttributionModel.FirstTouch));
        Assert.Equal([1, 2, 3], all.Select(c => c.Touchpoint.Channel)); // sorted by time
        Assert.Equal(1m, all[0].Credit);
        var inbound = AttributionCalculator.CreditsOf(Open(), touches, new AttributionOptions(AttributionModel.FirstTouch, inboundOnly: true));
        Assert.Equal([2, 3], inbound.Select(c => c.Touchpoint.Channel));
    }

    [Fact]
    public void A_touchpoint_of_another_lead_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => AttributionCalculator.CreditsOf(Open(), [Touch(0, 1, lead: 2)], new AttributionOptions(AttributionModel.Linear)));
        Assert.Equal("touchpoints", ex.ParamName);
        Assert.Contains("lead 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leads_deal_value_and_cost_by_channel_under_a_model()
    {
        var calc = new AttributionCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), new FinanceOptions(Currency.Usd));
        calc.Add(WonLead(100m), [Touch(-2, 1), Touch(-1, 2), Touch(0, 3)], new Money(10m, Currency.Usd));
        calc.Add(new LeadRecord(2, Created, 1), ReadOnlySpan<TouchpointEvent>.Empty); // no touches: credited to (none)
        calc.AddCost(new CostEvent(1, new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 1), new Money(50m, Currency.Usd)));
        var report = calc.Snapshot();
        Assert.Equal(AttributionModel.Linear, calc.Attribution.Model);
        Assert.Equal([0, 1, 2, 3], report.Groups.Select(g => g.Key.DimensionId));
        Assert.Equal([1m, 0.333333333333333333m, 0.333333333333333334m, 0.333333333333333333m], report.Groups.Select(g => g.Result.Leads));
        Assert.Equal([0m, 33.33m, 33.34m, 33.33m], report.Groups.Select(g => g.Result.DealValue.Amount));
        Assert.Equal([0m, 3.33m, 3.34m, 3.33m], report.Groups.Select(g => g.Result.RealizedRevenue.Amount));
        Assert.Equal(2m, report.Total.Leads);
        Assert.Equal(1m, report.Total.Customers);
        Assert.Equal(100m, report.Total.DealValue.Amount);

        var channel1 = report.Groups[1].Result;
        Assert.Equal(50m / 0.333333333333333333m, channel1.CostPerLead!.Value.Amount);  // 150.00 per credited lead
        Assert.Equal(150m, channel1.CostPerLead.Value.RoundToMinorUnit().Amount);
        Assert.Equal(33.33m / 50m, channel1.ReturnOnAdSpend);
    }

    [Fact]
    public void Options_validate_their_arguments()
    {
        Assert.Equal("lastTouchShare", Assert.Throws<ArgumentOutOfRangeException>(() => new AttributionOptions(AttributionModel.PositionBased, firstTouchShare: 0.7m, lastTouchShare: 0.4m)).ParamName);
        Assert.Equal("keyTouchShare", Assert.Throws<ArgumentOutOfRangeException>(() => new AttributionOptions(AttributionModel.WShaped, keyTouchShare: 0.34m)).ParamName);
        Assert.Equal("halfLife", Assert.Throws<ArgumentOutOfRangeException>(() => new AttributionOptions(AttributionModel.TimeDecay, halfLife: Duration.Zero)).ParamName);
        Assert.Equal("opportunityStage", Assert.Throws<ArgumentException>(() => new AttributionOptions(AttributionModel.WShaped, opportunityStage: "ClosedLost")).ParamName);
        Assert.Throws<ArgumentException>(() => new AttributionCalculator(new LeadGrouping(GroupDimension.Segment), new AttributionOptions(AttributionModel.Linear), new FinanceOptions(Currency.Usd)));
    }
}
