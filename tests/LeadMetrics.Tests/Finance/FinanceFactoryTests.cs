using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Configuration;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Tests.Finance;

public class FinanceFactoryTests
{
    [Fact]
    public void The_factory_creates_money_calculators_in_its_currency_and_zone()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Jerusalem"];
        var factory = new LeadCalculatorFactory(new KpiOptions(currency: Currency.Ils), zone);

        var finance = factory.CreateFinance(GroupDimension.Campaign, TimeBucket.Month);
        Assert.Equal(Currency.Ils, finance.Options.Currency);
        Assert.Equal(new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, zone), finance.Grouping);

        var ltv = factory.CreateLifetimeValue(bucket: TimeBucket.Month);
        Assert.Equal(PeriodInstant.Closed, ltv.Grouping.PeriodOf);
        Assert.Equal(Currency.Ils, ltv.Options.Currency);

        var attribution = factory.CreateAttribution(new AttributionOptions(AttributionModel.WShaped));
        Assert.Equal(GroupDimension.Source, attribution.Grouping.Dimension);
        Assert.Equal(Currency.Ils, attribution.Options.Currency);

        var attributedLtv = factory.CreateAttributedLifetimeValue(new AttributionOptions(AttributionModel.Linear), GroupDimension.Campaign);
        Assert.Equal(GroupDimension.Campaign, attributedLtv.Grouping.Dimension);
        Assert.Equal(PeriodInstant.Closed, attributedLtv.Grouping.PeriodOf);

        var capacity = factory.CreateCapacity(30);
        Assert.Equal(zone, capacity.Options.Zone);
        Assert.Equal(30, capacity.Options.DefaultWeeklyCapacity);
    }
}
