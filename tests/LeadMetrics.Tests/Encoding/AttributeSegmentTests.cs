using LeadMetrics.Encoding;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Encoding;

/// <summary>A segment is the value of an attribute: equal values share a segment, and attribute names are trimmed.</summary>
public class AttributeSegmentTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    [Fact]
    public void Equal_attribute_values_share_a_segment_and_names_are_trimmed()
    {
        var encoding = new LeadEncoding();
        var a = LeadRecord.FromLead(new Lead(new LeadId("A"), T0, attributes: [new("size", 1.0m)]), encoding, "size");
        var b = LeadRecord.FromLead(new Lead(new LeadId("B"), T0, attributes: [new("size", 1.00m)]), encoding, "size ");
        Assert.Equal(a.Segment, b.Segment);
        Assert.Same(encoding.Attribute("size"), encoding.Attribute(" size "));
    }
}
