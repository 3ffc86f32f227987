namespace LeadMetrics;

/// <summary>
/// One stage of a <see cref="Pipeline"/>. Stages are created only by their pipeline, so a stage
/// always knows its position and kind; compare stages of the same pipeline by reference or
/// <see cref="Index"/>.
/// </summary>
public sealed class Stage
{
    internal Stage(Pipeline pipeline, string name, int index, StageKind kind)
    {
        Pipeline = pipeline;
        Name = name;
        Index = index;
        Kind = kind;
    }

    /// <summary>The pipeline this stage belongs to.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The stage name, unique in its pipeline (case-insensitive).</summary>
    public string Name { get; }

    /// <summary>
    /// Zero-based position in the pipeline. Open stages come first in funnel order, then the won
    /// stage, then the lost stages.
    /// </summary>
    public int Index { get; }

    /// <summary>Open, won or lost.</summary>
    public StageKind Kind { get; }

    /// <summary>True for won and lost stages.</summary>
    public bool IsTerminal => Kind != StageKind.Open;

    /// <summary>The stage name.</summary>
    public override string ToString() => Name;
}
