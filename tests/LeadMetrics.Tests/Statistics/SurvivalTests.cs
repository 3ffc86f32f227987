using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Tests.Statistics;

public sealed class SurvivalTests
{
    private static Duration Weeks(double w) => Duration.FromTicks((long)(w * 7 * NodaConstants.TicksPerDay));

    // Freireich et al. (1963), 6-MP group: weeks of remission, + = censored.
    private static SurvivalCounts Freireich()
    {
        var counts = new SurvivalCounts();
        foreach (var w in new[] { 6, 6, 6, 7, 10, 13, 16, 22, 23 })
        {
            counts.AddConversion(Weeks(w));
        }

        foreach (var w in new[] { 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35 })
        {
            counts.AddCensored(Weeks(w));
        }

        return counts;
    }

    [Fact]
    public void Kaplan_Meier_reproduces_the_textbook_6MP_curve()
    {
        var curve = Freireich().Snapshot();

        // The textbook estimates (e.g. Kleinbaum and Klein, Survival Analysis, table 2.x): S(6) = 0.857, S(7) = 0.807,
        // S(10) = 0.753, S(13) = 0.690, S(16) = 0.627, S(22) = 0.538, S(23) = 0.448.
        Assert.Equal([0.857m, 0.807m, 0.753m, 0.690m, 0.627m, 0.538m, 0.448m], curve.Points.Select(p => decimal.Round(p.Survival, 3)));
        Assert.Equal([21L, 17, 15, 12, 11, 7, 6], curve.Points.Select(p => p.AtRisk));
        Assert.Equal([3L, 1, 1, 1, 1, 1, 1], curve.Points.Select(p => p.Events));
        Assert.Equal(21, curve.Leads);
        Assert.Equal(9, curve.Events);
        Assert.All(curve.Points.Zip([6, 7, 10, 13, 16, 22, 23]), p => Assert.InRange(p.First.Time / Weeks(p.Second), 0.99, 1.01));

        // Converted within 8 weeks: 1 - 0.807; nothing is known beyond the last observation (35 weeks).
        Assert.Equal(0.193m, decimal.Round(curve.ConvertedWithin(Weeks(8))!.Value, 3));
        Assert.Equal(0m, curve.ConvertedWithin(Weeks(1)));
        Assert.Null(curve.ConvertedWithin(Weeks(40)));
        Assert.Null(curve.ConvertedWithinInterval(Weeks(1)));
        var interval = curve.ConvertedWithinInterval(Weeks(8))!.Value;
        Assert.True(interval.Contains(curve.ConvertedWithin(Weeks(8))!.Value), interval.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => curve.ConvertedWithin(Duration.FromTicks(-1)));
    }

    [Fact]
    public void No_leads_give_an_empty_curve_and_mismatched_settings_do_not_merge()
    {
        var curve = new SurvivalCounts().Snapshot();
        Assert.Empty(curve.Points);
        Assert.Null(curve.ConvertedWithin(Duration.Zero));
        var e = Assert.Throws<ArgumentException>(() => new SurvivalCounts(0.01).Merge(new SurvivalCounts(0.02)));
        Assert.Equal("other", e.ParamName);
        Assert.Equal(Freireich().Snapshot(), Freireich().Snapshot());
    }

    private static readonly Arbitrary<(long Ticks, bool Converted)[]> Observations =
        Gen.ArrayOf(from days in Gen.Choose(0, 400) from hours in Gen.Choose(0, 23) from converted in Gen.Elements(true, false)
                    select (Duration.FromDays(days).Plus(Duration.FromHours(hours)).BclCompatibleTicks, converted)).ToArbitrary();

    private static SurvivalCounts Count(IEnumerable<(long Ticks, bool Converted)> observations)
    {
        var counts = new SurvivalCounts();
        foreach (var (ticks, converted) in observations)
        {
            if (converted)
            {
                counts.AddConversion(Duration.FromTicks(ticks));
            }
            else
            {
                counts.AddCensored(Duration.FromTicks(ticks));
            }
        }

        return counts;
    }

    [Property]
    public Property Merging_partials_equals_one_pass_in_either_order() =>
        Prop.ForAll(Observations, Gen.Choose(0, 1000).ToArbitrary(), (observations, cut) =>
        {
            var at = observations.Length == 0 ? 0 : cut % (observations.Length + 1);
            var whole = Count(observations).Snapshot();
            var left = Count(observations.Take(at));
            left.Merge(Count(observations.Skip(at)));
            var right = Count(observations.Skip(at));
            right.Merge(Count(observations.Take(at)));
            return (whole.Equals(left.Snapshot())).Label("left + right = one pass")
                .And(whole.Equals(right.Snapshot())).Label("right + left = one pass")
                .And(whole.Equals(Count(observations.Reverse()).Snapshot())).Label("order does not matter");
        });

    [Property]
    public Property Survival_steps_down_and_intervals_hold_the_estimate() =>
        Prop.ForAll(Observations, observations =>
        {
            var curve = Count(observations).Snapshot();
            var previous = 1m;
            foreach (var point in curve.Points)
            {
                if (point.Survival > previous || point.Survival < 0 || point.AtRisk < point.Events
                    || (point.ConvertedInterval is { } ci && !ci.Contains(point.Converted)))
                {
                    return false.Label($"bad step {point}");
                }

                previous = point.Survival;
            }

            return (curve.Leads == observations.Length).Label("every lead counted");
        });
}
