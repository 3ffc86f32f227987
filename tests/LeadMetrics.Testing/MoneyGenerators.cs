using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using LeadMetrics.Finance;
using NodaTime;

namespace LeadMetrics.Testing;

/// <summary>
/// A consistent data set for the money, attribution and capacity calculators: leads with distinct
/// ids, costs, revenue (mostly of those leads, some of unknown ones, some refunds) and touchpoints
/// of those leads. Touchpoint channels use the source names, so costs can be matched to channels.
/// </summary>
/// <param name="Leads">The leads.</param>
/// <param name="Costs">The costs.</param>
/// <param name="Revenue">The revenue entries.</param>
/// <param name="Touchpoints">The touchpoints.</param>
public sealed record MoneyScenario(
    ImmutableArray<Lead> Leads,
    ImmutableArray<CostEntry> Costs,
    ImmutableArray<RevenueEntry> Revenue,
    ImmutableArray<Touchpoint> Touchpoints)
{
    /// <summary>A short description for failing property reports.</summary>
    public override string ToString() => $"{Leads.Length} leads, {Costs.Length} costs, {Revenue.Length} revenue, {Touchpoints.Length} touchpoints";
}

/// <summary>Generators of <see cref="MoneyScenario"/> data sets.</summary>
public static class MoneyGenerators
{
    /// <summary>A scenario with every amount in USD.</summary>
    public static Gen<MoneyScenario> Scenario => ScenarioIn([Currency.Usd]);

    /// <summary>A scenario whose costs and revenue are in USD, EUR or ILS (deal values stay USD); convert with <see cref="TestExchangeRates"/>.</summary>
    public static Gen<MoneyScenario> MultiCurrencyScenario => ScenarioIn([Currency.Usd, Currency.Eur, Currency.Ils]);

    /// <summary>A scenario whose amounts are in one of <paramref name="currencies"/>.</summary>
    /// <param name="currencies">The currencies of costs and revenue.</param>
    /// <returns>The generator.</returns>
    public static Gen<MoneyScenario> ScenarioIn(Currency[] currencies) =>
        from leads in LeadGenerators.Leads
        from costs in Gen.ListOf(CostEntryIn(currencies))
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(leads, [.. costs], currencies, seed);

    /// <summary>A cost entry: one day or up to 70 days (so that it crosses weeks and months), in one of the currencies.</summary>
    /// <param name="currencies">The currencies.</param>
    /// <returns>The generator.</returns>
    public static Gen<CostEntry> CostEntryIn(Currency[] currencies) =>
        from source in Gen.Elements(LeadGenerators.Sources)
        from campaign in LeadGenerators.OptionalOf(LeadGenerators.Campaigns)
        from day in Gen.Choose(0, (2 * 365) - 1)
        from length in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 9)), (1, Gen.Choose(10, 70)))
        from cents in Gen.Choose(0, 5_000_000)
        from category in Gen.Elements(Enum.GetValues<CostCategory>())
        from currency in Gen.Elements(currencies)
        let start = new LocalDate(2024, 1, 1).PlusDays(day)
        select new CostEntry(source, new DateInterval(start, start.PlusDays(length)), new Money(cents / 100m, currency), category, campaign);

    private static MoneyScenario Build(Lead[] leads, CostEntry[] costs, Currency[] currencies, int seed)
    {
        var random = new Random(seed);
        var revenue = new List<RevenueEntry>();
        var touchpoints = new List<Touchpoint>();
        foreach (var lead in leads)
        {
            var payments = random.Next(0, 4);
            for (var i = 0; i < payments; i++)
            {
                // From 10 days before creation (a deposit) to about 15 months after it.
                var at = lead.CreatedAt + Duration.FromMinutes(random.Next(-10 * 24 * 60, 460 * 24 * 60));
                var cents = random.Next(0, 8) == 0 ? -random.Next(1, 50_000) : random.Next(0, 2_000_000);
                revenue.Add(new RevenueEntry(lead.Id, at, new Money(cents / 100m, currencies[random.Next(currencies.Length)])));
            }

            var touches = random.Next(0, 7);
            for (var i = 0; i < touches; i++)
            {
                // From 120 days before creation to 60 days after, sometimes exactly at creation or a shared instant.
                var at = random.Next(0, 6) == 0
                    ? lead.CreatedAt
                    : lead.CreatedAt + Duration.FromMinutes(random.Next(-120 * 24 * 60, 60 * 24 * 60));
                var channel = LeadGenerators.Sources[random.Next(LeadGenerators.Sources.Length)];
                var campaign = random.Next(0, 5) == 0 ? null : LeadGenerators.Campaigns[random.Next(LeadGenerators.Campaigns.Length)];
                var kind = (TouchpointKind)random.Next(0, 8);
                var direction = random.Next(0, 3) == 0 ? TouchpointDirection.Outbound : TouchpointDirection.Inbound;
                var actor = direction == TouchpointDirection.Outbound ? LeadGenerators.Owners[random.Next(LeadGenerators.Owners.Length)] : null;
                touchpoints.Add(new Touchpoint(lead.Id, at, channel, kind, direction, campaign, actor));
            }
        }

        // Revenue of leads that are not in the set.
        var strangers = random.Next(0, 3);
        for (var i = 0; i < strangers; i++)
        {
            revenue.Add(new RevenueEntry(new LeadId("X-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), LeadGenerators.Origin + Duration.FromDays(random.Next(0, 700)), new Money(random.Next(0, 100_000) / 100m, currencies[0])));
        }

        return new MoneyScenario([.. leads], [.. costs], [.. revenue], [.. touchpoints]);
    }
}

/// <summary>
/// Deterministic test exchange rates into USD only, with rates of at most four decimals that depend
/// on the day of the month, so that a wrong conversion date shows and sums stay exact.
/// </summary>
public sealed class TestExchangeRates : IExchangeRates
{
    /// <summary>The shared instance.</summary>
    public static TestExchangeRates Instance { get; } = new();

    /// <summary>The rate from a currency to USD on a date.</summary>
    /// <param name="currency">The currency.</param>
    /// <param name="asOf">The date.</param>
    /// <returns>USD per unit.</returns>
    public static decimal RateToUsd(Currency currency, LocalDate asOf)
    {
        if (currency == Currency.Usd)
        {
            return 1m;
        }

        if (currency == Currency.Eur)
        {
            return 1.08m + (asOf.Day / 1000m);
        }

        if (currency == Currency.Ils)
        {
            return 0.27m + (asOf.Day / 10000m);
        }

        throw new ArgumentException($"No test rate for {currency.Code}.", nameof(currency));
    }

    /// <inheritdoc />
    public Money Convert(Money amount, Currency target, LocalDate asOf)
    {
        if (target != Currency.Usd)
        {
            throw new ArgumentException($"Test rates convert into USD only, not {target.Code}.", nameof(target));
        }

        return new Money(amount.Amount * RateToUsd(amount.Currency, asOf), Currency.Usd);
    }
}

/// <summary>Arbitraries for <c>[Property(Arbitrary = [typeof(MoneyArbitraries)])]</c>.</summary>
public static class MoneyArbitraries
{
    /// <summary>USD scenarios.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<MoneyScenario> Scenario() => MoneyGenerators.Scenario.ToArbitrary();
}
