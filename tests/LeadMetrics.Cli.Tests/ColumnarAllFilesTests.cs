using System.Globalization;
using System.Text;
using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Reports over all five files (leads, stages, touchpoints, costs, revenue) on the columnar path (LeadMetrics.Data) against
/// the row path (DataSetLoader, Lead objects): the same JSON byte for byte (money KPIs, lifetime value, inferred
/// responses, data quality with its examples and unmatched cost labels), in zones and periods, and with
/// <c>--on-bad-row fail</c> the same first bad row.
/// </summary>
public sealed class ColumnarAllFilesTests
{
    private const string LeadsCsv =
        "lead_id,created_at,source,campaign,owner,first_response_at,won_at,lost_at,value\n" +
        "L1,2024-03-04T09:00:00Z,web,spring,noa,2024-03-04T09:05:00Z,2024-03-20T00:00:00Z,,1000\n" +
        "L2,not-a-date,web,,,,,,\n" +
        "L3,2024-03-04T09:00:00Z,ads,,eli,,,,\n" +
        "L4,2024-03-04T09:00:00Z,web,spring,noa,2024-03-04T08:00:00Z,,,\n" +
        "L5,2024-03-04T09:00:00Z,,,,,,,\n" +
        "L10,2024-03-04T09:00:00Z,Web,summer,eli,,,2024-03-06T00:00:00Z,\n" +
        "L11,2024-03-04T09:00:00Z,ads,,noa,,2024-03-05T00:00:00Z,,250.5\n" +
        "L12,2024-03-04 10:00,ads,summer,eli,,2024-04-02T00:00:00Z,,80\n" +
        "L13,2024-03-31T23:30:00.1234567Z,partner,,,,,,\n" +
        "L14,2024-04-30T23:30:00Z,web,spring,noa,,2024-05-01T01:00:00Z,,40\n";

    private const string StagesCsv =
        "lead_id,stage,at\n" +
        "L1,New,2024-03-04T09:00:00Z\n" +
        "L1,Won,2024-03-20T00:00:00Z\n" +
        "L1,Working,2024-03-21T00:00:00Z\n" +           // stage_after_close
        "L5,Working,2024-03-05T00:00:00Z\n" +
        "L5,ClosedLost,2024-03-07T00:00:00Z\n" +
        "L11,Working,2024-03-06T00:00:00Z\n" +          // after the lead row's won_at: stage_after_close, L11 is kept
        "L2,New,2024-03-05T00:00:00Z\n";

    private const string TouchpointsCsv =
        "lead_id,at,channel,kind,direction,campaign,actor\n" +
        "L4,2024-03-04T09:30:00Z,phone,call,outbound,,noa\n" +      // L4's impossible response is dropped: inferred from this call
        "L4,2024-03-04T09:10:00Z,mail,email,Outbound,,noa\n" +      // ... the earliest one
        "L3,2024-03-05T00:00:00Z,office,meeting,outbound,,eli\n" +  // outbound, not a response kind
        "L3,2024-03-04T10:00:00Z,web,form,inbound,,\n" +
        "L5,2024-03-04T10:00:00Z,chat,Chat,out,,\n" +
        "L1,2024-03-04T09:01:00Z,phone,call,outbound,,\n" +          // L1 has first_response_at: kept, not used
        "L11,2024-03-04T09:30:00Z,phone,call,outbound,,\n" +         // kept now that L11 is kept
        "L11,2024-03-04T10:30:00Z,phone,call,inbound,,\n" +
        "L2,2024-03-05T00:00:00Z,phone,call,outbound,,\n" +          // lead_rejected (row)
        "L99,2024-03-05T00:00:00Z,phone,call,outbound,,\n" +         // unknown_lead
        ",2024-03-05T00:00:00Z,phone,call,outbound,,\n" +            // missing_lead_id
        "L3,,phone,call,outbound,,\n" +                              // missing_date
        "L3,yesterday,phone,call,outbound,,\n" +                     // unparseable_date
        "L3,2024-03-01T00:00:00Z,phone,call,outbound,,\n" +          // touchpoint_before_created
        "L3,2024-03-05T00:00:00Z,,call,outbound,,\n" +               // missing_channel
        "L3,2024-03-05T00:00:00Z,phone,fax,outbound,,\n" +           // unknown_kind
        "L3,2024-03-05T00:00:00Z,phone,call,sideways,,\n" +          // unknown_direction
        "L13,2024-04-01T08:00:00Z,mail,e-mail,outbound,,\n";         // loose kind name

