namespace LeadMetrics.Serialization;

/// <summary>
/// A deliberate many-to-one relabelling of one dimension of serialized state, for the one merge that folds groups (the
/// report's "(other: N values)" group over partitions, issue 20): each label of the state that the fold names is read as
/// its target label, and the groups of labels with one target merge into one group by the calculators' own
/// <c>Merge</c>, so that the folded group's state is the one pass over its leads. The plain merge by label
/// (<c>MergeSerialized(state, encoding)</c>) never maps two labels onto one group and keeps refusing it; only the
/// internal <c>MergeSerialized(state, encoding, fold)</c> of the grouped calculators takes a fold.
/// </summary>
internal sealed class LabelFold
{
    private readonly Dictionary<string, string> _targets;

    /// <param name="dimension">The dimension the fold relabels, as the labels name it (<see cref="StateLabels"/>: an attribute's is <c>attribute:</c> and its name).</param>
    /// <param name="targets">
    /// The target label of each state label that folds (by ordinal label); the empty text is the missing value, id 0
    /// ("(none)"), which may fold too. Labels not named keep their label. Targets must not be blank.
    /// </param>
    internal LabelFold(string dimension, IReadOnlyDictionary<string, string> targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dimension);
        ArgumentNullException.ThrowIfNull(targets);
        Dimension = dimension;
        _targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, target) in targets)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new ArgumentException($"The fold of {dimension} maps \"{label}\" to a blank label; targets are labels.", nameof(targets));
            }

            _targets.Add(label, target.Trim());
        }
    }

    /// <summary>The fold of the labels of attribute <paramref name="name"/>.</summary>
    internal static LabelFold OfAttribute(string name, IReadOnlyDictionary<string, string> targets) => new(StateLabels.AttributePrefix + name, targets);

    /// <summary>The dimension the fold relabels.</summary>
    internal string Dimension { get; }

    /// <summary>The target of the missing value (id 0), or null when it keeps id 0.</summary>
    internal string? NoneTarget => _targets.GetValueOrDefault(string.Empty);

    /// <summary>Whether the fold relabels <paramref name="dimension"/> (attribute names compare in any case, as the encoding's do).</summary>
    internal bool Folds(string dimension) =>
        string.Equals(dimension, Dimension, dimension.StartsWith(StateLabels.AttributePrefix, StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The label a state label is read as: its target, or itself.</summary>
    internal string Target(string label) => _targets.GetValueOrDefault(label, label);
}
