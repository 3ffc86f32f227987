using LeadMetrics.Cli.Input;
using LeadMetrics.Cli.Report;
using LeadMetrics.Data;
using LeadMetrics.Grouping;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 9, on both read paths: blank lines, short rows, text that is not UTF-8 and a literal (none) label give
/// the same report on the row path (Sylvan) as on the columnar path (LeadMetrics.Data), and the command says what it
/// rejected. Each failed before the fix (the row path padded short rows, counted blank lines as bad rows and made a
/// second (none) group).
/// </summary>
public sealed class ReaderBadInputTests
{
    private static string Json(ReportModel report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (string Rows, string Columns) Both(LoadOptions load)
    {
        var settings = new ReportSettings { By = ["source", "campaign"], Period = TimeBucket.Month };
        string Run(Func<ReportModel> build)
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

        var rows = Run(() => ReportBuilder.Build(DataSetLoader.Load(load), settings));
        var options = load.ToDataSetOptions() with { BlockSize = 2 };
        var columns = Run(() => ReportBuilder.Build(ReportSource.FromColumns(LeadDataSet.Open(options), options), settings));
        return (rows, columns);
    }

    [Theory]
    [InlineData(BadRowPolicy.Skip)]
    [InlineData(BadRowPolicy.Fail)]
    public void Blank_lines_short_rows_bad_text_and_none_labels_give_one_report_on_both_paths(BadRowPolicy policy)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv",
            "lead_id,created_at,source,campaign,value\n" +
            "L1,2024-03-04T09:00:00Z,(none),spring,10\n" +
            "\n" +
            "L2,2024-03-04T10:00:00Z,,(None),\n" +
            "   \n" +
            "L3,2024-03-05T09:00:00Z,web,spring,\n" +
            "L4,2024-03-05T09:00:00Z\n" +
            "L5\uFFFD,2024-03-05T09:00:00Z,web,,\n" +
            "L6,2024-03-06T09:00:00Z,ads,,\n");
        var stages = dir.Write("stages.csv", "lead_id,stage,at\n\nL1,New,2024-03-04T09:00:00Z\nL3,Working\nL3,Working,2024-03-06T09:00:00Z\n\n");
        var costs = dir.Write("costs.csv", "date,source,campaign,amount\n2024-03-04,web,(none),10\n\n2024-03-04,(none),,5\n");
        var load = new LoadOptions { LeadsPath = leads, StagesPath = stages, CostsPath = costs, OnBadRow = policy };
        var (rows, columns) = Both(load);
        Assert.Equal(rows, columns);
        if (policy == BadRowPolicy.Fail)
        {
            Assert.Contains("line 7, column source: value '' rejected (malformed_row): the row has 2 of the header's 5 fields", columns, StringComparison.Ordinal);
            return;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(columns);
        var files = doc.RootElement.GetProperty("data_quality").GetProperty("files");
        Assert.Equal(6, files[0].GetProperty("rows_read").GetInt32());
        Assert.Equal(2, files[0].GetProperty("rejected").GetProperty("malformed_row").GetInt32());
        Assert.Equal(3, files[1].GetProperty("rows_read").GetInt32());
        Assert.Equal(1, files[1].GetProperty("rejected").GetProperty("malformed_row").GetInt32());
        Assert.Equal(1, files[2].GetProperty("rejected").GetProperty("missing_source").GetInt32());
    }
}
