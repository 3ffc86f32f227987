using LeadMetrics.Records;

namespace LeadMetrics.Grouping;

/// <summary>The columns of a <see cref="LeadColumns"/> batch that a grouping reads.</summary>
internal static class GroupingColumns
{
    /// <summary>The ids of a dimension's column, or null for <see cref="GroupDimension.None"/>.</summary>
    internal static int[]? DimensionColumn(this LeadColumns columns, GroupDimension dimension) => dimension switch
    {
        GroupDimension.None => null,
        GroupDimension.Source => columns.Sources,
        GroupDimension.Campaign => columns.Campaigns,
        GroupDimension.Owner => columns.Owners,
        _ => columns.Segments,
    };

    /// <summary>The ticks column of the instant that decides a lead's period.</summary>
    internal static long[] InstantColumn(this LeadColumns columns, PeriodInstant instant) => instant switch
    {
        PeriodInstant.Created => columns.CreatedTicks,
        PeriodInstant.FirstResponse => columns.ResponseTicks,
        _ => columns.ClosedTicks,
    };
}
