using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Targets;
using NodaTime;

namespace LeadMetrics.Tests.Targets;

public class TargetTests
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 3, 4, 9, 0);

    private static readonly KpiTarget<LeadKpis> WinRate = new("win rate", k => k.Funnel.WinRate, minimum: 0.25m);
    private static readonly KpiTarget<LeadKpis> Answered = new("answered within 5 min", k => k.ResponseTime.WithinTarget[0].Share, minimum: 0.5m);
    private static readonly KpiTarget<LeadKpis> ResponseP50 = new("response p50 (min)", k => (decimal?)k.ResponseTime.Distribution.P50?.TotalMinutes, maximum: 15m);

    // Source 1: won (answered in 2 min), lost (in 30 min), lost (never answered): win rate 1/3, within 5 min 1/3.
    // Source 2: won (in 1 min), open (in 4 min): win rate 1, within 5 min 1.
    private static LeadRecord[] Leads() =>
    [
        new(1, T0, source: 1, firstResponseAt: T0 + Duration.FromMinutes(2), outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(5), furthestPosition: 4),
        new(2, T0, source: 1, firstResponseAt: T0 + Duration.FromMinutes(30), outcome: LeadOutcome.Lost, closedAt: T0 + Duration.FromDays(2)),
        new(3, T0, source: 1, outcome: LeadOutcome.Lost, closedAt: T0 + Duration.FromDays(1)),
        new(4, T0, source: 2, firstResponseAt: T0 + Duration.FromMinutes(1), outcome: LeadOutcome.Won, closedAt: T0 + Duration.FromDays(3), furthestPosition: 4),
        new(5, T0, source: 2, firstResponseAt: T0 + Duration.FromMinutes(4)),
    ];

    [Fact]
    public void Checks_name_the_kpi_value_bounds_and_status()
    {
        var total = new LeadKpiCalculator().AddRange(Leads().AsSpan()).Snapshot();
        var targets = new TargetSet<LeadKpis>([WinRate, Answered, ResponseP50]);
        var checks = targets.Check(total);

        // Win rate 2 / 4 = 0.5 >= 0.25; within 5 min 3 / 5 = 0.6 >= 0.5; p50 of 1, 2, 4, 30 minutes is about 2 <= 15.
        Assert.Equal(new TargetCheck("win rate", 0.5m, 0.25m, null, TargetStatus.OnTarget), checks[0]);
        Assert.Equal(new TargetCheck("answered within 5 min", 0.6m, 0.5m, null, TargetStatus.OnTarget), checks[1]);
        Assert.Equal(TargetStatus.OnTarget, checks[2].Status);
        Assert.All(checks, c => Assert.Equal(0m, c.Miss));
    }

    [Fact]
    public void Alerts_list_the_groups_off_target_and_nothing_else()
    {
        var grouped = new GroupedCalculator<LeadKpiCalculator, LeadKpis>(LeadGrouping.BySource, new LeadKpiCalculator());
        grouped.AddRange(Leads().AsSpan());
        var alerts = new TargetSet<LeadKpis>([WinRate, Answered, ResponseP50]).Alerts(grouped.Snapshot());

        // Source 1: win rate 1/3 is on target; within 5 min 1/3 is below 0.5 by 1/6; p50 of 2 and 30 minutes is 2
        // (the lower nearest rank), on target. Source 2 is on target everywhere.
        var alert = Assert.Single(alerts);
        Assert.Equal(1, alert.Key.DimensionId);
        Assert.Equal(TargetStatus.BelowMinimum, alert.Result.Status);
        Assert.Equal("answered within 5 min", alert.Result.Kpi);
        Assert.Equal(0.5m - (1m / 3m), alert.Result.Miss);

        // A tighter p50 target adds source 1's 2 minutes as an alert above 1.5.
        var tight = new TargetSet<LeadKpis>([new KpiTarget<LeadKpis>("response p50 (min)", k => (decimal?)k.ResponseTime.Distribution.P50?.TotalMinutes, maximum: 1.5m)]);
        var above = Assert.Single(tight.Alerts(grouped.Snapshot()));
        Assert.Equal((1, TargetStatus.AboveMaximum), (above.Key.DimensionId, above.Result.Status));
    }

    [Fact]
    public void An_undefined_kpi_is_no_data_not_an_alert()
    {
        var empty = new LeadKpiCalculator().Snapshot();
        var check = WinRate.Check(empty);
        Assert.Equal(TargetStatus.NoData, check.Status);
        Assert.False(check.IsOffTarget);
        Assert.Null(check.Miss);
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        var band = new KpiTarget<decimal>("x", x => x, minimum: 1m, maximum: 2m);
        Assert.Equal(TargetStatus.OnTarget, band.Check(1m).Status);
        Assert.Equal(TargetStatus.OnTarget, band.Check(2m).Status);
        Assert.Equal(TargetStatus.BelowMinimum, band.Check(0.999m).Status);
        Assert.Equal(TargetStatus.AboveMaximum, band.Check(2.001m).Status);
    }

    private sealed record Acquisition(decimal? CostPerLead, decimal? Conversion)
    {
        public decimal? AcquisitionCost => CostPerLead / Conversion;
    }

    [Fact]
    public void Change_targets_catch_the_brief_s_red_flag()
    {
        // Cost per lead down 20% (50 -> 40) while conversion falls 30% (0.10 -> 0.07): acquisition cost 500 -> 571.43, +14%.
        var before = new Acquisition(50m, 0.10m);
        var after = new Acquisition(40m, 0.07m);
        var targets = new TargetSet<Acquisition>(
            [
                new KpiTarget<Acquisition>("cost per lead", a => a.CostPerLead, maximum: 45m),
                new KpiTarget<Acquisition>("conversion", a => a.Conversion, minimumChange: -0.10m),
                new KpiTarget<Acquisition>("acquisition cost", a => a.AcquisitionCost, maximumChange: 0.05m),
                new KpiTarget<Acquisition>("cost per lead change", a => a.CostPerLead, maximumChange: 0m),
            ]);

        Assert.Equal(TargetStatus.OnTarget, targets.Check(after)[0].Status); // the level target alone looks fine
        var changes = targets.CheckChange(before, after);
        Assert.Equal(new TargetCheck("conversion", -0.3m, -0.10m, null, TargetStatus.BelowMinimum, baseline: 0.10m, current: 0.07m, isChange: true), changes[0]);
        Assert.Equal(TargetStatus.AboveMaximum, changes[1].Status);
        Assert.Equal((40m / 0.07m - 500m) / 500m, changes[1].Value); // 0.142857...
        Assert.Equal(new TargetCheck("cost per lead change", -0.2m, null, 0m, TargetStatus.OnTarget, baseline: 50m, current: 40m, isChange: true), changes[2]);
        Assert.Equal("conversion change -0.3 (0.10 -> 0.07) (target >= -0.10): below minimum", changes[0].ToString());

        // A change from zero or from an undefined value is no data.
        Assert.Equal(TargetStatus.NoData, targets.Targets[1].Check(new Acquisition(1m, 0m), after).Status);
        Assert.Equal(TargetStatus.NoData, targets.Targets[1].Check(new Acquisition(1m, null), after).Status);
    }

    [Fact]
    public void Change_alerts_compare_each_week_with_the_week_before_per_source()
    {
        // Source 1: 10 leads in week 10, 5 in week 11 (-50%), 6 in week 13 (no week 12: no baseline).
        // Source 2: 4 leads in week 10, 4 in week 11 (0%).
        var week10 = Instant.FromUtc(2024, 3, 4, 9, 0);
        var records = new List<LeadRecord>();
        void Leads(int source, Instant at, int count)
        {
            for (var i = 0; i < count; i++)
            {
                records.Add(new LeadRecord(records.Count + 1, at, source: source));
            }
        }

        Leads(1, week10, 10);
        Leads(1, week10 + Duration.FromDays(7), 5);
        Leads(1, week10 + Duration.FromDays(21), 6);
        Leads(2, week10, 4);
        Leads(2, week10 + Duration.FromDays(7), 4);
        var weekly = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.IsoWeek, DateTimeZone.Utc), new VolumeCalculator());
        weekly.AddRange(records.ToArray().AsSpan());
        var targets = new TargetSet<VolumeResult>([new KpiTarget<VolumeResult>("leads", v => v.Leads, minimumChange: -0.2m)]);

        var alert = Assert.Single(targets.ChangeAlerts(weekly.Snapshot()));
        Assert.Equal((1, "2024-W11"), (alert.Key.DimensionId, alert.Key.PeriodLabel));
        Assert.Equal(-0.5m, alert.Result.Value);

        var hourly = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(bucket: TimeBucket.HourOfDay, zone: DateTimeZone.Utc), new VolumeCalculator());
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => targets.ChangeAlerts(hourly.Snapshot())).ParamName);
    }

    [Fact]
    public void A_change_is_relative_to_the_baseline_s_size_whatever_its_sign()
    {
        // ROI from -0.5 to -0.2 is better: +0.6, not -0.6.
        var roi = new KpiTarget<decimal>("roi", x => x, minimumChange: -0.1m);
        var check = roi.Check(-0.5m, -0.2m);
        Assert.Equal((0.6m, TargetStatus.OnTarget), (check.Value, check.Status));
        Assert.Equal((-1.5m, TargetStatus.BelowMinimum), (roi.Check(-0.2m, -0.5m).Value, roi.Check(-0.2m, -0.5m).Status));
    }

    [Fact]
    public void Change_alerts_see_a_source_that_fell_to_no_lead_when_given_an_empty_result()
    {
        // Weekly totals by source: source 1 has 10 leads in week 10 and none after; source 2 has 4 and 4.
        var week10 = Instant.FromUtc(2024, 3, 4, 9, 0);
        var records = new List<LeadRecord>();
        for (var i = 0; i < 10; i++)
        {
            records.Add(new LeadRecord(records.Count + 1, week10, source: 1));
        }

        for (var i = 0; i < 8; i++)
        {
            records.Add(new LeadRecord(records.Count + 1, week10 + Duration.FromDays(7 * (i / 4)), source: 2));
        }

        var weekly = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(GroupDimension.Source, TimeBucket.IsoWeek, DateTimeZone.Utc), new VolumeCalculator());
        weekly.AddRange(records.ToArray().AsSpan());
        var targets = new TargetSet<VolumeResult>([new KpiTarget<VolumeResult>("leads", v => v.Leads, minimumChange: -0.2m)]);
        Assert.Empty(targets.ChangeAlerts(weekly.Snapshot()));
        var alert = Assert.Single(targets.ChangeAlerts(weekly.Snapshot(), new VolumeCalculator().Snapshot()));
        Assert.Equal((1, "2024-W11", -1m), (alert.Key.DimensionId, alert.Key.PeriodLabel, alert.Result.Value));
        Assert.Equal((10m, 0m), (alert.Result.Baseline, alert.Result.Current));

        // Without a dimension: the total of week 11 (4) against week 10 (14).
        var total = new GroupedCalculator<VolumeCalculator, VolumeResult>(new LeadGrouping(bucket: TimeBucket.IsoWeek, zone: DateTimeZone.Utc), new VolumeCalculator());
        total.AddRange(records.ToArray().AsSpan());
        var fall = Assert.Single(targets.ChangeAlerts(total.Snapshot()));
        Assert.Equal(("2024-W11", (4m - 14m) / 14m), (fall.Key.PeriodLabel, fall.Result.Value));
    }

    [Fact]
    public void Bad_targets_are_rejected_naming_the_argument()
    {
        Assert.Equal("minimum", Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>("x", x => x)).ParamName);
        Assert.Equal("minimum", Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>("x", x => x, minimum: 2m, maximum: 1m)).ParamName);
        Assert.Equal("minimumChange", Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>("x", x => x, x => (1, 2))).ParamName);
        Assert.Equal(
            "The target for 'x' bounds its level (minimum, maximum) or its change (minimumChange, maximumChange), not both: make two targets. (Parameter 'minimumChange')",
            Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>("x", x => x, minimum: 1m, minimumChange: 0m)).Message);
        Assert.Equal("kpi", Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>(" ", x => x, minimum: 1m)).ParamName);
        Assert.Equal("selector", Assert.Throws<ArgumentNullException>(() => new KpiTarget<decimal>("x", null!, minimum: 1m)).ParamName);
        Assert.Equal("minimumChange", Assert.Throws<ArgumentException>(() => new KpiTarget<decimal>("x", x => x, minimumChange: 1m, maximumChange: 0m)).ParamName);
        var twice = new KpiTarget<decimal>("x", x => x, minimum: 1m);
        Assert.Equal("targets[1]", Assert.Throws<ArgumentException>(() => new TargetSet<decimal>([twice, twice])).ParamName);
        Assert.Equal("targets[1]", Assert.Throws<ArgumentException>(() => new TargetSet<decimal>([twice, new KpiTarget<decimal>("x", x => x, minimumChange: 0m)])).ParamName);
        Assert.Equal("targets[0]", Assert.Throws<ArgumentNullException>(() => new TargetSet<decimal>([null!])).ParamName);
        var set = new TargetSet<string>([new KpiTarget<string>("length", s => s.Length, minimum: 1m), new KpiTarget<string>("length change", s => s.Length, minimumChange: 0m)]);
        Assert.Equal("result", Assert.Throws<ArgumentNullException>(() => set.Check(null!)).ParamName);
        Assert.Equal("baseline", Assert.Throws<ArgumentNullException>(() => set.CheckChange(null!, "a")).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentNullException>(() => set.Targets[1].Check("a", null!)).ParamName);
        Assert.Equal(TargetStatus.NoData, default(TargetStatus));
    }

    [Property]
    public Property Status_agrees_with_the_bounds_and_a_miss_is_never_negative(int valueCents, int aCents, int bCents, bool hasMinimum, bool hasMaximum)
    {
        // Cents, so that bounds and values collide often and no difference can overflow a decimal.
        var (value, a, b) = (valueCents / 100m, aCents / 100m, bCents / 100m);
        decimal? minimum = hasMinimum || !hasMaximum ? Math.Min(a, b) : null;
        decimal? maximum = hasMaximum ? Math.Max(a, b) : null;
        var check = new KpiTarget<decimal>("x", x => x, minimum, maximum).Check(value);
        var within = (minimum is null || value >= minimum) && (maximum is null || value <= maximum);
        return ((check.Status == TargetStatus.OnTarget) == within).Label($"{check}: on target exactly when within the bounds")
            .And((check.IsOffTarget == !within).Label("off target exactly when outside the bounds"))
            .And((check.Miss >= 0m).Label("the miss is not negative"))
            .And((check.Status != TargetStatus.BelowMinimum || value < minimum).Label("below minimum only when the value is"))
            .And((check.Status != TargetStatus.AboveMaximum || value > maximum).Label("above maximum only when the value is"));
    }
}
