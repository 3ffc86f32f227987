using System.Collections.Frozen;
using System.Collections.Immutable;
using LeadMetrics.Scoring.Json;

namespace LeadMetrics.Scoring;

/// <summary>
/// An ICP scoring model: groups of fit and engagement rules with their caps, the caps of the fit,
/// engagement and total scores, the grade scale and an optional fit × engagement grid. Immutable
/// and validated on creation; build one in code with <see cref="CreateBuilder"/> or load one from
/// JSON with <see cref="ScoringModelJson"/>. Score leads with a <see cref="LeadScorer"/>.
/// </summary>
/// <remarks>
/// <para>How a lead is scored (see docs/scoring.md):</para>
/// <list type="number">
/// <item>Every rule of a group is evaluated; the points of the rules that fire are summed and the sum is
/// clamped to the group's bounds.</item>
/// <item>Fit = the clamped sums of the fit groups, summed and clamped to <see cref="FitBounds"/>.
/// Engagement = the same over the engagement groups, clamped to <see cref="EngagementBounds"/>.</item>
/// <item>Total = fit + engagement, clamped to <see cref="TotalBounds"/>.</item>
/// <item>The grade comes from the total (<see cref="Grades"/>); the grid cell, if there is a grid, from fit and
/// engagement. The routing is the grid cell's when there is a grid, the grade's otherwise.</item>
/// </list>
/// <para>Group names and rule names are unique within the model (case-insensitive).</para>
/// </remarks>
public sealed class ScoringModel
{
    /// <summary>
    /// The largest magnitude of the points of one rule, band or touchpoint: 10¹². Rules refuse more (an
    /// <see cref="ArgumentOutOfRangeException"/> naming the points), so that a score, a sum of points, cannot overflow.
    /// </summary>
    public const decimal MaxPoints = Preconditions.MaxPoints;

    private readonly RuleGroup[] _groups;
    private readonly FrozenDictionary<string, ScoringRule> _rulesByName;

    /// <summary>Creates a model.</summary>
    /// <param name="name">The model's name, such as <c>icp-2024</c>.</param>
    /// <param name="groups">The rule groups, in evaluation and explanation order.</param>
    /// <param name="fitBounds">The cap (and floor) of the fit score.</param>
    /// <param name="engagementBounds">The cap (and floor) of the engagement score.</param>
    /// <param name="totalBounds">The cap (and floor) of the total score.</param>
    /// <param name="grades">The grade scale of the total score; <see cref="GradeScale.Default"/> when null.</param>
    /// <param name="grid">The fit × engagement grid, or null for none.</param>
    /// <exception cref="ArgumentException">A group is null, or a group or rule name repeats; the message names it.</exception>
    internal ScoringModel(
        string name,
        IEnumerable<RuleGroup> groups,
        ScoreBounds fitBounds = default,
        ScoreBounds engagementBounds = default,
        ScoreBounds totalBounds = default,
        GradeScale? grades = null,
        GradeGrid? grid = null)
    {
        Name = Preconditions.CheckNotNullOrWhiteSpace(name).Trim();
        Preconditions.CheckNotNull(groups);
        var list = new List<RuleGroup>();
        var groupNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rules = new Dictionary<string, ScoringRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            if (group is null)
            {
                throw new ArgumentException($"groups[{list.Count}] of model '{Name}' must not be null.", nameof(groups));
            }

            if (!groupNames.Add(group.Name))
            {
                throw new ArgumentException($"groups[{list.Count}]: the group name '{group.Name}' appears more than once in model '{Name}'.", nameof(groups));
            }

            foreach (var rule in group.Rules)
            {
                if (!rules.TryAdd(rule.Name, rule))
                {
                    throw new ArgumentException(
                        $"groups[{list.Count}] '{group.Name}': the rule name '{rule.Name}' is already used in model '{Name}'; rule names are unique in a model.",
                        nameof(groups));
                }
            }

            list.Add(group);
        }

        _groups = [.. list];
        _rulesByName = rules.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Groups = [.. list];
        FitBounds = fitBounds;
        EngagementBounds = engagementBounds;
        TotalBounds = totalBounds;
        Grades = grades ?? GradeScale.Default;
        Grid = grid;
        RuleCount = rules.Count;
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The rule groups, in evaluation order.</summary>
    public ImmutableArray<RuleGroup> Groups { get; }

    /// <summary>The cap (and floor) of the fit score.</summary>
    public ScoreBounds FitBounds { get; }

    /// <summary>The cap (and floor) of the engagement score.</summary>
    public ScoreBounds EngagementBounds { get; }

    /// <summary>The cap (and floor) of the total score.</summary>
    public ScoreBounds TotalBounds { get; }

    /// <summary>The grade scale of the total score.</summary>
    public GradeScale Grades { get; }

    /// <summary>The fit × engagement grid, or null.</summary>
    public GradeGrid? Grid { get; }

    /// <summary>The number of rules in all groups.</summary>
    internal int RuleCount { get; }

    /// <summary>The most lines one explanation can have: one per rule, one per group cap, and the fit, engagement and total caps.</summary>
    internal int MaxExplanationLines => RuleCount + _groups.Length + 3;

    internal ReadOnlySpan<RuleGroup> GroupSpan => _groups;

    /// <summary>Starts a fluent builder.</summary>
    /// <param name="name">The model's name.</param>
    /// <returns>The builder.</returns>
    public static ScoringModelBuilder CreateBuilder(string name) => new(name);

    /// <summary>Finds a rule by name.</summary>
    /// <param name="name">The rule's name (case-insensitive).</param>
    /// <param name="rule">The rule, or null.</param>
    /// <returns>True when found.</returns>
    internal bool TryGetRule(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScoringRule? rule) =>
        _rulesByName.TryGetValue(Preconditions.CheckNotNull(name).Trim(), out rule);

    /// <summary>Returns a copy of the model with another grade scale.</summary>
    /// <param name="grades">The grade scale.</param>
    /// <returns>The new model.</returns>
    internal ScoringModel WithGrades(GradeScale grades) =>
        new(Name, _groups, FitBounds, EngagementBounds, TotalBounds, Preconditions.CheckNotNull(grades), Grid);

    /// <summary>Returns a copy of the model with another grid (or none).</summary>
    /// <param name="grid">The grid, or null to remove it.</param>
    /// <returns>The new model.</returns>
    internal ScoringModel WithGrid(GradeGrid? grid) => new(Name, _groups, FitBounds, EngagementBounds, TotalBounds, Grades, grid);

    /// <summary>The name and size, such as <c>icp-2024 (3 groups, 11 rules)</c>.</summary>
    public override string ToString() => $"{Name} ({_groups.Length} groups, {RuleCount} rules)";
}
