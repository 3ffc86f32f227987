using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Grouping;

/// <summary>
/// How leads are split into groups: by one encoded dimension, by a time bucket of one of the lead's
/// instants in a time zone, or both. Immutable; two groupings are equal when all four settings are.
/// </summary>
public sealed class LeadGrouping
{
    /// <summary>Creates a grouping.</summary>
    /// <param name="dimension">The dimension to split by.</param>
    /// <param name="bucket">The time bucket to split by.</param>
    /// <param name="zone">The business's time zone for the time bucket; UTC when null.</param>
    /// <param name="periodOf">Which instant of the lead decides the bucket (creation by default).</param>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is undefined.</exception>
    public LeadGrouping(GroupDimension dimension = GroupDimension.None, TimeBucket bucket = TimeBucket.None, DateTimeZone? zone = null, PeriodInstant periodOf = PeriodInstant.Created)
    {
        Dimension = Preconditions.CheckDefined(dimension);
        Bucket = Preconditions.CheckDefined(bucket);
        Zone = zone ?? DateTimeZone.Utc;
        PeriodOf = Preconditions.CheckDefined(periodOf);
    }

    /// <summary>One group holding every lead.</summary>
    public static LeadGrouping Total { get; } = new();

    /// <summary>One group per source.</summary>
    public static LeadGrouping BySource { get; } = new(GroupDimension.Source);

    /// <summary>One group per owner (rep).</summary>
    public static LeadGrouping ByOwner { get; } = new(GroupDimension.Owner);

    /// <summary>One group per campaign.</summary>
    public static LeadGrouping ByCampaign { get; } = new(GroupDimension.Campaign);

    /// <summary>The dimension.</summary>
    public GroupDimension Dimension { get; }

    /// <summary>The time bucket.</summary>
    public TimeBucket Bucket { get; }

    /// <summary>The time zone periods are computed in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Which instant decides the period.</summary>
    public PeriodInstant PeriodOf { get; }

    /// <summary>The group key of a lead under this grouping.</summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The key.</returns>
    public GroupKey KeyOf(in LeadRecord lead)
    {
        var period = 0;
        if (Bucket != TimeBucket.None)
        {
            var ticks = PeriodOf switch
            {
                PeriodInstant.Created => lead.CreatedTicks,
                PeriodInstant.FirstResponse => lead.ResponseTicks,
                _ => lead.ClosedTicks,
            };
            period = ticks == LeadRecord.None
                ? Periods.NonePeriod
                : Periods.Ordinal(Bucket, Zone.GetUtcOffset(Instant.FromUnixTimeTicks(ticks)).Ticks + ticks);
        }

        return new GroupKey(Dimension, DimensionIdOf(lead), Bucket, period);
    }

    /// <summary>
    /// The group key of a dated, non-lead fact (a cost) under this grouping. Only source and campaign
    /// can be known for such facts; grouping them by owner or segment throws.
    /// </summary>
    /// <param name="date">The local date of the fact in the business's zone.</param>
    /// <param name="source">The source id.</param>
    /// <param name="campaign">The campaign id.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidOperationException">The grouping splits by owner or segment, or by hour of day.</exception>
    public GroupKey KeyOf(LocalDate date, int source, int campaign)
    {
        var id = Dimension switch
        {
            GroupDimension.None => 0,
            GroupDimension.Source => source,
            GroupDimension.Campaign => campaign,
            _ => throw new InvalidOperationException($"A dated fact such as a cost has no {Dimension}; it can be grouped by source or campaign only."),
        };
        if (Bucket == TimeBucket.HourOfDay)
        {
            throw new InvalidOperationException("A dated fact such as a cost has no hour of day.");
        }

        return new GroupKey(Dimension, id, Bucket, Bucket == TimeBucket.None ? 0 : Periods.Ordinal(Bucket, date));
    }

    internal int DimensionIdOf(in LeadRecord lead) => Dimension switch
    {
        GroupDimension.None => 0,
        GroupDimension.Source => lead.Source,
        GroupDimension.Campaign => lead.Campaign,
        GroupDimension.Owner => lead.Owner,
        _ => lead.Segment,
    };

    internal ZoneOffsetCache CreateOffsetCache() => new(Zone);

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(LeadGrouping? other) =>
        other is not null && Dimension == other.Dimension && Bucket == other.Bucket && PeriodOf == other.PeriodOf && Zone.Id == other.Zone.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LeadGrouping);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Dimension, Bucket, PeriodOf, Zone.Id);

    /// <summary>A readable description such as <c>source by IsoWeek of Created in Europe/London</c>.</summary>
    public override string ToString() =>
        (Dimension == GroupDimension.None ? "total" : Dimension.ToString().ToLowerInvariant()) +
        (Bucket == TimeBucket.None ? string.Empty : $" by {Bucket} of {PeriodOf} in {Zone.Id}");
}
