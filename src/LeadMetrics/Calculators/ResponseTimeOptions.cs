using System.Collections.Immutable;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>Configuration of response-time KPIs. Immutable and validated.</summary>
public sealed class ResponseTimeOptions
{
    /// <summary>The default targets: 5 minutes and 1 hour.</summary>
    public static readonly ImmutableArray<Duration> DefaultTargets = [Duration.FromMinutes(5), Duration.FromHours(1)];

    /// <summary>Creates options.</summary>
    /// <param name="targets">Response targets, each positive; <see cref="DefaultTargets"/> when null.</param>
    /// <param name="distribution">Quantiles, histogram and accuracy; <see cref="DistributionOptions.ResponseTime"/> when null.</param>
    /// <param name="businessHours">When set, response time is measured in working time of this calendar instead of elapsed time.</param>
    /// <exception cref="ArgumentOutOfRangeException">A target is zero or negative.</exception>
    public ResponseTimeOptions(IEnumerable<Duration>? targets = null, DistributionOptions? distribution = null, WorkingCalendar? businessHours = null)
    {
        Targets = targets is null ? DefaultTargets : [.. targets];
        for (var i = 0; i < Targets.Length; i++)
        {
            if (Targets[i] <= Duration.Zero || Duration.FromTicks(Targets[i].BclCompatibleTicks) != Targets[i])
            {
                throw new ArgumentOutOfRangeException(nameof(targets), Targets[i], $"targets[{i}] must be positive whole ticks (multiples of 100 ns); was {Targets[i]}.");
            }
        }

        Distribution = distribution ?? DistributionOptions.ResponseTime;
        BusinessHours = businessHours;
    }

    /// <summary>Default options: targets 5 minutes and 1 hour, elapsed time.</summary>
    public static ResponseTimeOptions Default { get; } = new();

    /// <summary>The response targets.</summary>
    public ImmutableArray<Duration> Targets { get; }

    /// <summary>The targets in ticks, made once and shared (read only) by every calculator of these options.</summary>
    internal long[] TargetTicks => _targetTicks ??= [.. Targets.Select(t => t.BclCompatibleTicks)];

    private long[]? _targetTicks;

    /// <summary>The distribution options.</summary>
    public DistributionOptions Distribution { get; }

    /// <summary>The working calendar, or null for elapsed time.</summary>
    public WorkingCalendar? BusinessHours { get; }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ResponseTimeOptions? other) =>
        other is not null && Targets.SequenceEqual(other.Targets) && Distribution.Equals(other.Distribution) && (ReferenceEquals(BusinessHours, other.BusinessHours) || Describe.Of(BusinessHours) == Describe.Of(other.BusinessHours));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ResponseTimeOptions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Targets.Length, Distribution, BusinessHours?.Zone.Id);
}
