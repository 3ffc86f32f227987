using LeadMetrics;
using LeadMetrics.Calculators;
using LeadMetrics.Configuration;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LeadMetrics in a service collection.</summary>
public static class LeadMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers LeadMetrics: the frozen <see cref="LeadMetricsOptions"/>, the <see cref="IClock"/> and,
    /// when a scoring model is configured, the <see cref="ScoringModel"/>, a <see cref="LeadScorer"/> and a
    /// <see cref="ScoringQualityFactory"/>. Every registration is a singleton added with TryAdd, so a
    /// service registered before (a fake clock in tests) wins, and calling this twice adds nothing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; they are validated and frozen when it returns.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public static IServiceCollection AddLeadMetrics(this IServiceCollection services, Action<LeadMetricsOptions> configure)
    {
        Preconditions.CheckNotNull(services);
        Preconditions.CheckNotNull(configure);
        var options = new LeadMetricsOptions();
        configure(options);
        options.MakeReadOnly();

        AddCore(services, options);
        AddCalculators(services, options);
        AddScoring(services, options);
        return services;
    }

    private static void AddCore(IServiceCollection services, LeadMetricsOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(options.Clock);
    }

    private static void AddCalculators(IServiceCollection services, LeadMetricsOptions options)
    {
        services.TryAddSingleton(new LeadCalculatorFactory(new KpiOptions(currency: options.Currency), options.TimeZone));
    }

    private static void AddScoring(IServiceCollection services, LeadMetricsOptions options)
    {
        if (options.ScoringModel is not { } model)
        {
            return;
        }

        services.TryAddSingleton(model);
        services.TryAddSingleton(static provider => new LeadScorer(provider.GetRequiredService<ScoringModel>(), provider.GetRequiredService<IClock>()));
        services.TryAddSingleton(static provider => new ScoringQualityFactory(provider.GetRequiredService<ScoringModel>()));
    }
}
