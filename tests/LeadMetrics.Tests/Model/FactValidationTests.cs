using LeadMetrics.Encoding;
using LeadMetrics.Events;
using NodaTime;

namespace LeadMetrics.Tests.Model;

public class FactValidationTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 1, 9, 0);
    private static readonly LeadId Id = new("L-1");
    private static readonly Money Usd10 = new(10m, "USD");

    [Fact]
    public void Touchpoint_validates_every_field()
    {
        Assert.Equal("lead", Assert.Throws<ArgumentException>(() => new Touchpoint(default, T0, "web", TouchpointKind.Form, TouchpointDirection.Inbound)).ParamName);
        Assert.Equal("at", Assert.Throws<ArgumentException>(() => new Touchpoint(Id, default, "web", TouchpointKind.Form, TouchpointDirection.Inbound)).ParamName);
        Assert.Equal("channel", Assert.Throws<ArgumentException>(() => new Touchpoint(Id, T0, " ", TouchpointKind.Form, TouchpointDirection.Inbound)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new Touchpoint(Id, T0, "web", (TouchpointKind)42, TouchpointDirection.Inbound)).ParamName);
        Assert.Equal("direction", Assert.Throws<ArgumentOutOfRangeException>(() => new Touchpoint(Id, T0, "web", TouchpointKind.Call, (TouchpointDirection)7)).ParamName);
        var ok = new Touchpoint(Id, T0, "web", TouchpointKind.Call, TouchpointDirection.Outbound, "", "dana");
        Assert.Null(ok.Campaign);
        Assert.Equal("dana", ok.Actor);
    }

    [Fact]
    public void Cost_rejects_negative_amount_naming_the_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CostEntry("web", new LocalDate(2024, 1, 1), new Money(-3.5m, "USD")));
        Assert.Equal("amount", ex.ParamName);
        Assert.Contains("-3.5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_validates_source_category_and_currency()
    {
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => new CostEntry("", new LocalDate(2024, 1, 1), Usd10)).ParamName);
        Assert.Equal("category", Assert.Throws<ArgumentOutOfRangeException>(() => new CostEntry("web", new LocalDate(2024, 1, 1), Usd10, (CostCategory)9)).ParamName);
        Assert.Equal("amount", Assert.Throws<ArgumentException>(() => new CostEntry("web", new LocalDate(2024, 1, 1), default)).ParamName);
        Assert.Equal("interval", Assert.Throws<ArgumentNullException>(() => new CostEntry("web", (DateInterval)null!, Usd10)).ParamName);
        var interval = new CostEntry("web", new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 1, 31)), Usd10, CostCategory.TeamTime);
        Assert.Equal(31, interval.Interval.Length);
    }

    [Fact]
    public void Revenue_validates_fields()
    {
        Assert.Equal("lead", Assert.Throws<ArgumentException>(() => new RevenueEntry(default, T0, Usd10)).ParamName);
        Assert.Equal("at", Assert.Throws<ArgumentException>(() => new RevenueEntry(Id, default, Usd10)).ParamName);
        Assert.Equal("amount", Assert.Throws<ArgumentException>(() => new RevenueEntry(Id, T0, default)).ParamName);
        Assert.Equal(-10m, new RevenueEntry(Id, T0, -Usd10).Amount.Amount);
    }

    [Fact]
    public void Stage_transition_validates_fields()
    {
        var p = Pipeline.Default;
        Assert.Equal("lead", Assert.Throws<ArgumentException>(() => new StageTransition(default, null, p.First, T0)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentNullException>(() => new StageTransition(Id, null, null!, T0)).ParamName);
        Assert.Equal("at", Assert.Throws<ArgumentException>(() => new StageTransition(Id, null, p.First, default)).ParamName);
        var other = Pipeline.Create(("A", StageKind.Open), ("W", StageKind.Won), ("L", StageKind.Lost));
        Assert.Equal("from", Assert.Throws<ArgumentException>(() => new StageTransition(Id, other["A"], p.First, T0)).ParamName);
    }

    [Fact]
    public void Events_validate_keys_ids_and_instants()
    {
        Assert.Equal("lead", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadCreatedEvent(0, T0)).ParamName);
        Assert.Equal("at", Assert.Throws<ArgumentException>(() => new LeadCreatedEvent(1, default)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadCreatedEvent(1, T0, source: -1)).ParamName);
        Assert.Equal("stage", Assert.Throws<ArgumentOutOfRangeException>(() => new StageChangedEvent(1, -1, T0)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => new StageChangedEvent(1, 4, T0, -1m)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new TouchpointEvent(1, T0, 1, (TouchpointKind)99, TouchpointDirection.Inbound)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentException>(() => new CostEvent(1, new LocalDate(2024, 2, 1), new LocalDate(2024, 1, 1), Usd10)).ParamName);
        Assert.Equal("amount", Assert.Throws<ArgumentOutOfRangeException>(() => new CostEvent(1, new LocalDate(2024, 1, 1), new LocalDate(2024, 1, 1), -Usd10)).ParamName);
        Assert.Equal("amount", Assert.Throws<ArgumentException>(() => new RevenueEvent(1, T0, default)).ParamName);
        Assert.Equal("lead", Assert.Throws<ArgumentOutOfRangeException>(() => new FirstResponseEvent(-3, T0)).ParamName);
    }

    [Fact]
    public void Dimension_encoder_hands_out_dense_ids_with_none_at_zero()
    {
        var source = new DimensionEncoder("source");
        Assert.Equal(0, source.Encode(null));
        Assert.Equal(0, source.Encode("  "));
        Assert.Equal(1, source.Encode("website"));
        Assert.Equal(2, source.Encode("paid"));
        Assert.Equal(1, source.Encode(" website "));
        Assert.Equal(3, source.Encode("Website"));
        Assert.Equal(4, source.Count);
        Assert.Equal(DimensionEncoder.NoneLabel, source.Decode(0));
        Assert.Equal("paid", source.Decode(2));
        Assert.True(source.TryGetId("paid", out var id) && id == 2);
        Assert.False(source.TryGetId("other", out _));
        Assert.Equal("id", Assert.Throws<ArgumentOutOfRangeException>(() => source.Decode(9)).ParamName);
    }

    [Fact]
    public void Case_insensitive_encoding_folds_variants()
    {
        var encoding = new LeadEncoding(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(encoding.Sources.Encode("google"), encoding.Sources.Encode("Google"));
        Assert.Same(encoding.Attribute("Industry"), encoding.Attribute("industry"));
        Assert.Equal(1, encoding.Attribute("industry").Encode("software"));
    }
}
