using FsCheck;
using FsCheck.Fluent;
using LeadMetrics.Scoring;
using LeadMetrics.Scoring.Json;
using NodaTime;

namespace LeadMetrics.Testing;

/// <summary>
/// FsCheck generators for scoring: valid models over the attributes that <see cref="LeadGenerators.Lead"/>
/// produces (<c>company_size</c>, <c>has_budget</c>, <c>industry</c>), touchpoints of a lead, and
/// (score, outcome) and (probability, outcome) samples for the quality accumulators.
/// </summary>
public static class ScoringGenerators
{
    /// <summary>The predicates that generated predicate rules use, by key; pass them to <see cref="ScoringModelJson.Parse(string, IReadOnlyDictionary{string, Func{Lead, bool}}?)"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Lead, bool>> Predicates = new Dictionary<string, Func<Lead, bool>>
    {
        ["big-company"] = lead => lead.GetAttribute("company_size") is { Kind: AttributeKind.Number } size && size.Number >= 1000m,
        ["from-linkedin"] = lead => string.Equals(lead.Source, "linkedin", StringComparison.Ordinal),
    };

    /// <summary>Points in quarter points from -10 to 15.</summary>
    public static Gen<decimal> Points => Gen.Choose(-40, 60).Select(n => n / 4m);

    /// <summary>Optional bounds: none, a cap, a floor or both.</summary>
    public static Gen<ScoreBounds> Bounds =>
        from kind in Gen.Choose(0, 3)
        from a in Gen.Choose(-20, 10)
        from b in Gen.Choose(0, 40)
        select kind switch
        {
            0 => ScoreBounds.Unbounded,
            1 => ScoreBounds.AtMost(b),
            2 => ScoreBounds.AtLeast(a),
            _ => ScoreBounds.Between(a, a + b),
        };

    /// <summary>A fit rule named <paramref name="name"/> over the generated lead attributes.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>The generator.</returns>
    internal static Gen<FitRule> FitRule(string name) =>
        from type in Gen.Choose(0, 6)
        from points in Points
        from cuts in Gen.ArrayOf(Gen.Choose(1, 5000), 3)
        from bandPoints in Gen.ArrayOf(Points, 4)
        from open in Gen.Elements(true, false)
        from industries in Gen.SubListOf(["software", "retail", "Software ", "finance"])
        from flag in Gen.Elements(true, false)
        from key in Gen.Elements(Predicates.Keys.ToArray())
        select type switch
        {
            0 => Bands(name, cuts, bandPoints, open),
            1 => new ValueInSetRule(name, "industry", industries.Count == 0 ? ["software"] : industries.Select(i => (AttributeValue)i), points),
            2 => new BooleanRule(name, "has_budget", flag, points),
            3 => new PresenceRule(name, flag ? "industry" : "phone", AttributePresence.Present, points),
            4 => new PresenceRule(name, flag ? "industry" : "phone", AttributePresence.Missing, points),
            5 => new ValueInSetRule(name, "company_size", [(AttributeValue)(cuts[0] % 10), (AttributeValue)cuts[1]], points),
            _ => (FitRule)new PredicateRule(name, Predicates[key], points, key),
        };

    /// <summary>An engagement rule named <paramref name="name"/>.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>The generator.</returns>
    internal static Gen<EngagementRule> EngagementRule(string name) =>
        from points in Points
        from kinds in Gen.SubListOf(Enum.GetValues<TouchpointKind>())
        from direction in Gen.Elements<TouchpointDirection?>(null, TouchpointDirection.Inbound, TouchpointDirection.Outbound)
        from decayKind in Gen.Choose(0, 3)
        from halfLifeHours in Gen.Choose(1, 24 * 60)
        from windowHours in Gen.Choose(1, 24 * 90)
        select new EngagementRule(
            name,
            points,
            kinds,
            direction,
            decayKind switch
            {
                0 => EngagementDecay.None,
                1 => EngagementDecay.FromHalfLife(Duration.FromHours(halfLifeHours)),
                2 => EngagementDecay.FromWindow(Duration.FromHours(windowHours)),
                _ => new EngagementDecay(Duration.FromMinutes(halfLifeHours * 7), Duration.FromHours(windowHours)),
            });

    /// <summary>A rule group of either dimension with up to five rules named <c>g{index}r{n}</c>.</summary>
    /// <param name="index">The group's index (for unique names).</param>
    /// <returns>The generator.</returns>
    public static Gen<RuleGroup> Group(int index) =>
        from engagement in Gen.Elements(true, false)
        from count in Gen.Choose(0, 5)
        from rules in engagement
            ? Gen.CollectToArray(Enumerable.Range(0, count).Select(i => EngagementRule($"g{index}r{i}").Select(r => (ScoringRule)r)))
            : Gen.CollectToArray(Enumerable.Range(0, count).Select(i => FitRule($"g{index}r{i}").Select(r => (ScoringRule)r)))
        from bounds in Bounds
        select new RuleGroup($"group {index}", engagement ? ScoreDimension.Engagement : ScoreDimension.Fit, rules, bounds);

    /// <summary>A grade scale of two to four grades with random distinct thresholds.</summary>
    public static Gen<GradeScale> Grades =>
        from count in Gen.Choose(1, 3)
        from minimums in Gen.ArrayOf(Gen.Choose(-10, 60), count)
        from routings in Gen.ArrayOf(Gen.Elements(Enum.GetValues<LeadRouting>()), count + 1)
        select new GradeScale(
            minimums.Distinct().Select((m, i) => new GradeThreshold("G" + i, m, routings[i]))
                .Append(new GradeThreshold("Lowest", null, routings[^1])));

