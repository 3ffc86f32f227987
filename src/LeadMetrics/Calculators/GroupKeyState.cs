using LeadMetrics.Grouping;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>Group keys in serialized state: the dimension id and period (the grouping, part of the configuration, gives the rest).</summary>
internal static class GroupKeyState
{
    // Dense encoder ids stay far below this; a larger one in serialized state is damage (and would size the id map).
    private const int MaxSerializedId = 1 << 24;

    /// <summary>Writes a group key of this grouping: its dimension id and period (the grouping gives the rest).</summary>
    internal static void Write(StateWriter writer, GroupKey key)
    {
        writer.WriteInt32(key.DimensionId);
        writer.WriteInt32(key.Period);
    }

    /// <summary>Reads what <see cref="Write"/> wrote, refusing a key <paramref name="grouping"/> cannot give.</summary>
    internal static GroupKey Read(ref StateReader reader, LeadGrouping grouping, string field)
    {
        var id = reader.ReadInt32(field + ".dimensionId");
        var period = reader.ReadInt32(field + ".period");
        if (id < 0 || id > MaxSerializedId || (grouping.Dimension == GroupDimension.None && id != 0) || !Periods.IsValid(grouping.Bucket, period))
        {
            throw reader.Error($"{field} has dimension id {id} and period {period}, which grouping {grouping} cannot give");
        }

        return new GroupKey(grouping.Dimension, id, grouping.Bucket, period);
    }
}
