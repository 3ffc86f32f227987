using System.Collections.Frozen;
using System.Collections.Immutable;

namespace LeadMetrics;

/// <summary>
/// The ordered stages a lead moves through: one or more open stages in funnel order, exactly one
/// won terminal stage and at least one lost terminal stage. Immutable and validated on creation.
/// </summary>
/// <remarks>
/// The funnel order is the order of the open stages followed by the won stage. Lost stages end
/// the funnel without a position in it. Stage names are unique, compared case-insensitively.
/// </remarks>
public sealed class Pipeline
{
    /// <summary>The most stages a pipeline may have (so that a set of stages fits a 64-bit mask).</summary>
    public const int MaxStages = 64;

    private readonly FrozenDictionary<string, Stage> _byName;

    private Pipeline(IReadOnlyList<(string Name, StageKind Kind)> stages)
    {
        var openCount = 0;
        var wonCount = 0;
        var lostCount = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < stages.Count; i++)
        {
            var (name, kind) = stages[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"stages[{i}].Name must not be empty; was '{name}'.", nameof(stages));
            }

            Preconditions.CheckDefined(kind);
            if (!seen.Add(name.Trim()))
            {
                throw new ArgumentException($"stages[{i}].Name '{name}' appears more than once; stage names must be unique.", nameof(stages));
            }

            switch (kind)
            {
                case StageKind.Open:
                    if (wonCount + lostCount > 0)
                    {
                        throw new ArgumentException(
                            $"stages[{i}] '{name}' is an open stage after a terminal stage; list open stages first, then the won stage, then the lost stages.",
                            nameof(stages));
                    }

                    openCount++;
                    break;
                case StageKind.Won:
                    if (lostCount > 0)
                    {
                        throw new ArgumentException(
                            $"stages[{i}] '{name}' is the won stage after a lost stage; list the won stage before the lost stages.", nameof(stages));
                    }

                    wonCount++;
                    break;
                default:
                    lostCount++;
                    break;
            }
        }

        if (openCount == 0)
        {
            throw new ArgumentException("stages must contain at least one open stage; had none.", nameof(stages));
        }

        if (wonCount != 1)
        {
            throw new ArgumentException($"stages must contain exactly one won stage; had {wonCount}.", nameof(stages));
        }

        if (lostCount == 0)
        {
            throw new ArgumentException("stages must contain at least one lost stage; had none.", nameof(stages));
        }

        if (stages.Count > MaxStages)
        {
            throw new ArgumentException($"stages must hold at most {MaxStages} stages; had {stages.Count}.", nameof(stages));
        }

        var builder = ImmutableArray.CreateBuilder<Stage>(stages.Count);
        for (var i = 0; i < stages.Count; i++)
        {
            builder.Add(new Stage(this, stages[i].Name.Trim(), i, stages[i].Kind));
        }

        Stages = builder.MoveToImmutable();
        OpenStageCount = openCount;
        Won = Stages[openCount];
        _byName = Stages.ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The default pipeline: New, Working, Qualified, Proposal (open), ClosedWon (won), ClosedLost (lost).
    /// </summary>
    public static Pipeline Default { get; } = Create(
        ("New", StageKind.Open),
        ("Working", StageKind.Open),
        ("Qualified", StageKind.Open),
        ("Proposal", StageKind.Open),
        ("ClosedWon", StageKind.Won),
        ("ClosedLost", StageKind.Lost));

    /// <summary>All stages: open stages in funnel order, then the won stage, then the lost stages.</summary>
    public ImmutableArray<Stage> Stages { get; }

    /// <summary>The number of open stages; they occupy indexes 0 to <c>OpenStageCount - 1</c>.</summary>
    public int OpenStageCount { get; }

    /// <summary>The first stage of the funnel, where every lead starts.</summary>
    public Stage First => Stages[0];

    /// <summary>The won terminal stage (index <see cref="OpenStageCount"/>).</summary>
    public Stage Won { get; }

    /// <summary>
    /// The funnel length: open stages plus the won stage. Funnel positions are 0 to <c>FunnelLength - 1</c>.
    /// </summary>
    internal int FunnelLength => OpenStageCount + 1;

    /// <summary>Creates and validates a custom pipeline.</summary>
    /// <param name="stages">Open stages in funnel order, then exactly one won stage, then one or more lost stages.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentException">A name is empty or repeated, the terminals are wrong, or the order is wrong; the message names the stage.</exception>
    public static Pipeline Create(params IReadOnlyList<(string Name, StageKind Kind)> stages)
    {
        Preconditions.CheckNotNull(stages);
        return new Pipeline(stages);
    }

    /// <summary>Returns the stage with the given name (case-insensitive).</summary>
    /// <param name="name">The stage name.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentException">No stage has that name; the message names it and lists the stages.</exception>
    public Stage this[string name] => GetStage(name);

    /// <summary>Returns the stage with the given name (case-insensitive).</summary>
    /// <param name="name">The stage name.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentException">No stage has that name; the message names it and lists the stages.</exception>
    internal Stage GetStage(string name)
    {
        Preconditions.CheckNotNull(name);
        if (!TryGetStage(name, out var stage))
        {
            throw new ArgumentException(
                $"stage '{name}' is not in the pipeline; its stages are {string.Join(", ", Stages.Select(s => s.Name))}.", nameof(name));
        }

        return stage;
    }

    /// <summary>Finds a stage by name (case-insensitive, trimmed).</summary>
    /// <param name="name">The stage name.</param>
    /// <param name="stage">The stage, when found.</param>
    /// <returns>True when the pipeline has the stage.</returns>
    public bool TryGetStage(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Stage? stage)
    {
        if (name is null)
        {
            stage = null;
            return false;
        }

        return _byName.TryGetValue(name.Trim(), out stage);
    }

    /// <summary>True when <paramref name="stage"/> belongs to this pipeline.</summary>
    /// <param name="stage">A stage.</param>
    /// <returns>True for a stage of this pipeline.</returns>
    public bool Contains(Stage stage) => stage is not null && ReferenceEquals(stage.Pipeline, this);

    internal Stage CheckOwns(Stage stage, string paramName)
    {
        Preconditions.CheckNotNull(stage, paramName);
        if (!Contains(stage))
        {
            throw new ArgumentException($"{paramName} '{stage.Name}' belongs to another pipeline, not to this one.", paramName);
        }

        return stage;
    }

    /// <summary>The stage names joined with arrows.</summary>
    public override string ToString() => string.Join(" -> ", Stages.Select(s => s.Name));
}
