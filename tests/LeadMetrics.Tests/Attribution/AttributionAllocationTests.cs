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
        var touches = new TouchpointEvent[5];
        var revenue = new Money(123.45m, Currency.Usd);

        void Feed(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                ref readonly var lead = ref records[i];
                var count = 1 + (i % touches.Length);
                for (var t = 0; t < count; t++)
                {
                    // Touches from 3 days before creation, 14 hours apart, on rotating channels.
                    var at = lead.CreatedAt - Duration.FromDays(3) + Duration.FromHours(14 * t);
                    touches[t] = new TouchpointEvent(lead.Lead, at, 1 + ((i + t) % SyntheticLeadRecords.SourceCount), TouchpointKind.Form, TouchpointDirection.Inbound);
                }

                calc.Add(lead, touches.AsSpan(0, count), (i & 1) == 0 ? revenue : null);
            }
        }

        Feed(0, 20_000); // warm-up: every channel and month group, the longest journey
        var allocated = MoneyAllocationTests.Measure(() => Feed(0, n));
        Assert.True(allocated < 1024, $"1,000,000 journeys allocated {allocated} bytes.");
        Assert.Equal(n + 20_000, calc.Snapshot().Total.Leads);
    }
}
