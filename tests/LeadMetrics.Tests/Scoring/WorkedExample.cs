using LeadMetrics.Scoring;
using NodaTime;

namespace LeadMetrics.Tests.Scoring;

/// <summary>The worked example of docs/scoring.md (and of samples/LeadMetrics.Samples.Scoring/icp-model.json).</summary>
internal static class WorkedExample
{
    internal static readonly Instant AsOf = Instant.FromUtc(2024, 6, 30, 12, 0);

    internal static ScoringModel Model { get; } = ScoringModel.CreateBuilder("icp-b2b")
        .FitGroup("firmographics", g => g
            .Bands("company size", "company_size", new NumericBand(1, 11, 0), new NumericBand(11, 201, 10), NumericBand.From(201, 20))
            .ValueIn("target industry", "industry", 15, "software", "fintech")
            .IsTrue("has budget", "has_budget", 10)
            .Cap(40))
        .FitGroup("contact", g => g
            .Present("phone given", "phone", 5)
            .Missing("no job title", "job_title", -5))
        .EngagementGroup("activity", g => g
            .Touchpoints("webinar", 10, TouchpointKind.Webinar, EngagementDecay.FromHalfLife(Duration.FromDays(14)))
            .Touchpoints("form fill", 5, TouchpointKind.Form, EngagementDecay.FromWindow(Duration.FromDays(30)))
            .Touchpoints("meeting", 15, [TouchpointKind.Meeting], direction: null)
            .Cap(30))
        .TotalBounds(ScoreBounds.Between(0, 100))
        .Grades(
            new GradeThreshold("Hot", 60, LeadRouting.SendToSales),
            new GradeThreshold("Warm", 30, LeadRouting.Nurture),
            new GradeThreshold("Cold", null, LeadRouting.Nurture))
        .Grid(new GradeGrid(
            [new("A", 30), new("B", 15), new("C", null)],
            [new("1", 20), new("2", 10), new("3", null)],
            sendToSales: ["A1", "A2", "B1"],
            disqualify: ["C3"]))
        .Build();

    internal static Lead Acme { get; } = new(
        new LeadId("L-1"), AsOf - Duration.FromDays(45), source: "linkedin",
        attributes: [new("company_size", 150), new("industry", "Software"), new("has_budget", true), new("phone", "+1 555 0100"), new("job_title", "VP Sales")]);

    internal static Lead Globex { get; } = new(
        new LeadId("L-2"), AsOf - Duration.FromDays(40), source: "linkedin",
        attributes: [new("company_size", 5000), new("industry", "fintech"), new("has_budget", true)]);

    internal static Lead Initech { get; } = new(
        new LeadId("L-3"), AsOf - Duration.FromDays(20), source: "facebook",
        attributes: [new("company_size", 8), new("industry", "retail"), new("has_budget", false), new("phone", "+1 555 0199"), new("job_title", "Intern")]);

    internal static Lead Hooli { get; } = new(new LeadId("L-4"), AsOf - Duration.FromDays(3), source: "facebook");

    internal static Touchpoint[] AcmeTouchpoints { get; } =
    [
        Inbound(Acme, 14, TouchpointKind.Webinar),
        Inbound(Acme, 28, TouchpointKind.Webinar),
        Inbound(Acme, 10, TouchpointKind.Form),
        Inbound(Acme, 40, TouchpointKind.Form),
        new(Acme.Id, AsOf - Duration.FromDays(2), "sales", TouchpointKind.Meeting, TouchpointDirection.Outbound, actor: "dana"),
        Inbound(Acme, -1, TouchpointKind.Webinar), // tomorrow: ignored
    ];

    internal static Touchpoint[] GlobexTouchpoints { get; } =
    [
        Inbound(Globex, 0, TouchpointKind.Webinar),
        Inbound(Globex, 14, TouchpointKind.Webinar),
        Inbound(Globex, 28, TouchpointKind.Webinar),
        Inbound(Globex, 1, TouchpointKind.Meeting),
    ];

    internal static Touchpoint[] InitechTouchpoints { get; } = [Inbound(Initech, 3, TouchpointKind.Form)];

    internal static (Lead Lead, Touchpoint[] Touchpoints)[] All =>
        [(Acme, AcmeTouchpoints), (Globex, GlobexTouchpoints), (Initech, InitechTouchpoints), (Hooli, [])];

    private static Touchpoint Inbound(Lead lead, int daysAgo, TouchpointKind kind) =>
        new(lead.Id, AsOf - Duration.FromDays(daysAgo), "website", kind, TouchpointDirection.Inbound);
}
