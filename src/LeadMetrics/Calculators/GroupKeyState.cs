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
    internal static GroupKey Read(ref StateReader reader, LeadGrouping grouping, string field)
    {
        var id = reader.ReadInt32(field + ".dimensionId");
        var period = reader.ReadInt32(field + ".period");
        if (id < 0 || id > Preconditions.MaxDimensionId || (grouping.Dimension == GroupDimension.None && id != 0) || !Periods.IsValid(grouping.Bucket, period))
        {
            throw reader.Error($"{field} has dimension id {id} and period {period}, which grouping {grouping} cannot give");
        }

        return new GroupKey(grouping.Dimension, id, grouping.Bucket, period);
    }
}
