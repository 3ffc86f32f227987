using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Performance;

public class RepComparisonTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    private static readonly RepComparisonOptions[] Configurations =
    [
        RepComparisonOptions.Default,
        new(GroupDimension.Source, GroupDimension.Segment),
        new(GroupDimension.Segment, basis: RepComparisonBasis.Conversion),
        new(GroupDimension.Campaign, GroupDimension.Source, RepComparisonBasis.Conversion),
    ];

    // Small id ranges, so that reps share cells and some cells have no closed lead.
    private static readonly Gen<LeadRecord> Record =
        from key in Gen.Choose(1, 1_000_000)
        from owner in Gen.Choose(0, 4)
        from source in Gen.Choose(0, 3)
        from campaign in Gen.Choose(0, 2)
        from segment in Gen.Choose(0, 2)
        from outcome in Gen.Elements(LeadOutcome.Open, LeadOutcome.Won, LeadOutcome.Lost, LeadOutcome.Lost)
        select new LeadRecord(
            key, T0, source, campaign, owner, segment, outcome: outcome, closedAt: outcome == LeadOutcome.Open ? null : T0 + Duration.FromDays(3));

    private static readonly Arbitrary<(LeadRecord[] Records, int Config, int Seed)> Cases =
        (from records in Gen.ArrayOf(Record)
         from config in Gen.Choose(0, Configurations.Length - 1)
         from seed in Gen.Choose(0, int.MaxValue)
         select (records, config, seed)).ToArbitrary();

    private static RepComparisonCalculator Feed(RepComparisonOptions options, ReadOnlySpan<LeadRecord> records)
    {
        var calculator = new RepComparisonCalculator(options);
        foreach (ref readonly var r in records)
        {
            calculator.Add(r);
        }

        return calculator;
    }

    [Property]
    public Property Streaming_equals_the_reference() =>
        Prop.ForAll(Cases, c =>
        {
            var options = Configurations[c.Config];
            return (Feed(options, c.Records).Snapshot().Equals(Reference(options, c.Records))).Label("streaming equals the reference report");
        });

    [Property]
    public Property Merging_partials_equals_one_pass_associative_and_commutative() =>
        Prop.ForAll(Cases, c =>
        {
            var options = Configurations[c.Config];
            var random = new Random(c.Seed);
            var n = c.Records.Length;
            var cut1 = random.Next(n + 1);
            var cut2 = random.Next(cut1, n + 1);
            RepComparisonCalculator Part(int from, int to) => Feed(options, c.Records.AsSpan(from..to));
            var whole = Feed(options, c.Records).Snapshot();

            var left = Part(0, cut1);
            left.Merge(Part(cut1, cut2));
            left.Merge(Part(cut2, n));

            var bc = Part(cut1, cut2);
            bc.Merge(Part(cut2, n));
            var right = Part(0, cut1);
            right.Merge(bc);

            var swapped = Part(cut2, n);
            swapped.Merge(Part(0, cut1));
            swapped.Merge(Part(cut1, cut2));
            return (left.Snapshot().Equals(whole)).Label("(a + b) + c equals one pass")
                .And((right.Snapshot().Equals(whole)).Label("a + (b + c) equals one pass"))
                .And((swapped.Snapshot().Equals(whole)).Label("(c + a) + b equals one pass"));
        });

    [Property]
    public Property Result_does_not_depend_on_input_order() =>
        Prop.ForAll(Cases, c =>
        {
            var options = Configurations[c.Config];
            var shuffled = c.Records.ToArray();
            new Random(c.Seed).Shuffle(shuffled);
            return (Feed(options, c.Records).Snapshot().Equals(Feed(options, shuffled).Snapshot())).Label("shuffled equals in order");
        });

    [Property]
    public Property Expected_wins_of_all_reps_add_up_to_the_team_s_wins_and_rates_are_fractions() =>
        Prop.ForAll(Cases, c =>
        {
            var report = Feed(Configurations[c.Config], c.Records).Snapshot();
            static bool Fraction(decimal? x) => x is null || (x >= 0m && x <= 1m);
            var expected = report.Reps.Sum(r => r.ExpectedWon);
            return (Math.Abs(expected - report.Won) < 1e-20m).Label($"expected wins {expected} add up to the team's {report.Won}")
                .And((report.Reps.Sum(r => r.Leads) == report.Leads).Label("reps' leads add up to the team's"))
                .And(Fraction(report.TeamRate).Label($"team rate {report.TeamRate} is a fraction"))
                .And(report.Reps.All(r => Fraction(r.Rate) && r.Mix.All(m => Fraction(m.TeamRate))).Label("every rep's rate and mix rates are fractions"))
                .And(report.Reps.All(r => (r.PerformanceIndex is null) == (r.ExpectedWon == 0m)).Label("a rep's index is undefined exactly when nothing is expected of them"))
                .And(report.Cells.All(m => m.ExpectedWon == m.Won).Label("every cell expects the wins it had"));
        });

    [Property]
    public Property A_team_of_one_rep_performs_exactly_as_the_team() =>
        Prop.ForAll(Cases, c =>
        {
            var alone = c.Records.Select(r => new LeadRecord(
                r.Lead, r.CreatedAt, r.Source, r.Campaign, owner: 7, r.Segment, outcome: r.Outcome, closedAt: r.ClosedAt)).ToArray();
            var report = Feed(Configurations[c.Config], alone).Snapshot();
            var rep = report.Reps.SingleOrDefault();
            return alone.Length == 0
                ? rep is null
                : rep!.ExpectedWon == rep.Won && rep.ExcessWins == 0m
                    && (rep.Won == 0
                        ? rep.PerformanceIndex is null && rep.AdjustedRate is null // nothing won, nothing expected: 0 / 0
                        : rep.PerformanceIndex == 1m && rep.AdjustedRate == report.TeamRate);
        });

    [Fact]
    public void Merging_itself_doubles_and_merging_null_is_an_error()
    {
        var calculator = new RepComparisonCalculator();
        calculator.Add(new LeadRecord(1, T0, source: 1, owner: 1, outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(1)));
        calculator.Merge(calculator);
        Assert.Equal((2L, 2L), (calculator.Snapshot().Leads, calculator.Snapshot().Won));
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => calculator.Merge(null!)).ParamName);
    }

    [Fact]
    public void The_rep_with_the_hard_leads_is_the_better_rep()
    {
        // Simpson's paradox, by hand. Partner leads (source 1) are hard, web leads (source 2) easy.
        // Rep 1: 80 partner (16 won, 20%), 20 web (10 won, 50%): 26 of 100.
        // Rep 2: 20 partner (2 won, 10%), 80 web (32 won, 40%): 34 of 100, better at a glance, worse in every cell.
        // Team: partner 18/100 = 0.18, web 42/100 = 0.42, all 60/200 = 0.3.
        // Rep 1 expected: 80 × 0.18 + 20 × 0.42 = 22.8; index 26 / 22.8 = 1.1403508771929824561403508772; adjusted 0.3421052631578947368421052632.
        // Rep 2 expected: 20 × 0.18 + 80 × 0.42 = 37.2; index 34 / 37.2 = 0.9139784946236559139784946237; adjusted 0.2741935483870967741935483871.
        var records = new List<LeadRecord>();
        void Leads(int owner, int source, int won, int lost)
        {
            for (var i = 0; i < won + lost; i++)
            {
                var outcome = i < won ? LeadOutcome.Won : LeadOutcome.Lost;
                records.Add(new LeadRecord(records.Count + 1, T0, source: source, owner: owner, outcome: outcome, closedAt: T0 + Duration.FromDays(1)));
            }
        }

        Leads(owner: 1, source: 1, won: 16, lost: 64);
        Leads(owner: 1, source: 2, won: 10, lost: 10);
        Leads(owner: 2, source: 1, won: 2, lost: 18);
        Leads(owner: 2, source: 2, won: 32, lost: 48);
        records.Add(new LeadRecord(records.Count + 1, T0, source: 2, owner: 2)); // open: no outcome, not in the win rate

        var report = Feed(RepComparisonOptions.Default, records.ToArray()).Snapshot();
        Assert.Equal((201L, 60L, 140L, 1L), (report.Leads, report.Won, report.Lost, report.Open));
        Assert.Equal(0.3m, report.TeamRate);
        Assert.Equal([0.18m, 0.42m], report.Cells.Select(c => c.TeamRate));

        var one = report.For(1)!;
        Assert.Equal(0.26m, one.Rate);
        Assert.Equal(22.8m, one.ExpectedWon);
        Assert.Equal(26m / 22.8m, one.PerformanceIndex);
        Assert.Equal(26m / 22.8m * 0.3m, one.AdjustedRate);
        Assert.Equal(3.2m, one.ExcessWins);
        Assert.Equal([14.4m, 8.4m], one.Mix.Select(m => m.ExpectedWon));

        var two = report.For(2)!;
        Assert.Equal(0.34m, two.Rate);
        Assert.Equal(101L, two.Leads);
        Assert.Equal(1L, two.Open);
        Assert.Equal(37.2m, two.ExpectedWon);
        Assert.Equal(-3.2m, two.ExcessWins);
        Assert.True(one.AdjustedRate > two.AdjustedRate);
        Assert.True(one.Rate < two.Rate);
        Assert.Null(report.For(3));
    }

    [Fact]
    public void Conversion_basis_counts_open_leads_and_an_empty_calculator_is_undefined()
    {
        var empty = new RepComparisonCalculator().Snapshot();
        Assert.Null(empty.TeamRate);
        Assert.Empty(empty.Reps);

        // Rep 1: one won, one open (source 1). Rep 2: one open (source 1). Team conversion 1/3.
        var records = new[]
        {
            new LeadRecord(1, T0, source: 1, owner: 1, outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(1)),
            new LeadRecord(2, T0, source: 1, owner: 1),
            new LeadRecord(3, T0, source: 1, owner: 2),
        };
        var conversion = Feed(new RepComparisonOptions(basis: RepComparisonBasis.Conversion), records).Snapshot();
        Assert.Equal(1m / 3m, conversion.TeamRate);
        Assert.Equal(2m / 3m, conversion.For(1)!.ExpectedWon);
        Assert.Equal(1m / 3m, conversion.For(2)!.ExpectedWon);
        Assert.Equal(0m, conversion.For(2)!.Rate);

        // By win rate, rep 2 has nothing closed: no rate, nothing expected, no index.
        var winRate = Feed(RepComparisonOptions.Default, records).Snapshot();
        var two = winRate.For(2)!;
        Assert.Null(two.Rate);
        Assert.Equal(0m, two.ExpectedWon);
        Assert.Null(two.PerformanceIndex);
        Assert.Null(two.AdjustedRate);
    }

    [Fact]
    public void Options_are_checked_and_merging_other_options_is_an_error()
    {
        Assert.Equal("mix", Assert.Throws<ArgumentOutOfRangeException>(() => new RepComparisonOptions(GroupDimension.Owner)).ParamName);
        Assert.Equal("mix", Assert.Throws<ArgumentOutOfRangeException>(() => new RepComparisonOptions(GroupDimension.None)).ParamName);
        Assert.Equal("secondMix", Assert.Throws<ArgumentException>(() => new RepComparisonOptions(GroupDimension.Source, GroupDimension.Source)).ParamName);
        Assert.Equal("secondMix", Assert.Throws<ArgumentOutOfRangeException>(() => new RepComparisonOptions(GroupDimension.Source, GroupDimension.Owner)).ParamName);
        Assert.Equal("basis", Assert.Throws<ArgumentOutOfRangeException>(() => new RepComparisonOptions(basis: (RepComparisonBasis)7)).ParamName);
        Assert.Equal(new RepComparisonOptions(), RepComparisonOptions.Default);
        var error = Assert.Throws<ArgumentException>(() => new RepComparisonCalculator().Merge(new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Segment))));
        Assert.Equal("other", error.ParamName);
    }

    [Fact]
    public void Per_quarter_under_a_grouped_calculator()
    {
        var grouped = new GroupedCalculator<RepComparisonCalculator, RepComparisonReport>(
            new LeadGrouping(bucket: TimeBucket.Quarter, zone: DateTimeZone.Utc), new RepComparisonCalculator());
        grouped.Add(new LeadRecord(1, T0, source: 1, owner: 1, outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(1)));
        grouped.Add(new LeadRecord(2, T0 + Duration.FromDays(120), source: 1, owner: 1, outcome: LeadOutcome.Lost, closedAt: T0 + Duration.FromDays(121)));
        var quarters = grouped.Snapshot().Groups;
        Assert.Equal([1m, 0m], quarters.Select(q => q.Result.TeamRate));
    }

    [Fact]
    public void Adding_one_million_leads_to_a_warm_calculator_allocates_under_1_KB()
    {
        var records = LeadMetrics.Testing.SyntheticLeadRecords.Generate(100_000, seed: 3);
        var calculator = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source, GroupDimension.Segment));
        foreach (ref readonly var r in records.AsSpan())
        {
            calculator.Add(r);
        }

        var before = ThreadAllocations.Start();
        for (var pass = 0; pass < 10; pass++)
        {
            foreach (ref readonly var r in records.AsSpan())
            {
                calculator.Add(r);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"1,000,000 adds allocated {allocated} bytes.");
        Assert.Equal(1_100_000, calculator.Snapshot().Leads);
    }

    // The plain definition: group by owner, then by cell in id order; a cell's expected wins are the rep's basis times
    // the team's wins over the team's basis in that cell.
    private static RepComparisonReport Reference(RepComparisonOptions options, LeadRecord[] records)
    {
        int Id(LeadRecord r, GroupDimension d) => d switch
        {
            GroupDimension.Source => r.Source,
            GroupDimension.Campaign => r.Campaign,
            GroupDimension.Segment => r.Segment,
            _ => 0,
        };
        long Basis(IEnumerable<LeadRecord> rs) => options.Basis == RepComparisonBasis.WinRate ? rs.Count(r => r.Outcome != LeadOutcome.Open) : rs.Count();
        decimal? Rate(IEnumerable<LeadRecord> rs) => Basis(rs) == 0 ? null : (decimal)rs.Count(r => r.Outcome == LeadOutcome.Won) / Basis(rs);
        (int, int) Cell(LeadRecord r) => (Id(r, options.Mix), Id(r, options.SecondMix));
        long Won(IEnumerable<LeadRecord> rs) => rs.Count(r => r.Outcome == LeadOutcome.Won);
        long Lost(IEnumerable<LeadRecord> rs) => rs.Count(r => r.Outcome == LeadOutcome.Lost);

        var team = records.GroupBy(Cell).ToDictionary(g => g.Key, g => g.ToList());
        MixCell TeamCell((int, int) k, IEnumerable<LeadRecord> rs) => new(k.Item1, k.Item2, rs.Count(), Won(rs), Lost(rs), Rate(team[k]), Basis(team[k]) == 0 ? 0m : (decimal)Basis(rs) * Won(team[k]) / Basis(team[k]));
        var cells = team.OrderBy(p => p.Key).Select(p => TeamCell(p.Key, p.Value)).ToImmutableArray();
        var teamRate = Rate(records);
        var reps = records.GroupBy(r => r.Owner).OrderBy(g => g.Key).Select(g =>
        {
            var mix = g.GroupBy(Cell).OrderBy(c => c.Key).Select(c => TeamCell(c.Key, c)).ToImmutableArray();
            var expected = mix.Sum(m => m.ExpectedWon);
            decimal? index = expected == 0m ? null : Won(g) / expected;
            return new RepPerformance(g.Key, g.Count(), Won(g), Lost(g), Rate(g), expected, index, index * teamRate, Won(g) - expected, mix);
        }).ToImmutableArray();
        return new RepComparisonReport(options, records.Length, Won(records), Lost(records), teamRate, cells, reps);
    }
}
