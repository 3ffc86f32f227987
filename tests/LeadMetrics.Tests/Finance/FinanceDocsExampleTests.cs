using LeadMetrics.Attribution;
using LeadMetrics.Capacity;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

/// <summary>The usage example of docs/metrics.md (money section), kept compiling and correct.</summary>
public class FinanceDocsExampleTests
{
    [Fact]
    public void The_documented_example_computes_what_the_document_says()
    {
        // --- begin docs/metrics.md (money section) example ---
        var zone = DateTimeZoneProviders.Tzdb["Asia/Jerusalem"];
        var encoding = new LeadEncoding();
        var p = Pipeline.Default;
        var created = Instant.FromUtc(2024, 3, 4, 8, 0);
        var won = new Lead(new LeadId("L-1"), created, source: "webinar", owner: "dana",
            firstResponseAt: created + Duration.FromMinutes(4),
            stageHistory: [new(new LeadId("L-1"), null, p["New"], created), new(new LeadId("L-1"), p["New"], p["ClosedWon"], created + Duration.FromDays(9))],
            dealValue: new Money(12_000m, "USD"));
        var open = new Lead(new LeadId("L-2"), created, source: "webinar", owner: "dana");
        LeadRecord[] leads = [LeadRecord.FromLead(won, encoding), LeadRecord.FromLead(open, encoding)];
        var webinar = encoding.Sources.Encode("webinar");

        // Money KPIs by source and month.
        var finance = new FinanceCalculator(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, zone), new FinanceOptions(Currency.Usd));
        finance.AddRange(leads.AsSpan());
        finance.AddCost(new CostEvent(webinar, new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), new Money(3_000m, "USD"), CostCategory.Media));
        var march = finance.Snapshot().Groups.Single().Result;
        // march.CostPerLead = 1,500.00 USD; march.ConversionRate = 0.5; march.CustomerAcquisitionCost = 3,000.00 USD; march.ReturnOnAdSpend = 4

        // The same KPIs with leads credited to touchpoints, W-shaped.
        var attribution = new AttributionCalculator(LeadGrouping.BySource, new AttributionOptions(AttributionModel.WShaped), new FinanceOptions(Currency.Usd));
        TouchpointEvent[] touches =
        [
            new(leads[0].Lead, created - Duration.FromDays(2), encoding.Sources.Encode("linkedin"), TouchpointKind.AdClick, TouchpointDirection.Inbound),
            new(leads[0].Lead, created, webinar, TouchpointKind.Webinar, TouchpointDirection.Inbound),
        ];
        attribution.Add(leads[0], touches);
        var credited = attribution.Snapshot();
        // linkedin is the first touch (30%); the webinar is the lead-creation touch and, the lead having gone
        // straight to won, the opportunity touch too (30% + 30%). Scaled to a whole: linkedin 1/3 of the
        // lead and 4,000.00 USD of the deal, webinar 2/3 and 8,000.00 USD.

        // Rep capacity per ISO week.
        var capacity = new CapacityCalculator(new CapacityOptions(defaultWeeklyCapacity: 40, zone: zone));
        capacity.AddRange(leads.AsSpan());
        var week = capacity.Snapshot().RepWeeks.Single();
        // week.Week = "2024-W10", week.Assigned = 2, week.Utilization = 0.05, week.Dead = 1 (L-2 was never answered)
        // --- end docs/metrics.md (money section) example ---

        Assert.Equal(new Money(1_500m, "USD"), march.CostPerLead);
        Assert.Equal(0.5m, march.ConversionRate);
        Assert.Equal(new Money(3_000m, "USD"), march.CustomerAcquisitionCost);
        Assert.Equal(4m, march.ReturnOnAdSpend);
        var linkedin = credited.Groups.Single(g => g.Key.DimensionId == encoding.Sources.Encode("linkedin")).Result;
        var web = credited.Groups.Single(g => g.Key.DimensionId == webinar).Result;
        Assert.Equal((0.333333333333333333m, 4_000m), (linkedin.Leads, linkedin.DealValue.Amount));
        Assert.Equal((0.666666666666666667m, 8_000m), (web.Leads, web.DealValue.Amount));
        Assert.Equal(("2024-W10", 2, 0.05m, 1), (week.Week, week.Assigned, week.Utilization!.Value, week.Dead));
    }
}
