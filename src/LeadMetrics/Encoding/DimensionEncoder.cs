using System.Collections.Immutable;

namespace LeadMetrics.Encoding;

/// <summary>
/// Encodes the values of one dimension (source, campaign, owner, an attribute, ...) to small dense
/// integer ids, once, so that calculators index arrays instead of hashing strings per event.
/// </summary>
/// <remarks>
/// <para>Id 0 is reserved for the missing value (null, empty or white space), labelled
/// <see cref="NoneLabel"/>. Other values get ids 1, 2, 3, ... in first-seen order. Values are
/// trimmed and compared with the comparer given at construction (ordinal by default).</para>
/// <para>Encoding is not thread-safe: encode on one thread (usually while reading input), then share
/// the ids. Reading labels of ids already handed out is safe once encoding has finished.</para>
/// </remarks>
public sealed class DimensionEncoder
{
    /// <summary>The id of the missing value.</summary>
    public const int NoneId = 0;

    /// <summary>The label of the missing value: <c>(none)</c>.</summary>
    public const string NoneLabel = "(none)";

    private readonly Dictionary<string, int> _ids;
    private readonly List<string> _labels = [NoneLabel];

    /// <summary>Creates an empty encoder.</summary>
    /// <param name="name">The dimension's name, such as <c>source</c>; used in reports and error messages.</param>
    /// <param name="comparer">How values are compared; <see cref="StringComparer.Ordinal"/> when null.
    /// Pass <see cref="StringComparer.OrdinalIgnoreCase"/> to fold case variants (<c>google</c>, <c>Google</c>) into one id.</param>
    public DimensionEncoder(string name, IEqualityComparer<string>? comparer = null)
    {
        Name = Preconditions.CheckNotNullOrWhiteSpace(name);
        _ids = new Dictionary<string, int>(comparer ?? StringComparer.Ordinal);
    }

    /// <summary>How values are compared (state merged by label compares its labels the same way).</summary>
    internal IEqualityComparer<string> Comparer => _ids.Comparer;

    /// <summary>The dimension's name.</summary>
    public string Name { get; }

    /// <summary>The number of ids handed out, including <see cref="NoneId"/>; ids are 0 to <c>Count - 1</c>.</summary>
    public int Count => _labels.Count;

    /// <summary>Returns the id of a value, assigning the next id on first sight.</summary>
    /// <param name="value">The value; null, empty or white space gives <see cref="NoneId"/>.</param>
    /// <returns>The dense id.</returns>
    public int Encode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return NoneId;
        }

        var key = value.Trim();
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = _labels.Count;
        _ids.Add(key, id);
        _labels.Add(key);
        return id;
    }

    /// <summary>Returns the id of a value seen before, without assigning one.</summary>
    /// <param name="value">The value.</param>
    /// <param name="id">The id, or <see cref="NoneId"/> when not found.</param>
    /// <returns>True when the value has an id (the missing value always has <see cref="NoneId"/>).</returns>
    public bool TryGetId(string? value, out int id)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            id = NoneId;
            return true;
        }

        return _ids.TryGetValue(value.Trim(), out id);
    }

    /// <summary>Returns the label of an id (the first spelling seen for it).</summary>
    /// <param name="id">An id from <see cref="Encode"/>.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The id was never handed out.</exception>
    public string Decode(int id)
    {
        if (unchecked((uint)id >= (uint)_labels.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"id {id} was never handed out by dimension '{Name}' (it has {_labels.Count} ids).");
        }

        return _labels[id];
    }

    /// <summary>A snapshot of every label, indexed by id.</summary>
    /// <returns>The labels.</returns>
    public ImmutableArray<string> GetLabels() => [.. _labels];
}
