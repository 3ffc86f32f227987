using LeadMetrics.Capacity;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Capacity;

/// <summary>Hand-computed rep capacity.</summary>
public class CapacityTests
{
    private static readonly Instant Mon = Instant.FromUtc(2024, 3, 4, 9, 0); // 2024-W10
    private static readonly Instant AsOf = Instant.FromUtc(2024, 3, 17, 23, 0);

    private static LeadRecord Lead(int key, int owner, Instant created, Duration? answeredAfter = null) =>
        new(key, created, 1, owner: owner, firstResponseAt: answeredAfter is { } d ? created + d : null);

    private static CapacityCalculator Week10And11(Instant? asOf)
    {
        var options = new CapacityOptions(3, [new(1, 2), new(3, 5)], Duration.FromHours(1), asOf);
        var calc = new CapacityCalculator(options);

        // 2024-W10. Rep 1 (capacity 2): in time, late, unanswered, and one created 30 minutes before "as of".
        calc.Add(Lead(1, 1, Mon, Duration.FromMinutes(10)));
        calc.Add(Lead(2, 1, Mon, Duration.FromHours(2)));
        calc.Add(Lead(3, 1, Mon + Duration.FromDays(1)));
        calc.Add(Lead(4, 1, Instant.FromUtc(2024, 3, 10, 22, 30)));

        // Rep 2 (default capacity 3): one lead answered in 5 minutes; an unassigned lead never answered.
        calc.Add(Lead(5, 2, Mon, Duration.FromMinutes(5)));
        calc.Add(Lead(6, 0, Mon + Duration.FromDays(1)));

        // 2024-W11: rep 2 gets four leads, all answered in time.
        for (var k = 7; k <= 10; k++)
        {
            calc.Add(Lead(k, 2, Mon + Duration.FromDays(7), Duration.FromMinutes(1)));
        }

        return calc;
    }

    [Fact]
    public void Rep_weeks_against_capacity_with_dead_leads()
    {
        var report = Week10And11(Instant.FromUtc(2024, 3, 10, 23, 0)).Snapshot();
        var w10 = report.RepWeeks.Where(r => r.Week == "2024-W10").ToList();
        Assert.Equal([1, 2, 3], w10.Select(r => r.Owner));

        var rep1 = w10[0];
        Assert.Equal(new LocalDate(2024, 3, 4), rep1.WeekStart);
        Assert.Equal(4, rep1.Assigned);
        Assert.Equal(2, rep1.Capacity);
        Assert.Equal(2m, rep1.Utilization);
        Assert.True(rep1.IsOverCapacity);
        Assert.Equal(2, rep1.Excess);
        Assert.Equal(1, rep1.AnsweredInTime);
        Assert.Equal(2, rep1.Dead);       // answered after 2 hours; never answered
        Assert.Equal(1, rep1.Pending);    // 30 minutes old at "as of"
        Assert.Equal(0.5m, rep1.DeadShare);

        Assert.Equal(1m / 3m, w10[1].Utilization);
        Assert.False(w10[1].IsOverCapacity);
        Assert.Equal(0, w10[2].Assigned); // on the roster, no leads
        Assert.Equal(0m, w10[2].Utilization);
        Assert.Null(w10[2].DeadShare);
    }

    [Fact]
    public void Without_an_observation_instant_every_unanswered_lead_is_dead()
    {
        var rep1 = Week10And11(null).Snapshot().RepWeeks[0];
        Assert.Equal(3, rep1.Dead);
        Assert.Equal(0, rep1.Pending);
    }

