using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Records;

/// <summary>
/// The native library's bulk path keeps deal values as the minor units they come in (issue 19): a batch appended with
/// <c>LeadColumnsBuilder.AddColumns</c> builds its won-value column from the units, without a decimal per value. It must
/// give what the decimal path gives: the same batch as <see cref="LeadColumns.From"/> of the same leads with each value a
/// decimal of the currency's scale (JPY 0, USD 2, BHD 3, CLF 4), the same won-value column (or none when a value is beyond
/// the integer sums' limit, 2^47 units), and the same KPIs, won values to the last trailing zero.
/// </summary>
public sealed class DealUnitsTests
{
    private static readonly Currency[] Currencies = [Currency.FromCode("JPY"), Currency.Usd, Currency.FromCode("BHD"), Currency.FromCode("CLF")];

    private static readonly LeadGrouping[] Groupings =
    [
        LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.Month, DateTimeZone.Utc),
    ];

    private static readonly Instant Start = Instant.FromUtc(2024, 1, 1, 0, 0);

    /// <summary>How a case's leads are appended.</summary>
    public enum Split
    {
        /// <summary>One <c>AddColumns</c> call.</summary>
        Once,

        /// <summary>Two calls at the same scale (the batch stays in units).</summary>
        Twice,

        /// <summary>The first part one lead at a time with <c>Add</c>, then <c>AddColumns</c> (the batch holds decimals).</summary>
        AddThenColumns,

        /// <summary>Two calls, the second at another scale (the first part's units become decimals).</summary>
        OtherScale,
    }

    /// <summary>One case: the currency, how the leads are appended, a seed for the leads and their values, and how large the
    /// values get (0: below 2^47 units; 1: also at 2^47 ± 2, the integer sums' limit; 2: also up to 10^18 currency units).</summary>
    public sealed record DealCase(int Currency, Split Split, int Seed, int Rows, int Large);

    private static readonly Arbitrary<DealCase> Cases =
        (from currency in Gen.Choose(0, Currencies.Length - 1)
         from split in Gen.Elements(Split.Once, Split.Once, Split.Twice, Split.AddThenColumns, Split.OtherScale)
         from seed in Gen.Choose(0, int.MaxValue)
         from rows in Gen.Choose(0, 400)
         from large in Gen.Elements(0, 0, 1, 1, 2)
         select new DealCase(currency, split, seed, rows, large)).ToArbitrary();

    // A lead's facts and its deal value as minor units (long.MinValue = none) at a scale.
    private sealed record Row(LeadRecord Record, long Units, byte Scale);

    private static Row[] Rows(DealCase c, Currency currency)
    {
        var random = new Random(c.Seed);
        var scale = (byte)currency.MinorUnitDigits;
        var won = KpiOptions.Default.Pipeline.OpenStageCount;
        var cut = c.Rows == 0 ? 0 : random.Next(c.Rows + 1);

        // At most 10^18 currency units (Money.MaxFactAmount), as the native library checks.
        var maxUnits = (long)Math.Min(1e18 * Math.Pow(10, scale), long.MaxValue);
        var rows = new Row[c.Rows];
        for (var i = 0; i < c.Rows; i++)
        {
            var rowScale = c.Split == Split.OtherScale && i >= cut ? (byte)(scale == 4 ? 2 : scale + 1) : scale;
            var created = Start + Duration.FromMinutes(random.Next(0, 500_000));
            var outcome = (LeadOutcome)random.Next(3);
            Instant? closed = outcome == LeadOutcome.Open ? null : created + Duration.FromMinutes(random.Next(0, 100_000));
            Instant? response = random.Next(4) == 0 ? null : created + Duration.FromSeconds(random.Next(0, 100_000));
            var units = random.Next(10) switch
            {
                < 3 => long.MinValue,
                3 => random.Next(0, 3),
                4 or 5 or 6 or 7 => random.NextInt64(0, 100_000_000),
                8 => c.Large > 0 ? (1L << 47) + random.Next(-2, 3) : random.NextInt64(0, 1L << 47),
                _ => c.Large > 1 ? random.NextInt64(0, maxUnits) + 1 : random.NextInt64(0, 1_000_000_000_000),
            };
            Money? deal = units == long.MinValue ? null : new Money(Decimal(units, rowScale), currency);
            var record = new LeadRecord(i + 1, created, source: random.Next(4), owner: random.Next(3), firstResponseAt: response, outcome: outcome, closedAt: closed,
                furthestPosition: outcome == LeadOutcome.Won ? won : 0, dealValue: deal);
            rows[i] = new Row(record, units, rowScale);
        }

        return rows;
    }

    // Units at a scale as the bulk path's decimal path wrote them: the units as the decimal's integer.
    private static decimal Decimal(long units, byte scale) => new(unchecked((int)units), unchecked((int)(units >>> 32)), 0, false, scale);

    private static LeadColumns Bulk(Row[] rows, Split split, Currency currency, int cut)
    {
        var builder = new LeadColumnsBuilder(8);
        (int From, int To)[] parts = split == Split.Once ? [(0, rows.Length)] : [(0, cut), (cut, rows.Length)];
        foreach (var (from, to) in parts)
        {
            var part = rows[from..to];
            if (split == Split.AddThenColumns && from == 0)
            {
                foreach (var r in part)
                {
                    var x = r.Record;
                    builder.Add(x.Lead, x.CreatedTicks, x.Source, x.Campaign, x.Owner, x.Segment, x.FirstResponseAt?.ToUnixTimeTicks(), x.Outcome,
                        x.ClosedAt?.ToUnixTimeTicks(), x.FurthestPosition, x.DealValue, []);
                }

                continue;
            }

            builder.AddColumns(from + 1, [.. part.Select(r => r.Record.CreatedTicks)], [.. part.Select(r => r.Record.ResponseTicks)],
                [.. part.Select(r => r.Record.ClosedTicks)], [.. part.Select(r => (byte)r.Record.Outcome)], [.. part.Select(r => r.Record.Source)],
                [.. part.Select(r => r.Record.Campaign)], [.. part.Select(r => r.Record.Owner)], [.. part.Select(r => r.Record.Segment)],
                [.. part.Select(r => r.Record.FurthestPosition)], [.. part.Select(r => r.Units)], part.Length == 0 ? (byte)currency.MinorUnitDigits : part[0].Scale,
                currency, [], new int[part.Length + 1]);
        }

        return builder.Build();
    }

    // The KPIs of a batch, and each group's won value and average deal value as text (the scale shows).
    private static (CalculatorSetResult<LeadKpis> Result, string Values) Kpis(LeadColumns columns, Currency currency)
    {
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(new KpiOptions(currency: currency)), Groupings);
        set.AddRange(columns);
        var result = set.Snapshot();
        var values = string.Join(";", result.Groupings.SelectMany(g => g.Groups).Select(g =>
            $"{g.Key}={g.Result.WonValue.Amount.ToString(CultureInfo.InvariantCulture)}/{g.Result.AverageDealValue?.Amount.ToString(CultureInfo.InvariantCulture)}"));
        return (result, values);
    }

    private static bool SameColumn(WonValueColumn? a, WonValueColumn? b) =>
        a is null ? b is null
        : b is not null && a.Rows.AsSpan().SequenceEqual(b.Rows) && a.Units.AsSpan().SequenceEqual(b.Units) && a.Scales.AsSpan().SequenceEqual(b.Scales)
            && a.UnitScale == b.UnitScale && a.UniformScale == b.UniformScale;

    [Property(MaxTest = 300)]
    public Property Minor_units_give_what_their_decimals_give() =>
        Prop.ForAll(Cases, c =>
        {
            var currency = Currencies[c.Currency];
            var rows = Rows(c, currency);
            var cut = c.Rows == 0 ? 0 : new Random(c.Seed).Next(c.Rows + 1);
            var byDecimal = LeadColumns.From(rows.Select(r => r.Record).ToArray());
            var byUnits = Bulk(rows, c.Split, currency, cut);

            // The KPIs first: reading the batch's decimals below writes them.
            var expected = Kpis(byDecimal, currency);
            var actual = Kpis(byUnits, currency);
            var n = rows.Length;
            var sameRows = Enumerable.Range(0, n).All(i =>
                byUnits[i].DealValue == byDecimal[i].DealValue
                && byUnits[i].DealAmount.ToString(CultureInfo.InvariantCulture) == byDecimal[i].DealAmount.ToString(CultureInfo.InvariantCulture));
            return (byUnits.Count == n).Label("count")
                .And(SameColumn(byDecimal.WonValues, byUnits.WonValues).Label("won-value column"))
                .And((byDecimal.WonCurrency == byUnits.WonCurrency).Label("won currency"))
                .And((expected.Result.Equals(actual.Result)).Label("KPIs"))
                .And((expected.Values == actual.Values).Label($"won values: {expected.Values} against {actual.Values}"))
                .And(sameRows.Label("rows"))
                .And((byDecimal.DealAmounts.AsSpan(0, n).SequenceEqual(byUnits.DealAmounts.AsSpan(0, n))
                    && byDecimal.DealCurrencies.AsSpan(0, n).SequenceEqual(byUnits.DealCurrencies.AsSpan(0, n))).Label("deal columns"));
        });

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("USD", 2)]
    [InlineData("BHD", 3)]
    public void Won_values_in_units_sum_exactly_at_the_currencys_scale(string code, int scale)
    {
        var currency = Currency.FromCode(code);
        Assert.Equal(scale, currency.MinorUnitDigits);
        var at = Start.ToUnixTimeTicks();
        var won = KpiOptions.Default.Pipeline.OpenStageCount;

        // Three won leads with 1, 100 and 2^47 units, one won without a value, one lost with a value: 2^47 + 101 units.
        long[] units = [1, 100, long.MinValue, 1L << 47, 5];
        byte[] outcomes = [(byte)LeadOutcome.Won, (byte)LeadOutcome.Won, (byte)LeadOutcome.Won, (byte)LeadOutcome.Won, (byte)LeadOutcome.Lost];
        var builder = new LeadColumnsBuilder(8);
        builder.AddColumns(1, [at, at, at, at, at], [LeadRecord.None, LeadRecord.None, LeadRecord.None, LeadRecord.None, LeadRecord.None],
            [at, at, at, at, at], outcomes, [1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [won, won, won, won, 0],
            units, (byte)scale, currency, [], new int[6]);
        var columns = builder.Build();
        Assert.NotNull(columns.WonValues);
        var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(new KpiOptions(currency: currency)), [LeadGrouping.Total]);
        set.AddRange(columns);
        var kpis = set.Snapshot().Total();
        var expected = ((decimal)(1L << 47) + 101) / Pow10(scale);
        Assert.Equal(expected, kpis.WonValue.Amount);
        Assert.Equal(scale, kpis.WonValue.Amount.Scale);
        Assert.Equal(currency, kpis.WonValue.Currency);
        Assert.Equal(4, kpis.Funnel.Won);

        // One unit more than 2^47: no won-value column; the decimals are summed instead, to the same exact value.
        units[3] = (1L << 47) + 1;
        builder.AddColumns(1, [at, at, at, at, at], [LeadRecord.None, LeadRecord.None, LeadRecord.None, LeadRecord.None, LeadRecord.None],
            [at, at, at, at, at], outcomes, [1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [won, won, won, won, 0],
            units, (byte)scale, currency, [], new int[6]);
        columns = builder.Build();
        Assert.Null(columns.WonValues);
        set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(new KpiOptions(currency: currency)), [LeadGrouping.Total]);
        set.AddRange(columns);
        kpis = set.Snapshot().Total();
        Assert.Equal((expected * Pow10(scale) + 1) / Pow10(scale), kpis.WonValue.Amount);
        Assert.Equal(scale, kpis.WonValue.Amount.Scale);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
