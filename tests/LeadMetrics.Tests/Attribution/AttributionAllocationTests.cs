using LeadMetrics.Attribution;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Finance;
using NodaTime;

namespace LeadMetrics.Tests.Attribution;

public class AttributionAllocationTests
{
    [Theory]
    [InlineData(AttributionModel.WShaped)]
    [InlineData(AttributionModel.TimeDecay)]
    [InlineData(AttributionModel.PositionBased)]
    public void A_million_journeys_allocate_under_1_KB_after_warm_up(AttributionModel model)
    {
        const int n = 1_000_000;
        var records = SyntheticLeadRecords.Generate(n, seed: 13);
        var calc = new AttributionCalculator(
            new LeadGrouping(GroupDimension.Source, TimeBucket.Month, DateTimeZoneProviders.Tzdb["Europe/London"]),
            new AttributionOptions(model),
            new FinanceOptions(Currency.Usd));
        var revenue = new Money(123.45m, Currency.Usd);

        // Journeys of 1 to 5 touches from 3 days before creation, 14 hours apart, on rotating channels
        // (built before measuring: event constructors validate enums, see MeasureSteadyState).
        var journeys = new LeadJourney[n];
        for (var i = 0; i < n; i++)
        {
            var lead = records[i];
            var touches = new TouchpointEvent[1 + (i % 5)];
            for (var t = 0; t < touches.Length; t++)
            {
                touches[t] = new TouchpointEvent(lead.Lead, lead.CreatedAt - Duration.FromDays(3) + Duration.FromHours(14 * t), 1 + ((i + t) % SyntheticLeadRecords.SourceCount), TouchpointKind.Form, TouchpointDirection.Inbound);
            }

            journeys[i] = new LeadJourney(lead, touches, (i & 1) == 0 ? revenue : null);
        }

        calc.AddRange(journeys); // warm-up, a full pass: every channel and month group, the longest journey
        var allocated = FinanceAllocationTests.MeasureSteadyState(_ => () => calc.AddRange(journeys));
        Assert.True(allocated.Least < 1024, $"1,000,000 journeys allocated {allocated.All} bytes.");
    }

    [Theory]
    [InlineData(AttributionModel.Linear)]
    [InlineData(AttributionModel.PositionBased)]
    public void Attributed_lifetime_value_adds_journeys_and_revenue_without_allocating_after_warm_up(AttributionModel model)
    {
        const int n = 250_000;
        var records = SyntheticLeadRecords.Generate(n, seed: 14);
        var calc = new AttributedLifetimeValueCalculator(
            new LeadGrouping(GroupDimension.Source, TimeBucket.Month, DateTimeZoneProviders.Tzdb["Europe/London"], PeriodInstant.Closed),
            new AttributionOptions(model),
            new LifetimeValueOptions(Currency.Usd, observedUntil: new LocalDate(2025, 6, 30)));
        calc.EnsureLeadCapacity(5 * n, creditedTouchpoints: 5 * n * 3);

        // Copies of every lead under keys shifted by copy × n, with 1 to 3 touches on rotating channels
        // (built before measuring); the warm-up copy creates every channel and month group.
        LeadJourney[] Copy(int copy) => [.. records.Select((r, i) =>
        {
            var key = r.Lead + (copy * n);
            var lead = new LeadRecord(key, r.CreatedAt, r.Source, outcome: r.Outcome, closedAt: r.ClosedAt, dealValue: r.DealValue);
            var touches = new TouchpointEvent[1 + (i % 3)];
            for (var t = 0; t < touches.Length; t++)
            {
                touches[t] = new TouchpointEvent(key, r.CreatedAt - Duration.FromDays(3) + Duration.FromHours(14 * t), 1 + ((i + t) % SyntheticLeadRecords.SourceCount), TouchpointKind.Form, TouchpointDirection.Inbound);
            }

            return new LeadJourney(lead, touches);
        })];

        var at = Instant.FromUtc(2024, 6, 1, 0, 0);
        var revenue = Enumerable.Range(1, n).Select(i => new RevenueEvent(i + (4 * n), at + Duration.FromHours(i % 20_000), new Money(i % 1000 / 100m, Currency.Usd))).ToArray();
        calc.AddRange(Copy(4));
        calc.AddRange(revenue);

        var journeys = FinanceAllocationTests.MeasureSteadyState(attempt =>
        {
            var copy = Copy(attempt);
            return () => calc.AddRange(copy);
        });
        var payments = FinanceAllocationTests.MeasureSteadyState(_ => () => calc.AddRange(revenue));
        Assert.True(journeys.Least < 1024, $"{n} journeys allocated {journeys.All} bytes.");
        Assert.True(payments.Least < 1024, $"{n} revenue events allocated {payments.All} bytes.");
    }
}
