using LeadMetrics.Configuration;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Quality;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public class DependencyInjectionTests
{
    private static ServiceProvider Build(IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    [Fact]
    public void Everything_resolves_from_a_real_service_provider()
    {
        var clock = new FakeClock(WorkedExample.AsOf);
        var jerusalem = DateTimeZoneProviders.Tzdb["Asia/Jerusalem"];
        var services = new ServiceCollection();

        var returned = services.AddLeadMetrics(options =>
        {
            options.ScoringModel = WorkedExample.Model;
            options.Clock = clock;
            options.TimeZone = jerusalem;
            options.Currency = Currency.Ils;
        });

        Assert.Same(services, returned);
        using var provider = Build(services);
        var options = provider.GetRequiredService<LeadMetricsOptions>();
        Assert.True(options.IsReadOnly);
        Assert.Same(jerusalem, options.TimeZone);
        Assert.Equal(Currency.Ils, options.Currency);
        Assert.Same(clock, provider.GetRequiredService<IClock>());
        Assert.Same(WorkedExample.Model, provider.GetRequiredService<ScoringModel>());
        var scorer = provider.GetRequiredService<LeadScorer>();
        Assert.Same(scorer, provider.GetRequiredService<LeadScorer>());
        Assert.Same(clock, scorer.Clock);
        Assert.Equal(67.5m, scorer.Score(WorkedExample.Acme, WorkedExample.AcmeTouchpoints).Total);
        var quality = provider.GetRequiredService<ScoringQualityCalculator>();
        Assert.NotSame(quality, provider.GetRequiredService<ScoringQualityCalculator>());
        Assert.Same(WorkedExample.Model.Grades, quality.Grades);
        Assert.Equal([30m, 60m], quality.Bands.Edges.ToArray());
        var calculators = provider.GetRequiredService<LeadMetrics.Configuration.LeadCalculatorFactory>();
        Assert.Same(jerusalem, calculators.Zone);
        Assert.Equal(Currency.Ils, calculators.Options.Currency);
        Assert.Same(jerusalem, calculators.Grouping(LeadMetrics.Grouping.GroupDimension.Owner, LeadMetrics.Grouping.TimeBucket.IsoWeek).Zone);
        var set = LeadMetrics.Calculators.LeadKpiSet.Create(calculators.Options, LeadMetrics.Grouping.LeadGrouping.Total);
        set.Add(new LeadMetrics.Records.LeadRecord(1, clock.GetCurrentInstant(), outcome: LeadOutcome.Won, closedAt: clock.GetCurrentInstant(), dealValue: new Money(10m, Currency.Ils)));
        Assert.Equal(new Money(10m, Currency.Ils), set.Snapshot().Total().WonValue);
    }

    [Fact]
    public void Pipeline_and_kpi_settings_reach_every_registered_factory()
    {
        var pipeline = Pipeline.Create(("Lead", StageKind.Open), ("Demo", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost));
        var response = new LeadMetrics.Calculators.ResponseTimeOptions([Duration.FromMinutes(15)]);
        var services = new ServiceCollection().AddLeadMetrics(options =>
        {
            options.Pipeline = pipeline;
            options.ResponseTime = response;
            options.SalesCycleStart = pipeline["Demo"];
            options.Currency = Currency.Eur;
        });

        using var provider = Build(services);
        var kpis = provider.GetRequiredService<LeadMetrics.Calculators.KpiOptions>();
        var factory = provider.GetRequiredService<LeadMetrics.Configuration.LeadCalculatorFactory>();
        Assert.Same(kpis, factory.Options);
        Assert.Same(pipeline, kpis.Pipeline);
        Assert.Same(response, kpis.ResponseTime);
        Assert.Equal(pipeline["Demo"], kpis.SalesCycleStart);
        Assert.Equal(Currency.Eur, kpis.Currency);
        var calculator = factory.CreateKpis();
        Assert.Same(pipeline, calculator.Options.Pipeline);
        Assert.Equal(pipeline["Demo"], calculator.Snapshot().SalesCycle.StartStage);
        Assert.Equal(Currency.Eur, factory.CreateFinance().Options.Currency);
    }

    [Fact]
    public void A_sales_cycle_start_outside_the_pipeline_fails_at_registration_naming_both()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLeadMetrics(options =>
            options.SalesCycleStart = Pipeline.Create(("Intro", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost))["Intro"]));
        Assert.Contains("LeadMetricsOptions.SalesCycleStart", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Intro'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddLeadMetrics(options => options.Pipeline = null!));
    }

    [Fact]
    public void Defaults_are_the_system_clock_utc_and_usd_and_no_scorer_without_a_model()
    {
        var services = new ServiceCollection().AddLeadMetrics(_ => { });

        using var provider = Build(services);
        var options = provider.GetRequiredService<LeadMetricsOptions>();
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
        Assert.Same(DateTimeZone.Utc, options.TimeZone);
        Assert.Equal(Currency.Usd, options.Currency);
        Assert.Null(options.ScoringModel);
        Assert.Null(provider.GetService<ScoringModel>());
        Assert.Null(provider.GetService<LeadScorer>());
    }

    [Fact]
    public void Registrations_made_before_win_and_a_second_call_adds_nothing()
    {
        var testClock = new FakeClock(WorkedExample.AsOf);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(testClock);

        services.AddLeadMetrics(o => o.ScoringModel = WorkedExample.Model);
        var count = services.Count;
        services.AddLeadMetrics(o => o.ScoringModel = WorkedExample.Model.WithGrid(null));

        Assert.Equal(count, services.Count);
        using var provider = Build(services);
        Assert.Same(testClock, provider.GetRequiredService<LeadScorer>().Clock);
        Assert.NotNull(provider.GetRequiredService<ScoringModel>().Grid);
    }

    [Fact]
    public void Invalid_options_fail_at_registration_naming_the_option()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddLeadMetrics(o => o.Currency = default));

        Assert.Contains("LeadMetricsOptions.Currency", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default(Currency)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
        var clock = Assert.Throws<ArgumentNullException>(() => services.AddLeadMetrics(o => o.Clock = null!));
        Assert.Equal("Clock", clock.ParamName);
        Assert.Contains("LeadMetricsOptions.Clock must not be null", clock.Message, StringComparison.Ordinal);
        Assert.Contains("LeadMetricsOptions.TimeZone", Assert.Throws<ArgumentNullException>(() => services.AddLeadMetrics(o => o.TimeZone = null!)).Message, StringComparison.Ordinal);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddLeadMetrics(null!)).ParamName);
    }

    [Fact]
    public void Registered_options_are_frozen()
    {
        using var provider = Build(new ServiceCollection().AddLeadMetrics(_ => { }));
        var options = provider.GetRequiredService<LeadMetricsOptions>();

        var ex = Assert.Throws<InvalidOperationException>(() => options.Currency = Currency.Eur);

        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Currency.Usd, options.Currency);
    }
}
