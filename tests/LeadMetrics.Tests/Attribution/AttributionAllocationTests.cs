using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Testing;
using LeadMetrics.Tests.MoneyKpis;
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

        calc.AddRange(journeys.AsSpan()); // warm-up, a full pass: every channel and month group, the longest journey
        var allocated = MoneyAllocationTests.MeasureSteadyState(_ => () => calc.AddRange(journeys.AsSpan()));
        Assert.True(allocated.Least < 1024, $"1,000,000 journeys allocated {allocated.All} bytes.");
    }
}
