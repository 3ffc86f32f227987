using System.Collections.Immutable;

namespace LeadMetrics.Scoring;

/// <summary>
/// A named group of rules of one dimension (fit or engagement) whose points are summed and then
/// clamped to the group's <see cref="Bounds"/>, so that one area (firmographics, e-mail activity)
/// cannot dominate the score.
/// </summary>
public sealed class RuleGroup
{
    private readonly FitRule[] _fitRules;
    private readonly EngagementRule[] _engagementRules;

    /// <summary>Creates a group.</summary>
    /// <param name="name">The group's name, unique within its model (case-insensitive).</param>
    /// <param name="dimension">The dimension every rule of the group belongs to.</param>
    /// <param name="rules">The rules, in the order they are evaluated and explained; may be empty.</param>
    /// <param name="bounds">The cap (and floor) of the group's sum; <see cref="ScoreBounds.Unbounded"/> for none.</param>
    /// <exception cref="ArgumentException">A rule is null, of the other dimension, or its name repeats; the message names it.</exception>
    internal RuleGroup(string name, ScoreDimension dimension, IEnumerable<ScoringRule> rules, ScoreBounds bounds = default)
    {
        Name = Preconditions.CheckNotNullOrWhiteSpace(name).Trim();
        Dimension = Preconditions.CheckDefined(dimension);
        Preconditions.CheckNotNull(rules);
        var list = ImmutableArray.CreateBuilder<ScoringRule>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            if (rule is null)
            {
                throw new ArgumentException($"rules[{list.Count}] of group '{Name}' must not be null.", nameof(rules));
            }

            if (rule.Dimension != dimension)
            {
                throw new ArgumentException(
                    $"rules[{list.Count}] '{rule.Name}' is a {rule.Dimension} rule but group '{Name}' is a {dimension} group.", nameof(rules));
            }

            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"rules[{list.Count}] of group '{Name}': the rule name '{rule.Name}' appears more than once.", nameof(rules));
            }

            list.Add(rule);
        }

        Rules = list.ToImmutable();
        Bounds = bounds;
        _fitRules = Rules.OfType<FitRule>().ToArray();
        _engagementRules = Rules.OfType<EngagementRule>().ToArray();
    }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>The dimension of every rule in the group.</summary>
    public ScoreDimension Dimension { get; }

    /// <summary>The rules, in evaluation order.</summary>
    public ImmutableArray<ScoringRule> Rules { get; }

    /// <summary>The cap (and floor) of the group's sum.</summary>
    public ScoreBounds Bounds { get; }

    internal ReadOnlySpan<FitRule> FitRules => _fitRules;

    internal ReadOnlySpan<EngagementRule> EngagementRules => _engagementRules;

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
