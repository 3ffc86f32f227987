using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace LeadMetrics.Testing;

/// <summary>
/// FsCheck generators for the domain model, shared by every test project. Everything generated is
/// valid: the model's constructors accept it. Instants fall in 2024-2025 so that DST transitions of
/// common zones are covered.
/// </summary>
public static class LeadGenerators
{
    /// <summary>The first instant generated: 2024-01-01T00:00Z.</summary>
    public static readonly NodaTime.Instant Origin = NodaTime.Instant.FromUtc(2024, 1, 1, 0, 0);

    /// <summary>Source names, with different frequencies so groups have different sizes.</summary>
    public static readonly string[] Sources = ["website", "paid_search", "linkedin", "facebook", "partner", "conference", "webinar"];

    /// <summary>Campaign names.</summary>
    public static readonly string[] Campaigns = ["spring", "summer", "brand", "retarget"];

    /// <summary>Rep names.</summary>
    public static readonly string[] Owners = ["dana", "eli", "noa", "omer", "yael"];

    /// <summary>An instant in 2024-2025, to the second.</summary>
    public static Gen<Instant> Instant =>
        Gen.Choose(0, 2 * 365 * 24 * 3600 - 1).Select(s => Origin.Plus(Duration.FromSeconds(s)));

    /// <summary>A non-negative duration skewed to short ones: seconds, minutes, hours or days.</summary>
    public static Gen<Duration> Delay =>
        Gen.Frequency(
            (3, Gen.Choose(0, 600).Select(s => Duration.FromSeconds(s))),
            (3, Gen.Choose(0, 24 * 60).Select(m => Duration.FromMinutes(m))),
            (2, Gen.Choose(0, 30 * 24).Select(h => Duration.FromHours(h))),
            (1, Gen.Choose(0, 120).Select(d => Duration.FromDays(d))));

