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
/// Cost clipping is the ingest layer's <c>CostClipping</c> (shared with the CLI); the group and note rules follow the CLI's <c>MoneyEngine</c>, so the package gives its numbers.
/// </summary>
internal static class MoneyRules
{
    /// <summary>A label loosely (case, spaces, <c>_</c> and <c>-</c> ignored), as the ingest layer reads enum columns.</summary>
    public static string Squash(string text) => LeadMetrics.Data.StageNames.Squash(text);

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

    /// <summary>The keys of the groups of a grouping that at least one cost row lands in (the CLI's rule, shared).</summary>
    public static HashSet<GroupKey> CostKeys(LeadGrouping grouping, IReadOnlyList<CostEvent> costs) => LeadMetrics.Data.MoneyReportRules.CostKeys(grouping, costs);

    /// <summary>Records why a cost ratio is null although its denominator is not zero (the CLI's rule, shared).</summary>
    public static void NoteUndefined(MoneyKpis kpis, FinanceResult money)
    {
        foreach (var (kpi, reason) in LeadMetrics.Data.MoneyReportRules.OutOfRange(money, kpis.Roi, kpis.Roas, kpis.RoiOnMargin, kpis.CostPerLead, kpis.CustomerAcquisitionCost))
        {
            kpis.Undefined[kpi] = reason;
        }
    }
}
