namespace LeadMetrics.Grouping;

/// <summary>The result of one group. Immutable, with value equality when <typeparamref name="TResult"/> has it.</summary>
/// <typeparam name="TResult">The KPI result type.</typeparam>
public sealed class GroupResult<TResult>
{
    internal GroupResult(GroupKey key, TResult result)
    {
        Key = key;
        Result = result;
    }

    /// <summary>The group's key.</summary>
    public GroupKey Key { get; }

    /// <summary>The group's result.</summary>
    public TResult Result { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(GroupResult<TResult>? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Key == other.Key &&
             EqualityComparer<TResult>.Default.Equals(Result, other.Result)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GroupResult<TResult>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Key);
        hash.Add(Result);
        return hash.ToHashCode();
    }

    /// <summary>The key and the result.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Key} => {Result}";
}