    /// <summary>A lead id such as <c>L-12345</c>.</summary>
    public static Gen<LeadId> LeadId => Gen.Choose(1, 9_999_999).Select(n => new LeadId("L-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>An optional element of <paramref name="values"/> (null one time in six).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The generator.</returns>
    public static Gen<string?> OptionalOf(string[] values) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (5, Gen.Elements(values).Select(v => (string?)v)));

    /// <summary>A currency among USD, EUR and ILS.</summary>
    public static Gen<Currency> Currency => Gen.Elements(LeadMetrics.Currency.Usd, LeadMetrics.Currency.Eur, LeadMetrics.Currency.Ils);

    /// <summary>A non-negative amount with two decimals, up to 100,000.00.</summary>
    public static Gen<decimal> Amount => Gen.Choose(0, 10_000_000).Select(c => c / 100m);

    /// <summary>A stage history of the default pipeline for <paramref name="lead"/> created at <paramref name="createdAt"/>:
    /// forward moves (possibly skipping stages), ending open, won or lost.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="createdAt">When it was created.</param>
    /// <returns>The generator.</returns>
    public static Gen<StageTransition[]> StageHistory(LeadId lead, Instant createdAt) => StageHistory(lead, createdAt, Pipeline.Default);

    /// <summary>A stage history of <paramref name="pipeline"/> (see the other overload).</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="createdAt">When it was created.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The generator.</returns>
    public static Gen<StageTransition[]> StageHistory(LeadId lead, Instant createdAt, Pipeline pipeline)
    {
        var open = pipeline.OpenStageCount;
        var lost = pipeline.Stages.Length - open - 1;
        return
            from furthest in Gen.Choose(0, open - 1)
            from stepMask in Gen.Choose(0, (1 << open) - 1)
            from ending in Gen.Choose(0, 2)
            from lostIndex in Gen.Choose(0, lost - 1)
            from delays in Gen.ArrayOf(Delay, open + 1)
            select Build(lead, createdAt, pipeline, furthest, stepMask, ending, lostIndex, delays);

        static StageTransition[] Build(LeadId lead, Instant createdAt, Pipeline pipeline, int furthest, int stepMask, int ending, int lostIndex, Duration[] delays)
        {
            var list = new List<StageTransition>();
            Stage? from = null;
            var at = createdAt;
            for (var i = 0; i <= furthest; i++)
            {
                // Always record the first stage and the furthest; skip others where the mask says so.
                if (i != 0 && i != furthest && (stepMask & (1 << i)) == 0)
                {
                    continue;
                }

                at = at.Plus(i == 0 ? Duration.Zero : delays[i]);
                var to = pipeline.Stages[i];
                list.Add(new StageTransition(lead, from, to, at));
                from = to;
            }

            if (ending > 0)
            {
                at = at.Plus(delays[^1]);
                var terminal = ending == 1 ? pipeline.Won : pipeline.Stages[pipeline.OpenStageCount + 1 + lostIndex];
                list.Add(new StageTransition(lead, from, terminal, at));
            }

            return [.. list];
        }
    }

    /// <summary>A valid lead of the default pipeline with source, campaign, owner, attributes, response and outcome.</summary>
    public static Gen<Lead> Lead =>
        from id in LeadId
        from created in Instant
        from source in OptionalOf(Sources)
        from campaign in OptionalOf(Campaigns)
        from owner in OptionalOf(Owners)
        from answered in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from responseDelay in Delay
        from history in StageHistory(id, created)
        from value in Amount
        from size in Gen.Choose(1, 5000)
        from budget in Gen.Elements(true, false)
        select new Lead(
            id,
            created,
            source,
            campaign,
            owner,
            attributes: [new("company_size", size), new("has_budget", budget), new("industry", size % 3 == 0 ? "software" : "retail")],
            firstResponseAt: answered ? created.Plus(responseDelay) : null,
            stageHistory: history,
            dealValue: history.Length > 0 && history[^1].To.Kind == StageKind.Won ? new Money(value, LeadMetrics.Currency.Usd) : null);

    /// <summary>A valid touchpoint for a random lead.</summary>
    public static Gen<Touchpoint> Touchpoint =>
        from id in LeadId
        from at in Instant
        from channel in Gen.Elements(Sources)
        from kind in Gen.Elements(Enum.GetValues<TouchpointKind>())
        from direction in Gen.Elements(Enum.GetValues<TouchpointDirection>())
        from campaign in OptionalOf(Campaigns)
        from actor in OptionalOf(Owners)
        select new Touchpoint(id, at, channel, kind, direction, campaign, direction == TouchpointDirection.Outbound ? actor : null);

    /// <summary>A valid cost entry: one day or an interval of up to 31 days, in USD.</summary>
    public static Gen<CostEntry> CostEntry =>
        from source in Gen.Elements(Sources)
        from campaign in OptionalOf(Campaigns)
        from day in Gen.Choose(0, 2 * 365 - 1)
        from length in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 30)))
        from amount in Amount
        from category in Gen.Elements(Enum.GetValues<CostCategory>())
        let start = new LocalDate(2024, 1, 1).PlusDays(day)
        select new CostEntry(source, new DateInterval(start, start.PlusDays(length)), new Money(amount, LeadMetrics.Currency.Usd), category, campaign);

    /// <summary>A valid revenue entry in USD (possibly a refund).</summary>
    public static Gen<RevenueEntry> RevenueEntry =>
        from id in LeadId
        from at in Instant
        from cents in Gen.Choose(-100_000, 5_000_000)
        select new RevenueEntry(id, at, new Money(cents / 100m, LeadMetrics.Currency.Usd));

    /// <summary>A list of leads with distinct ids.</summary>
    public static Gen<Lead[]> Leads =>
        Gen.ListOf(Lead).Select(list => list.DistinctBy(l => l.Id).ToArray());
}

/// <summary>Arbitraries for <c>[Property(Arbitrary = new[] { typeof(LeadArbitraries) })]</c>.</summary>
public static class LeadArbitraries
{
    /// <summary>Leads.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Lead> Lead() => LeadGenerators.Lead.ToArbitrary();

    /// <summary>Lead arrays with distinct ids.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Lead[]> Leads() => LeadGenerators.Leads.ToArbitrary();

    /// <summary>Touchpoints.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Touchpoint> Touchpoint() => LeadGenerators.Touchpoint.ToArbitrary();

    /// <summary>Cost entries.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<CostEntry> CostEntry() => LeadGenerators.CostEntry.ToArbitrary();

    /// <summary>Revenue entries.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<RevenueEntry> RevenueEntry() => LeadGenerators.RevenueEntry.ToArbitrary();
}
