using LeadMetrics.Scoring;
using NodaTime;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public class LeadScorerTests
{
    private static readonly LeadScorer Scorer = new(WorkedExample.Model, new FakeClock(WorkedExample.AsOf));

    private static string Lines(ScoreExplanation explanation) => string.Join('\n', explanation.Lines.Select(l => l.ToString()));

    private static string Text(params string[] lines) => string.Join('\n', lines);

    [Fact]
    public void Worked_example_acme_fits_and_engages()
    {
        var explained = Scorer.Explain(WorkedExample.Acme, WorkedExample.AcmeTouchpoints, WorkedExample.AsOf);

        Assert.Equal(40m, explained.Score.Fit);
        Assert.Equal(27.5m, explained.Score.Engagement);
        Assert.Equal(67.5m, explained.Score.Total);
        Assert.Equal("Hot", explained.Score.Grade.Name);
        Assert.Equal("A1", explained.Score.Cell!.Label);
        Assert.Equal(LeadRouting.SendToSales, explained.Score.Routing);
        Assert.Equal(
            Text(
                "fit / firmographics / company size: company_size = 150: +10",
                "fit / firmographics / target industry: industry = Software: +15",
                "fit / firmographics / has budget: has_budget = true: +10",
                "fit / contact / phone given: phone present: +5",
                "engagement / activity / webinar: 2 touchpoints: +7.5",
                "engagement / activity / form fill: 1 touchpoint: +5",
                "engagement / activity / meeting: 1 touchpoint: +15"),
            Lines(explained));
    }

    [Fact]
    public void Worked_example_globex_hits_the_group_caps()
    {
        var explained = Scorer.Explain(WorkedExample.Globex, WorkedExample.GlobexTouchpoints, WorkedExample.AsOf);

        Assert.Equal(35m, explained.Score.Fit);
        Assert.Equal(30m, explained.Score.Engagement);
        Assert.Equal(65m, explained.Score.Total);
        Assert.Equal("Hot", explained.Score.Grade.Name);
        Assert.Equal("A1", explained.Score.Cell!.Label);
        Assert.Equal(
            Text(
                "fit / firmographics / company size: company_size = 5000: +20",
                "fit / firmographics / target industry: industry = fintech: +15",
                "fit / firmographics / has budget: has_budget = true: +10",
                "fit / firmographics: group bounds (-inf, 40]: -5",
                "fit / contact / no job title: job_title missing: -5",
                "engagement / activity / webinar: 3 touchpoints: +17.5",
                "engagement / activity / meeting: 1 touchpoint: +15",
                "engagement / activity: group bounds (-inf, 30]: -2.5"),
            Lines(explained));
    }

    [Fact]
    public void Worked_example_initech_is_cold_and_disqualified_by_the_grid()
    {
        var explained = Scorer.Explain(WorkedExample.Initech, WorkedExample.InitechTouchpoints, WorkedExample.AsOf);

        Assert.Equal(5m, explained.Score.Fit);
        Assert.Equal(5m, explained.Score.Engagement);
        Assert.Equal(10m, explained.Score.Total);
        Assert.Equal("Cold", explained.Score.Grade.Name);
        Assert.Equal("C3", explained.Score.Cell!.Label);
        Assert.Equal(LeadRouting.Disqualify, explained.Score.Routing);
        Assert.Equal(
            Text(
                "fit / firmographics / company size: company_size = 8: +0",
                "fit / contact / phone given: phone present: +5",
                "engagement / activity / form fill: 1 touchpoint: +5"),
            Lines(explained));
    }

    [Fact]
    public void Worked_example_hooli_is_floored_at_zero_by_the_total_bounds()
    {
        var explained = Scorer.Explain(WorkedExample.Hooli, [], WorkedExample.AsOf);

        Assert.Equal(-5m, explained.Score.Fit);
        Assert.Equal(0m, explained.Score.Engagement);
        Assert.Equal(0m, explained.Score.Total);
        Assert.Equal(Text("fit / contact / no job title: job_title missing: -5", "total: bounds: +5"), Lines(explained));
    }

    [Fact]
    public void Explanation_text_starts_with_the_lead_and_score()
    {
        var text = Scorer.Explain(WorkedExample.Acme, WorkedExample.AcmeTouchpoints, WorkedExample.AsOf).ToString();

        Assert.StartsWith("L-1: 67.5 (fit 40, engagement 27.5): Hot A1, SendToSales", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_without_an_instant_uses_the_clock()
    {
        var clock = new FakeClock(WorkedExample.AsOf);
        var scorer = new LeadScorer(WorkedExample.Model, clock);

        Assert.Equal(67.5m, scorer.Score(WorkedExample.Acme, WorkedExample.AcmeTouchpoints).Total);
        clock.AdvanceDays(14);
        var later = scorer.Score(WorkedExample.Acme, WorkedExample.AcmeTouchpoints);
        Assert.Equal(40m, scorer.Score(WorkedExample.Acme).Total);
        // Webinars are one half-life older; "tomorrow's" webinar has happened (13 days ago); one form is
        // 24 days old (inside the window), the other left it long ago; the meeting does not decay.
        var tomorrowsWebinar = Math.Round(10m * (decimal)Math.Pow(2, -13.0 / 14), 4);
        Assert.Equal(40m + (2.5m + 1.25m + tomorrowsWebinar) + 5m + 15m, later.Total);
    }

    [Fact]
    public void Half_life_decay_halves_points_per_half_life()
    {
        var rule = new EngagementRule("w", 8m, [TouchpointKind.Webinar], TouchpointDirection.Inbound, EngagementDecay.FromHalfLife(Duration.FromDays(7)));
        var lead = WorkedExample.Acme;
        var asOf = WorkedExample.AsOf;
        Touchpoint At(int days) => new(lead.Id, asOf - Duration.FromDays(days), "web", TouchpointKind.Webinar, TouchpointDirection.Inbound);

        Assert.True(rule.TryEvaluate([At(0), At(7), At(14), At(21)], asOf, out var points, out var count));
        Assert.Equal(8m + 4m + 2m + 1m, points);
        Assert.Equal(4, count);
        Assert.True(rule.TryEvaluate([At(1)], asOf, out var oneDay, out _));
        Assert.Equal(Math.Round(8m * (decimal)Math.Pow(2, -1.0 / 7), 4), oneDay);
    }

    [Fact]
    public void Recency_window_includes_its_end()
    {
        var rule = new EngagementRule("f", 5m, [TouchpointKind.Form], decay: EngagementDecay.FromWindow(Duration.FromDays(30)));
        var lead = WorkedExample.Acme;
        var asOf = WorkedExample.AsOf;
        Touchpoint At(Duration ago) => new(lead.Id, asOf - ago, "web", TouchpointKind.Form, TouchpointDirection.Inbound);

        Assert.True(rule.TryEvaluate([At(Duration.FromDays(30))], asOf, out var points, out _));
        Assert.Equal(5m, points);
        Assert.False(rule.TryEvaluate([At(Duration.FromDays(30) + Duration.FromSeconds(1))], asOf, out _, out _));
    }

    [Fact]
    public void Engagement_rules_filter_by_kind_and_direction()
    {
        var lead = WorkedExample.Acme;
        var asOf = WorkedExample.AsOf;
        var inboundCall = new Touchpoint(lead.Id, asOf, "phone", TouchpointKind.Call, TouchpointDirection.Inbound);
        var outboundCall = new Touchpoint(lead.Id, asOf, "phone", TouchpointKind.Call, TouchpointDirection.Outbound);
        var email = new Touchpoint(lead.Id, asOf, "mail", TouchpointKind.Email, TouchpointDirection.Inbound);

        var inboundCalls = new EngagementRule("calls", 1m, [TouchpointKind.Call]);
        var anything = new EngagementRule("any", 1m, null, direction: null);

        Assert.True(inboundCalls.Matches(inboundCall));
        Assert.False(inboundCalls.Matches(outboundCall));
        Assert.False(inboundCalls.Matches(email));
        Assert.True(anything.TryEvaluate([inboundCall, outboundCall, email], asOf, out var points, out var count));
        Assert.Equal(3m, points);
        Assert.Equal(3, count);
    }

    [Fact]
    public void Touchpoints_of_another_lead_are_rejected_with_their_index()
    {
        var foreign = new Touchpoint(WorkedExample.Globex.Id, WorkedExample.AsOf, "web", TouchpointKind.Form, TouchpointDirection.Inbound);

        var ex = Assert.Throws<ArgumentException>(() => Scorer.Score(WorkedExample.Acme, [WorkedExample.AcmeTouchpoints[0], foreign], WorkedExample.AsOf, null));

        Assert.Equal("touchpoints", ex.ParamName);
        Assert.Contains("touchpoints[1] belongs to lead 'L-2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reused_buffer_holds_only_the_last_explanation()
    {
        var buffer = Scorer.CreateExplanationBuffer();

        Scorer.Score(WorkedExample.Globex, WorkedExample.GlobexTouchpoints, WorkedExample.AsOf, buffer);
        Assert.Equal(8, buffer.Count);
        var score = Scorer.Score(WorkedExample.Initech, WorkedExample.InitechTouchpoints, WorkedExample.AsOf, buffer);

        Assert.Equal(3, buffer.Count);
        Assert.Equal(score.Total, buffer.Lines.ToArray().Sum(l => l.Points));
        Assert.Equal(WorkedExample.Model.MaxExplanationLines, buffer.Capacity);
    }

    [Fact]
    public void Grid_routing_wins_over_grade_routing_and_grade_routing_applies_without_a_grid()
    {
        var withoutGrid = new LeadScorer(WorkedExample.Model.WithGrid(null), new FakeClock(WorkedExample.AsOf));

        var score = withoutGrid.Score(WorkedExample.Initech, WorkedExample.InitechTouchpoints, WorkedExample.AsOf, null);

        Assert.Null(score.Cell);
        Assert.Equal(LeadRouting.Nurture, score.Routing);
    }
}
