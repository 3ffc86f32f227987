using System.Collections.Immutable;
using System.Globalization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Time to conversion (creation to won) and time spent in each open stage. Immutable, with value equality.</summary>
public sealed class TimeToConversionResult
{
    internal TimeToConversionResult(long leads, long converted, DurationDistribution distribution, ImmutableArray<StageDurationResult> stageVelocity)
    {
        Leads = leads;
        Converted = converted;
        Distribution = distribution;
        StageVelocity = stageVelocity;
    }

    /// <summary>All leads.</summary>
    public long Leads { get; }

    /// <summary>Won leads: the count of <see cref="Distribution"/>.</summary>
    public long Converted { get; }

    /// <summary>Creation-to-won durations of won leads.</summary>
    public DurationDistribution Distribution { get; }

    /// <summary>For each open stage, the completed stays in it.</summary>
    public ImmutableArray<StageDurationResult> StageVelocity { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(TimeToConversionResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Leads == other.Leads &&
             Converted == other.Converted &&
             object.Equals(Distribution, other.Distribution) &&
             ValueEquality.Sequence(StageVelocity, other.StageVelocity)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TimeToConversionResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Leads);
        hash.Add(Converted);
        hash.Add(Distribution);
        ValueEquality.Add(ref hash, StageVelocity);
        return hash.ToHashCode();
    }

    /// <summary>Counts and the time-to-conversion distribution (durations as days and time).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"leads {Leads}, converted {Converted}, time to conversion {Distribution}");
}
