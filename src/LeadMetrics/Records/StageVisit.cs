using System.Runtime.InteropServices;
using NodaTime;

namespace LeadMetrics.Records;

/// <summary>One entry of a lead into a pipeline stage: the encoded form of a <see cref="StageTransition"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct StageVisit : IEquatable<StageVisit>
{
    // The column kernels read visits as pairs of 64-bit words: the instant first, then the stage.
    private readonly long _enteredTicks;
    private readonly int _stage;

    /// <summary>Creates a stage visit.</summary>
    /// <param name="stage">The stage index in the pipeline (<see cref="LeadMetrics.Stage.Index"/>).</param>
    /// <param name="enteredAt">When the lead entered the stage.</param>
    /// <exception cref="ArgumentException">The index is negative or the instant is default.</exception>
    public StageVisit(int stage, Instant enteredAt)
    {
        _stage = Preconditions.CheckNonNegative(stage);
        _enteredTicks = Preconditions.CheckNotDefault(enteredAt).ToUnixTimeTicks();
    }

    /// <summary>When the lead entered the stage, in Unix ticks (the hot-path form).</summary>
    internal long EnteredTicks => _enteredTicks;

    /// <summary>The stage index.</summary>
    public int Stage => _stage;

    /// <summary>When the lead entered the stage (to the tick).</summary>
    public Instant EnteredAt => Instant.FromUnixTimeTicks(EnteredTicks);

    /// <inheritdoc />
    public bool Equals(StageVisit other) => Stage == other.Stage && EnteredTicks == other.EnteredTicks;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StageVisit other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Stage, EnteredTicks);

    /// <summary>True when stage and instant are equal.</summary>
    public static bool operator ==(StageVisit left, StageVisit right) => left.Equals(right);

    /// <summary>True when stage or instant differ.</summary>
    public static bool operator !=(StageVisit left, StageVisit right) => !left.Equals(right);
}
