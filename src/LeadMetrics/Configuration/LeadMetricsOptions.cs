using LeadMetrics.Calculators;
using LeadMetrics.Scoring;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Configuration;

/// <summary>
/// The settings of LeadMetrics in a host: the scoring model, the clock, the business's time zone and
/// currency, the pipeline and the KPI settings. Configure it in <c>services.AddLeadMetrics(options =&gt; ...)</c>;
/// the registration validates it and makes it read-only, and the frozen instance is what the container hands out.
/// Every registered factory is built from it, so a setting is given once: the zone and currency here reach the
/// <see cref="LeadCalculatorFactory"/> (and through it every calculator it creates), the registered
/// <see cref="Calculators.KpiOptions"/> and the scorer.
/// </summary>
/// <remarks>Like <c>JsonSerializerOptions</c>: settable until <see cref="MakeReadOnly"/>, then every setter throws.</remarks>
public sealed class LeadMetricsOptions
{
    private const string ClockMessage = "LeadMetricsOptions.Clock must not be null; use SystemClock.Instance or a fake clock.";
    private const string PipelineMessage = "LeadMetricsOptions.Pipeline must not be null; use Pipeline.Default or a pipeline of your stages.";
    private const string TimeZoneMessage = "LeadMetricsOptions.TimeZone must not be null; use DateTimeZone.Utc or a zone from DateTimeZoneProviders.Tzdb.";

    /// <summary>The scoring model, or null when the host does not score leads (then no model or scorer is registered).</summary>
    public ScoringModel? ScoringModel
    {
        get;
        set
        {
            CheckWritable();
            field = value;
        }
    }

    /// <summary>The clock of "now": engagement decay and "as of" defaults. <see cref="SystemClock.Instance"/> by default.</summary>
    public IClock Clock
    {
        get;
        set
        {
            CheckWritable();
            field = value ?? throw new ArgumentNullException(nameof(Clock), ClockMessage);
        }
    } = SystemClock.Instance;

    /// <summary>The business's time zone: days, weeks and months are computed in it. UTC by default.</summary>
    public DateTimeZone TimeZone
    {
        get;
        set
        {
            CheckWritable();
            field = value ?? throw new ArgumentNullException(nameof(TimeZone), TimeZoneMessage);
        }
    } = DateTimeZone.Utc;

    /// <summary>The business's reporting currency. <see cref="Currency.Usd"/> by default.</summary>
    public Currency Currency
    {
        get;
        set
        {
            CheckWritable();
            field = value;
        }
    } = Currency.Usd;

    /// <summary>The sales pipeline (stages in order, with their won and lost terminals). <see cref="Pipeline.Default"/> by default.</summary>
    public Pipeline Pipeline
    {
        get;
        set
        {
            CheckWritable();
            field = value ?? throw new ArgumentNullException(nameof(Pipeline), PipelineMessage);
        }
    } = Pipeline.Default;

    /// <summary>The response-time targets and business hours. <see cref="ResponseTimeOptions.Default"/> by default.</summary>
    public ResponseTimeOptions ResponseTime
    {
        get;
        set
        {
            CheckWritable();
            field = value ?? throw new ArgumentNullException(nameof(ResponseTime), "LeadMetricsOptions.ResponseTime must not be null; use ResponseTimeOptions.Default.");
        }
    } = ResponseTimeOptions.Default;

    /// <summary>The accuracy, quantiles and histogram edges of every duration KPI. <see cref="DistributionOptions.Default"/> by default.</summary>
    public DistributionOptions Distribution
    {
        get;
        set
        {
            CheckWritable();
            field = value ?? throw new ArgumentNullException(nameof(Distribution), "LeadMetricsOptions.Distribution must not be null; use DistributionOptions.Default.");
        }
    } = DistributionOptions.Default;

    /// <summary>The stage the sales cycle starts at (a stage of <see cref="Pipeline"/>), or null to start at creation.</summary>
    public Stage? SalesCycleStart
    {
        get;
        set
        {
            CheckWritable();
            field = value;
        }
    }

    /// <summary>True once <see cref="MakeReadOnly"/> was called.</summary>
    internal bool IsReadOnly { get; private set; }

    /// <summary>Checks every option and throws on the first bad one.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it and its value.</exception>
    public void Validate()
    {
        if (Currency.IsDefault)
        {
            throw new InvalidOperationException(
                "LeadMetricsOptions.Currency must be an ISO 4217 currency such as Currency.Usd; was default(Currency).");
        }

        // Clock and TimeZone cannot be null through their setters; a null here means a subclass or reflection bypassed them.
        if (Clock is null)
        {
            throw new InvalidOperationException(ClockMessage);
        }

        if (TimeZone is null)
        {
            throw new InvalidOperationException(TimeZoneMessage);
        }

        if (Pipeline is null)
        {
            throw new InvalidOperationException(PipelineMessage);
        }

        if (SalesCycleStart is { } start && !Pipeline.Stages.Contains(start))
        {
            throw new InvalidOperationException(
                $"LeadMetricsOptions.SalesCycleStart must be a stage of LeadMetricsOptions.Pipeline; was '{start.Name}', which is not one of [{string.Join(", ", Pipeline.Stages.Select(s => s.Name))}].");
        }
    }

    /// <summary>The KPI options these settings give (pipeline, currency, response time, distribution, sales-cycle start).</summary>
    internal KpiOptions ToKpiOptions() => new(Pipeline, Currency, ResponseTime, Distribution, SalesCycleStart);

    /// <summary>Validates the options and freezes them: later setter calls throw.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    internal void MakeReadOnly()
    {
        Validate();
        IsReadOnly = true;
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("LeadMetricsOptions is read-only once registered; configure it inside AddLeadMetrics(options => ...).");
        }
    }
}
