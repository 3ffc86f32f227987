using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Parquet input end to end (issue 14): <c>generate --format parquet</c> writes the same data as the CSV files, and
/// <c>report</c> on the Parquet files gives the report of the CSV files; bad Parquet input gives the documented exit
/// codes with a clear message and never a stack trace.
/// </summary>
public sealed partial class ParquetReportTests
{
    private static readonly string[] Names = ["leads", "stages", "touchpoints", "costs", "revenue"];

    private static string[] Inputs(TempDir dir, string ext, params string[] names) =>
        [.. names.SelectMany(n => new[] { "--" + n, dir.File($"{ext}/{n}.{ext}") })];

    private static (TempDir Dir, int Leads) Generate(int leads, int seed)
    {
        var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--days", "365", "--out", dir.File("csv")).Exit);
        var (exit, output, error) = Cli.Run("generate", "--leads", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--days", "365", "--format", "parquet", "--out", dir.File("parquet"));
        Assert.True(exit == 0, error);
        Assert.Contains("leads", output, StringComparison.Ordinal);
        foreach (var name in Names)
        {
            Assert.True(File.Exists(dir.File($"parquet/{name}.parquet")), name);
            Assert.False(File.Exists(dir.File($"parquet/{name}.csv")), name);
        }

        return (dir, leads);
    }

    /// <summary>The report JSON with the input file names made alike (csv/x.csv and parquet/x.parquet name the same file).</summary>
    private static string Normalized(string json) => FileName().Replace(json, m => m.Groups[1].Value + "INPUT/" + m.Groups[2].Value + "\"");

    [GeneratedRegex("(\"file\": \")[^\"]*?(leads|stages|touchpoints|costs|revenue)\\.(csv|parquet)\"")]
    private static partial Regex FileName();

    [Fact]
    public void Leads_stages_and_touchpoints_as_parquet_give_the_byte_identical_report()
    {
        var (dir, _) = Generate(6000, 11);
        using (dir)
        {
            string[] options = ["--zone", "America/New_York", "--period", "month", "--by", "source", "--format", "json"];
            var csv = Cli.Run(["report", .. Inputs(dir, "csv", "leads", "stages", "touchpoints"), .. options]);
            var parquet = Cli.Run(["report", .. Inputs(dir, "parquet", "leads", "stages", "touchpoints"), .. options]);
            Assert.True(csv.Exit == 0, csv.Err);
            Assert.True(parquet.Exit == 0, parquet.Err);
            Assert.Equal(Normalized(csv.Out), Normalized(parquet.Out));

            // The row path (an attribute grouping reads every leads column, typed INT32 and DOUBLE attributes too).
            string[] rows = ["--by", "industry,company_size", "--format", "json"];
            csv = Cli.Run(["report", .. Inputs(dir, "csv", "leads", "stages"), .. rows]);
            parquet = Cli.Run(["report", .. Inputs(dir, "parquet", "leads", "stages"), .. rows]);
            Assert.True(parquet.Exit == 0, parquet.Err);
            Assert.Equal(Normalized(csv.Out), Normalized(parquet.Out));
        }
    }

    [Fact]
    public void All_five_files_as_parquet_give_the_same_report_in_a_zone_with_dst_by_month()
    {
        var (dir, leads) = Generate(8000, 12);
        using (dir)
        {
            string[] options = ["--zone", "Europe/Berlin", "--period", "month", "--by", "source", "--format", "json"];
            var csv = Cli.Run(["report", .. Inputs(dir, "csv", Names), .. options]);
            var parquet = Cli.Run(["report", .. Inputs(dir, "parquet", Names), .. options]);
            Assert.True(csv.Exit == 0, csv.Err);
            Assert.True(parquet.Exit == 0, parquet.Err);

            // The same document, every number the same value. Money is the only difference in writing: the CSV
            // generator writes 18000 and 12.30 in one column, a Parquet DECIMAL(18,2) column holds 18000.00 and 12.30,
            // so a sum of whole amounts reads 18000 in one report and 18000.00 in the other.
            using var a = JsonDocument.Parse(Normalized(csv.Out));
            using var b = JsonDocument.Parse(Normalized(parquet.Out));
            AssertSame(a.RootElement, b.RootElement, "$");
            var total = b.RootElement.GetProperty("total");
            Assert.Equal(leads, total.GetProperty("leads").GetInt32());
            Assert.True(total.GetProperty("cost").GetDecimal() > 0);
            Assert.True(total.GetProperty("lifetime_value").ValueKind == JsonValueKind.Number);
            Assert.Equal(12, b.RootElement.GetProperty("trend").GetArrayLength());

            // Rows read = accepted + rejected, per file, and nothing rejected in generated data.
            foreach (var file in b.RootElement.GetProperty("data_quality").GetProperty("files").EnumerateArray())
            {
                var rejected = file.GetProperty("rejected").EnumerateObject().Sum(r => r.Value.GetInt64());
                Assert.Equal(file.GetProperty("rows_read").GetInt64(), file.GetProperty("rows_accepted").GetInt64() + rejected);
                Assert.Equal(0, rejected);
            }
        }
    }

    private static void AssertSame(JsonElement a, JsonElement b, string path)
    {
        Assert.True(a.ValueKind == b.ValueKind, $"{path}: {a.ValueKind} vs {b.ValueKind}");
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
                foreach (var p in a.EnumerateObject())
                {
                    AssertSame(p.Value, b.GetProperty(p.Name), path + "." + p.Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.True(a.GetArrayLength() == b.GetArrayLength(), $"{path}: {a.GetArrayLength()} vs {b.GetArrayLength()} items");
                for (var i = 0; i < a.GetArrayLength(); i++)
                {
                    AssertSame(a[i], b[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                Assert.True(a.GetDecimal() == b.GetDecimal(), $"{path}: {a.GetRawText()} vs {b.GetRawText()}");
                break;
            default:
                Assert.True(a.GetRawText() == b.GetRawText(), $"{path}: {a.GetRawText()} vs {b.GetRawText()}");
                break;
        }
    }

    [Theory]
    [InlineData("not parquet at all")]
    [InlineData("PAR1")]
    [InlineData("truncated")]
    public void A_corrupt_parquet_file_is_a_usage_error_with_a_clear_message_and_no_stack_trace(string content)
    {
        using var dir = new TempDir();
        var path = dir.File("leads.parquet");
        if (content == "truncated")
        {
            Assert.Equal(0, Cli.Run("generate", "--leads", "200", "--format", "parquet", "--out", dir.Path).Exit);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
        }
        else
        {
            File.WriteAllText(path, content);
        }

        foreach (var by in new[] { "source", "industry" })
        {
            var (exit, output, error) = Cli.Run("report", "--leads", path, "--by", by);
            Assert.Equal(CliApp.UsageError, exit);
            Assert.Empty(output);
            Assert.Contains($"error: input file '{path}' is not a readable Parquet file", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_column_of_a_type_it_cannot_be_is_a_usage_error_naming_column_and_type()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "50", "--format", "parquet", "--out", dir.Path).Exit);

        // budget is a DOUBLE column and company_size an INT32 one: neither can be the creation time.
        var (exit, _, error) = Cli.Run("report", "--leads", dir.File("leads.parquet"), "--map", "leads.created_at=budget");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("the column 'budget' is DOUBLE, which cannot be leads.created_at", error, StringComparison.Ordinal);
        (exit, _, error) = Cli.Run("report", "--leads", dir.File("leads.parquet"), "--costs", dir.File("costs.parquet"), "--map", "costs.source=date");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("the column 'date' is INT32 DATE, which cannot be costs.source", error, StringComparison.Ordinal);
        (exit, _, error) = Cli.Run("report", "--leads", dir.File("stages.parquet"));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("no created_at column", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_in_parquet_stop_the_report_under_fail_and_are_counted_under_skip()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("generate", "--leads", "300", "--seed", "4", "--format", "parquet", "--out", dir.Path).Exit);

        // Stage rows against the revenue file's leads: every stage row of a lead is read as a revenue row without an
        // amount column mapped from a text column: the amount 'New' is not a number.
        var (exit, _, error) = Cli.Run("report", "--leads", dir.File("leads.parquet"), "--revenue", dir.File("stages.parquet"), "--map", "revenue.amount=stage");
        Assert.Equal(CliApp.BadRowError, exit);
        Assert.Contains("stages.parquet, line 2, column stage: value 'New' rejected (unparseable_number)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        using var doc = Cli.Json("--leads", dir.File("leads.parquet"), "--revenue", dir.File("stages.parquet"), "--map", "revenue.amount=stage", "--on-bad-row", "skip");
        var file = doc.RootElement.GetProperty("data_quality").GetProperty("files")[1];
        var read = file.GetProperty("rows_read").GetInt64();
        Assert.True(read > 300);
        Assert.Equal(read, file.GetProperty("rejected").GetProperty("unparseable_number").GetInt64());
        Assert.Equal(0, file.GetProperty("rows_accepted").GetInt64());
    }
}
