using System.Buffers;

namespace LeadMetrics.Statistics;

/// <summary>
/// The pool the columnar path borrows its block buffers from: one <see cref="ArrayPool{T}.Create(int, int)"/>
/// pool per thread. A batch runs on one thread from start to end (adding is synchronous), so it gives back
/// on the thread it borrowed on; unlike <see cref="ArrayPool{T}.Shared"/>, such a pool never trims and no
/// other thread takes its arrays, so once a batch has run on a thread, the next batch of the same size
/// there borrows without allocating. Each thread that ran a batch keeps what it gave back: at most 8
/// arrays per size (a few megabytes for blocks of 16,384 rows).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class ScratchPool<T>
{
    [ThreadStatic]
    private static ArrayPool<T>? t_pool;

    /// <summary>The calling thread's pool.</summary>
    internal static ArrayPool<T> Current => t_pool ??= ArrayPool<T>.Create(1 << 26, 8);

    /// <summary>Gives <paramref name="buffer"/> back (unless empty: the empty array is never borrowed) and replaces it.</summary>
    internal static void Give(ref T[] buffer, T[] replacement)
    {
        if (buffer.Length > 0)
        {
            Current.Return(buffer);
        }

        buffer = replacement;
    }
}
