namespace LeadMetrics.Scoring;

/// <summary>Adds engagement rules and the cap to one group of a <see cref="ScoringModelBuilder"/>.</summary>
public sealed class EngagementGroupBuilder
{
    private readonly string _name;
    private readonly List<ScoringRule> _rules = [];
    private ScoreBounds _bounds;

    internal EngagementGroupBuilder(string name)
    {
        _name = Preconditions.CheckNotNullOrWhiteSpace(name);
    }

    /// <summary>Adds a rule giving <paramref name="pointsPerTouchpoint"/> for every inbound touchpoint of one kind.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="pointsPerTouchpoint">The full points of one touchpoint.</param>
    /// <param name="kind">The touchpoint kind.</param>
    /// <param name="decay">The decay by age.</param>
    /// <returns>This builder.</returns>
    public EngagementGroupBuilder Touchpoints(string rule, decimal pointsPerTouchpoint, TouchpointKind kind, EngagementDecay decay = default) =>
        Add(new EngagementRule(rule, pointsPerTouchpoint, [kind], TouchpointDirection.Inbound, decay));

    /// <summary>Adds a rule giving <paramref name="pointsPerTouchpoint"/> for every touchpoint of the given kinds and direction.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="pointsPerTouchpoint">The full points of one touchpoint.</param>
    /// <param name="kinds">The kinds; empty for every kind.</param>
    /// <param name="direction">The direction, or null for both.</param>
    /// <param name="decay">The decay by age.</param>
    /// <returns>This builder.</returns>
    public EngagementGroupBuilder Touchpoints(
        string rule, decimal pointsPerTouchpoint, IEnumerable<TouchpointKind> kinds, TouchpointDirection? direction, EngagementDecay decay = default) =>
        Add(new EngagementRule(rule, pointsPerTouchpoint, kinds, direction, decay));

    /// <summary>Adds a rule built elsewhere.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    internal EngagementGroupBuilder Add(EngagementRule rule)
    {
        _rules.Add(Preconditions.CheckNotNull(rule));
        return this;
    }

    /// <summary>Caps the group's sum.</summary>
    /// <param name="maximum">The highest sum the group contributes.</param>
    /// <returns>This builder.</returns>
    public EngagementGroupBuilder Cap(decimal maximum) => Bounds(new ScoreBounds(_bounds.Minimum, maximum));

    /// <summary>Sets the group's bounds.</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>This builder.</returns>
    public EngagementGroupBuilder Bounds(ScoreBounds bounds)
    {
        _bounds = bounds;
        return this;
    }

    internal RuleGroup Build() => new(_name, ScoreDimension.Engagement, _rules, _bounds);
}
