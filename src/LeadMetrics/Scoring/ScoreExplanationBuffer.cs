using System.Collections.Immutable;

namespace LeadMetrics.Scoring;

/// <summary>
/// A reusable buffer for the lines of one score explanation. <see cref="LeadScorer"/> clears it and
/// fills it on every call; reuse one buffer (per thread) across leads so that scoring allocates nothing.
/// </summary>
/// <remarks>Not thread-safe. The buffer grows when a model needs more lines than its capacity;
/// <see cref="LeadScorer.CreateExplanationBuffer"/> sizes it so that it never needs to.</remarks>
public sealed class ScoreExplanationBuffer
{
    private ScoreLine[] _lines;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">The number of lines it holds before it grows.</param>
    internal ScoreExplanationBuffer(int capacity = 16)
    {
        _lines = new ScoreLine[Preconditions.CheckNonNegative(capacity)];
    }

    /// <summary>The number of lines.</summary>
    public int Count { get; private set; }

    /// <summary>The number of lines the buffer holds before it grows.</summary>
    public int Capacity => _lines.Length;

    /// <summary>The lines of the last explanation, in order. Valid until the buffer is used again.</summary>
    public ReadOnlySpan<ScoreLine> Lines => _lines.AsSpan(0, Count);

    /// <summary>A line.</summary>
    /// <param name="index">Its index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The line.</returns>
    internal ScoreLine this[int index] =>
        (uint)index < (uint)Count ? _lines[index] : throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be between 0 and {Count - 1}; was {index}.");

    /// <summary>Removes every line (keeps the capacity).</summary>
    public void Clear()
    {
        Array.Clear(_lines, 0, Count);
        Count = 0;
    }

    /// <summary>Copies the lines to an immutable array.</summary>
    /// <returns>The lines.</returns>
    public ImmutableArray<ScoreLine> ToImmutableArray() => [.. Lines];

    internal void Add(in ScoreLine line)
    {
        if (Count == _lines.Length)
        {
            Array.Resize(ref _lines, Math.Max(4, _lines.Length * 2));
        }

        _lines[Count++] = line;
    }
}
