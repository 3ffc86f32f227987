using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// One line of a score explanation: a rule that fired and its points, or the adjustment made by a cap.
/// The points of all lines of an explanation sum to the total score; the lines of one dimension sum
/// to that dimension's score.
/// </summary>
public readonly struct ScoreLine
{
    internal ScoreLine(ScoreLineKind kind, ScoreDimension? dimension, RuleGroup? group, ScoringRule? rule, decimal points, int touchpointCount, AttributeValue value)
    {
        Kind = kind;
        Dimension = dimension;
        Group = group;
        Rule = rule;
        Points = points;
        TouchpointCount = touchpointCount;
        Value = value;
    }

    /// <summary>What the line stands for.</summary>
    public ScoreLineKind Kind { get; }

    /// <summary>The dimension the points count toward; null for the total cap.</summary>
    public ScoreDimension? Dimension { get; }

    /// <summary>The group of the rule or group cap; null for dimension and total caps.</summary>
    public RuleGroup? Group { get; }

    /// <summary>The rule that fired; null for caps.</summary>
    public ScoringRule? Rule { get; }

    /// <summary>The points: the rule's (decayed) points, or the cap's adjustment (negative when a maximum cut the sum).</summary>
    public decimal Points { get; }

    /// <summary>For an engagement rule, how many touchpoints counted; 0 otherwise.</summary>
    public int TouchpointCount { get; }

    /// <summary>For a fit rule that reads an attribute, the lead's value of it (missing for presence and predicate rules that fired on none).</summary>
    public AttributeValue Value { get; }

    internal static ScoreLine ForFitRule(RuleGroup group, FitRule rule, decimal points, AttributeValue value) =>
        new(ScoreLineKind.Rule, ScoreDimension.Fit, group, rule, points, 0, value);

    internal static ScoreLine ForEngagementRule(RuleGroup group, EngagementRule rule, decimal points, int count) =>
        new(ScoreLineKind.Rule, ScoreDimension.Engagement, group, rule, points, count, AttributeValue.Missing);

    /// <summary>The line as text, such as <c>fit / firmographics / company size: company_size = 150: +10</c>.</summary>
    public override string ToString()
    {
        var points = PointsFormat.Signed(Points);
        var dimension = Dimension is { } d ? (d == ScoreDimension.Fit ? "fit" : "engagement") : "total";
        return Kind switch
        {
            ScoreLineKind.Rule => $"{dimension} / {Group?.Name} / {Rule?.Name}: {Detail()}: {points}",
            ScoreLineKind.GroupCap => $"{dimension} / {Group?.Name}: group bounds {Group?.Bounds}: {points}",
            ScoreLineKind.DimensionCap => $"{dimension}: bounds: {points}",
            _ => $"total: bounds: {points}",
        };
    }

    private string Detail() => Rule switch
    {
        EngagementRule => string.Create(CultureInfo.InvariantCulture, $"{TouchpointCount} touchpoint{(TouchpointCount == 1 ? string.Empty : "s")}"),
        NumericBandsRule bands => $"{bands.Attribute} = {Value}",
        ValueInSetRule set => $"{set.Attribute} = {Value}",
        BooleanRule boolean => $"{boolean.Attribute} = {Value}",
        PresenceRule presence => presence.Presence == AttributePresence.Present ? $"{presence.Attribute} present" : $"{presence.Attribute} missing",
        PredicateRule predicate => $"predicate '{predicate.PredicateKey}'",
        _ => string.Empty,
    };
}
