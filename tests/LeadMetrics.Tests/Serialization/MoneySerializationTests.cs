using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Attribution;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Attribution;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// The money, lifetime-value, attribution, attributed lifetime-value and capacity calculators travel as bytes with the
/// same guarantees as the lead KPI calculators: serialized partials merged in either order equal one pass, a round
/// trip gives the same bytes, every truncation and every other refusal is an ArgumentException naming "state" that
/// leaves the receiver unchanged. States are compared through their bytes, which are canonical (equal partials give
/// equal bytes) and from which the snapshot is computed.
/// </summary>
public class MoneySerializationTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly LeadGrouping BySourceMonth = new(GroupDimension.Source, TimeBucket.Month, NewYork);
    private static readonly LifetimeValueOptions Ltv = new(Currency.Usd, horizonMonths: 6, observedUntil: new LocalDate(2025, 3, 31));
    private static readonly AttributionOptions Linear = new(AttributionModel.Linear);

    public static Arbitrary<(MoneyScenario Scenario, int Config, int Seed)> Cases() =>
        (from scenario in MoneyGenerators.Scenario
         from config in Gen.Choose(0, 100_000)
         from seed in Gen.Choose(0, int.MaxValue)
         select (scenario, config, seed)).ToArbitrary();

    /// <summary>The calculators under test, each fed with the facts of one side (0 or 1) of a split, or all (-1).</summary>
    internal static IEnumerable<(string Name, Func<ISerializableCalculator> Create, Action<ISerializableCalculator, Facts, Func<int, bool>> Feed)> Calculators(int config)
    {
        var grouping = config % 2 == 0 ? BySourceMonth : new LeadGrouping(GroupDimension.Campaign, TimeBucket.None, DateTimeZone.Utc);
        var attribution = AttributionPropertyTests.OptionsOf(config % 288);
        yield return ("finance", () => new FinanceCalculator(grouping, new FinanceOptions(Currency.Usd)), static (c, f, take) =>
        {
            var calc = (FinanceCalculator)c;
            calc.AddRange(f.Leads.Where((_, i) => take(i)));
            calc.AddRange(f.Costs.Where((_, i) => take(i + 100_000)));
            calc.AddRange(f.Revenue.Where((_, i) => take(i + 200_000)));
        });
        yield return ("lifetime value", () => new LifetimeValueCalculator(grouping, Ltv), static (c, f, take) =>
        {
            var calc = (LifetimeValueCalculator)c;
            calc.AddRange(f.Leads.Where((_, i) => take(i)));
            calc.AddRange(f.Revenue.Where((_, i) => take(i + 200_000)));
        });
        yield return ("attribution", () => new AttributionCalculator(grouping, attribution, new FinanceOptions(Currency.Usd)), static (c, f, take) =>
        {
            var calc = (AttributionCalculator)c;
            calc.AddRange(f.Journeys.Where((_, i) => take(i)));
            calc.AddRange(f.Costs.Where((_, i) => take(i + 100_000)));
        });
        yield return ("attributed lifetime value", () => new AttributedLifetimeValueCalculator(grouping, attribution, Ltv), static (c, f, take) =>
        {
            var calc = (AttributedLifetimeValueCalculator)c;
            for (var i = 0; i < f.Journeys.Length; i++)
            {
                if (take(i))
                {
                    calc.Add(f.Journeys[i].Lead, f.Journeys[i].Touchpoints.Span);
                }
            }

            calc.AddRange(f.Revenue.Where((_, i) => take(i + 200_000)));
        });
        var capacity = new CapacityOptions(3, [new(1, 2), new(4, 0)], Duration.FromMinutes(30), Instant.FromUtc(2024, 6, 1, 0, 0), config % 2 == 0 ? NewYork : null);
        yield return ("capacity", () => new CapacityCalculator(capacity), static (c, f, take) => ((CapacityCalculator)c).AddRange(f.Leads.Where((_, i) => take(i))));
    }

    [Property(Arbitrary = [typeof(MoneySerializationTests)], MaxTest = 60)]
    public void Serialized_partials_merged_in_either_order_equal_one_pass((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var facts = Facts.Of(EncodedMoneyScenario.Encode(input.Scenario));
        var random = new Random(input.Seed);
        var sides = new Dictionary<int, bool>();
        bool Side(int i) => sides.TryGetValue(i, out var side) ? side : sides[i] = random.Next(2) == 1;
        foreach (var (name, create, feed) in Calculators(input.Config))
        {
            var whole = create();
            feed(whole, facts, _ => true);
            var expected = whole.Serialize();

            var left = create();
            feed(left, facts, i => !Side(i));
            var right = create();
            feed(right, facts, Side);
            var leftBytes = left.Serialize();
            var rightBytes = right.Serialize();

            // A coordinator merges the bytes in either order; a partial merges the other's bytes into itself.
            var coordinator = create();
            coordinator.MergeSerialized(rightBytes);
            coordinator.MergeSerialized(leftBytes);
            Assert.True(expected.AsSpan().SequenceEqual(coordinator.Serialize()), $"{name}: right then left differs from one pass:\n{Report(whole)}\n{Report(coordinator)}");
            var reversed = create();
            reversed.MergeSerialized(leftBytes);
            reversed.MergeSerialized(rightBytes);
            Assert.True(expected.AsSpan().SequenceEqual(reversed.Serialize()), $"{name}: left then right differs from one pass");
            left.MergeSerialized(rightBytes);
            Assert.True(expected.AsSpan().SequenceEqual(left.Serialize()), $"{name}: a partial merging the other's bytes differs from one pass");
        }
    }

    [Property(Arbitrary = [typeof(MoneySerializationTests)], MaxTest = 60)]
    public void A_round_trip_gives_the_same_bytes_and_report((MoneyScenario Scenario, int Config, int Seed) input)
    {
        var facts = Facts.Of(EncodedMoneyScenario.Encode(input.Scenario));
        foreach (var (name, create, feed) in Calculators(input.Config))
        {
            var calculator = create();
            feed(calculator, facts, _ => true);
            var bytes = calculator.Serialize();
            var copy = create();
            copy.MergeSerialized(bytes);
            Assert.True(bytes.AsSpan().SequenceEqual(copy.Serialize()), $"{name}: the copy serializes differently");
            Assert.Equal(Report(calculator), Report(copy));
        }
    }

    [Fact]
    public void Equal_partials_give_equal_bytes_whatever_the_order_of_their_facts()
    {
        var facts = Facts.Fixed();
        var shuffled = facts.Shuffled(new Random(3));
        foreach (var (name, create, feed) in Calculators(0))
        {
            var a = create();
            feed(a, facts, _ => true);
            var b = create();
            feed(b, shuffled, _ => true);
            Assert.True(a.Serialize().AsSpan().SequenceEqual(b.Serialize()), name);
        }
    }

    [Fact]
    public void Every_truncation_and_every_extension_is_refused_and_changes_nothing()
    {
        var facts = Facts.Fixed(120);
        foreach (var (name, create, feed) in Calculators(0))
        {
            var full = create();
            feed(full, facts, _ => true);
            var bytes = full.Serialize();
            var receiver = create();
            feed(receiver, facts, i => i % 7 == 0 && i < 100_000); // a few leads of its own
            var before = receiver.Serialize();
            for (var length = 0; length < bytes.Length; length++)
            {
                var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(bytes.AsSpan(0, length)));
                Assert.True(error.ParamName == "state", $"{name}: truncation to {length} bytes names {error.ParamName}");
            }

            Assert.Equal("state", Assert.Throws<ArgumentException>(() => receiver.MergeSerialized([.. bytes, 0])).ParamName);
            Assert.True(before.AsSpan().SequenceEqual(receiver.Serialize()), $"{name}: a refused merge changed the receiver");
        }
    }

    [Fact]
    public void Another_configuration_type_or_damaged_copy_is_refused_and_changes_nothing()
    {
        var facts = Facts.Fixed(80);
        var all = Calculators(0).ToList();
        var others = Calculators(1).ToList(); // another grouping and capacity zone
        for (var k = 0; k < all.Count; k++)
        {
            var (name, create, feed) = all[k];
            var full = create();
            feed(full, facts, _ => true);
            var bytes = full.Serialize();
            var receiver = create();
            var before = receiver.Serialize();

            var other = others[k].Create();
            var error = Assert.Throws<ArgumentException>(() => other.MergeSerialized(bytes));
            Assert.Equal("state", error.ParamName);
            Assert.Contains("configuration", error.Message, StringComparison.Ordinal);

            var foreign = all[(k + 1) % all.Count].Create();
            error = Assert.Throws<ArgumentException>(() => foreign.MergeSerialized(bytes));
            Assert.Contains($"is a {full.GetType().Name}, not a {foreign.GetType().Name}", error.Message, StringComparison.Ordinal);

            var damaged = bytes.ToArray();
            damaged[damaged.Length / 2] ^= 0x04;
            error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(damaged));
            Assert.Equal("state", error.ParamName);
            Assert.Contains("checksum", error.Message, StringComparison.Ordinal);

            var version = bytes.ToArray();
            version[CalculatorState.VersionOffset] = 1;
            error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(version));
            Assert.Contains("format version 1", error.Message, StringComparison.Ordinal);
            Assert.True(before.AsSpan().SequenceEqual(receiver.Serialize()), name);
        }
    }

    [Fact]
    public void Other_exchange_rate_settings_or_attribution_models_are_another_configuration_and_rebuilt_options_are_not()
    {
        var bytes = new FinanceCalculator(BySourceMonth, new FinanceOptions(Currency.Usd)).Serialize();
        var withRates = new FinanceCalculator(BySourceMonth, new FinanceOptions(Currency.Usd, TestExchangeRates.Instance));
        Assert.Contains("rates=function", Assert.Throws<ArgumentException>(() => withRates.MergeSerialized(bytes)).Message, StringComparison.Ordinal);

        var linear = new AttributionCalculator(BySourceMonth, Linear, new FinanceOptions(Currency.Usd)).Serialize();
        var firstTouch = new AttributionCalculator(BySourceMonth, new AttributionOptions(AttributionModel.FirstTouch), new FinanceOptions(Currency.Usd));
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => firstTouch.MergeSerialized(linear)).ParamName);

        // Equal options built separately (a pipeline of the same stages, shares written with other trailing zeros) merge.
        var stages = Pipeline.Default.Stages.Select(s => (s.Name, s.Kind)).ToArray();
        var rebuilt = new AttributionOptions(AttributionModel.Linear, firstTouchShare: 0.40m, pipeline: Pipeline.Create(stages));
        new AttributionCalculator(BySourceMonth, rebuilt, new FinanceOptions(Currency.Usd)).MergeSerialized(linear);
        new AttributionCalculator(BySourceMonth, rebuilt, new FinanceOptions(Currency.Usd)).Merge(new AttributionCalculator(BySourceMonth, Linear, new FinanceOptions(Currency.Usd)));
        new AttributedLifetimeValueCalculator(BySourceMonth, rebuilt, Ltv).Merge(new AttributedLifetimeValueCalculator(BySourceMonth, Linear, Ltv));
    }

    [Fact]
    public void A_lead_in_both_partials_is_refused_before_anything_changes()
    {
        var facts = Facts.Fixed(60);
        foreach (var (name, create, feed) in Calculators(0).Where(c => c.Name is "finance" or "lifetime value" or "attributed lifetime value"))
        {
            var bytes = Fed(create(), feed, facts, i => i < 40 || i >= 100_000).Serialize();
            var receiver = Fed(create(), feed, facts, i => i is >= 30 and < 100_000);
            var before = receiver.Serialize();
            var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(bytes));
            Assert.Equal("state", error.ParamName);
            Assert.Contains("already added", error.Message, StringComparison.Ordinal);
            Assert.True(before.AsSpan().SequenceEqual(receiver.Serialize()), name);
        }
    }

    [Fact]
    public void A_merge_that_would_overflow_is_refused_before_anything_changes()
    {
        // A cost event cannot carry more than Money.MaxFactAmount (issue 15), so crafted bytes carry the huge sum: the
        // state of a cost of 123,456.789 with that decimal replaced by decimal.MaxValue / 2 + 1, then re-sealed.
        var day = new LocalDate(2024, 3, 1);
        byte[] Bits(decimal d) => [.. decimal.GetBits(d).SelectMany(BitConverter.GetBytes)];
        byte[] WithCost()
        {
            var bytes = ((FinanceCalculator)new FinanceCalculator(BySourceMonth, new FinanceOptions(Currency.Usd)).AddRange([new CostEvent(1, day, day, new Money(123_456.789m, Currency.Usd))])).Serialize();
            var at = bytes.AsSpan().IndexOf(Bits(123_456.789m));
            Assert.True(at > 0);
            Bits(decimal.MaxValue / 2 + 1).CopyTo(bytes, at);
            CalculatorState.Seal(bytes);
            return bytes;
        }

        var receiver = new FinanceCalculator(BySourceMonth, new FinanceOptions(Currency.Usd));
        receiver.MergeSerialized(WithCost());
        var before = receiver.Serialize();
        var error = Assert.Throws<ArgumentException>(() => receiver.MergeSerialized(WithCost()));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("overflow", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, receiver.Serialize());
    }

    [Fact]
    public void Counts_no_leads_could_give_are_refused()
    {
        // A capacity week whose answered, dead and pending leads do not add up to its assigned leads: the last four
        // int32 of the state are assigned, in time, dead, pending of the last group.
        var capacity = new CapacityCalculator(new CapacityOptions(5));
        var bytes = ((CapacityCalculator)capacity.CreateEmpty().AddRange(Facts.Fixed(30).Leads)).Serialize();
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - CalculatorState.ChecksumBytes - 16, 4), 1_000);
        CalculatorState.Seal(bytes);
        var error = Assert.Throws<ArgumentException>(() => capacity.MergeSerialized(bytes));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("answered in time", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Bytes altered at random and re-sealed (so that the checksum does not hide the checks behind it): refused with an
    /// ArgumentException naming state and the receiver unchanged, or accepted and the report then works.
    /// </summary>
    [Fact]
    public void Altered_state_is_refused_or_yields_a_working_report()
    {
        var facts = Facts.Fixed(80);
        var random = new Random(20_261_206);
        foreach (var (name, create, feed) in Calculators(0))
        {
            var valid = Fed(create(), feed, facts, _ => true).Serialize();
            var stateStart = valid.Length - CalculatorState.ChecksumBytes - BitConverter.ToInt32(valid, CalculatorState.StateLengthOffset);
            for (var round = 0; round < 300; round++)
            {
                var bytes = valid.ToArray();
                for (var flips = 1 + random.Next(3); flips > 0; flips--)
                {
                    bytes[stateStart + random.Next(bytes.Length - CalculatorState.ChecksumBytes - stateStart)] ^= (byte)(1 << random.Next(8));
                }

                CalculatorState.Seal(bytes);
                var receiver = Fed(create(), feed, facts, i => i < 5);
                var before = receiver.Serialize();
                try
                {
                    receiver.MergeSerialized(bytes);
                }
                catch (ArgumentException e)
                {
                    Assert.True(e.ParamName == "state", $"{name}: {e.GetType().Name} names {e.ParamName}: {e.Message}");
                    Assert.True(before.AsSpan().SequenceEqual(receiver.Serialize()), $"{name}: a refused merge changed the receiver");
                    continue;
                }

                _ = Report(receiver); // accepted: the report must work
            }
        }
    }

    private static ISerializableCalculator Fed(ISerializableCalculator calculator, Action<ISerializableCalculator, Facts, Func<int, bool>> feed, Facts facts, Func<int, bool> take)
    {
        feed(calculator, facts, take);
        return calculator;
    }

    private static string Report(ISerializableCalculator calculator) => calculator switch
    {
        FinanceCalculator c => string.Join(";", c.Snapshot().Groups.Select(g => $"{g.Key}:{g.Result.Leads}/{g.Result.Customers}/{g.Result.CostPerLead}/{g.Result.ReturnOnInvestment}")),
        LifetimeValueCalculator c => string.Join(";", c.Snapshot().Groups.Select(g => $"{g.Key}:{g.Result.Customers}/{string.Join(",", g.Result.RevenueByMonth)}")),
        AttributionCalculator c => string.Join(";", c.Snapshot().Groups.Select(g => $"{g.Key}:{g.Result.Leads}/{g.Result.DealValue}")),
        AttributedLifetimeValueCalculator c => string.Join(";", c.Snapshot().Groups.Select(g => $"{g.Key}:{g.Result.Customers}/{string.Join(",", g.Result.RevenueByMonth)}")),
        CapacityCalculator c => string.Join(";", c.Snapshot().RepWeeks.Select(w => $"{w.Owner}@{w.WeekStart}:{w.Assigned}/{w.AnsweredInTime}/{w.Dead}/{w.Pending}")),
        _ => throw new ArgumentOutOfRangeException(nameof(calculator)),
    };

    /// <summary>Encoded facts: lead records, costs, revenue events and journeys (one per lead, in the leads' order).</summary>
    internal sealed record Facts(LeadRecord[] Leads, CostEvent[] Costs, RevenueEvent[] Revenue, LeadJourney[] Journeys)
    {
        internal static Facts Of(EncodedMoneyScenario data) =>
            new([.. data.Leads], [.. data.Costs], [.. data.Revenue], [.. data.Journeys.Select(j => new LeadJourney(j.Lead, j.Touchpoints))]);

        /// <summary>A fixed data set (the same on every machine): synthetic leads, costs over their sources, revenue of known and unknown leads, touchpoints before creation.</summary>
        internal static Facts Fixed(int leads = 200)
        {
            var records = SyntheticLeadRecords.Generate(leads, seed: 17);
            var random = new Random(5);
            var costs = Enumerable.Range(0, leads / 5).Select(_ =>
            {
                var from = new LocalDate(2024, 1, 1).PlusDays(random.Next(360));
                return new CostEvent(1 + random.Next(SyntheticLeadRecords.SourceCount), from, from.PlusDays(random.Next(40)), new Money(random.Next(100, 100_000) / 100m, Currency.Usd), (CostCategory)random.Next(4), random.Next(9));
            }).ToArray();
            var revenue = Enumerable.Range(0, leads).Select(_ =>
            {
                var lead = 1 + random.Next(leads + (leads / 10)); // some of leads never added
                var at = Instant.FromUtc(2024, 1, 1, 0, 0) + Duration.FromHours(random.Next(24 * 500));
                return new RevenueEvent(lead, at, new Money(random.Next(-5_000, 50_000) / 100m, Currency.Usd));
            }).ToArray();
            var journeys = records.Select(r =>
            {
                var created = Instant.FromUnixTimeTicks(r.CreatedTicks);
                var touches = Enumerable.Range(0, random.Next(4)).Select(_ => new TouchpointEvent(
                    r.Lead, created - Duration.FromHours(random.Next(24 * 60)), 1 + random.Next(SyntheticLeadRecords.SourceCount), (TouchpointKind)random.Next(8),
                    (TouchpointDirection)random.Next(2), random.Next(9), random.Next(SyntheticLeadRecords.OwnerCount))).ToArray();
                return new LeadJourney(r, touches);
            }).ToArray();
            return new Facts(records, costs, revenue, journeys);
        }

        internal Facts Shuffled(Random random)
        {
            // Leads and journeys shuffled together, so that a journey's index still matches its lead's.
            var order = Enumerable.Range(0, Leads.Length).ToArray();
            random.Shuffle(order);
            var costs = Costs.ToArray();
            var revenue = Revenue.ToArray();
            random.Shuffle(costs);
            random.Shuffle(revenue);
            return new Facts([.. order.Select(i => Leads[i])], costs, revenue, [.. order.Select(i => Journeys[i])]);
        }
    }
}
