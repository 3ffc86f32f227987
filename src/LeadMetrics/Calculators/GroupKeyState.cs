using LeadMetrics.Grouping;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>Group keys in serialized state: the dimension id and period (the grouping, part of the configuration, gives the rest).</summary>
internal static class GroupKeyState
{
    /// <summary>Writes a group key of this grouping: its dimension id and period (the grouping gives the rest).</summary>
    internal static void Write(StateWriter writer, GroupKey key)
    {
        writer.WriteInt32(key.DimensionId);
        writer.WriteInt32(key.Period);
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote, refusing a key <paramref name="grouping"/> cannot give: a dimension id
    /// outside 0 to <see cref="Preconditions.MaxDimensionId"/> (the range records accept), a period the bucket cannot give.
    /// </summary>
    internal static GroupKey Read(ref StateReader reader, LeadGrouping grouping, string field) => Read(ref reader, grouping, field, out _);

    /// <summary>As <see cref="Read(ref StateReader, LeadGrouping, string)"/>, also giving the dimension id as the state wrote it (before any remap).</summary>
    internal static GroupKey Read(ref StateReader reader, LeadGrouping grouping, string field, out int stateId)
    {
        var id = stateId = reader.ReadInt32(field + ".dimensionId");
        var period = reader.ReadInt32(field + ".period");
        if (id < 0 || id > Preconditions.MaxDimensionId || (grouping.Dimension == GroupDimension.None && id != 0) || !Periods.IsValid(grouping.Bucket, period))
        {
            throw reader.Error($"{field} has dimension id {id} and period {period}, which grouping {grouping} cannot give");
        }

        return new GroupKey(grouping.Dimension, reader.MapId(DimensionOf(grouping.Dimension), id, field + ".dimensionId"), grouping.Bucket, period);
    }

    /// <summary>The labels a dimension's ids are remapped by when state of another encoding is merged (<see cref="StateLabels"/>).</summary>
    internal static string DimensionOf(GroupDimension dimension) => dimension switch
    {
        GroupDimension.Source => StateLabels.Sources,
        GroupDimension.Campaign => StateLabels.Campaigns,
        GroupDimension.Owner => StateLabels.Owners,
        GroupDimension.Segment => StateLabels.Segment,
        _ => "none",
    };

    /// <summary>Reads a lead key (1 or more) written as an int32, remapped by label when the state carries lead labels.</summary>
    internal static int MapLead(ref StateReader reader, int lead, string field) => reader.MapId(StateLabels.Leads, lead, field);
}