    private const string CostsCsv =
        "date,from,to,source,campaign,amount,category\n" +
        "2024-03-04,,,web,spring,100,media\n" +
        ",2024-03-01,2024-03-31,ads,,50.5,\n" +
        ",2024-04-01,2024-05-15,WEB,summer,300,tools\n" +
        "2024-03-10,,,tv,,70,\n" +                                   // a source of no lead (unmatched)
        "2024-03-11,,,web,autumn,5,agency\n" +                       // a campaign of no lead
        "someday,,,web,,1,\n" +                                      // unparseable_date
        ",2024-03-01,,web,,1,\n" +                                   // missing_date
        ",2024-03-05,2024-03-01,web,,1,\n" +                         // date_range_reversed
        "2024-03-05,,,,,1,\n" +                                      // missing_source
        "2024-03-05,,,web,,,\n" +                                    // missing_amount
        "2024-03-05,,,web,,ten,\n" +                                 // unparseable_number
        "2024-03-05,,,web,,-3,\n" +                                  // negative_cost
        "2024-03-05,,,web,,3,bribes\n" +                             // unknown_category
        "2024-03-06,,,partner,,12.25,Ad Spend\n";

    private const string RevenueCsv =
        "lead_id,at,amount\n" +
        "L1,2024-04-01T00:00:00Z,500\n" +
        "L1,2024-06-15T00:00:00Z,-50\n" +                            // a refund
        "L12,2024-04-03T00:00:00Z,80\n" +
        "L3,2024-04-03T00:00:00Z,10\n" +                             // not a customer
        "L11,2024-04-01T00:00:00Z,99\n" +                            // kept now that L11 is kept
        "L2,2024-04-01T00:00:00Z,99\n" +                             // lead_rejected (row)
        "L98,2024-04-01T00:00:00Z,99\n" +                            // unknown_lead
        ",2024-04-01T00:00:00Z,99\n" +                               // missing_lead_id
        "L1,,99\n" +                                                 // missing_date
        "L1,later,99\n" +                                            // unparseable_date
        "L1,2024-04-01T00:00:00Z,\n" +                               // missing_amount
        "L1,2024-04-01T00:00:00Z,lots\n" +                           // unparseable_number
        "L14,2024-07-31T23:00:00Z,40\n";

