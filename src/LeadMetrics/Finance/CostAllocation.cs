using LeadMetrics.Calculators;
using LeadMetrics.Events;
using LeadMetrics.Grouping;

namespace LeadMetrics.Finance;

/// <summary>
/// Splits a cost over the periods of a grouping pro rata by days. The cost's days are walked in
/// order and cut into runs of consecutive days in the same period; run <c>i</c>, ending after
/// <c>c_i</c> of the cost's <c>D</c> days, receives <c>R(A × c_i / D) − R(A × c_(i−1) / D)</c>, with
/// <c>R</c> rounding half to even to the currency's minor unit, and the last run receives the exact
/// remainder. The parts therefore add up exactly to the cost.
/// </summary>
internal static class CostAllocation
{
    private const int UnixEpochDayNumber = 719162; // DateOnly(1970, 1, 1).DayNumber

    internal static int DayNumber(NodaTime.LocalDate date) => date.ToDateOnly().DayNumber - UnixEpochDayNumber;

    internal static void Allocate(GroupedCalculator<FinanceTally, FinanceResult> groups, in CostEvent cost, decimal amount, int digits)
    {
        var grouping = groups.Grouping;

        // Validates that the grouping can place a cost (throws for owner, segment, hour of day).
        var firstKey = grouping.KeyOf(cost.From, cost.Source, cost.Campaign);
        if (grouping.Bucket == TimeBucket.None)
        {
            groups.GetOrAdd(firstKey).AddCost(cost.Category, amount);
            return;
        }

        var first = DayNumber(cost.From);
        var last = DayNumber(cost.To);
        var totalDays = (decimal)(last - first + 1);
        var runPeriod = firstKey.Period;
        var allocated = 0m;
        for (var day = first + 1; day <= last + 1; day++)
        {
            var period = day <= last ? Periods.Ordinal(grouping.Bucket, day, 0) : runPeriod;
            if (day <= last && period == runPeriod)
            {
                continue;
            }

            var upTo = day > last ? amount : ExactSplit.RoundedShare(amount, day - first, totalDays, digits);
            var key = new GroupKey(grouping.Dimension, firstKey.DimensionId, grouping.Bucket, runPeriod);
            groups.GetOrAdd(key).AddCost(cost.Category, upTo - allocated);
            allocated = upTo;
            runPeriod = period;
        }
    }
}
