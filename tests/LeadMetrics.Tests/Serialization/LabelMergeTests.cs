using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// Merge by label (issue 20 (a), format version 4): partitions encoded by different processes give the same labels
/// other ids; their bytes carry their labels, and MergeSerialized with the receiver's encoding remaps the ids through
/// them, so the merge equals one pass over all the data: byte for byte when the receiver's encoding gives the labels
/// the one pass's ids, by label otherwise; in any order and grouping of the merges. Labels that cannot be reconciled
/// (two labels of the state that are one label here, a roster of other owners) and other configurations are refused
/// with an error that names what differs, and a refused merge changes neither the receiver nor its encoding.
/// </summary>
public class LabelMergeTests
{
    private const string Segment = "industry";
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly string[] Channels = ["email", "ads", "event", "call"];
    private static readonly LifetimeValueOptions Ltv = new(Currency.Usd, horizonMonths: 6, observedUntil: new LocalDate(2025, 12, 31));

    private static CalculatorSet<LeadKpiCalculator, LeadKpis> NewSet() => LeadKpiSet.Create(
        new KpiOptions(salesCycleStart: Pipeline.Default["Working"]),
        LeadGrouping.Total,
        LeadGrouping.BySource,
        new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London),
        new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London),
        new LeadGrouping(GroupDimension.Segment));

    private static RepComparisonCalculator NewReps() => new(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment));

    /// <summary>One process's partial: its own encoding, its leads in its own order, all the lead KPIs and money calculators over them.</summary>
    private sealed class Part
    {
        internal Part(IEnumerable<Lead> leads, LeadEncoding encoding, bool withCosts, params string[] strangers)
        {
            Encoding = encoding;
            foreach (var lead in leads)
            {
                var record = LeadRecord.FromLead(lead, encoding, Segment);
                Set.Add(record);
                Reps.Add(record);
                Finance.Add(record);
                Lifetime.Add(record);
                var touches = TouchesOf(lead, record.Lead, encoding);
                Attribution.Add(record, touches);
                Attributed.Add(record, touches);
                foreach (var revenue in RevenueOf(lead, record.Lead))
                {
                    Finance.AddRevenue(revenue);
                    Lifetime.AddRevenue(revenue);
                    Attributed.AddRevenue(revenue);
                }
            }

            // Revenue of leads no part has: pending in this part, unmatched after the merge, under their lead labels.
            foreach (var label in strangers)
            {
                var stranger = new RevenueEvent(encoding.Leads.Encode(label), Instant.FromUtc(2025, 2, 1, 0, 0), new Money(12.5m, Currency.Usd));
                Finance.AddRevenue(stranger);
                Lifetime.AddRevenue(stranger);
                Attributed.AddRevenue(stranger);
            }

            if (withCosts)
            {
                // Costs are not per lead: added once, in one part (as the report grain does).
                foreach (var (source, i) in LeadGenerators.Sources.Select((s, i) => (s, i)))
                {
                    var (from, to, amount) = (new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 10 + i), new Money(100m + i, Currency.Usd));
                    Finance.AddCost(new CostEvent(encoding.Sources.Encode(source), from, to, amount));

                    // Attribution reads a cost's source as a touchpoint channel: encoded with the channels.
                    Attribution.AddCost(new CostEvent(encoding.Channels.Encode(source), from, to, amount));
                }
            }
        }

        internal LeadEncoding Encoding { get; }

        internal CalculatorSet<LeadKpiCalculator, LeadKpis> Set { get; } = NewSet();

        internal RepComparisonCalculator Reps { get; } = NewReps();

        internal FinanceCalculator Finance { get; } = new(LeadGrouping.BySource, new FinanceOptions(Currency.Usd));

        internal LifetimeValueCalculator Lifetime { get; } = new(LeadGrouping.BySource, Ltv);

        internal AttributionCalculator Attribution { get; } = new(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), new FinanceOptions(Currency.Usd));

        internal AttributedLifetimeValueCalculator Attributed { get; } = new(LeadGrouping.BySource, new AttributionOptions(AttributionModel.Linear), Ltv);

        internal ISerializableCalculator[] All => [Set, Reps, Finance, Lifetime, Attribution, Attributed];

        internal byte[][] Serialize() => [.. All.Select(c => c.Serialize(Encoding))];
    }

    private static Lead[] SomeLeads() => [.. LeadGenerators.Lead.Sample(50, 80).DistinctBy(l => l.Id)];

    private static Lead[] Distinct(Lead[] leads) => [.. leads.DistinctBy(l => l.Id)];

    // A lead's touchpoints: a deterministic few, channels and actors encoded by the part's own encoding.
    private static TouchpointEvent[] TouchesOf(Lead lead, int key, LeadEncoding encoding)
    {
        var n = Math.Abs(lead.Id.Value.GetHashCode(StringComparison.Ordinal) % 3);
        return [.. Enumerable.Range(0, n).Select(i => new TouchpointEvent(
            key,
            lead.CreatedAt.Minus(Duration.FromHours(i + 1)),
            encoding.Channels.Encode(Channels[(lead.Id.Value.Length + i) % Channels.Length]),
            TouchpointKind.Email,
            TouchpointDirection.Outbound,
            encoding.Campaigns.Encode(lead.Campaign),
            encoding.Owners.Encode(lead.Owner)))];
    }

    private static IEnumerable<RevenueEvent> RevenueOf(Lead lead, int key)
    {
        if (lead.Outcome == LeadOutcome.Won && lead.ClosedAt is { } closed)
        {
            yield return new RevenueEvent(key, closed.Plus(Duration.FromDays(3)), new Money(10m + (lead.Id.Value.Length % 7), Currency.Usd));
        }
    }

    // An encoding that has seen the labels of another in another order first, so that equal labels get other ids.
    private static LeadEncoding Scrambled(Random random)
    {
        var encoding = new LeadEncoding();
        foreach (var source in LeadGenerators.Sources.OrderBy(_ => random.Next()).Take(random.Next(LeadGenerators.Sources.Length + 1)))
        {
            encoding.Sources.Encode(source);
        }

        foreach (var owner in LeadGenerators.Owners.OrderBy(_ => random.Next()).Take(random.Next(3)))
        {
            encoding.Owners.Encode(owner);
        }

        foreach (var channel in Channels.OrderBy(_ => random.Next()))
        {
            encoding.Channels.Encode(channel);
        }

        return encoding;
    }

    /// <summary>A copy of an encoding: the same labels with the same ids, dimension by dimension (or in reverse order).</summary>
    internal static LeadEncoding CopyOf(LeadEncoding encoding, bool reverse = false)
    {
        var copy = new LeadEncoding();
        void Copy(DimensionEncoder from, DimensionEncoder to)
        {
            for (var id = 1; id < from.Count; id++)
            {
                Assert.Equal(id, to.Encode(from.Decode(reverse ? from.Count - id : id)));
            }
        }

        Copy(encoding.Leads, copy.Leads);
        Copy(encoding.Sources, copy.Sources);
        Copy(encoding.Campaigns, copy.Campaigns);
        Copy(encoding.Owners, copy.Owners);
        Copy(encoding.Channels, copy.Channels);
        foreach (var name in encoding.AttributeNames)
        {
            Copy(encoding.Attribute(name), copy.Attribute(name));
        }

        return copy;
    }

    private static (Part Whole, Part[] Parts) Partition(Lead[] leads, int seed, int count)
    {
        var random = new Random(seed);
        var side = leads.Select(_ => random.Next(count)).ToArray();

        // The one pass: one process, every lead and the revenue of every part's stranger. Its encoding has every label
        // the parts' encodings may have (they encode some unused ones too), so that a receiver with its labels gains none.
        var everyLabel = new LeadEncoding();
        foreach (var (labels, encoder) in new[] { (LeadGenerators.Sources, everyLabel.Sources), (LeadGenerators.Owners, everyLabel.Owners), (Channels, everyLabel.Channels), (LeadGenerators.Sources, everyLabel.Channels) })
        {
            foreach (var label in labels)
            {
                encoder.Encode(label);
            }
        }

        var whole = new Part(leads, everyLabel, withCosts: true, [.. Enumerable.Range(0, count).Select(Stranger)]);
        var parts = new Part[count];
        for (var p = 0; p < count; p++)
        {
            var mine = leads.Where((_, i) => side[i] == p).OrderBy(_ => random.Next()).ToArray();
            parts[p] = new Part(mine, Scrambled(random), withCosts: p == 0, Stranger(p));
        }

        return (whole, parts);
    }

    private static string Stranger(int part) => "L-stranger-" + part.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Merges partials (each a part's bytes, calculator by calculator) into empty calculators with one encoding.
    private static byte[][] MergeAll(LeadEncoding receiverEncoding, IEnumerable<byte[][]> partials)
    {
        var calculators = new Part([], new LeadEncoding(), withCosts: false).All; // no facts: the empty calculators
        foreach (var bytes in partials)
        {
            for (var c = 0; c < calculators.Length; c++)
            {
                calculators[c].MergeSerialized(bytes[c], receiverEncoding);
            }
        }

        return [.. calculators.Select(c => c.Serialize(receiverEncoding))];
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 40)]
    public void Partitions_encoded_independently_merge_by_label_to_one_pass(Lead[] leads, PositiveInt seed)
    {
        leads = Distinct(leads);
        var (whole, parts) = Partition(leads, seed.Get, 3);

        var expected = whole.Serialize();
        var partials = parts.Select(p => p.Serialize()).ToArray();

        // In any order, into an encoding with the one pass's labels and ids: the one pass's bytes.
        foreach (var order in new[] { new[] { 0, 1, 2 }, [2, 1, 0], [1, 0, 2] })
        {
            var merged = MergeAll(CopyOf(whole.Encoding), order.Select(i => partials[i]));
            for (var c = 0; c < expected.Length; c++)
            {
                Assert.True(expected[c].AsSpan().SequenceEqual(merged[c]), $"calculator {c} ({whole.All[c].GetType().Name}), order {string.Join(",", order)}: merged bytes differ from one pass");
            }
        }

        // Grouped otherwise: (0 + 1) in a process of its own encoding, its bytes merged with 2's.
        var firstTwo = new LeadEncoding();
        var pair = MergeAll(firstTwo, [partials[0], partials[1]]);
        var associated = MergeAll(CopyOf(whole.Encoding), [partials[2], pair]);
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.True(expected[c].AsSpan().SequenceEqual(associated[c]), $"calculator {c}: (0 + 1) + 2 differs from one pass");
        }

        // Into an empty encoding: the labels get new ids, the report by label is the one pass's.
        var empty = new LeadEncoding();
        var fresh = new Part([], new LeadEncoding(), withCosts: false);
        foreach (var bytes in partials)
        {
            fresh.Set.MergeSerialized(bytes[0], empty);
        }

        Assert.Equal(ByLabel(whole.Set.Snapshot(), whole.Encoding), ByLabel(fresh.Set.Snapshot(), empty));
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 30)]
    public void A_round_trip_through_another_encoding_gives_the_same_report_and_back_the_same_bytes(Lead[] leads, PositiveInt seed)
    {
        leads = Distinct(leads);
        var part = new Part(leads, Scrambled(new Random(seed.Get)), withCosts: true, "L-stranger");
        var bytes = part.Serialize();

        // Into an encoding of the same labels with other ids (in reverse), and back into one with the part's own ids.
        var other = CopyOf(part.Encoding, reverse: true);
        var there = MergeAll(other, [bytes]);
        var back = MergeAll(CopyOf(part.Encoding), [there]);
        for (var c = 0; c < bytes.Length; c++)
        {
            Assert.True(bytes[c].AsSpan().SequenceEqual(back[c]), $"calculator {c}: the round trip through another encoding changed the bytes");
        }
    }

    // A grouped result by label: every grouping's groups as (label, result), in label order.
    private static List<(string Grouping, string Label, LeadKpis Result)> ByLabel(CalculatorSetResult<LeadKpis> result, LeadEncoding encoding) =>
        [.. result.Groupings.SelectMany(g => g.Groups.Select(x => (g.Grouping.ToString(), x.Key.Label(encoding, Segment), x.Result)))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal)];

    [Fact]
    public void A_refused_merge_by_label_changes_neither_the_receiver_nor_its_encoding()
    {
        var leads = SomeLeads();
        var part = new Part(leads.Take(40), Scrambled(new Random(1)), withCosts: false);
        var receiverEncoding = new LeadEncoding();
        var receiver = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd));
        receiver.MergeSerialized(part.Finance.Serialize(part.Encoding), receiverEncoding);
        var (before, sources, leadCount) = (receiver.Serialize(receiverEncoding), receiverEncoding.Sources.Count, receiverEncoding.Leads.Count);

        // The same leads again: a repeated lead, refused; the labels it would have added are not added.
        var again = new Part(leads.Take(45), Scrambled(new Random(2)), withCosts: false);
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(again.Finance.Serialize(again.Encoding), receiverEncoding));
        Assert.Equal("state", error.ParamName);
        Assert.Equal(before, receiver.Serialize(receiverEncoding));
        Assert.Equal((sources, leadCount), (receiverEncoding.Sources.Count, receiverEncoding.Leads.Count));
    }

    [Fact]
    public void Labels_that_are_one_label_in_the_receiver_are_refused_by_name()
    {
        var part = new LeadEncoding();
        var (google, bigGoogle) = (part.Sources.Encode("google"), part.Sources.Encode("Google"));
        var calculator = new GroupedCalculator<VolumeCalculator, VolumeResult>(LeadGrouping.BySource, new VolumeCalculator());
        calculator.Add(new LeadRecord(1, Instant.FromUtc(2024, 1, 1, 0, 0), google, 0, 0));
        calculator.Add(new LeadRecord(2, Instant.FromUtc(2024, 1, 1, 0, 0), bigGoogle, 0, 0));
        var folding = new LeadEncoding(StringComparer.OrdinalIgnoreCase);
        var receiver = calculator.CreateEmpty();
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(calculator.Serialize(part), folding));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("source labels \"google\" and \"Google\" are one label in this encoding", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, folding.Sources.Count);
    }

    [Fact]
    public void Attribute_labels_that_are_one_label_in_the_receiver_are_refused_when_it_lacks_the_attribute()
    {
        // The receiver has no "industry" encoder yet: the one the merge would create folds case as the encoding does.
        var part = new LeadEncoding();
        var (retail, bigRetail) = (part.Attribute("industry").Encode("retail"), part.Attribute("industry").Encode("Retail"));
        var calculator = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Segment), new VolumeCalculator());
        calculator.Add(new LeadRecord(1, Instant.FromUtc(2024, 1, 1, 0, 0), segment: retail));
        calculator.Add(new LeadRecord(2, Instant.FromUtc(2024, 1, 1, 0, 0), segment: bigRetail));
        var folding = new LeadEncoding(StringComparer.OrdinalIgnoreCase);
        var receiver = calculator.CreateEmpty();
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(calculator.Serialize(part), folding));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("labels \"retail\" and \"Retail\" are one label in this encoding", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Snapshot().Groups);
    }

    [Fact]
    public void Labels_that_differ_only_by_surrounding_space_are_one_label()
    {
        // An encoder trims what it encodes; labels in bytes are compared the same way: " google" in hand-made (or
        // damaged) bytes is google, and two such spellings of one label in a state are refused naming state.
        var calculator = new GroupedCalculator<VolumeCalculator, VolumeResult>(LeadGrouping.BySource, new VolumeCalculator());
        calculator.Add(new LeadRecord(1, Instant.FromUtc(2024, 1, 1, 0, 0), 1, 0, 0));
        byte[] Bytes(params string[] sources) =>
            CalculatorState.Serialize(calculator, 12_345, new StateLabels([(StateLabels.Sources, sources)]));

        var receiver = new LeadEncoding();
        receiver.Sources.Encode("bing");
        receiver.Sources.Encode("google");
        var merged = calculator.CreateEmpty();
        merged.MergeSerialized(Bytes(" google "), receiver);
        Assert.Equal(2, merged.Snapshot().Groups.Single().Key.DimensionId);

        var error = Assert.Throws<ArgumentException>(() => calculator.CreateEmpty().MergeSerialized(Bytes("google", " google"), new LeadEncoding()));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("are one label in this encoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_configurations_are_refused_naming_what_differs()
    {
        var bytes = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd)).Serialize(new LeadEncoding());
        var euro = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Eur));
        var error = Assert.Throws<ArgumentException>(() => euro.MergeSerialized(bytes, new LeadEncoding()));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("its configuration differs", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);

        var byCampaign = new FinanceCalculator(new LeadGrouping(GroupDimension.Campaign), new FinanceOptions(Currency.Usd));
        error = Assert.Throws<ArgumentException>(() => byCampaign.MergeSerialized(bytes));
        Assert.Contains("grouping: the state has Source where this calculator has Campaign", error.Message, StringComparison.Ordinal);

        var zone = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, London), new VolumeCalculator());
        var utc = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.Month, DateTimeZone.Utc), new VolumeCalculator());
        error = Assert.Throws<ArgumentException>(() => utc.MergeSerialized(zone.Serialize()));
        Assert.Contains("the state has Europe/London where this calculator has UTC", error.Message, StringComparison.Ordinal);

        var otherPipeline = Pipeline.Create([("New", StageKind.Open), ("Won", StageKind.Won), ("Lost", StageKind.Lost)]);
        error = Assert.Throws<ArgumentException>(() => new LeadKpiCalculator(new KpiOptions(otherPipeline)).MergeSerialized(new LeadKpiCalculator().Serialize()));
        Assert.Contains("its configuration differs, pipeline: the state has ", error.Message, StringComparison.Ordinal);
        Assert.Contains("where this calculator has 3:New:Open,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capacity_roster_merges_by_label_when_its_owner_ids_name_the_same_owners()
    {
        var leads = SomeLeads();
        LeadEncoding RosterFirst(Random random)
        {
            var encoding = new LeadEncoding();
            encoding.Owners.Encode("dana"); // the roster, encoded first in every process: id 1 everywhere
            foreach (var owner in LeadGenerators.Owners.OrderBy(_ => random.Next()))
            {
                encoding.Owners.Encode(owner);
            }

            return encoding;
        }

        var options = new CapacityOptions(3, [new(1, 2)], Duration.FromMinutes(30), Instant.FromUtc(2026, 1, 1, 0, 0), London);
        CapacityCalculator Feed(IEnumerable<Lead> some, LeadEncoding encoding)
        {
            var calculator = new CapacityCalculator(options);
            foreach (var lead in some)
            {
                calculator.Add(LeadRecord.FromLead(lead, encoding));
            }

            return calculator;
        }

        var oneEncoding = RosterFirst(new Random(0));
        var whole = Feed(leads, oneEncoding);
        var (a, b) = (RosterFirst(new Random(1)), RosterFirst(new Random(2)));
        var receiverEncoding = CopyOf(oneEncoding);
        var merged = new CapacityCalculator(options);
        merged.MergeSerialized(Feed(leads.Take(30), a).Serialize(a), receiverEncoding);
        merged.MergeSerialized(Feed(leads.Skip(30), b).Serialize(b), receiverEncoding);
        Assert.Equal(whole.Serialize(oneEncoding), merged.Serialize(receiverEncoding));

        // A process whose id 1 is another owner: the roster would name another rep here.
        var other = new LeadEncoding();
        other.Owners.Encode("eli");
        var error = Assert.Throws<ArgumentException>(() => new CapacityCalculator(options).MergeSerialized(Feed(leads.Take(5), other).Serialize(other), CopyOf(oneEncoding)));
        Assert.Contains("roster's owner id 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_labels_are_refused_naming_state_and_change_nothing()
    {
        var leads = SomeLeads();
        var part = new Part(leads.Take(30), Scrambled(new Random(5)), withCosts: true, "L-stranger");
        var valid = part.Finance.Serialize(part.Encoding);
        var span = valid.AsSpan();
        var labelsStart = CalculatorState.PreambleBytes
            + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.TypeLengthOffset..])
            + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.ConfigurationLengthOffset..]);
        var labelsLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span[CalculatorState.LabelsLengthOffset..]);
        Assert.True(labelsLength > 0);
        var random = new Random(11);
        var (merged, refused) = (0, 0);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var damaged = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[labelsStart + random.Next(labelsLength)] ^= (byte)(1 << random.Next(8));
            }

            CalculatorState.Seal(damaged);
            var encoding = Scrambled(new Random(trial));
            var counts = (encoding.Sources.Count, encoding.Campaigns.Count, encoding.Owners.Count, encoding.Channels.Count, encoding.Leads.Count);
            var receiver = new FinanceCalculator(LeadGrouping.BySource, new FinanceOptions(Currency.Usd));
            var before = receiver.Serialize();
            try
            {
                receiver.MergeSerialized(damaged, encoding);
                merged++; // a flip inside a label's text: another label, merged as such
            }
            catch (ArgumentException e)
            {
                Assert.Equal("state", e.ParamName);
                Assert.Equal(before, receiver.Serialize());
                Assert.Equal(counts, (encoding.Sources.Count, encoding.Campaigns.Count, encoding.Owners.Count, encoding.Channels.Count, encoding.Leads.Count));
                refused++;
            }
        }

        Assert.True(refused > 0 && merged > 0, $"{refused} refused, {merged} merged");
    }
}