    private static string Json(ReportModel report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Run(Func<ReportModel> build)
    {
        try
        {
            return Json(build());
        }
        catch (Exception e) when (e is BadRowException or DataSetException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    internal static (string Rows, string Columns) Both(LoadOptions load, ReportSettings settings, int blockSize = 3, int threads = 1)
    {
        var rows = Run(() => ReportBuilder.Build(DataSetLoader.Load(load), settings));
        var options = load.ToDataSetOptions() with { BlockSize = blockSize };
        var columns = Run(() => ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options, threads), settings));
        return (rows, columns);
    }

    private static LoadOptions AllFiles(TempDir dir, BadRowPolicy policy, bool foldCase, string zone) => new()
    {
        LeadsPath = dir.Write("leads.csv", LeadsCsv),
        StagesPath = dir.Write("stages.csv", StagesCsv),
        TouchpointsPath = dir.Write("touchpoints.csv", TouchpointsCsv),
        CostsPath = dir.Write("costs.csv", CostsCsv),
        RevenuePath = dir.Write("revenue.csv", RevenueCsv),
        OnBadRow = policy,
        FoldCase = foldCase,
        Zone = DateTimeZoneProviders.Tzdb[zone],
    };

    [Theory]
    [InlineData(BadRowPolicy.Skip, false, "UTC", null)]
    [InlineData(BadRowPolicy.Skip, true, "Europe/London", "month")]
    [InlineData(BadRowPolicy.Skip, false, "America/Sao_Paulo", "day")]
    [InlineData(BadRowPolicy.Skip, true, "Asia/Kolkata", "week")]
    [InlineData(BadRowPolicy.Skip, false, "Pacific/Auckland", "quarter")]
    [InlineData(BadRowPolicy.Fail, false, "UTC", "month")]
    public void All_five_files_give_the_same_report_on_both_paths(BadRowPolicy policy, bool foldCase, string zone, string? period)
    {
        using var dir = new TempDir();
        var load = AllFiles(dir, policy, foldCase, zone);
        var settings = new ReportSettings
        {
            By = ["source", "owner", "campaign"],
            Period = period switch { "day" => TimeBucket.Day, "week" => TimeBucket.IsoWeek, "month" => TimeBucket.Month, "quarter" => TimeBucket.Quarter, _ => TimeBucket.None },
            LifetimeValueMonths = 3,
        };
        var (rows, columns) = Both(load, settings);
        Assert.Equal(rows, columns);
        if (policy == BadRowPolicy.Skip)
        {
            foreach (var reason in new[] { "unknown_kind", "unknown_direction", "missing_channel", "touchpoint_before_created", "negative_cost", "unknown_category", "date_range_reversed", "missing_source", "lead_rejected" })
            {
                Assert.Contains($"\"{reason}\"", columns, StringComparison.Ordinal);
            }

            Assert.Contains("\"revenue_basis\": \"realized\"", columns, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("BadRowException", columns, StringComparison.Ordinal);
        }

        // Both threads: the same report.
        var (_, twoThreads) = Both(load, settings, blockSize: 2, threads: 2);
        Assert.Equal(rows, twoThreads);
    }

    [Theory]
    [InlineData("touchpoints")]
    [InlineData("costs")]
    [InlineData("revenue")]
    public void Each_file_alone_with_the_leads_gives_the_same_report(string which)
    {
        using var dir = new TempDir();
        var all = AllFiles(dir, BadRowPolicy.Skip, false, "Europe/Berlin");
        var load = new LoadOptions
        {
            LeadsPath = all.LeadsPath,
            TouchpointsPath = which == "touchpoints" ? all.TouchpointsPath : null,
            CostsPath = which == "costs" ? all.CostsPath : null,
            RevenuePath = which == "revenue" ? all.RevenuePath : null,
            OnBadRow = BadRowPolicy.Skip,
            Zone = all.Zone,
        };
        var (rows, columns) = Both(load, new ReportSettings { By = ["campaign", "source"], Period = TimeBucket.Month });
        Assert.Equal(rows, columns);
        Assert.DoesNotContain("Exception", columns, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_messy_five_file_data_sets_give_the_same_report_on_both_paths()
    {
        string[] stageNames = ["New", "Working", "Qualified", "ClosedWon", "ClosedLost", "Bogus"];
        string[] sources = ["web", "Web", "ads", "tv", string.Empty];
        string[] kinds = ["call", "email", "chat", "meeting", "form", "fax", string.Empty];
        string[] directions = ["inbound", "outbound", "out", "up", string.Empty];
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
            string When(int maxHours) => random.Next(30) == 0 ? "garbage" : (t0 + Duration.FromMinutes(random.Next(maxHours * 60))).ToString();
            string Day() => random.Next(25) == 0 ? "nope" : new LocalDate(2024, 1, 1).PlusDays(random.Next(40)).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
            var leads = new StringBuilder("lead_id,created_at,source,campaign,owner,first_response_at,won_at,lost_at,value\n");
            var stages = new StringBuilder("lead_id,stage,at\n");
            var touchpoints = new StringBuilder("lead_id,at,channel,kind,direction\n");
            var costs = new StringBuilder("date,from,to,source,campaign,amount,category\n");
            var revenue = new StringBuilder("lead_id,at,amount\n");
            var n = random.Next(1, 50);
            for (var i = 0; i < n; i++)
            {
                var id = "L" + random.Next(n + 3).ToString(CultureInfo.InvariantCulture);
                var outcome = random.Next(4);
                leads.Append(CultureInfo.InvariantCulture,
                    $"{id},{When(48)},{sources[random.Next(sources.Length)]},{(random.Next(2) == 0 ? "c1" : string.Empty)},{(random.Next(3) == 0 ? "noa" : "eli")},{(random.Next(3) == 0 ? When(100) : string.Empty)},{(outcome == 1 ? When(200) : string.Empty)},{(outcome == 2 ? When(200) : string.Empty)},{(random.Next(3) == 0 ? "12.5" : string.Empty)}\n");
                for (var k = random.Next(4); k > 0; k--)
                {
                    stages.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{stageNames[random.Next(stageNames.Length)]},{When(220)}\n");
                }

                for (var k = random.Next(4); k > 0; k--)
                {
                    touchpoints.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{When(120)},{(random.Next(15) == 0 ? string.Empty : "ch")},{kinds[random.Next(kinds.Length)]},{directions[random.Next(directions.Length)]}\n");
                }

                if (random.Next(2) == 0)
                {
                    revenue.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 3)},{When(2000)},{(random.Next(10) == 0 ? "x" : (random.Next(-20, 200)).ToString(CultureInfo.InvariantCulture))}\n");
                }

                if (random.Next(3) == 0)
                {
                    var ranged = random.Next(2) == 0;
                    costs.Append(CultureInfo.InvariantCulture,
                        $"{(ranged ? string.Empty : Day())},{(ranged ? Day() : string.Empty)},{(ranged ? Day() : string.Empty)},{sources[random.Next(sources.Length)]},{(random.Next(2) == 0 ? "c1" : "c2")},{random.Next(-5, 300)},{(random.Next(4) == 0 ? "tools" : string.Empty)}\n");
                }
            }

            using var dir = new TempDir();
            var load = new LoadOptions
            {
                LeadsPath = dir.Write("leads.csv", leads.ToString()),
                StagesPath = dir.Write("stages.csv", stages.ToString()),
                TouchpointsPath = dir.Write("touchpoints.csv", touchpoints.ToString()),
                CostsPath = dir.Write("costs.csv", costs.ToString()),
                RevenuePath = dir.Write("revenue.csv", revenue.ToString()),
                OnBadRow = seed % 5 == 4 ? BadRowPolicy.Fail : BadRowPolicy.Skip,
                FoldCase = seed % 2 == 0,
                Zone = DateTimeZoneProviders.Tzdb[seed % 3 == 0 ? "UTC" : "America/New_York"],
            };
            var settings = seed % 3 == 1 ? new ReportSettings() : new ReportSettings { By = ["source", "campaign", "owner"], Period = TimeBucket.Month };
            var (rows, columns) = Both(load, settings);
            Assert.True(rows == columns, $"seed {seed}:\nrow path: {rows}\ncolumnar: {columns}");
        }
    }

    [Fact]
    public void A_generated_five_file_data_set_gives_the_same_report_on_both_paths_and_threads()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "20000", "--seed", "5", "--days", "120", "--out", dir.Path).Exit);
        var load = FiveFiles(dir, "America/Sao_Paulo");
        var settings = new ReportSettings { By = ["source", "campaign"], Period = TimeBucket.Month };
        var (rows, columns) = Both(load, settings, blockSize: 1024);
        Assert.Equal(rows, columns);
        Assert.Contains("\"leads\": 20000", columns, StringComparison.Ordinal);
        var (_, twoThreads) = Both(load, settings, blockSize: 1024, threads: 2);
        Assert.Equal(rows, twoThreads);
    }

    [Fact]
    public void The_command_takes_the_columnar_path_for_all_five_files()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "2000", "--seed", "2", "--out", dir.Path).Exit);
        string[] args = ["report", "--leads", dir.File("leads.csv"), "--stages", dir.File("stages.csv"), "--touchpoints", dir.File("touchpoints.csv"),
            "--costs", dir.File("costs.csv"), "--revenue", dir.File("revenue.csv"), "--by", "source,campaign", "--format", "json"];
        var columnar = Cli.Run(args);
        Assert.Equal(0, columnar.Exit);
        Environment.SetEnvironmentVariable("LEADMETRICS_ROW_PATH", "1");
        try
        {
            var rowPath = Cli.Run(args);
            Assert.Equal(rowPath.Out, columnar.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LEADMETRICS_ROW_PATH", null);
        }
    }

    /// <summary>The load options of the five files <c>generate</c> wrote into <paramref name="dir"/>, in the zone named.</summary>
    internal static LoadOptions FiveFiles(TempDir dir, string zone) => new()
    {
        LeadsPath = dir.File("leads.csv"),
        StagesPath = dir.File("stages.csv"),
        TouchpointsPath = dir.File("touchpoints.csv"),
        CostsPath = dir.File("costs.csv"),
        RevenuePath = dir.File("revenue.csv"),
        Zone = DateTimeZoneProviders.Tzdb[zone],
    };
}
