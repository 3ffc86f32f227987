using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// Partials encoded by different processes: with the encoding passed to Serialize and MergeSerialized, bytes of the
/// receiver's fingerprint merge as they are, bytes whose ids were given to other labels merge by label (format version
/// 4 carries the labels; see LabelMergeTests), and fingerprinted bytes of version 3, which carry no labels, are refused
/// when their fingerprint differs; configurations compare by value, alike for Merge and MergeSerialized.
/// </summary>
public class EncodingFingerprintTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly string[] Sources = ["website", "paid_search", "linkedin", "facebook", "partner", "conference", "webinar", "referral", "events", "direct", "email", "display"];

    // An encoding whose source ids 1..12 are the labels in this order, and which has encoded the given lead ids.
    private static LeadEncoding EncodingOf(IEnumerable<string> sources, int firstLead, int leads)
    {
        var encoding = new LeadEncoding();
        foreach (var source in sources)
        {
            encoding.Sources.Encode(source);
        }

        for (var i = 0; i < leads; i++)
        {
            encoding.Leads.Encode("L-" + (firstLead + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return encoding;
    }

    private static GroupedCalculator<LeadKpiCalculator, LeadKpis> BySource(ReadOnlySpan<LeadRecord> records)
    {
        var grouped = new GroupedCalculator<LeadKpiCalculator, LeadKpis>(LeadGrouping.BySource, new LeadKpiCalculator());
        grouped.AddRange(records);
        return grouped;
    }

    /// <summary>Rewrites version-4 bytes as version 3 wrote them: the 28-byte preamble, no labels section, re-sealed.</summary>
    internal static byte[] AsVersion3(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var typeLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.TypeLengthOffset..]);
        var configurationLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.ConfigurationLengthOffset..]);
        var labelsLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.LabelsLengthOffset..]);
        var texts = span.Slice(CalculatorState.PreambleBytes, typeLength + configurationLength);
        var state = span[(CalculatorState.PreambleBytes + typeLength + configurationLength + labelsLength)..^CalculatorState.ChecksumBytes];
        byte[] old = [.. span[..CalculatorState.PreambleBytesBeforeLabels], .. texts, .. state, .. new byte[CalculatorState.ChecksumBytes]];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(CalculatorState.VersionOffset), 3);
        CalculatorState.Seal(old);
        return old;
    }

    [Fact]
    public void Partials_of_the_same_labels_merge_as_they_are_and_other_labels_merge_by_label()
    {
        var records = SyntheticLeadRecords.Generate(300, seed: 4);
        var here = EncodingOf(Sources, 1, 300);
        var sameLabels = EncodingOf(Sources, 1, 300);
        var otherOrder = EncodingOf(Sources.Reverse(), 1, 300);
        var bytes = BySource(records).Serialize(sameLabels);

        var receiver = BySource(records.AsSpan(0, 0));
        receiver.MergeSerialized(bytes, here);
        Assert.Equal(BySource(records).Serialize(), receiver.Serialize());

        // The ids of otherOrder name the labels in reverse: each group lands on the id of its label here.
        var byLabel = BySource(records.AsSpan(0, 0));
        byLabel.MergeSerialized(BySource(records).Serialize(otherOrder), here);
        var original = BySource(records).Snapshot().Groups.ToDictionary(g => otherOrder.Sources.Decode(g.Key.DimensionId), g => g.Result);
        var remapped = byLabel.Snapshot().Groups.ToDictionary(g => here.Sources.Decode(g.Key.DimensionId), g => g.Result);
        Assert.Equal(original.OrderBy(p => p.Key, StringComparer.Ordinal), remapped.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.NotEqual(BySource(records).Serialize(), byLabel.Serialize());

        // Version 3 bytes carry only the fingerprint: of other labels, they are refused, unchanged.
        var refused = BySource(records.AsSpan(0, 10));
        var before = refused.Serialize();
        var error = Assert.Throws<ArgumentException>(() => refused.MergeSerialized(AsVersion3(BySource(records).Serialize(otherOrder)), here));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("encoded with other labels", error.Message, StringComparison.Ordinal);
        Assert.Contains("carries no labels to remap its ids by (format version 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, refused.Serialize());

        // Version 3 bytes of the same labels merge as before.
        var sameV3 = BySource(records.AsSpan(0, 0));
        sameV3.MergeSerialized(AsVersion3(BySource(records).Serialize(sameLabels)), here);
        Assert.Equal(BySource(records).Serialize(), sameV3.Serialize());
    }

    [Fact]
    public void Bytes_without_a_fingerprint_are_refused_when_the_receiver_asks_and_accepted_when_it_does_not()
    {
        var records = SyntheticLeadRecords.Generate(100, seed: 6);
        var encoding = EncodingOf(Sources, 1, 100);
        var receiver = BySource(records.AsSpan(0, 0));
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(BySource(records).Serialize(), encoding));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("carries no encoding fingerprint", error.Message, StringComparison.Ordinal);

        // Without an encoding the caller vouches for the ids: fingerprinted bytes merge too.
        receiver.MergeSerialized(BySource(records).Serialize(encoding));
        Assert.Equal(BySource(records).Serialize(), receiver.Serialize());
    }

    [Fact]
    public void The_fingerprint_covers_lead_ids_only_for_calculators_whose_state_holds_lead_keys()
    {
        // Two partitions with the same dimension labels but their own leads: lead KPI partials hold no lead keys and
        // merge as they are; money partials join revenue by lead key, and lead 1 of one process is not lead 1 of the
        // other: version 3 bytes are refused, version 4 bytes carry the lead ids and their keys are remapped.
        var records = SyntheticLeadRecords.Generate(50, seed: 8);
        var partitionA = EncodingOf(Sources, 1, 50);
        var partitionB = EncodingOf(Sources, 1_001, 50);
        BySource(records.AsSpan(0, 0)).MergeSerialized(AsVersion3(BySource(records).Serialize(partitionA)), partitionB);

        var finance = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd)).AddRange(records);
        var receiver = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd));
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(AsVersion3(finance.Serialize(partitionA)), partitionB));
        Assert.Contains("encoded with other labels", error.Message, StringComparison.Ordinal);
        receiver.MergeSerialized(finance.Serialize(partitionA), EncodingOf(Sources, 1, 50));
        Assert.Equal(finance.Serialize(), receiver.Serialize());

        // By label: A's leads L-1..L-50 are new to B, whose leads L-1001..L-1050 hold keys 1 to 50: they get 51 to 100.
        var intoB = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd));
        intoB.MergeSerialized(finance.Serialize(partitionA), partitionB);
        Assert.Equal(100, partitionB.Leads.Count - 1);
        Assert.Equal("L-1", partitionB.Leads.Decode(51));
        Assert.Equal(finance.Snapshot(), intoB.Snapshot());
    }

    [Fact]
    public void Attributes_and_label_spelling_are_part_of_the_fingerprint()
    {
        // Version 3 bytes (fingerprint, no labels) show what the fingerprint covers: a refusal is a difference.
        var a = EncodingOf(Sources, 1, 0);
        var b = EncodingOf(Sources, 1, 0);
        var bytes = AsVersion3(new VolumeCalculator().Serialize(a));
        new VolumeCalculator().MergeSerialized(bytes, b);
        b.Attribute("Industry").Encode("retail");
        Assert.Throws<ArgumentException>(() => new VolumeCalculator().MergeSerialized(bytes, b));
        a.Attribute("industry").Encode("retail");
        new VolumeCalculator().MergeSerialized(AsVersion3(new VolumeCalculator().Serialize(a)), b); // attribute names compare without case
        var c = EncodingOf(Sources.Select(s => s == "website" ? "Website" : s), 1, 0);
        Assert.Throws<ArgumentException>(() => new VolumeCalculator().MergeSerialized(AsVersion3(new VolumeCalculator().Serialize(c)), EncodingOf(Sources, 1, 0)));

        // Version 4 bytes of those encodings merge by label.
        new VolumeCalculator().MergeSerialized(new VolumeCalculator().Serialize(c), EncodingOf(Sources, 1, 0));
    }

    [Fact]
    public void Equal_options_built_separately_merge_alike_through_Merge_and_MergeSerialized()
    {
        static KpiOptions Build(Currency? currency = null)
        {
            var pipeline = Pipeline.Create([.. Pipeline.Default.Stages.Select(s => (s.Name, s.Kind))]);
            return new KpiOptions(
                pipeline,
                currency,
                new ResponseTimeOptions(businessHours: WorkingCalendar.Weekdays(London, new LocalTime(9, 0), new LocalTime(17, 0))),
                salesCycleStart: pipeline["Working"]);
        }

        var (first, second) = (Build(), Build());
        Assert.NotSame(first.Pipeline, second.Pipeline);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());

        var records = SyntheticLeadRecords.Generate(400, seed: 9);
        var whole = new LeadKpiCalculator(first).AddRange(records).Serialize();
        var merged = new LeadKpiCalculator(first).AddRange(records.AsSpan(0, 150));
        merged.Merge(new LeadKpiCalculator(second).AddRange(records.AsSpan(150)));
        Assert.Equal(whole, merged.Serialize());
        var serialized = new LeadKpiCalculator(second).AddRange(records.AsSpan(150));
        serialized.MergeSerialized(new LeadKpiCalculator(first).AddRange(records.AsSpan(0, 150)).Serialize());
        Assert.Equal(whole, serialized.Serialize());

        var set = LeadKpiSet.Create(first, LeadGrouping.Total, LeadGrouping.BySource);
        var other = LeadKpiSet.Create(second, LeadGrouping.Total, LeadGrouping.BySource);
        other.AddRange(records);
        set.Merge(other);
        Assert.Equal(other.Serialize(), set.Serialize());

        // Other options are refused alike: Merge naming other, MergeSerialized naming state.
        var euro = new LeadKpiCalculator(Build(Currency.Eur));
        Assert.NotEqual(first, euro.Options);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => euro.Merge(new LeadKpiCalculator(first))).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => euro.MergeSerialized(whole)).ParamName);
        var otherStart = new KpiOptions(first.Pipeline, responseTime: first.ResponseTime, salesCycleStart: first.Pipeline["Qualified"]);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => new LeadKpiCalculator(otherStart).Merge(new LeadKpiCalculator(first))).ParamName);
    }
}
