namespace LeadMetrics.Tests.Model;

public class PipelineTests
{
    [Fact]
    public void Default_pipeline_has_the_documented_stages()
    {
        var p = Pipeline.Default;
        Assert.Equal(["New", "Working", "Qualified", "Proposal", "ClosedWon", "ClosedLost"], p.Stages.Select(s => s.Name));
        Assert.Equal(4, p.OpenStageCount);
        Assert.Equal(5, p.FunnelLength);
        Assert.Same(p["closedwon"], p.Won);
        Assert.Equal(StageKind.Lost, p["ClosedLost"].Kind);
        Assert.Equal(2, p["Qualified"].Index);
    }

    [Fact]
    public void Unknown_stage_names_the_stage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pipeline.Default.GetStage("Negotiation"));
        Assert.Contains("'Negotiation'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("name", ex.ParamName);
    }

    [Fact]
    public void Custom_pipeline_is_accepted()
    {
        var p = Pipeline.Create(("Lead", StageKind.Open), ("Demo", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost), ("Disqualified", StageKind.Lost));
        Assert.Equal(2, p.OpenStageCount);
        Assert.Equal("Won", p.Won.Name);
    }

    [Fact]
    public void Duplicate_names_are_rejected_case_insensitively()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("new", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost)));
        Assert.Contains("'new'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_extra_terminals_are_rejected()
    {
        Assert.Contains("exactly one won", Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("Lost", StageKind.Lost))).Message, StringComparison.Ordinal);
        Assert.Contains("exactly one won", Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("W1", StageKind.Won), ("W2", StageKind.Won), ("Lost", StageKind.Lost))).Message, StringComparison.Ordinal);
        Assert.Contains("at least one lost", Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("Won", StageKind.Won))).Message, StringComparison.Ordinal);
        Assert.Contains("at least one open", Assert.Throws<ArgumentException>(() => Pipeline.Create(("Won", StageKind.Won), ("Lost", StageKind.Lost))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_order_is_rejected()
    {
        Assert.Contains("'Late'", Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("Won", StageKind.Won), ("Late", StageKind.Open), ("Lost", StageKind.Lost))).Message, StringComparison.Ordinal);
        Assert.Contains("'Won'", Assert.Throws<ArgumentException>(() => Pipeline.Create(("New", StageKind.Open), ("Lost", StageKind.Lost), ("Won", StageKind.Won))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_names_and_undefined_kinds_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Pipeline.Create((" ", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pipeline.Create(("New", (StageKind)9), ("Won", StageKind.Won), ("Lost", StageKind.Lost)));
    }

    [Fact]
    public void Stage_of_another_pipeline_is_rejected_by_lead()
    {
        var other = Pipeline.Create(("New", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost));
        var id = new LeadId("L1");
        var t0 = NodaTime.Instant.FromUtc(2024, 1, 1, 9, 0);
        var ex = Assert.Throws<ArgumentException>(() => new Lead(id, t0, stageHistory: [new StageTransition(id, null, other["New"], t0)]));
        Assert.Equal("stageHistory", ex.ParamName);
        Assert.Contains("'New'", ex.Message, StringComparison.Ordinal);
    }
}
