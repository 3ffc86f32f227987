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
    /// Registers LeadMetrics. Every registration is a singleton added with TryAdd, so a service registered before
    /// (a fake clock in tests) wins, and calling this twice adds nothing:
    /// <list type="bullet">
    /// <item><see cref="LeadMetricsOptions"/>: the options, validated and frozen when <paramref name="configure"/> returns.</item>
    /// <item><see cref="IClock"/>: <see cref="LeadMetricsOptions.Clock"/>.</item>
    /// <item><see cref="KpiOptions"/>: the options' pipeline, currency, response-time, distribution and sales-cycle settings.</item>
    /// <item><see cref="LeadCalculatorFactory"/>: those KPI options in <see cref="LeadMetricsOptions.TimeZone"/>; every
    /// calculator it creates (lead KPIs, money, lifetime value, attribution and
    /// capacity) shares them.</item>
    /// <item>When <see cref="LeadMetricsOptions.ScoringModel"/> is set: the <see cref="ScoringModel"/>, a
    /// <see cref="LeadScorer"/> on the registered clock and, transient (a new empty one per resolve), a <see cref="ScoringQualityCalculator"/> of the model.</item>
    /// </list>
    /// The options are validated here, at registration, rather than when a host starts: a wrong setting fails at the
    /// line that made it, with or without a host. The library registers the frozen instance itself rather than
    /// <c>IOptions&lt;LeadMetricsOptions&gt;</c>: its settings are not reloadable, and the core package keeps
    /// DependencyInjection.Abstractions as its only Microsoft.Extensions dependency.
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
        var kpis = options.ToKpiOptions();
        services.TryAddSingleton(kpis);
        services.TryAddSingleton(new LeadCalculatorFactory(kpis, options.TimeZone));
    }

    private static void AddScoring(IServiceCollection services, LeadMetricsOptions options)
    {
        if (options.ScoringModel is not { } model)
        {
            return;
        }

        services.TryAddSingleton(model);
        services.TryAddSingleton(static provider => new LeadScorer(provider.GetRequiredService<ScoringModel>(), provider.GetRequiredService<IClock>()));
        services.TryAddTransient(static provider => new ScoringQualityCalculator(provider.GetRequiredService<ScoringModel>()));
    }
}
