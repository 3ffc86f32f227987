using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Grouping;

public sealed class GroupLabelTests
{
    private static readonly Instant March = Instant.FromUtc(2024, 3, 31, 23, 30);

    private static (LeadEncoding Encoding, LeadRecord[] Records) Encode(string? segmentAttribute = null)
    {
        var encoding = new LeadEncoding();
        Lead[] leads =
        [
            new(new LeadId("L-1"), March, source: "website", campaign: "spring", owner: "dana",
                attributes: new Dictionary<string, AttributeValue> { ["industry"] = AttributeValue.FromText("retail") }),
            new(new LeadId("L-2"), March, source: "facebook"),
        ];
        return (encoding, [.. leads.Select(l => LeadRecord.FromLead(l, encoding, segmentAttribute))]);
    }

    [Fact]
    public void Keys_of_each_dimension_give_back_the_labels_they_were_encoded_from()
    {
        var (encoding, records) = Encode();
        var set = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, LeadGrouping.BySource, LeadGrouping.ByCampaign, LeadGrouping.ByOwner);
        set.AddRange(records.AsSpan());
        var result = set.Snapshot();

        Assert.Equal(["total"], result.For(LeadGrouping.Total).Groups.Select(g => g.Key.Label(encoding)));
        Assert.Equal(["website", "facebook"], result.For(LeadGrouping.BySource).Groups.Select(g => g.Key.Label(encoding)));
        Assert.Equal(["(none)", "spring"], result.For(LeadGrouping.ByCampaign).Groups.Select(g => g.Key.DimensionLabel(encoding)));
        Assert.Equal(["(none)", "dana"], result.For(LeadGrouping.ByOwner).Groups.Select(g => g.Key.Label(encoding)));
    }

    [Fact]
    public void A_period_is_labelled_in_the_groupings_zone_after_the_dimension()
    {
        var (encoding, records) = Encode();
        var jerusalem = DateTimeZoneProviders.Tzdb["Asia/Jerusalem"];
        var bySourceAndMonth = new LeadGrouping(GroupDimension.Source, TimeBucket.Month, jerusalem);
        var byMonth = new LeadGrouping(GroupDimension.None, TimeBucket.Month, jerusalem);
        var set = LeadKpiSet.Create(KpiOptions.Default, bySourceAndMonth, byMonth);
        set.AddRange(records.AsSpan());

        // 23:30 UTC on 31 March is 1 April in Jerusalem (UTC+3 in summer time).
        Assert.Equal(["website 2024-04", "facebook 2024-04"], set.Snapshot().For(bySourceAndMonth).Groups.Select(g => g.Key.Label(encoding)));
        Assert.Equal(["2024-04"], set.Snapshot().For(byMonth).Groups.Select(g => g.Key.Label(encoding)));
    }

    [Fact]
    public void Segment_keys_need_the_attribute_they_were_encoded_from()
    {
        var (encoding, records) = Encode("industry");
        var bySegment = new LeadGrouping(GroupDimension.Segment);
        var set = LeadKpiSet.Create(KpiOptions.Default, bySegment);
        set.AddRange(records.AsSpan());
        var keys = set.Snapshot().For(bySegment).Groups.Select(g => g.Key).ToArray();

        Assert.Equal(["(none)", "retail"], keys.Select(k => k.Label(encoding, "industry")));
        var missing = Assert.Throws<ArgumentException>(() => keys[0].Label(encoding));
        Assert.Equal("segmentAttribute", missing.ParamName);
    }

    [Fact]
    public void A_key_from_another_encoding_is_refused_by_name()
    {
        var (_, records) = Encode();
        var set = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.BySource);
        set.AddRange(records.AsSpan());
        var key = set.Snapshot().For(LeadGrouping.BySource).Groups[^1].Key;

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => key.Label(new LeadEncoding()));
        Assert.Equal("id", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => key.Label(null!));
    }
}
