using LeadMetrics.Encoding;
using NodaTime;

namespace LeadMetrics.Grouping;

/// <summary>
/// The key of one group of a <see cref="LeadGrouping"/>: a dimension id and a period ordinal.
/// </summary>
public readonly struct GroupKey : IEquatable<GroupKey>, IComparable<GroupKey>
{
    internal GroupKey(GroupDimension dimension, int dimensionId, TimeBucket bucket, int period)
    {
        Dimension = dimension;
        DimensionId = dimensionId;
        Bucket = bucket;
        Period = period;
    }

    /// <summary>Which dimension the group splits by.</summary>
    public GroupDimension Dimension { get; }

    /// <summary>The dimension id (0 = none; always 0 when <see cref="Dimension"/> is <see cref="GroupDimension.None"/>).</summary>
    public int DimensionId { get; }

    /// <summary>How time is split.</summary>
    public TimeBucket Bucket { get; }

    /// <summary>
    /// The period ordinal: days, ISO weeks or months since 1970, quarters or years, the hour (0-23)
    /// or the ISO day of week (1-7); 0 when <see cref="Bucket"/> is none; <see cref="int.MinValue"/>
    /// when the lead has no instant for the period (see <see cref="PeriodInstant"/>).
    /// </summary>
    public int Period { get; }

    /// <summary>True when the lead had no instant to place it in a period.</summary>
    internal bool HasNoPeriod => Period == Periods.NonePeriod;

    /// <summary>The period's label: <c>2024-03-05</c>, <c>2024-W05</c>, <c>2024-03</c>, <c>2024-Q1</c>, <c>2024</c>, <c>09</c>, <c>Mon</c>, <c>(none)</c>, or empty when not split by time.</summary>
    public string PeriodLabel => Periods.Label(Bucket, Period);

    /// <summary>The first local date of a calendar period, or null for cyclic buckets, no bucket or no period.</summary>
    public LocalDate? PeriodStart => Periods.Start(Bucket, Period);

    /// <summary>
    /// The label of the key's dimension id, from the <see cref="LeadEncoding"/> that encoded the leads: the source,
    /// campaign, owner or attribute value (<c>facebook</c> instead of <c>source#2</c>).
    /// </summary>
    /// <param name="encoding">The encoding the leads were encoded with.</param>
    /// <param name="segmentAttribute">
    /// For keys of <see cref="GroupDimension.Segment"/>: the attribute the segment ids were encoded from (the
    /// <c>segmentAttribute</c> given to <see cref="Records.LeadRecord.FromLead"/>). Ignored for other dimensions.
    /// </param>
    /// <returns>
    /// The label; <see cref="DimensionEncoder.NoneLabel"/> (<c>(none)</c>) for id 0; <c>total</c> for
    /// <see cref="GroupDimension.None"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is a segment key and <paramref name="segmentAttribute"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The id was never handed out by that dimension's encoder (the key comes from another encoding).</exception>
    public string DimensionLabel(LeadEncoding encoding, string? segmentAttribute = null)
    {
        Preconditions.CheckNotNull(encoding);
        return Dimension switch
        {
            GroupDimension.None => "total",
            GroupDimension.Source => encoding.Sources.Decode(DimensionId),
            GroupDimension.Campaign => encoding.Campaigns.Decode(DimensionId),
            GroupDimension.Owner => encoding.Owners.Decode(DimensionId),
            _ => string.IsNullOrWhiteSpace(segmentAttribute)
                ? throw new ArgumentException($"segmentAttribute is needed to label a segment key ({this}): name the attribute the segment ids were encoded from.", nameof(segmentAttribute))
                : encoding.Attribute(segmentAttribute).Decode(DimensionId),
        };
    }

    /// <summary>
    /// The whole label of the key: its dimension label and its period label, separated by a space (<c>facebook</c>,
    /// <c>facebook 2024-03</c>); a key without a dimension is its period label alone (<c>2024-03</c>), or <c>total</c>.
    /// </summary>
    /// <param name="encoding">The encoding the leads were encoded with.</param>
    /// <param name="segmentAttribute">For keys of <see cref="GroupDimension.Segment"/>: the attribute the segment ids were encoded from.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is a segment key and <paramref name="segmentAttribute"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The id was never handed out by that dimension's encoder.</exception>
    public string Label(LeadEncoding encoding, string? segmentAttribute = null)
    {
        var dimension = DimensionLabel(encoding, segmentAttribute);
        if (Bucket == TimeBucket.None)
        {
            return dimension;
        }

        return Dimension == GroupDimension.None ? PeriodLabel : dimension + " " + PeriodLabel;
    }

    /// <inheritdoc />
    public bool Equals(GroupKey other) =>
        Dimension == other.Dimension && DimensionId == other.DimensionId && Bucket == other.Bucket && Period == other.Period;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Dimension, DimensionId, Bucket, Period);

    /// <summary>Orders by dimension id, then period.</summary>
    /// <param name="other">The other key.</param>
    /// <returns>The order.</returns>
    public int CompareTo(GroupKey other)
    {
        var c = DimensionId.CompareTo(other.DimensionId);
        return c != 0 ? c : Period.CompareTo(other.Period);
    }

    /// <summary>A readable form such as <c>source#3 2024-W05</c>.</summary>
    public override string ToString() =>
        (Dimension == GroupDimension.None ? "total" : $"{Dimension.ToString().ToLowerInvariant()}#{DimensionId}") +
        (Bucket == TimeBucket.None ? string.Empty : " " + PeriodLabel);

    /// <summary>Equality.</summary>
    public static bool operator ==(GroupKey left, GroupKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GroupKey left, GroupKey right) => !left.Equals(right);

    /// <summary>Order.</summary>
    public static bool operator <(GroupKey left, GroupKey right) => left.CompareTo(right) < 0;

    /// <summary>Order.</summary>
    public static bool operator >(GroupKey left, GroupKey right) => left.CompareTo(right) > 0;

    /// <summary>Order.</summary>
    public static bool operator <=(GroupKey left, GroupKey right) => left.CompareTo(right) <= 0;

    /// <summary>Order.</summary>
    public static bool operator >=(GroupKey left, GroupKey right) => left.CompareTo(right) >= 0;
}
