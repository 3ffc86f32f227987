namespace LeadMetrics.Data;

/// <summary>
/// How the columnar reader numbers leads: the k-th lead built (k = 1, 2, ...) gets key <c>1 + (k − 1) × Stride + Offset</c>
/// (<see cref="LeadDataSetOptions.LeadKeys"/>). Part <c>i</c> of <c>n</c> partitions: <c>new LeadKeyRange(i, n)</c>.
/// </summary>
public readonly record struct LeadKeyRange
{
    /// <summary>Keys 1, 2, 3...</summary>
    public static LeadKeyRange Default { get; } = new(0, 1);

    /// <summary>Creates the range.</summary>
    /// <param name="offset">Added to every key: 0 to <paramref name="stride"/> − 1.</param>
    /// <param name="stride">The step between consecutive keys: 1 or more (the number of partitions).</param>
    /// <exception cref="ArgumentOutOfRangeException">The stride is below 1, or the offset outside 0 to stride − 1.</exception>
    public LeadKeyRange(int offset, int stride)
    {
        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride must be 1 or more (the number of partitions); was {stride}.");
        }

        if (offset < 0 || offset >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"offset must be 0 to stride - 1 ({stride - 1}: the partition's index); was {offset}.");
        }

        Offset = offset;
        Stride = stride;
    }

    /// <summary>Added to every key (the partition's index).</summary>
    public int Offset { get; }

    /// <summary>The step between keys (the number of partitions).</summary>
    public int Stride { get; }
}
