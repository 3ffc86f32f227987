using System.Globalization;
using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// The command's rules for touchpoints, costs and revenue that the library leaves to the caller (docs/cli.md): how a
/// kind, direction and category are spelled, how costs are clipped to the data's span (calendar quarters, pro rata,
/// rounded half to even at the currency's scale), which groups a cost lands in, and why a cost ratio is null.
/// They follow the CLI's <c>CostClipping</c> and <c>MoneyEngine</c> (same formulas), so the package gives its numbers.
/// </summary>
internal static class MoneyRules
{
    /// <summary>A label loosely (case, spaces, <c>_</c> and <c>-</c> ignored), as the ingest layer reads enum columns.</summary>
    public static string Squash(string text) =>
        string.Concat(text.Where(c => c is not (' ' or '_' or '-'))).ToLowerInvariant();

    /// <summary>A touchpoint kind (<c>message</c> = chat; empty = other), or null when unknown.</summary>
    public static TouchpointKind? Kind(string? text)
    {
        var s = Squash(text ?? string.Empty);
        if (s.Length == 0)
        {
            return TouchpointKind.Other;
        }

        if (s == "message")
        {
            return TouchpointKind.Chat;
        }

        foreach (var k in Enum.GetValues<TouchpointKind>())
        {
            if (Squash(k.ToString()) == s)
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>A direction: true for outbound/out, false for inbound/in or empty, null otherwise.</summary>
    public static bool? Outbound(string? text) => Squash(text ?? string.Empty) switch
    {
        "" or "in" or "inbound" => false,
        "out" or "outbound" => true,
        _ => null,
    };

    /// <summary>A cost category (empty = media), or null when unknown.</summary>
    public static CostCategory? Category(string? text)
    {
        var s = Squash(text ?? string.Empty);
        if (s.Length == 0)
        {
            return CostCategory.Media;
        }

        foreach (var c in Enum.GetValues<CostCategory>())
        {
            if (Squash(c.ToString()) == s)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Minor units (0 or more, or negative for a refund) as the exact decimal at the currency's scale.</summary>
    public static decimal Decimal(long minorUnits, byte scale)
    {
        var magnitude = minorUnits == long.MinValue ? throw new OverflowException("amount out of range") : Math.Abs(minorUnits);
        return new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >>> 32)), 0, minorUnits < 0, scale);
    }

    /// <summary>A local date from days since 1970-01-01.</summary>
    public static LocalDate Date(int days) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(checked(days + DateOnly.FromDateTime(new DateTime(1970, 1, 1)).DayNumber)));

    /// <summary>An enum name in snake case (TeamTime: team_time), as the JSON contract names cost categories.</summary>
    public static string Snake(string name)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    /// <summary>The keys of the groups of a grouping that at least one cost row lands in (a cost over several days lands in every period it spans).</summary>
    public static HashSet<GroupKey> CostKeys(LeadGrouping grouping, IReadOnlyList<CostEvent> costs)
    {
        var keys = new HashSet<GroupKey>();
        foreach (var cost in costs)
        {
            if (grouping.Bucket == TimeBucket.None)
            {
                keys.Add(grouping.KeyOf(cost.From, cost.Source, cost.Campaign));
                continue;
            }

            for (var day = cost.From; day <= cost.To; day = day.PlusDays(1))
            {
                keys.Add(grouping.KeyOf(day, cost.Source, cost.Campaign));
            }
        }

        return keys;
    }

    /// <summary>
    /// Costs clipped to the calendar quarters from the first lead's creation to the last close, creation or payment
    /// (in the zone): a row inside is kept, a row outside is left out, a row across the edge keeps the share of its
    /// amount for its days inside (pro rata by day, rounded half to even at the currency's scale).
    /// </summary>
    public static List<CostEvent> Clip(List<CostEvent> costs, Instant first, Instant last, DateTimeZone zone, Currency currency)
    {
        var from = StartOfQuarter(first.InZone(zone).Date);
        var to = EndOfQuarter(last.InZone(zone).Date);
        var result = new List<CostEvent>(costs.Count);
        foreach (var cost in costs)
        {
            var (start, end, amount) = (cost.From, cost.To, cost.Amount.Amount);
            if (start >= from && end <= to)
            {
                result.Add(cost);
                continue;
            }

            if (end < from || start > to)
            {
                continue;
            }

            var days = Day(end) - Day(start) + 1;
            var clipStart = start < from ? from : start;
            var clipEnd = end > to ? to : end;
            var inside = Share(amount, Day(clipEnd) - Day(start) + 1, days, currency.MinorUnitDigits)
                - Share(amount, Day(clipStart) - Day(start), days, currency.MinorUnitDigits);
            result.Add(new CostEvent(cost.Source, clipStart, clipEnd, new Money(inside, cost.Amount.Currency), cost.Category, cost.Campaign));
        }

        return result;
    }

    /// <summary>Records why a cost ratio is null although its denominator is not zero (the quotient does not fit a decimal).</summary>
    public static void NoteUndefined(MoneyKpis kpis, FinanceResult money)
    {
        var options = money.Options;
        var invested = money.CostOf(options.InvestmentCategories).Amount;
        Check("roi", kpis.Roi, money.Revenue.Amount - invested, invested, "(revenue - cost) / cost");
        Check("roas", kpis.Roas, money.Revenue.Amount, money.MediaCost.Amount, "revenue / media cost");
        Check("cost_per_lead", kpis.CostPerLead, money.CostOf(options.CostPerLeadCategories).Amount, money.Leads, "cost / leads");
        Check("customer_acquisition_cost", kpis.CustomerAcquisitionCost, money.CostOf(options.AcquisitionCategories).Amount, money.Customers, "cost / customers");

        void Check(string kpi, decimal? value, decimal numerator, decimal denominator, string formula)
        {
            if (value is null && denominator != 0m)
            {
                kpis.Undefined[kpi] = string.Create(CultureInfo.InvariantCulture,
                    $"out_of_range: {formula} = {numerator} / {denominator} does not fit a decimal (about ±7.9e28)");
            }
        }
    }

    private static decimal Share(decimal amount, int upTo, int days, int digits) =>
        upTo <= 0 ? 0m : upTo >= days ? amount : Math.Round(amount * upTo / days, digits, MidpointRounding.ToEven);

    private static LocalDate StartOfQuarter(LocalDate date) => new(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);

    private static LocalDate EndOfQuarter(LocalDate date) =>
        date.Year == 9999 && date.Month > 9 ? LocalDate.MaxIsoValue : StartOfQuarter(date).PlusMonths(3).PlusDays(-1);

    private static int Day(LocalDate date) => date.ToDateOnly().DayNumber;
}
