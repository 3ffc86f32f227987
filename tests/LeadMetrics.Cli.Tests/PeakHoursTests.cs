using System.Text.Json;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using NodaTime;

namespace LeadMetrics.Cli.Tests;

/// <summary>Response time by the local hour and weekday of arrival (issue 16, item 6), by a hand-computed example across a DST change.</summary>
public sealed class PeakHoursTests
{
    // Europe/London: GMT until 2024-03-31, then BST (UTC+1).
    // L1 Mon 2024-03-04 09:10 local, answered in 4 min; L2 Mon 09:50 local, answered in 2 h;
    // L3 Tue 2024-04-02 09:30Z = 10:30 BST, answered in 30 s; L4 Sat 2024-03-09 23:30 local, never answered.
    private const string Leads =
        "lead_id,created_at,source,first_response_at\n" +
        "L1,2024-03-04T09:10:00Z,web,2024-03-04T09:14:00Z\n" +
        "L2,2024-03-04T09:50:00Z,web,2024-03-04T11:50:00Z\n" +
        "L3,2024-04-02T09:30:00Z,ads,2024-04-02T09:30:30Z\n" +
        "L4,2024-03-09T23:30:00Z,ads,\n";

    [Fact]
    public void Leads_fall_in_their_local_hour_and_weekday()
    {
        using var dir = new TempDir();
        using var doc = Cli.Json("--leads", dir.Write("leads.csv", Leads), "--zone", "Europe/London");
        var byHour = doc.RootElement.GetProperty("response_time_by_hour").EnumerateArray().ToDictionary(r => r.GetProperty("hour").GetString()!);
        Assert.Equal(["09", "10", "23"], byHour.Keys);
        Assert.Equal(2, byHour["09"].GetProperty("leads").GetInt64());
        Assert.Equal(2, byHour["09"].GetProperty("answered").GetInt64());
        Assert.Equal((240 + 7200) / 2.0, byHour["09"].GetProperty("mean").GetDouble());
        Assert.Equal(0.5, byHour["09"].GetProperty("within_target_share").GetProperty("300").GetDouble());
        Assert.Equal(30.0, byHour["10"].GetProperty("mean").GetDouble()); // 09:30Z is 10:30 in summer time
        Assert.Equal(1, byHour["23"].GetProperty("unanswered").GetInt64());
        Assert.Equal(JsonValueKind.Null, byHour["23"].GetProperty("mean").ValueKind);

        var byDay = doc.RootElement.GetProperty("response_time_by_weekday").EnumerateArray()
            .Select(r => (r.GetProperty("weekday").GetString(), r.GetProperty("leads").GetInt64())).ToList();
        Assert.Equal([("Mon", 2L), ("Tue", 1L), ("Sat", 1L)], byDay);
    }

    [Fact]
    public void The_row_and_columnar_paths_agree_and_the_console_and_html_show_the_tables()
    {
        using var dir = new TempDir();
        var load = new LoadOptions { LeadsPath = dir.Write("leads.csv", Leads), Zone = DateTimeZoneProviders.Tzdb["Europe/London"] };
        var settings = new ReportSettings { By = ["source"] };
        var (rows, columns) = Reports.BothPaths(load, settings);
        Assert.Equal(Reports.Json(rows), Reports.Json(columns));

        var (exit, output, err) = Cli.Run("report", "--leads", load.LeadsPath, "--zone", "Europe/London");
        Assert.True(exit == 0, err);
        Assert.Contains("Response time by hour of arrival (Europe/London)", output, StringComparison.Ordinal);
        Assert.Contains("Response time by weekday of arrival", output, StringComparison.Ordinal);

        var html = dir.File("report.html");
        (exit, _, err) = Cli.Run("report", "--leads", load.LeadsPath, "--zone", "Europe/London", "--format", "html", "--out", html);
        Assert.True(exit == 0, err);
        Assert.Contains("<section id=\"peak-hours\">", File.ReadAllText(html), StringComparison.Ordinal);
    }
}
