using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class PeriodAndCalendarTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static LeadRecord At(Instant created, int owner = 0) => new(1, created, owner: owner);

    private static string Label(TimeBucket bucket, DateTimeZone zone, Instant created) =>
        new LeadGrouping(bucket: bucket, zone: zone).KeyOf(At(created)).PeriodLabel;

    [Theory]
    // London springs forward at 2024-03-31T01:00Z: 23:30Z that evening is already 00:30 BST on 1 April.
    [InlineData("2024-03-30T23:30:00Z", TimeBucket.Day, "2024-03-30")]
    [InlineData("2024-03-31T00:30:00Z", TimeBucket.Day, "2024-03-31")]
    [InlineData("2024-03-31T23:30:00Z", TimeBucket.Day, "2024-04-01")]
    [InlineData("2024-03-31T22:59:59Z", TimeBucket.Day, "2024-03-31")]
    [InlineData("2024-03-31T22:30:00Z", TimeBucket.Month, "2024-03")]
    [InlineData("2024-03-31T23:30:00Z", TimeBucket.Month, "2024-04")]
    [InlineData("2024-03-31T23:30:00Z", TimeBucket.Quarter, "2024-Q2")]
    [InlineData("2024-03-31T22:30:00Z", TimeBucket.IsoWeek, "2024-W13")]
    [InlineData("2024-03-31T23:30:00Z", TimeBucket.IsoWeek, "2024-W14")]
    // London falls back at 2024-10-27T01:00Z: the local day 27 October lasts 25 hours.
    [InlineData("2024-10-26T23:30:00Z", TimeBucket.Day, "2024-10-27")]
    [InlineData("2024-10-27T23:59:00Z", TimeBucket.Day, "2024-10-27")]
    [InlineData("2024-10-28T00:00:00Z", TimeBucket.Day, "2024-10-28")]
    [InlineData("2024-07-01T08:15:00Z", TimeBucket.HourOfDay, "09")]
    [InlineData("2024-01-01T08:15:00Z", TimeBucket.HourOfDay, "08")]
    [InlineData("2024-12-29T12:00:00Z", TimeBucket.DayOfWeek, "Sun")]
    [InlineData("2024-12-30T12:00:00Z", TimeBucket.IsoWeek, "2025-W01")]
    [InlineData("2027-01-02T12:00:00Z", TimeBucket.IsoWeek, "2026-W53")]
    [InlineData("2024-12-31T23:30:00Z", TimeBucket.Year, "2024")]
    public void Periods_follow_the_London_calendar(string instant, TimeBucket bucket, string expected) =>
        Assert.Equal(expected, Label(bucket, London, NodaTime.Text.InstantPattern.General.Parse(instant).Value));

    [Theory]
    // New York springs forward 2024-03-10 07:00Z and falls back 2024-11-03 06:00Z.
    [InlineData("2024-03-10T04:59:00Z", TimeBucket.Day, "2024-03-09")]
    [InlineData("2024-03-10T05:00:00Z", TimeBucket.Day, "2024-03-10")]
    [InlineData("2024-03-11T03:59:00Z", TimeBucket.Day, "2024-03-10")]
    [InlineData("2024-03-11T04:00:00Z", TimeBucket.Day, "2024-03-11")]
    [InlineData("2024-11-03T04:00:00Z", TimeBucket.Day, "2024-11-03")]
    [InlineData("2024-11-04T04:59:00Z", TimeBucket.Day, "2024-11-03")]
    [InlineData("2024-11-04T05:00:00Z", TimeBucket.Day, "2024-11-04")]
    [InlineData("2024-11-03T05:30:00Z", TimeBucket.HourOfDay, "01")]
    [InlineData("2024-11-03T06:30:00Z", TimeBucket.HourOfDay, "01")]
    public void Periods_follow_the_New_York_calendar(string instant, TimeBucket bucket, string expected) =>
        Assert.Equal(expected, Label(bucket, NewYork, NodaTime.Text.InstantPattern.General.Parse(instant).Value));

    [Fact]
    public void Grouped_calculator_buckets_across_the_dst_week_like_the_public_key()
    {
        var grouping = new LeadGrouping(GroupDimension.Owner, TimeBucket.Day, London);
        var grouped = new GroupedCalculator<VolumeCalculator, VolumeResult>(grouping, new VolumeCalculator());
        var start = Instant.FromUtc(2024, 3, 28, 0, 0);
        for (var h = 0; h < 24 * 7; h++)
        {
            grouped.Add(At(start + Duration.FromHours(h), owner: 1 + (h % 2)));
        }

        var result = grouped.Snapshot();
        // 2024-03-31 in London has 23 hours; the other days 24; the first day starts at local 00:00 GMT.
        var owner1 = result.Groups.Where(g => g.Key.DimensionId == 1).ToDictionary(g => g.Key.PeriodLabel, g => g.Result.Leads);
        var owner2 = result.Groups.Where(g => g.Key.DimensionId == 2).ToDictionary(g => g.Key.PeriodLabel, g => g.Result.Leads);
        Assert.Equal(23, owner1["2024-03-31"] + owner2["2024-03-31"]);
        Assert.Equal(24, owner1["2024-03-30"] + owner2["2024-03-30"]);
        Assert.Equal(24, owner1["2024-04-01"] + owner2["2024-04-01"]);
        Assert.Equal(168, result.Groups.Sum(g => g.Result.Leads));
        Assert.All(result.Groups, g => Assert.Equal(grouping.KeyOf(At(g.Key.PeriodStart!.Value.At(new LocalTime(12, 0)).InZoneLeniently(London).ToInstant(), g.Key.DimensionId)).Period, g.Key.Period));
    }

    [Fact]
    public void Friday_evening_to_Monday_morning_is_ten_business_minutes()
    {
        var calendar = WorkingCalendar.Weekdays(London, new LocalTime(9, 0), new LocalTime(17, 0));
        var friday = new LocalDateTime(2024, 3, 8, 18, 0).InZoneStrictly(London).ToInstant();
        var monday = new LocalDateTime(2024, 3, 11, 9, 10).InZoneStrictly(London).ToInstant();
        Assert.Equal(Duration.FromMinutes(10), calendar.WorkingTimeBetween(friday, monday));

        var calculator = new ResponseTimeCalculator(new ResponseTimeOptions(businessHours: calendar));
        calculator.Add(new LeadRecord(1, friday, firstResponseAt: monday));
        var result = calculator.Snapshot();
        Assert.True(result.BusinessHours);
        Assert.Equal(Duration.FromMinutes(10), result.Distribution.Mean);
        Assert.Equal(0, result.WithinTarget[0].Count);
        Assert.Equal(1, result.WithinTarget[1].Count);
    }

    [Fact]
    public void Business_hours_skip_holidays_and_split_days()
    {
        var hours = new[]
        {
            new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0)),
            new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(13, 0), new LocalTime(17, 0)),
            new WorkingHours(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(17, 0)),
        };
        var calendar = new WorkingCalendar(London, hours, [new LocalDate(2024, 3, 12)]);
        Instant L(int d, int h, int m = 0) => new LocalDateTime(2024, 3, d, h, m).InZoneStrictly(London).ToInstant();
        Assert.Equal(Duration.FromHours(7), calendar.WorkingTimeBetween(L(11, 8), L(11, 20)));     // Monday: 3h + 4h
        Assert.Equal(Duration.FromMinutes(90), calendar.WorkingTimeBetween(L(11, 11), L(11, 13, 30)));
        Assert.Equal(Duration.FromHours(7), calendar.WorkingTimeBetween(L(11, 0), L(13, 0)));       // Tuesday 12th is a holiday
        Assert.Equal(Duration.FromHours(22), calendar.WorkingTimeBetween(L(11, 0), L(20, 0)));      // + Monday 18th 7h + Tuesday 19th 8h
        Assert.Equal(Duration.Zero, calendar.WorkingTimeBetween(L(11, 13), L(11, 12)));
    }

    [Fact]
    public void Business_hours_measure_real_elapsed_time_across_spring_forward()
    {
        // All-day calendar: working time equals elapsed time, whatever the wall clock did.
        var allDay = new WorkingCalendar(NewYork, Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new WorkingHours(d, LocalTime.Midnight, LocalTime.Midnight)));
        var saturday = new LocalDateTime(2024, 3, 9, 23, 0).InZoneStrictly(NewYork).ToInstant();
        var sunday = new LocalDateTime(2024, 3, 10, 4, 0).InZoneStrictly(NewYork).ToInstant();
        Assert.Equal(Duration.FromHours(4), calendar(allDay, saturday, sunday)); // 23:00 EST -> 04:00 EDT is 4 hours, not 5

        // A Sunday window 00:00-04:00 local on the transition day lasts 3 real hours.
        var sundayNight = new WorkingCalendar(NewYork, [new WorkingHours(IsoDayOfWeek.Sunday, LocalTime.Midnight, new LocalTime(4, 0))]);
        Assert.Equal(Duration.FromHours(3), calendar(sundayNight, saturday, sunday + Duration.FromHours(10)));

        static Duration calendar(WorkingCalendar c, Instant a, Instant b) => c.WorkingTimeBetween(a, b);
    }

    [Fact]
    public void Business_hours_measure_real_elapsed_time_across_fall_back()
    {
        var sundayNight = new WorkingCalendar(London, [new WorkingHours(IsoDayOfWeek.Sunday, LocalTime.Midnight, new LocalTime(4, 0))]);
        var saturday = Instant.FromUtc(2024, 10, 26, 20, 0);
        var monday = Instant.FromUtc(2024, 10, 28, 8, 0);
        // 27 October 2024 in London: 00:00-04:00 local spans 01:00 BST->01:00 GMT, so 5 real hours.
        Assert.Equal(Duration.FromHours(5), sundayNight.WorkingTimeBetween(saturday, monday));
    }

    [Fact]
    public void Working_hours_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(London, [new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(17, 0), new LocalTime(9, 0))]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(London,
        [
            new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(13, 0)),
            new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(12, 0), new LocalTime(17, 0)),
        ]));
    }
}
