using LeadMetrics.Targets;

namespace LeadMetrics.Tests.Targets;

/// <summary>Issue 18: a change target can require significance before it alerts.</summary>
public sealed class SignificantChangeTests
{
    private sealed record Week(long Won, long Leads);

    private static KpiTarget<Week> Conversion(double level = 0.05) =>
        new("conversion", w => w.Leads == 0 ? null : (decimal)w.Won / w.Leads, w => (w.Won, w.Leads), minimumChange: -0.10m, significanceLevel: level);

    [Fact]
    public void The_same_fall_alerts_with_many_leads_and_not_with_few()
    {
        // 30% -> 20% is a fall of a third either way. 300/1,000 -> 200/1,000: z = 5.17, p < 0.0001: an alert.
        var many = Conversion().Check(new Week(300, 1000), new Week(200, 1000));
        Assert.Equal(TargetStatus.BelowMinimum, many.Status);
        Assert.True(many.IsOffTarget);
        Assert.InRange(many.PValue!.Value, 0, 1e-5);

        // 3/10 -> 2/10: Fisher's exact test (small counts); the hypergeometric probabilities of 0..5 won in the current
        // week are 0.016, 0.135, 0.348, 0.348, 0.135, 0.016: none is more likely than the observed 0.348, so p = 1.
        var few = Conversion().Check(new Week(3, 10), new Week(2, 10));
        Assert.Equal(TargetStatus.NotSignificant, few.Status);
        Assert.False(few.IsOffTarget);
        Assert.Equal(1.0, few.PValue!.Value, 9);
        Assert.Equal(-1m / 3m, decimal.Round(few.Value!.Value, 28));
        Assert.Contains("not significant (p 1)", few.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void On_target_and_no_data_are_not_tested_and_bad_settings_are_errors()
    {
        var fine = Conversion().Check(new Week(300, 1000), new Week(290, 1000));
        Assert.Equal(TargetStatus.OnTarget, fine.Status);
        Assert.Null(fine.PValue);
        Assert.Equal(TargetStatus.NoData, Conversion().Check(new Week(0, 0), new Week(1, 10)).Status);
        Assert.Null(new KpiTarget<Week>("c", w => w.Won, minimumChange: -0.1m).SignificanceLevel);
        Assert.Equal(0.01, Conversion(0.01).SignificanceLevel);
        Assert.Throws<ArgumentOutOfRangeException>(() => Conversion(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Conversion(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new KpiTarget<Week>("c", w => 0.5m, w => (w.Won, w.Leads), minimumChange: 0.1m).Check(new Week(5, 10), new Week(1, 0)));
        Assert.Equal("current successes", e.ParamName);
    }

    [Fact]
    public void Under_equal_rates_about_the_level_of_changes_alert()
    {
        // 2,000 seeded weeks against their baselines at the same 30% (200 leads each) with a target of "no fall at
        // all": about half fall, but only about 2.5% (the lower half of 5%) are significant falls.
        var random = new Random(2024);
        long Draw() => Enumerable.Range(0, 200).Count(_ => random.NextDouble() < 0.3);
        var target = new KpiTarget<Week>("conversion", w => (decimal)w.Won / w.Leads, w => (w.Won, w.Leads), minimumChange: 0m);
        var alerts = Enumerable.Range(0, 2000).Count(_ => target.Check(new Week(Draw(), 200), new Week(Draw(), 200)).IsOffTarget);
        Assert.InRange(alerts / 2000.0, 0.012, 0.04);
    }
}
