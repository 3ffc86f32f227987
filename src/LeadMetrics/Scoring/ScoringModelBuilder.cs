namespace LeadMetrics.Scoring;

/// <summary>
/// Builds a <see cref="ScoringModel"/> in code, fluently. Not thread-safe; <see cref="Build"/> validates
/// and returns an immutable model, and may be called more than once.
/// </summary>
/// <example>
/// <code>
/// var model = ScoringModel.CreateBuilder("icp")
///     .FitGroup("firmographics", g => g
///         .Bands("company size", "company_size", new NumericBand(1, 11, 0), new NumericBand(11, 201, 10), NumericBand.From(201, 20))
///         .ValueIn("industry", "industry", 15, "software", "fintech")
///         .IsTrue("budget", "has_budget", 10)
///         .Cap(40))
///     .EngagementGroup("activity", g => g
///         .Touchpoints("webinar", 10, TouchpointKind.Webinar, EngagementDecay.FromHalfLife(Duration.FromDays(14)))
///         .Cap(30))
///     .Build();
/// </code>
/// </example>
public sealed class ScoringModelBuilder
{
    private readonly string _name;
    private readonly List<RuleGroup> _groups = [];
    private ScoreBounds _fitBounds;
    private ScoreBounds _engagementBounds;
    private ScoreBounds _totalBounds;
    private GradeScale? _grades;
    private GradeGrid? _grid;

    internal ScoringModelBuilder(string name)
    {
        _name = Preconditions.CheckNotNullOrWhiteSpace(name);
    }

    /// <summary>Adds a group of fit rules.</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="configure">Adds the rules and the cap.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder FitGroup(string name, Action<FitGroupBuilder> configure)
    {
        Preconditions.CheckNotNull(configure);
        var group = new FitGroupBuilder(name);
        configure(group);
        _groups.Add(group.Build());
        return this;
    }

    /// <summary>Adds a group of engagement rules.</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="configure">Adds the rules and the cap.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder EngagementGroup(string name, Action<EngagementGroupBuilder> configure)
    {
        Preconditions.CheckNotNull(configure);
        var group = new EngagementGroupBuilder(name);
        configure(group);
        _groups.Add(group.Build());
        return this;
    }

    /// <summary>Adds a group built elsewhere.</summary>
    /// <param name="group">The group.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder Group(RuleGroup group)
    {
        _groups.Add(Preconditions.CheckNotNull(group));
        return this;
    }

    /// <summary>Sets the bounds of the fit score.</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder FitBounds(ScoreBounds bounds)
    {
        _fitBounds = bounds;
        return this;
    }

    /// <summary>Sets the bounds of the engagement score.</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder EngagementBounds(ScoreBounds bounds)
    {
        _engagementBounds = bounds;
        return this;
    }

    /// <summary>Sets the bounds of the total score.</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder TotalBounds(ScoreBounds bounds)
    {
        _totalBounds = bounds;
        return this;
    }

    /// <summary>Sets the grade scale (the default is Hot / Warm / Cold).</summary>
    /// <param name="thresholds">The grades.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder Grades(params GradeThreshold[] thresholds)
    {
        _grades = new GradeScale(thresholds);
        return this;
    }

    /// <summary>Sets the grade scale.</summary>
    /// <param name="grades">The scale.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder Grades(GradeScale grades)
    {
        _grades = Preconditions.CheckNotNull(grades);
        return this;
    }

    /// <summary>Sets the fit × engagement grid.</summary>
    /// <param name="grid">The grid, or null for none.</param>
    /// <returns>This builder.</returns>
    public ScoringModelBuilder Grid(GradeGrid? grid)
    {
        _grid = grid;
        return this;
    }

    /// <summary>Validates and builds the model.</summary>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The model is invalid; the message names the group or rule.</exception>
    public ScoringModel Build() => new(_name, _groups, _fitBounds, _engagementBounds, _totalBounds, _grades, _grid);
}
