using FsCheck;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
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
        var whole = Feed(NewSet(), records).Snapshot();

        // Two "machines" serialize their partials; a third merges the bytes, in either order.
        var left = Feed(NewSet(), records.AsSpan(0, cut)).Serialize();
        var right = Feed(NewSet(), records.AsSpan(cut)).Serialize();
        var coordinator = NewSet();
        coordinator.MergeSerialized(right);
        coordinator.MergeSerialized(left);
        var mixed = Feed(NewSet(), records.AsSpan(0, cut));
        mixed.MergeSerialized(right);
        return coordinator.Snapshot().Equals(whole) && mixed.Snapshot().Equals(whole);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public bool A_round_trip_gives_the_same_bytes(Lead[] leads)
    {
        var set = Feed(NewSet(), Encode(leads));
        var bytes = set.Serialize();
        var copy = NewSet();
        copy.MergeSerialized(bytes);
        return bytes.AsSpan().SequenceEqual(copy.Serialize()) && copy.Snapshot().Equals(set.Snapshot());
    }

    [Fact]
    public void Every_lead_calculator_round_trips()
    {
        var records = SyntheticLeadRecords.Generate(3_000, seed: 11);
        void RoundTrip<T>(T calculator, Func<T, T> empty, Func<T, byte[]> serialize, Action<T, byte[]> merge, Func<T, object> snapshot)
        {
            Feed((ILeadSink)calculator!, records);
            var copy = empty(calculator);
            merge(copy, serialize(calculator));
            Assert.Equal(snapshot(calculator), snapshot(copy));
            Assert.Equal(serialize(calculator), serialize(copy));
        }

        RoundTrip(new VolumeCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(new FunnelCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(new ResponseTimeCalculator(Options.ResponseTime), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(new TimeToConversionCalculator(), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(new SalesCycleCalculator(P, P["Working"]), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(new LeadKpiCalculator(Options), c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(
            new GroupedCalculator<SalesCycleCalculator, SalesCycleResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, London), new SalesCycleCalculator()),
            c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
        RoundTrip(
            new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Campaign)),
            c => c.CreateEmpty(), c => c.Serialize(), (c, b) => c.MergeSerialized(b), c => c.Snapshot());
    }

    [Fact]
    public void Another_configuration_or_type_is_refused_and_changes_nothing()
    {
        var records = SyntheticLeadRecords.Generate(500, seed: 5);
        var bytes = Feed(NewSet(), records).Serialize();
        var receiver = Feed(NewSet(), records.AsSpan(0, 10));
        var before = receiver.Snapshot();

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
        Assert.Equal(before, receiver.Snapshot());
    }

    [Fact]
    public void A_grouping_of_a_calculator_that_cannot_serialize_says_so()
    {
        var grouped = new GroupedCalculator<Counter, long>(LeadGrouping.BySource, new Counter());
        Assert.Throws<NotSupportedException>(() => grouped.Serialize());
        Assert.Throws<NotSupportedException>(() => grouped.MergeSerialized(new VolumeCalculator().Serialize()));
    }

    [Fact]
    public void Equal_partials_give_equal_bytes_whatever_the_order_of_their_leads()
    {
        var records = SyntheticLeadRecords.Generate(2_000, seed: 3);
        var shuffled = records.ToArray();
        new Random(9).Shuffle(shuffled);
        Assert.Equal(Feed(NewSet(), records).Serialize(), Feed(NewSet(), shuffled).Serialize());
        var reps = new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment);
        Assert.Equal(Feed(new RepComparisonCalculator(reps), records).Serialize(), Feed(new RepComparisonCalculator(reps), shuffled).Serialize());
        var funnel = new GroupedCalculator<FunnelCalculator, FunnelResult>(new LeadGrouping(GroupDimension.Campaign, TimeBucket.Quarter, London), new FunnelCalculator());
        var copy = funnel.CreateEmpty();
        copy.MergeSerialized(Feed(funnel, records).Serialize());
        Assert.Equal(funnel.Snapshot(), copy.Snapshot());
    }

    [Fact]
    public void Damage_and_foreign_headers_are_refused()
    {
        var bytes = Feed(new LeadKpiCalculator(Options), SyntheticLeadRecords.Generate(200, seed: 1)).Serialize();
        var damaged = bytes.ToArray();
        damaged[bytes.Length / 2] ^= 0x10;
        var receiver = new LeadKpiCalculator(Options);
        Assert.Contains("checksum", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(damaged)).Message, StringComparison.Ordinal);

        var version = bytes.ToArray();
        version[CalculatorState.VersionOffset] = CalculatorState.Version + 1;
        CalculatorState.Seal(version);
        Assert.Contains($"format version {CalculatorState.Version + 1}", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(version)).Message, StringComparison.Ordinal);

        var magic = bytes.ToArray();
        magic[0] = (byte)'X';
        Assert.Contains("LMS1", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(magic)).Message, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Snapshot().Leads);
    }

    [Fact]
    public void A_merge_that_would_overflow_is_refused_before_anything_changes()
    {
        var receiver = Feed(new VolumeCalculator(), SyntheticLeadRecords.Generate(5, seed: 1));
        var bytes = Feed(new VolumeCalculator(), SyntheticLeadRecords.Generate(1, seed: 2)).Serialize();
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 16, 8), long.MaxValue - 1);
        CalculatorState.Seal(bytes);
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(bytes));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("overflow", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, receiver.Snapshot().Leads);
    }

    /// <summary>
    /// Bytes altered at random and re-sealed (so that the checksum does not hide the checks behind it): either refused
    /// with an ArgumentException naming state, the receiver unchanged, or accepted as counts some leads could give, whose
    /// snapshot and labels then work.
    /// </summary>
    [Fact]
    public void Altered_state_is_refused_or_yields_a_working_result()
    {
        var records = SyntheticLeadRecords.Generate(300, seed: 8);
        var random = new Random(20_261_123);
        void Fuzz(byte[] valid, Func<ILeadSink> newReceiver, Action<ILeadSink, byte[]> merge, Func<ILeadSink, string> text, int rounds)
        {
            var headerEnd = 64;
            for (var round = 0; round < rounds; round++)
            {
                var bytes = valid.ToArray();
                for (var flips = 1 + random.Next(3); flips > 0; flips--)
                {
                    bytes[headerEnd + random.Next(bytes.Length - 8 - headerEnd)] ^= (byte)(1 << random.Next(8));
                }

                CalculatorState.Seal(bytes);
                var receiver = Feed(newReceiver(), records.AsSpan(0, 5));
                var before = text(receiver);
                try
                {
                    merge(receiver, bytes);
                }
                catch (ArgumentException e)
                {
                    Assert.Equal("state", e.ParamName);
                    Assert.Equal(before, text(receiver));
                    continue;
                }

                _ = text(receiver); // accepted: the snapshot and its labels must work
            }
        }

        Fuzz(
            Feed(NewSet(), records).Serialize(),
            () => NewSet(),
            (r, b) => ((CalculatorSet<LeadKpiCalculator, LeadKpis>)r).MergeSerialized(b),
            r => string.Join(",", ((CalculatorSet<LeadKpiCalculator, LeadKpis>)r).Snapshot().Groupings.SelectMany(g => g.Groups.Select(x => $"{x.Key}={x.Result}#{x.Result.GetHashCode()}"))),
            400);
        var reps = new RepComparisonOptions(GroupDimension.Source, GroupDimension.Campaign);
        Fuzz(
            Feed(new RepComparisonCalculator(reps), records).Serialize(),
            () => new RepComparisonCalculator(reps),
            (r, b) => ((RepComparisonCalculator)r).MergeSerialized(b),
            r => string.Join(";", ((RepComparisonCalculator)r).Snapshot().Reps.Select(p => $"{p.Owner}:{p.Leads}/{p.Won}/{p.Lost}/{p.ExpectedWon}/{p.AdjustedRate}")),
            1_000);
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
