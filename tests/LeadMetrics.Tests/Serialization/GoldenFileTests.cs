using System.Buffers.Binary;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// Golden files (as Apache DataSketches keeps them across versions): the serialized state of every serializable type
/// in today's format version, from fixed inputs, under golden/. Each file is read back by this build, re-serializes to
/// the same bytes, and equals what this build writes from the same inputs, so a change of the byte layout fails here
/// until the format version is raised and the files of the new version are added beside the old ones. To write the
/// files of a new version, run the tests once with LEADMETRICS_WRITE_GOLDEN=1 and commit them.
/// </summary>
public class GoldenFileTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static TheoryData<string> Names => [.. Cases().Select(c => c.Name), "DurationSketch"];

    private static IEnumerable<(string Name, Func<ISerializableCalculator> Create, Action<ISerializableCalculator> Feed)> Cases()
    {
        var records = SyntheticLeadRecords.Generate(40, seed: 2024);
        var options = new KpiOptions(
            salesCycleStart: Pipeline.Default["Working"],
            responseTime: new ResponseTimeOptions(businessHours: WorkingCalendar.Weekdays(London, new LocalTime(9, 0), new LocalTime(17, 0))));
        yield return ("VolumeCalculator", () => new VolumeCalculator(), c => ((VolumeCalculator)c).AddRange(records));
        yield return ("LeadKpiCalculator", () => new LeadKpiCalculator(options), c => ((LeadKpiCalculator)c).AddRange(records));
        yield return ("CalculatorSet", () => LeadKpiSet.Create(options, LeadGrouping.Total, new LeadGrouping(GroupDimension.Campaign, TimeBucket.Quarter, London)), c => ((CalculatorSet<LeadKpiCalculator, LeadKpis>)c).AddRange(records));
        yield return ("RepComparisonCalculator", () => new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Campaign)), c => ((RepComparisonCalculator)c).AddRange(records));
        var facts = MoneySerializationTests.Facts.Fixed(40);
        foreach (var (name, create, feed) in MoneySerializationTests.Calculators(0))
        {
            yield return (create().GetType().Name, create, c => feed(c, facts, _ => true));
        }
    }

    private static DurationSketch Sketch()
    {
        var sketch = new DurationSketch(0.02);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            sketch.Add(Duration.FromTicks(i % 17 == 0 ? 0 : random.NextInt64(1, 10_000_000_000)));
        }

        return sketch;
    }

    private static string PathOf(string name) =>
        System.IO.Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", $"v{CalculatorState.Version}", name + ".bin");

    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_this_version_is_read_and_written_alike(string name)
    {
        byte[] written;
        Func<byte[], byte[]> roundTrip;
        if (name == "DurationSketch")
        {
            written = Sketch().Serialize();
            roundTrip = bytes => DurationSketch.Deserialize(bytes).Serialize();
        }
        else
        {
            var (_, create, feed) = Cases().Single(c => c.Name == name);
            var calculator = create();
            feed(calculator);
            written = calculator.Serialize();
            roundTrip = bytes =>
            {
                var copy = create();
                copy.MergeSerialized(bytes);
                return copy.Serialize();
            };
        }

        var path = PathOf(name);
        if (Environment.GetEnvironmentVariable("LEADMETRICS_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, written);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with LEADMETRICS_WRITE_GOLDEN=1 and commit it.");
        var golden = File.ReadAllBytes(path);
        Assert.Equal(CalculatorState.Magic, BinaryPrimitives.ReadInt32LittleEndian(golden));
        Assert.Equal(CalculatorState.Version, BinaryPrimitives.ReadInt32LittleEndian(golden.AsSpan(CalculatorState.VersionOffset)));
        Assert.Equal(golden, roundTrip(golden));
        Assert.True(golden.AsSpan().SequenceEqual(written), $"{name}: this build writes other bytes than the golden file of format version {CalculatorState.Version}; raise the version if the layout changed on purpose.");
    }

    /// <summary>
    /// Format version 2 (before issue 16 item 4 added each lead's creation and outcome and each group's customer revenue
    /// to the money calculator's state) is still read: every type but the money and attribution calculators reads it
    /// into the state this build writes from the same inputs; those two read it with the customer
    /// revenue unknown (null) and every other figure as in one pass.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_version_2_is_still_read(string name)
    {
        var path = System.IO.Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", "v2", name + ".bin");
        var v2 = File.ReadAllBytes(path);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(v2.AsSpan(CalculatorState.VersionOffset)));
        if (name == "DurationSketch")
        {
            Assert.Equal(Sketch().Serialize(), DurationSketch.Deserialize(v2).Serialize());
            return;
        }

        var (_, create, feed) = Cases().Single(c => c.Name == name);
        var fresh = create();
        feed(fresh);
        var read = create();
        read.MergeSerialized(v2);
        if (read is not (global::LeadMetrics.Finance.FinanceCalculator or global::LeadMetrics.Attribution.AttributionCalculator))
        {
            Assert.Equal(fresh.Serialize(), read.Serialize());
            return;
        }

        var (expected, actual) = read is global::LeadMetrics.Finance.FinanceCalculator f
            ? (((global::LeadMetrics.Finance.FinanceCalculator)fresh).Snapshot(), f.Snapshot())
            : (((global::LeadMetrics.Attribution.AttributionCalculator)fresh).Snapshot(), ((global::LeadMetrics.Attribution.AttributionCalculator)read).Snapshot());
        Assert.NotEmpty(actual.Groups);
        Assert.All(actual.Groups, g => Assert.Null(g.Result.CustomerRevenue));
        Assert.Null(actual.Total.CustomerRevenue);
        Assert.Equal(
            expected.Groups.Select(g => (g.Key, global::LeadMetrics.Tests.Finance.FinanceSums.Of(g.Result) with { CustomerRevenue = null })),
            actual.Groups.Select(g => (g.Key, global::LeadMetrics.Tests.Finance.FinanceSums.Of(g.Result))));
        Assert.Equal(expected.UnmatchedRevenue, actual.UnmatchedRevenue);

        // Merged with version 3 state, a group's customer revenue stays unknown: it cannot be half known.
        read.MergeSerialized(create().Serialize());
        Assert.Null((read is global::LeadMetrics.Finance.FinanceCalculator f2 ? f2.Snapshot() : ((global::LeadMetrics.Attribution.AttributionCalculator)read).Snapshot()).Total.CustomerRevenue);
    }

    /// <summary>
    /// Format version 3 (before issue 20 (a) added the labels section to the preamble and the bytes) is still read: every
    /// type reads it into the state this build writes from the same inputs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void The_golden_file_of_version_3_is_still_read(string name)
    {
        var path = System.IO.Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", "v3", name + ".bin");
        var v3 = File.ReadAllBytes(path);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(v3.AsSpan(CalculatorState.VersionOffset)));
        if (name == "DurationSketch")
        {
            Assert.Equal(Sketch().Serialize(), DurationSketch.Deserialize(v3).Serialize());
            return;
        }

        var (_, create, feed) = Cases().Single(c => c.Name == name);
        var fresh = create();
        feed(fresh);
        var read = create();
        read.MergeSerialized(v3);
        Assert.Equal(fresh.Serialize(), read.Serialize());
    }

    // The encoding behind the fixed inputs' ids: labels for every id they use, and lead ids for the money calculators.
    private static LeadMetrics.Encoding.LeadEncoding LabelsOfFixedInputs()
    {
        var encoding = new LeadMetrics.Encoding.LeadEncoding();
        for (var i = 1; i <= 40; i++)
        {
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            encoding.Sources.Encode("source-" + n);
            encoding.Campaigns.Encode("campaign-" + n);
            encoding.Owners.Encode("owner-" + n);
            encoding.Channels.Encode("channel-" + n);
        }

        for (var i = 1; i <= 400; i++)
        {
            encoding.Leads.Encode("L-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return encoding;
    }

    /// <summary>
    /// Golden files of format version 4 with labels (serialized with an encoding, under golden/v4/labelled/): read back
    /// with the same labels they give the same bytes; read into an encoding that has the labels in reverse order, then
    /// written with it and read back into the original labels, they give the same bytes too (the ids went through the
    /// labels both ways); and this build writes the same bytes from the same inputs.
    /// </summary>
    [Theory]
    [InlineData("CalculatorSet")]
    [InlineData("RepComparisonCalculator")]
    [InlineData("FinanceCalculator")]
    [InlineData("AttributedLifetimeValueCalculator")]
    public void The_golden_file_with_labels_is_read_and_written_alike(string name)
    {
        var (_, create, feed) = Cases().Single(c => c.Name == name);
        var calculator = create();
        feed(calculator);
        var encoding = LabelsOfFixedInputs();
        var written = calculator.Serialize(encoding);
        var path = System.IO.Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Serialization", "golden", $"v{CalculatorState.Version}", "labelled", name + ".bin");
        if (Environment.GetEnvironmentVariable("LEADMETRICS_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, written);
        }

        var golden = File.ReadAllBytes(path);
        Assert.True(golden.AsSpan().SequenceEqual(written), $"{name}: this build writes other labelled bytes than the golden file");
        var same = create();
        same.MergeSerialized(golden, LabelsOfFixedInputs());
        Assert.Equal(golden, same.Serialize(encoding));

        var reversed = new LeadMetrics.Encoding.LeadEncoding();
        foreach (var (from, to) in new[] { (encoding.Sources, reversed.Sources), (encoding.Campaigns, reversed.Campaigns), (encoding.Owners, reversed.Owners), (encoding.Channels, reversed.Channels), (encoding.Leads, reversed.Leads) })
        {
            for (var id = from.Count - 1; id >= 1; id--)
            {
                to.Encode(from.Decode(id));
            }
        }

        var there = create();
        there.MergeSerialized(golden, reversed);
        var thereBytes = there.Serialize(reversed);
        Assert.False(golden.AsSpan().SequenceEqual(thereBytes));
        var back = create();
        back.MergeSerialized(thereBytes, LabelsOfFixedInputs());
        Assert.Equal(golden, back.Serialize(encoding));
    }

    [Fact]
    public void Version_1_bytes_are_refused_by_name()
    {
        // Format version 1 (before the preamble) started with "LMS1" and the int32 1: this build names the version.
        byte[] old = [.. "LMS1"u8, 1, 0, 0, 0, .. new byte[40]];
        var error = Assert.Throws<ArgumentException>(() => new VolumeCalculator().MergeSerialized(old));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("format version 1; this build reads versions 2 to 4", error.Message, StringComparison.Ordinal);
    }
}
