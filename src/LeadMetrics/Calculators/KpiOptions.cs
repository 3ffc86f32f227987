using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// The configuration of the combined KPI calculator: pipeline, currency, response-time and distribution options.
/// Immutable, and equal by value: options built separately with equal parts (pipelines with the same stages, the same
/// working calendar, ...) are equal, and calculators created with them merge.
/// </summary>
public sealed class KpiOptions
{
    private string? _description;

    /// <summary>Creates options.</summary>
    /// <param name="pipeline">The pipeline; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="currency">The currency of deal values; USD when null. A deal value in another currency is an error.</param>
    /// <param name="responseTime">Response-time options; <see cref="ResponseTimeOptions.Default"/> when null.</param>
    /// <param name="distribution">Options of the conversion, stage and cycle distributions; <see cref="DistributionOptions.Default"/> when null.</param>
    /// <param name="salesCycleStart">The open stage the sales cycle starts at, or null for creation.</param>
    public KpiOptions(Pipeline? pipeline = null, Currency? currency = null, ResponseTimeOptions? responseTime = null, DistributionOptions? distribution = null, Stage? salesCycleStart = null)
    {
        Pipeline = pipeline ?? Pipeline.Default;
        Currency = currency ?? Currency.Usd;
        if (Currency.IsDefault)
        {
            throw new ArgumentException("currency must be an ISO 4217 currency, not default(Currency).", nameof(currency));
        }

        ResponseTime = responseTime ?? ResponseTimeOptions.Default;
        Distribution = distribution ?? DistributionOptions.Default;
        if (salesCycleStart is not null)
        {
            Pipeline.CheckOwns(salesCycleStart, nameof(salesCycleStart));
        }

        SalesCycleStart = salesCycleStart;
    }

    /// <summary>Defaults: the default pipeline, USD, targets 5 minutes and 1 hour, α = 1%.</summary>
    public static KpiOptions Default { get; } = new();

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The currency of deal values.</summary>
    public Currency Currency { get; }

    /// <summary>Response-time options.</summary>
    public ResponseTimeOptions ResponseTime { get; }

    /// <summary>Distribution options of conversion, stage and cycle times.</summary>
    public DistributionOptions Distribution { get; }

    /// <summary>The sales-cycle start stage, or null for creation.</summary>
    public Stage? SalesCycleStart { get; }

    /// <summary>The canonical description compared by <see cref="Equals(object?)"/> and written into serialized state.</summary>
    internal string Description => _description ??= Describe.Of(this);

    /// <summary>Whether <paramref name="other"/> has equal settings: the same pipeline stages, currency, response-time and distribution options and sales-cycle start.</summary>
    /// <param name="other">The other options.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(KpiOptions? other) => other is not null && (ReferenceEquals(this, other) || Description == other.Description);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KpiOptions);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Description);
}
