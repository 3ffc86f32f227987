using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Testing;
using NodaTime;

namespace LeadMetrics.Tests.Serialization;

/// <summary>
/// The merge that folds labels (issue 20, the report's "(other: N values)" group over partitions): partials encoded by
/// different processes, merged with a <see cref="LabelFold"/> that sends several labels of an attribute (and its missing
/// value) to one target, equal one pass over the same leads relabelled with the targets, in any merge order: the KPI set
/// (counts, rates, duration sketches), the money calculator and the lifetime value. The plain merge by label still
/// never maps two labels onto one group, and a fold allows only its own targets.
/// </summary>
public class LabelFoldTests
{
    private const string Attribute = "industry";
    private const string Other = "(other: 6 values)";
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly LifetimeValueOptions Ltv = new(Currency.Usd, horizonMonths: 6, observedUntil: new LocalDate(2025, 12, 31));

    // The attribute label of a lead: its source, or the missing value. Kept: two sources; folded: the other five and "(none)".
    private static readonly string[] Kept = [LeadGenerators.Sources[0], LeadGenerators.Sources[1]];

    private static string? LabelOf(Lead lead) => string.IsNullOrEmpty(lead.Source) ? null : lead.Source;

    private static string Target(string? label) => label is not null && Kept.Contains(label) ? label : Other;

    private static LabelFold Fold() => LabelFold.OfAttribute(
        Attribute,
        LeadGenerators.Sources.Where(s => !Kept.Contains(s)).Append(string.Empty).ToDictionary(s => s, _ => Other));

    private sealed class Calculators
    {
        internal CalculatorSet<LeadKpiCalculator, LeadKpis> Set { get; } = LeadKpiSet.Create(
            new KpiOptions(), new LeadGrouping(GroupDimension.Segment), new LeadGrouping(GroupDimension.Segment, TimeBucket.Month, London));

        internal FinanceCalculator Finance { get; } = new(new LeadGrouping(GroupDimension.Segment), new FinanceOptions(Currency.Usd));

        internal LifetimeValueCalculator Lifetime { get; } = new(new LeadGrouping(GroupDimension.Segment), Ltv);

        internal void Add(Lead lead, LeadEncoding encoding, int segment)
        {
            var r = LeadRecord.FromLead(lead, encoding);
            var record = new LeadRecord(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, r.Stages);
            Set.Add(record);
            Finance.Add(record);
            Lifetime.Add(record);
            if (lead.Outcome == LeadOutcome.Won && lead.ClosedAt is { } closed)
            {
                var revenue = new RevenueEvent(record.Lead, closed.Plus(Duration.FromDays(3)), new Money(10m + (lead.Id.Value.Length % 7), Currency.Usd));
                Finance.AddRevenue(revenue);
                Lifetime.AddRevenue(revenue);
            }
        }
    }

