using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Time spent in one open stage (stage velocity). Immutable, with value equality.</summary>
public sealed class StageDurationResult
{
    internal StageDurationResult(Stage stage, DurationDistribution distribution)
    {
        Stage = stage;
        Distribution = distribution;
    }

    /// <summary>The stage (stages compare by identity).</summary>
    public Stage Stage { get; }

    /// <summary>The distribution of completed stays in the stage.</summary>
    public DurationDistribution Distribution { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(StageDurationResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Stage == other.Stage &&
             object.Equals(Distribution, other.Distribution)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StageDurationResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Stage);
        hash.Add(Distribution);
        return hash.ToHashCode();
    }

    /// <summary>The stage and its distribution.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Stage.Name}: {Distribution}";
}