    [Fact]
    public void Team_volume_against_team_capacity()
    {
        var report = Week10And11(AsOf).Snapshot();
        Assert.Equal(["2024-W10", "2024-W11"], report.TeamWeeks.Select(w => w.Week));
        var w10 = report.TeamWeeks[0];
        Assert.Equal(6, w10.Leads);          // 4 + 1 + 1 unassigned
        Assert.Equal(1, w10.Unassigned);
        Assert.Equal(10, w10.Capacity);      // 2 + 3 + 5 (rep 3 is on the roster)
        Assert.Equal(0.6m, w10.Utilization);
        Assert.Equal(4, w10.Dead);           // rep 1: 3 (the 30-minute lead is dead by the 17th), unassigned: 1
        Assert.Equal(3, w10.Reps);
        Assert.Equal(1, w10.RepsOverCapacity);

        var w11 = report.TeamWeeks[1];
        Assert.Equal(4, w11.Leads);
        Assert.Equal(10, w11.Capacity);
        Assert.Equal(1, w11.RepsOverCapacity);
    }

    [Fact]
    public void Per_rep_summary_counts_weeks_over_capacity()
    {
        var reps = Week10And11(AsOf).Snapshot().Reps;
        Assert.Equal([1, 2, 3], reps.Select(r => r.Owner));
        Assert.Equal((2, 1, 4, 4), (reps[0].Weeks, reps[0].WeeksOverCapacity, reps[0].Assigned, reps[0].Capacity));
        Assert.Equal((2, 1, 5, 6), (reps[1].Weeks, reps[1].WeeksOverCapacity, reps[1].Assigned, reps[1].Capacity));
        Assert.Equal((2, 0, 0, 10), (reps[2].Weeks, reps[2].WeeksOverCapacity, reps[2].Assigned, reps[2].Capacity));
        Assert.Equal(1m, reps[0].Utilization);
        Assert.Equal(0.75m, reps[0].DeadShare);
    }

    [Fact]
    public void Weeks_are_iso_weeks_in_the_business_zone()
    {
        // Sunday 2024-03-10 23:30 in New York is Monday 03:30 UTC: it belongs to 2024-W10 there.
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var calc = new CapacityCalculator(new CapacityOptions(10, zone: zone));
        calc.Add(Lead(1, 1, Instant.FromUtc(2024, 3, 11, 3, 30), Duration.FromMinutes(1)));
        Assert.Equal("2024-W10", calc.Snapshot().RepWeeks.Single().Week);

        var utc = new CapacityCalculator(new CapacityOptions(10));
        utc.Add(Lead(1, 1, Instant.FromUtc(2024, 3, 11, 3, 30), Duration.FromMinutes(1)));
        Assert.Equal("2024-W11", utc.Snapshot().RepWeeks.Single().Week);
    }

    [Fact]
    public void Zero_capacity_gives_undefined_utilization_and_any_lead_is_over()
    {
        var calc = new CapacityCalculator(new CapacityOptions(0));
        calc.Add(Lead(1, 1, Mon, Duration.FromMinutes(1)));
        var row = calc.Snapshot().RepWeeks.Single();
        Assert.Null(row.Utilization);
        Assert.True(row.IsOverCapacity);
    }

    [Fact]
    public void Options_validate_and_compare_by_content()
    {
        Assert.Equal("defaultWeeklyCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityOptions(-1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityOptions(1, [new(0, 3)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityOptions(1, [new(2, -3)]));
        Assert.Throws<ArgumentException>(() => new CapacityOptions(1, [new(2, 3), new(2, 4)]));
        Assert.Equal("responseTarget", Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityOptions(1, responseTarget: Duration.Zero)).ParamName);
        Assert.Equal(new CapacityOptions(3, [new(1, 2)]), new CapacityOptions(3, [new(1, 2)]));
        Assert.NotEqual(new CapacityOptions(3, [new(1, 2)]), new CapacityOptions(3, [new(1, 3)]));

        var a = new CapacityCalculator(new CapacityOptions(3, [new(1, 2)]));
        a.Merge(new CapacityCalculator(new CapacityOptions(3, [new(1, 2)])));
        Assert.Throws<ArgumentException>(() => a.Merge(new CapacityCalculator(new CapacityOptions(4))));
    }
}