    // A partition's partial: its own encoding (the attribute's labels seen in a shuffled order first), raw labels.
    private static (Calculators Calculators, LeadEncoding Encoding) Part(IEnumerable<Lead> leads, Random random)
    {
        var encoding = new LeadEncoding();
        foreach (var source in LeadGenerators.Sources.OrderBy(_ => random.Next()))
        {
            encoding.Attribute(Attribute).Encode(source);
        }

        var part = new Calculators();
        foreach (var lead in leads)
        {
            part.Add(lead, encoding, LabelOf(lead) is { } label ? encoding.Attribute(Attribute).Encode(label) : 0);
        }

        return (part, encoding);
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)], MaxTest = 40)]
    public void Folded_partials_merged_in_any_order_equal_one_pass_over_the_relabelled_leads(Lead[] leads, PositiveInt seed)
    {
        leads = [.. leads.DistinctBy(l => l.Id)];
        var random = new Random(seed.Get);

        // One pass: every lead with its target label.
        var whole = new Calculators();
        var wholeEncoding = new LeadEncoding();
        foreach (var lead in leads)
        {
            whole.Add(lead, wholeEncoding, wholeEncoding.Attribute(Attribute).Encode(Target(LabelOf(lead))));
        }

        // Three partitions (by a random cut), merged in a random order through the fold.
        var parts = leads.GroupBy(_ => random.Next(3)).Select(g => Part(g, random)).OrderBy(_ => random.Next()).ToList();
        var merged = new Calculators();
        var encoding = new LeadEncoding();
        foreach (var (part, partEncoding) in parts)
        {
            merged.Set.MergeSerialized(part.Set.Serialize(partEncoding), encoding, Fold());
            merged.Finance.MergeSerialized(part.Finance.Serialize(partEncoding), encoding, Fold());
            merged.Lifetime.MergeSerialized(part.Lifetime.Serialize(partEncoding), encoding, Fold());
        }

        Assert.Equal(ByLabel(whole.Set.Snapshot().Groupings.SelectMany(g => g.Groups), wholeEncoding), ByLabel(merged.Set.Snapshot().Groupings.SelectMany(g => g.Groups), encoding));
        var (wholeMoney, mergedMoney) = (whole.Finance.Snapshot(), merged.Finance.Snapshot());
        Assert.Equal(ByLabel(wholeMoney.Groups, wholeEncoding), ByLabel(mergedMoney.Groups, encoding));
        Assert.Equal((wholeMoney.UnmatchedRevenue, wholeMoney.UnmatchedRevenueCount), (mergedMoney.UnmatchedRevenue, mergedMoney.UnmatchedRevenueCount));
        var (wholeLtv, mergedLtv) = (whole.Lifetime.Snapshot(), merged.Lifetime.Snapshot());
        Assert.Equal(ByLabel(wholeLtv.Groups, wholeEncoding), ByLabel(mergedLtv.Groups, encoding));
        Assert.Equal(wholeLtv.NonCustomerRevenue, mergedLtv.NonCustomerRevenue);

        // No group of a folded label is left: only the kept labels and the target.
        Assert.All(merged.Set.Snapshot().Groupings.SelectMany(g => g.Groups), g => Assert.Contains(Label(g.Key, encoding), Kept.Append(Other)));
    }

    [Fact]
    public void A_fold_of_two_partials_is_byte_for_byte_one_pass_when_the_receiver_numbers_alike()
    {
        var leads = LeadGenerators.Lead.Sample(50, 80).DistinctBy(l => l.Id).ToArray();
        var random = new Random(7);
        var whole = new Calculators();
        var wholeEncoding = new LeadEncoding();
        foreach (var label in Kept.Prepend(Other))
        {
            wholeEncoding.Attribute(Attribute).Encode(label);
        }

        foreach (var lead in leads)
        {
            whole.Add(lead, wholeEncoding, wholeEncoding.Attribute(Attribute).Encode(Target(LabelOf(lead))));
        }

        // The receiver numbers the labels as the one pass did (sources, campaigns, owners, attribute, leads).
        var encoding = new LeadEncoding();
        foreach (var (from, to) in new[] { (wholeEncoding.Sources, encoding.Sources), (wholeEncoding.Campaigns, encoding.Campaigns), (wholeEncoding.Owners, encoding.Owners), (wholeEncoding.Attribute(Attribute), encoding.Attribute(Attribute)), (wholeEncoding.Leads, encoding.Leads) })
        {
            foreach (var label in from.GetLabels().Skip(1))
            {
                to.Encode(label);
            }
        }

        var merged = new Calculators();
        foreach (var (part, partEncoding) in new[] { Part(leads.Where((_, i) => i % 2 == 0), random), Part(leads.Where((_, i) => i % 2 == 1), random) })
        {
            merged.Set.MergeSerialized(part.Set.Serialize(partEncoding), encoding, Fold());
            merged.Finance.MergeSerialized(part.Finance.Serialize(partEncoding), encoding, Fold());
            merged.Lifetime.MergeSerialized(part.Lifetime.Serialize(partEncoding), encoding, Fold());
        }

        Assert.Equal(whole.Set.Serialize(wholeEncoding), merged.Set.Serialize(encoding));
        Assert.Equal(whole.Finance.Serialize(wholeEncoding), merged.Finance.Serialize(encoding));
        Assert.Equal(whole.Lifetime.Serialize(wholeEncoding), merged.Lifetime.Serialize(encoding));
    }

    [Fact]
    public void The_plain_merge_by_label_keeps_every_label_its_own_group()
    {
        var leads = LeadGenerators.Lead.Sample(40, 80).DistinctBy(l => l.Id).ToArray();
        var (part, partEncoding) = Part(leads, new Random(3));
        var plain = new Calculators();
        var encoding = new LeadEncoding();
        encoding.Attribute(Attribute).Encode(Other);
        plain.Set.MergeSerialized(part.Set.Serialize(partEncoding), encoding);
        var labels = plain.Set.Snapshot().Groupings[0].Groups.Select(g => Label(g.Key, encoding)).ToHashSet();
        Assert.DoesNotContain(Other, labels);
        Assert.Equal(leads.Select(l => LabelOf(l) ?? DimensionEncoder.NoneLabel).ToHashSet(), labels);
    }

    [Fact]
    public void A_fold_allows_only_its_own_targets_labels_the_receivers_comparer_folds_are_refused()
    {
        var part = new LeadEncoding();
        var (retail, bigRetail) = (part.Attribute(Attribute).Encode("retail"), part.Attribute(Attribute).Encode("Retail"));
        var calculator = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Segment), new VolumeCalculator());
        calculator.Add(new LeadRecord(1, Instant.FromUtc(2024, 1, 1, 0, 0), segment: retail));
        calculator.Add(new LeadRecord(2, Instant.FromUtc(2024, 1, 1, 0, 0), segment: bigRetail));
        var folding = new LeadEncoding(StringComparer.OrdinalIgnoreCase);
        folding.Attribute(Attribute).Encode("software");

        // Plain: refused (two labels of the state are one label here).
        var plain = Assert.Throws<ArgumentException>(() => calculator.CreateEmpty().MergeSerialized(calculator.Serialize(part), folding));
        Assert.Contains("labels \"retail\" and \"Retail\" are one label in this encoding", plain.Message, StringComparison.Ordinal);

        // A fold of other labels does not allow it either.
        var other = LabelFold.OfAttribute(Attribute, new Dictionary<string, string> { ["software"] = Other });
        var folded = Assert.Throws<ArgumentException>(() => calculator.CreateEmpty().MergeSerialized(calculator.Serialize(part), folding, other));
        Assert.Equal("state", folded.ParamName);
        Assert.Contains("are one label in this encoding", folded.Message, StringComparison.Ordinal);

        // The fold that names both: one group of two leads.
        var both = LabelFold.OfAttribute(Attribute, new Dictionary<string, string> { ["retail"] = Other, ["Retail"] = Other });
        var receiver = calculator.CreateEmpty();
        receiver.MergeSerialized(calculator.Serialize(part), folding, both);
        var group = Assert.Single(receiver.Snapshot().Groups);
        Assert.Equal(Other, folding.Attribute(Attribute).Decode(group.Key.DimensionId));
        Assert.Equal(2, group.Result.Leads);
    }

    [Fact]
    public void A_fold_of_a_dimension_the_state_does_not_carry_is_refused()
    {
        var part = new LeadEncoding();
        var calculator = new GroupedCalculator<VolumeCalculator, VolumeResult>(LeadGrouping.BySource, new VolumeCalculator());
        calculator.Add(new LeadRecord(1, Instant.FromUtc(2024, 1, 1, 0, 0), part.Sources.Encode("web")));
        var error = Assert.Throws<ArgumentException>(() =>
            calculator.CreateEmpty().MergeSerialized(calculator.Serialize(part), new LeadEncoding(), LabelFold.OfAttribute(Attribute, new Dictionary<string, string> { ["x"] = Other })));
        Assert.Equal("state", error.ParamName);
        Assert.Contains("carries no attribute:industry labels", error.Message, StringComparison.Ordinal);
    }

    private static string Label(GroupKey key, LeadEncoding encoding) => encoding.Attribute(Attribute).Decode(key.DimensionId);

    // Groups by label and period, in that order (the receiver's ids may differ from the one pass's).
    private static List<(string Label, int Period, T Result)> ByLabel<T>(IEnumerable<GroupResult<T>> groups, LeadEncoding encoding) =>
        [.. groups.Select(g => (Label(g.Key, encoding), g.Key.Period, g.Result)).OrderBy(g => g.Item1, StringComparer.Ordinal).ThenBy(g => g.Period)];
}
