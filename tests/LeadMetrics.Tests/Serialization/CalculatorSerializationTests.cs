using FsCheck;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Performance;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Calculators;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// Serialize and MergeSerialized (partials shipped between machines): merging serialized partials equals merging the
/// calculators and one pass over all leads; a round trip gives the same bytes; bytes of another configuration, type
/// or a truncated copy are refused with an ArgumentException naming "state" and leave the receiver unchanged.
/// </summary>
public class CalculatorSerializationTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Pipeline P = Pipeline.Default;
    private static readonly KpiOptions Options = new(
        salesCycleStart: P["Working"],
        responseTime: new ResponseTimeOptions(businessHours: WorkingCalendar.Weekdays(London, new LocalTime(9, 0), new LocalTime(17, 0))));

    private static CalculatorSet<LeadKpiCalculator, LeadKpis> NewSet(KpiOptions? options = null) => LeadKpiSet.Create(
        options ?? Options, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London), new LeadGrouping(bucket: TimeBucket.HourOfDay, zone: London));

    private static LeadRecord[] Encode(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        return [.. leads.Select(l => LeadRecord.FromLead(l, encoding))];
    }

    private static T Feed<T>(T sink, ReadOnlySpan<LeadRecord> records)
        where T : ILeadSink
    {
        foreach (ref readonly var r in records)
        {
            sink.Add(r);
        }

        return sink;
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool Merging_serialized_partials_equals_one_pass(Lead[] leads, PositiveInt seed)
    {
        var records = Encode(leads);
        var cut = new Random(seed.Get).Next(records.Length + 1);
        var whole = Fingerprint.Of(Feed(NewSet(), records).Snapshot());

        // Two "machines" serialize their partials; a third merges the bytes, in either order.
        var left = Feed(NewSet(), records.AsSpan(0, cut)).Serialize();
        var right = Feed(NewSet(), records.AsSpan(cut)).Serialize();
        var coordinator = NewSet();
        coordinator.MergeSerialized(right);
        coordinator.MergeSerialized(left);
        var mixed = Feed(NewSet(), records.AsSpan(0, cut));
        mixed.MergeSerialized(right);
        return Fingerprint.Of(coordinator.Snapshot()) == whole && Fingerprint.Of(mixed.Snapshot()) == whole;
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool A_round_trip_gives_the_same_bytes(Lead[] leads)
    {
        var set = Feed(NewSet(), Encode(leads));
        var bytes = set.Serialize();
        var copy = NewSet();
        copy.MergeSerialized(bytes);
        return bytes.AsSpan().SequenceEqual(copy.Serialize()) && Fingerprint.Of(copy.Snapshot()) == Fingerprint.Of(set.Snapshot());
    }

    [Fact]
    public void Every_lead_calculator_round_trips()
    {
        var records = SyntheticLeadRecords.Generate(3_000, seed: 11);
        void RoundTrip<T>(T calculator, Func<T, T> empty, Func<T, byte[]> serialize, Action<T, byte[]> merge, Func<T, string> text)
        {
            Feed((ILeadSink)calculator!, records);
            var copy = empty(calculator);
            merge(copy, serialize(calculator));
            Assert.Equal(text(calculator), text(copy));
            Assert.Equal(serialize(calculator), serialize(copy));
        }

        RoundTrip(new VolumeCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot().Leads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        RoundTrip(new FunnelCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot()));
        RoundTrip(new ResponseTimeCalculator(Options.ResponseTime), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot()));
        RoundTrip(new TimeToConversionCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot()));
        RoundTrip(new SalesCycleCalculator(P, P["Working"]), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot()));
        RoundTrip(new LeadKpiCalculator(Options), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot()));
        RoundTrip(
            new GroupedCalculator<SalesCycleCalculator, SalesCycleResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, London), new SalesCycleCalculator()),
            c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => Fingerprint.Of(c.Snapshot(), Fingerprint.Of));
        RoundTrip(
            new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Campaign)),
            c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => string.Join(";", c.Snapshot().Reps.Select(r => $"{r.Owner}:{r.Won}/{r.ExpectedWon}")));
    }

    [Fact]
    public void Another_configuration_or_type_is_refused_and_changes_nothing()
    {
        var records = SyntheticLeadRecords.Generate(500, seed: 5);
        var bytes = Feed(NewSet(), records).Serialize();
        var receiver = Feed(NewSet(), records.AsSpan(0, 10));
        var before = Fingerprint.Of(receiver.Snapshot());

        // Other response targets: the same shape of state, another meaning.
        var otherTargets = NewSet(new KpiOptions(salesCycleStart: P["Working"], responseTime: new ResponseTimeOptions([Duration.FromMinutes(10), Duration.FromHours(1)])));
        var error = Assert.Throws<ArgumentException>(() => otherTargets.MergeSerialized(bytes));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("configuration", error.Message, StringComparison.Ordinal);

        // Another type.
        error = Assert.Throws<ArgumentException>(() => new FunnelCalculator().MergeSerialized(new VolumeCalculator().Serialize()));
        Assert.Contains("is a VolumeCalculator, not a FunnelCalculator", error.Message, StringComparison.Ordinal);

        // Not serialized state at all.
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized([1, 2, 3])).ParamName);

        // Every truncation is refused with an ArgumentException, never another exception, and the receiver is unchanged.
        for (var length = 0; length < bytes.Length; length += 1 + (length / 50))
        {
            var cut = bytes.AsSpan(0, length).ToArray();
            Assert.Equal("state", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(cut)).ParamName);
        }

        Assert.Equal("state", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized([.. bytes, 0])).ParamName);
        Assert.Equal(before, Fingerprint.Of(receiver.Snapshot()));
    }

    [Fact]
    public void A_grouping_of_a_calculator_that_cannot_serialize_says_so()
    {
        var grouped = new GroupedCalculator<Counter, long>(LeadGrouping.BySource, new Counter());
        Assert.Throws<NotSupportedException>(() => grouped.Serialize());
    }

    // A caller's own calculator, which has no serialized form.
    private sealed class Counter : ILeadCalculator<Counter, long>
    {
        private long _count;

        public void Add(in LeadRecord lead) => _count++;

        public void Merge(Counter other) => _count += other._count;

        public long Snapshot() => _count;

        public Counter CreateEmpty() => new();
    }
}
