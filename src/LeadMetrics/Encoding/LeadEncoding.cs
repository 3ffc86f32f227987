namespace LeadMetrics.Encoding;

/// <summary>
/// The encoders of one data set: lead ids, sources, campaigns, owners, touchpoint channels and any
/// number of attributes, each mapping text to dense ids. Share one instance between every reader
/// and calculator of a data set so that ids agree.
/// </summary>
/// <remarks>Not thread-safe while encoding; see <see cref="DimensionEncoder"/>.</remarks>
public sealed class LeadEncoding
{
    private readonly Dictionary<string, DimensionEncoder> _attributes = new(StringComparer.OrdinalIgnoreCase);
    private readonly IEqualityComparer<string> _comparer;

    /// <summary>Creates empty encoders.</summary>
    /// <param name="comparer">How dimension values are compared; ordinal when null.</param>
    public LeadEncoding(IEqualityComparer<string>? comparer = null)
    {
        _comparer = comparer ?? StringComparer.Ordinal;
        Leads = new DimensionEncoder("lead_id", StringComparer.Ordinal);
        Sources = new DimensionEncoder("source", _comparer);
        Campaigns = new DimensionEncoder("campaign", _comparer);
        Owners = new DimensionEncoder("owner", _comparer);
        Channels = new DimensionEncoder("channel", _comparer);
    }

    /// <summary>Lead ids to dense lead keys (1, 2, 3, ...).</summary>
    public DimensionEncoder Leads { get; }

    /// <summary>Sources (channels a lead came from).</summary>
    public DimensionEncoder Sources { get; }

    /// <summary>Campaigns.</summary>
    public DimensionEncoder Campaigns { get; }

    /// <summary>Owners (reps); also used for touchpoint actors.</summary>
    public DimensionEncoder Owners { get; }

    /// <summary>Touchpoint channels.</summary>
    public DimensionEncoder Channels { get; }

    /// <summary>The label comparer of the source, campaign, owner, channel and attribute encoders (lead ids are ordinal).</summary>
    internal IEqualityComparer<string> Comparer => _comparer;

    /// <summary>The encoder of an attribute, created on first request.</summary>
    /// <param name="name">The attribute name (case-insensitive).</param>
    /// <returns>The encoder.</returns>
    public DimensionEncoder Attribute(string name)
    {
        var key = Preconditions.CheckNotNullOrWhiteSpace(name).Trim();
        if (!_attributes.TryGetValue(key, out var encoder))
        {
            encoder = new DimensionEncoder(key, _comparer);
            _attributes.Add(key, encoder);
        }

        return encoder;
    }

    /// <summary>The names of the attributes encoded so far.</summary>
    public IReadOnlyCollection<string> AttributeNames => _attributes.Keys;
}
