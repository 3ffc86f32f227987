using LeadMetrics.Records;

namespace LeadMetrics.Grouping;

/// <summary>Which encoded dimension of a lead a grouping splits by.</summary>
public enum GroupDimension
{
    /// <summary>No dimension: one group (or one group per period).</summary>
    None = 0,

    /// <summary>The lead's source (<see cref="LeadRecord.Source"/>).</summary>
    Source = 1,

    /// <summary>The lead's campaign (<see cref="LeadRecord.Campaign"/>).</summary>
    Campaign = 2,

    /// <summary>The lead's owner (<see cref="LeadRecord.Owner"/>).</summary>
    Owner = 3,

    /// <summary>The caller's extra dimension, such as an encoded attribute (<see cref="LeadRecord.Segment"/>).</summary>
    Segment = 4,
}
