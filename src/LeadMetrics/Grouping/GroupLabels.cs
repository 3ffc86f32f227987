using LeadMetrics.Encoding;

namespace LeadMetrics.Grouping;

/// <summary>
/// Turns a <see cref="GroupKey"/> back into the labels it was encoded from: <c>facebook</c> instead of
/// <c>source#2</c>. A key holds dense ids only; the <see cref="LeadEncoding"/> that encoded the leads holds the labels.
/// </summary>
public static class GroupLabels
{
    /// <summary>The label of a key's dimension id: the source, campaign, owner or attribute value it was encoded from.</summary>
    /// <param name="encoding">The encoding the leads were encoded with.</param>
    /// <param name="key">The group key.</param>
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
    public static string DimensionLabel(this LeadEncoding encoding, GroupKey key, string? segmentAttribute = null)
    {
        Preconditions.CheckNotNull(encoding);
        return key.Dimension switch
        {
            GroupDimension.None => "total",
            GroupDimension.Source => encoding.Sources.Decode(key.DimensionId),
            GroupDimension.Campaign => encoding.Campaigns.Decode(key.DimensionId),
            GroupDimension.Owner => encoding.Owners.Decode(key.DimensionId),
            _ => string.IsNullOrWhiteSpace(segmentAttribute)
                ? throw new ArgumentException($"segmentAttribute is needed to label a segment key ({key}): name the attribute the segment ids were encoded from.", nameof(segmentAttribute))
                : encoding.Attribute(segmentAttribute).Decode(key.DimensionId),
        };
    }

    /// <summary>
    /// The whole label of a key: its dimension label and its period label, separated by a space (<c>facebook</c>,
    /// <c>facebook 2024-03</c>); a key without a dimension is its period label alone (<c>2024-03</c>), or <c>total</c>.
    /// </summary>
    /// <param name="encoding">The encoding the leads were encoded with.</param>
    /// <param name="key">The group key.</param>
    /// <param name="segmentAttribute">For keys of <see cref="GroupDimension.Segment"/>: the attribute the segment ids were encoded from.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is a segment key and <paramref name="segmentAttribute"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The id was never handed out by that dimension's encoder.</exception>
    public static string Label(this LeadEncoding encoding, GroupKey key, string? segmentAttribute = null)
    {
        var dimension = encoding.DimensionLabel(key, segmentAttribute);
        if (key.Bucket == TimeBucket.None)
        {
            return dimension;
        }

        return key.Dimension == GroupDimension.None ? key.PeriodLabel : dimension + " " + key.PeriodLabel;
    }
}
