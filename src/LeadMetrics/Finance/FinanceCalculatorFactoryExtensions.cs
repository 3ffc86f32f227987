using LeadMetrics.Calculators;
using LeadMetrics.Grouping;

namespace LeadMetrics.Finance;

/// <summary>
/// Creates the money and lifetime-value calculators from a <see cref="LeadCalculatorFactory"/>, so they share its currency and business time zone.
/// </summary>
public static class FinanceCalculatorFactoryExtensions
{
    /// <summary>A money calculator (CPL, CAC, ROI, ROAS, ...) in the factory's zone and currency.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="dimension">Source, campaign or none (costs cannot be grouped by owner or segment).</param>
    /// <param name="bucket">The time bucket of leads' creation and of costs' dates.</param>
    /// <param name="options">The money options; the factory's currency with the defaults when null.</param>
    /// <returns>A new calculator.</returns>
    public static FinanceCalculator CreateFinance(this LeadCalculatorFactory factory, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, FinanceOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new FinanceCalculator(factory.Grouping(dimension, bucket), options ?? new FinanceOptions(factory.Options.Currency));
    }

    /// <summary>A realized lifetime-value calculator in the factory's zone and currency; a time bucket splits customers by the period they were won in.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="dimension">The dimension customers are grouped by.</param>
    /// <param name="bucket">The cohort bucket of the win (month for cohorts by month won).</param>
    /// <param name="options">The options; the factory's currency with a 12-month horizon when null.</param>
    /// <returns>A new calculator.</returns>
    public static LifetimeValueCalculator CreateLifetimeValue(this LeadCalculatorFactory factory, GroupDimension dimension = GroupDimension.Source, TimeBucket bucket = TimeBucket.None, LifetimeValueOptions? options = null)
    {
        Preconditions.CheckNotNull(factory);
        return new LifetimeValueCalculator(factory.Grouping(dimension, bucket, PeriodInstant.Closed), options ?? new LifetimeValueOptions(factory.Options.Currency));
    }
}
