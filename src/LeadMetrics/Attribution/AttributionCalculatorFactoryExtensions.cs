using LeadMetrics.Calculators;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;

namespace LeadMetrics.Attribution;

/// <summary>
/// Creates the attribution calculators from a <see cref="LeadCalculatorFactory"/>, so they share its currency and business time zone.
/// </summary>
public static class AttributionCalculatorFactoryExtensions
{
    /// <summary>An attribution calculator in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The time bucket of the leads' creation.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public static AttributionCalculator CreateAttribution(this LeadCalculatorFactory factory, AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new AttributionCalculator(factory.Grouping(dimension, bucket), attribution, options ?? new FinanceOptions(factory.Options.Currency));
    }

    /// <summary>A lifetime-value calculator by channel under an attribution model, in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="attribution">The model.</param>
    /// <param name="dimension">What touchpoints are credited to: source (channel), campaign, owner (actor) or none.</param>
    /// <param name="bucket">The cohort bucket of the win.</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public static AttributedLifetimeValueCalculator CreateAttributedLifetimeValue(this LeadCalculatorFactory factory, AttributionOptions attribution, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new AttributedLifetimeValueCalculator(factory.Grouping(dimension, bucket, PeriodInstant.Closed), attribution, options ?? new LifetimeValueOptions(factory.Options.Currency));
    }
}
