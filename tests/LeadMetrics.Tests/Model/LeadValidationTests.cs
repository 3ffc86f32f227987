using NodaTime;

namespace LeadMetrics.Tests.Model;

public class LeadValidationTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 1, 9, 0);
    private static readonly LeadId Id = new("L-1");
    private static readonly Pipeline P = Pipeline.Default;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_lead_id_is_rejected(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => new LeadId(value));
        Assert.Equal("value", ex.ParamName);
    }

    [Fact]
    public void Null_lead_id_is_rejected() => Assert.Throws<ArgumentNullException>(() => new LeadId(null!));

    [Fact]
    public void Default_lead_id_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(default, T0));
        Assert.Equal("id", ex.ParamName);
    }

    [Fact]
    public void Default_created_instant_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, default));
        Assert.Equal("createdAt", ex.ParamName);
        Assert.Contains("1970-01-01T00:00:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_before_creation_is_rejected_with_both_instants()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, firstResponseAt: T0 - Duration.FromMinutes(1)));
        Assert.Equal("firstResponseAt", ex.ParamName);
        Assert.Contains("2024-03-01T08:59:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024-03-01T09:00:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Won_before_creation_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, wonAt: T0 - Duration.FromDays(1)));
        Assert.Equal("wonAt", ex.ParamName);
    }

    [Fact]
    public void Lost_before_creation_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, lostAt: T0 - Duration.FromDays(1)));
        Assert.Equal("lostAt", ex.ParamName);
    }

    [Fact]
    public void Won_and_lost_together_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, wonAt: T0, lostAt: T0));
        Assert.Equal("lostAt", ex.ParamName);
    }

    [Fact]
    public void Negative_deal_value_is_rejected_with_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Lead(Id, T0, dealValue: new Money(-5m, "USD")));
        Assert.Equal("dealValue", ex.ParamName);
        Assert.Contains("-5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_of_another_lead_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, stageHistory: [new StageTransition(new LeadId("L-2"), null, P["New"], T0)]));
        Assert.Contains("'L-2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transitions_out_of_order_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, stageHistory:
        [
            new StageTransition(Id, null, P["New"], T0 + Duration.FromHours(2)),
            new StageTransition(Id, P["New"], P["Working"], T0 + Duration.FromHours(1)),
        ]));
        Assert.Contains("stageHistory[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_before_creation_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, stageHistory: [new StageTransition(Id, null, P["New"], T0 - Duration.FromSeconds(1))]));
        Assert.Equal("stageHistory[0].At", ex.ParamName);
    }

    [Fact]
    public void Moving_after_a_terminal_stage_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lead(Id, T0, stageHistory:
        [
            new StageTransition(Id, null, P["ClosedLost"], T0),
            new StageTransition(Id, P["ClosedLost"], P["Working"], T0 + Duration.FromHours(1)),
        ]));
        Assert.Contains("terminal", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void History_ending_in_won_sets_won_instant_and_conflicts_with_lost()
    {
        var history = new[]
        {
            new StageTransition(Id, null, P["New"], T0),
            new StageTransition(Id, P["New"], P["Proposal"], T0 + Duration.FromDays(3)),
            new StageTransition(Id, P["Proposal"], P["ClosedWon"], T0 + Duration.FromDays(5)),
        };
        var lead = new Lead(Id, T0, stageHistory: history, dealValue: new Money(1000m, "USD"));
        Assert.Equal(LeadOutcome.Won, lead.Outcome);
        Assert.Equal(T0 + Duration.FromDays(5), lead.WonAt);
        Assert.Equal(4, lead.FurthestFunnelPosition);
        Assert.Throws<ArgumentException>(() => new Lead(Id, T0, stageHistory: history, lostAt: T0 + Duration.FromDays(6)));
    }

    [Fact]
    public void Skipped_stages_count_as_passed()
    {
        var lead = new Lead(Id, T0, stageHistory:
        [
            new StageTransition(Id, null, P["New"], T0),
            new StageTransition(Id, P["New"], P["Qualified"], T0 + Duration.FromDays(1)),
            new StageTransition(Id, P["Qualified"], P["ClosedLost"], T0 + Duration.FromDays(2)),
        ]);
        Assert.Equal(2, lead.FurthestFunnelPosition);
        Assert.Equal(LeadOutcome.Lost, lead.Outcome);
        Assert.Equal(T0 + Duration.FromDays(2), lead.ClosedAt);
    }

    [Fact]
    public void Attributes_are_case_insensitive_and_names_validated()
    {
        var lead = new Lead(Id, T0, source: "  ", attributes: [new("Company_Size", 50), new("role", "CTO")]);
        Assert.Null(lead.Source);
        Assert.Equal(50m, lead.GetAttribute("company_size").Number);
        Assert.True(lead.GetAttribute("missing").IsMissing);
        Assert.Throws<ArgumentException>(() => new Lead(Id, T0, attributes: [new("", 1)]));
        Assert.Throws<ArgumentException>(() => new Lead(Id, T0, attributes: [new("a", 1), new("A", 2)]));
    }

    [Fact]
    public void Attribute_values_are_typed()
    {
        Assert.Equal(AttributeKind.Text, ((AttributeValue)"x").Kind);
        Assert.Equal(AttributeKind.Number, ((AttributeValue)3).Kind);
        Assert.True(((AttributeValue)true).Boolean);
        Assert.Equal(new Money(5m, "EUR"), ((AttributeValue)new Money(5m, "EUR")).Money);
        Assert.Throws<InvalidOperationException>(() => ((AttributeValue)"x").Number);
    }
}
