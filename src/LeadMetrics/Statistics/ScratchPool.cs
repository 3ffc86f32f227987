using System.Buffers;

namespace LeadMetrics.Statistics;

/// <summary>
/// The pool the columnar path borrows its block buffers from. Unlike <see cref="ArrayPool{T}.Shared"/>,
/// a pool from <see cref="ArrayPool{T}.Create(int, int)"/> never trims, so once a batch has run, the
/// next batch of the same size borrows without allocating (the allocation tests rely on that). It keeps
/// at most 16 arrays per size of up to 2^26 elements, and only what was given back.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class ScratchPool<T>
{
    /// <summary>The pool.</summary>
    internal static readonly ArrayPool<T> Shared = ArrayPool<T>.Create(1 << 26, 16);

    /// <summary>Gives <paramref name="buffer"/> back (unless empty: the empty array is never borrowed) and replaces it.</summary>
    internal static void Give(ref T[] buffer, T[] replacement)
    {
        if (buffer.Length > 0)
        {
            Shared.Return(buffer);
        }

        buffer = replacement;
    }
}