    /// <summary>A grid with two or three levels per axis and random routings, or none.</summary>
    public static Gen<GradeGrid?> Grid =>
        from present in Gen.Elements(true, false)
        from fitCuts in Gen.ArrayOf(Gen.Choose(-5, 40), 2)
        from engagementCuts in Gen.ArrayOf(Gen.Choose(-5, 40), 2)
        from sales in Gen.Choose(0, 8)
        select present
            ? new GradeGrid(
                fitCuts.Distinct().Select((c, i) => new GridLevel(((char)('A' + i)).ToString(), c)).Append(new GridLevel("Z", null)),
                engagementCuts.Distinct().Select((c, i) => new GridLevel((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c)).Append(new GridLevel("9", null)),
                sendToSales: sales % 2 == 0 ? ["A1"] : [],
                disqualify: sales > 4 ? ["Z9"] : [])
            : null;

    /// <summary>A valid model of up to four groups, with bounds, grades and maybe a grid.</summary>
    public static Gen<ScoringModel> Model =>
        from groupCount in Gen.Choose(0, 4)
        from groups in Gen.CollectToArray(Enumerable.Range(0, groupCount).Select(Group))
        from fit in Bounds
        from engagement in Bounds
        from total in Bounds
        from grades in Grades
        from grid in Grid
        select new ScoringModel("generated", groups, fit, engagement, total, grades, grid);

    /// <summary>Up to twelve touchpoints of <paramref name="lead"/>, from its creation to <paramref name="maxMinutes"/> minutes later.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="maxMinutes">The latest touchpoint, in minutes after the lead's creation.</param>
    /// <returns>The generator.</returns>
    public static Gen<Touchpoint[]> TouchpointsOf(Lead lead, int maxMinutes = 60 * 24 * 60) =>
        from count in Gen.Choose(0, 12)
        from items in Gen.ArrayOf(
            from minutes in Gen.Choose(0, maxMinutes)
            from kind in Gen.Elements(Enum.GetValues<TouchpointKind>())
            from direction in Gen.Elements(Enum.GetValues<TouchpointDirection>())
            from channel in Gen.Elements(LeadGenerators.Sources)
            select new Touchpoint(lead.Id, lead.CreatedAt.Plus(Duration.FromMinutes(minutes)), channel, kind, direction),
            count)
        select items;

    /// <summary>A lead, an instant of scoring up to 90 days after its creation, and touchpoints up to two days after that instant.</summary>
    public static Gen<ScoringCase> Case =>
        from lead in LeadGenerators.Lead
        from minutes in Gen.Choose(0, 60 * 24 * 90)
        from touchpoints in TouchpointsOf(lead, minutes + (60 * 24 * 2))
        select new ScoringCase(lead, touchpoints, lead.CreatedAt.Plus(Duration.FromMinutes(minutes)));

    /// <summary>(score, outcome) samples with many ties: scores in half points from -5 to 20.</summary>
    public static Gen<ScoredOutcome[]> ScoredOutcomes =>
        Gen.ArrayOf(
            from half in Gen.Choose(-10, 40)
            from outcome in Gen.Frequency((2, Gen.Constant(LeadOutcome.Won)), (3, Gen.Constant(LeadOutcome.Lost)), (1, Gen.Constant(LeadOutcome.Open)))
            from groupId in Gen.Choose(0, 4)
            select new ScoredOutcome(half / 2m, outcome, groupId));

    /// <summary>(probability, outcome) samples: probabilities in thousandths.</summary>
    public static Gen<ScoredOutcome[]> ProbabilityOutcomes =>
        Gen.ArrayOf(
            from thousandths in Gen.Choose(0, 1000)
            from outcome in Gen.Frequency((2, Gen.Constant(LeadOutcome.Won)), (3, Gen.Constant(LeadOutcome.Lost)), (1, Gen.Constant(LeadOutcome.Open)))
            select new ScoredOutcome(thousandths / 1000m, outcome, 0));

    private static NumericBandsRule Bands(string name, int[] cuts, decimal[] points, bool open)
    {
        var edges = cuts.Distinct().Order().ToArray();
        var bands = new List<NumericBand>();
        if (open)
        {
            bands.Add(NumericBand.Below(edges[0], points[0]));
        }

        for (var i = 0; i + 1 < edges.Length; i++)
        {
            bands.Add(new NumericBand(edges[i], edges[i + 1], points[i + 1]));
        }

        bands.Add(NumericBand.From(edges[^1], points[^1]));
        return new NumericBandsRule(name, "company_size", bands);
    }
}

/// <summary>A lead, its touchpoints and the instant of scoring.</summary>
/// <param name="Lead">The lead.</param>
/// <param name="Touchpoints">Its touchpoints.</param>
/// <param name="AsOf">The instant of scoring.</param>
public sealed record ScoringCase(Lead Lead, Touchpoint[] Touchpoints, Instant AsOf);

/// <summary>A score (or probability), an outcome and a group id.</summary>
/// <param name="Score">The score or probability.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Group">A group id, 0 to 4.</param>
public readonly record struct ScoredOutcome(decimal Score, LeadOutcome Outcome, int Group);

/// <summary>Arbitraries for <c>[Property(Arbitrary = [typeof(ScoringArbitraries)])]</c>.</summary>
public static class ScoringArbitraries
{
    /// <summary>Models.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ScoringModel> Model() => ScoringGenerators.Model.ToArbitrary();

    /// <summary>Leads with touchpoints and an instant of scoring.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ScoringCase> Case() => ScoringGenerators.Case.ToArbitrary();

    /// <summary>(score, outcome, group) samples.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ScoredOutcome[]> ScoredOutcomes() => ScoringGenerators.ScoredOutcomes.ToArbitrary();
}
