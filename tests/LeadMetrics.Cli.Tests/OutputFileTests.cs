using LeadMetrics.Cli.Report;

namespace LeadMetrics.Cli.Tests;

/// <summary>--out never leaves a half-written or emptied report: checked before the work, replaced only when complete.</summary>
public sealed class OutputFileTests
{
    [Fact]
    public void A_failed_write_leaves_the_earlier_report_and_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.Write("report.json", "{\"earlier\":true}");
        Assert.Throws<InvalidOperationException>(() => OutputFile.WriteAtomically(path, stream =>
        {
            stream.Write("{\"half"u8);
            throw new InvalidOperationException("interrupted");
        }));

        Assert.Equal("{\"earlier\":true}", File.ReadAllText(path));
        Assert.Equal(["report.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_report_replaces_the_earlier_one_when_complete()
    {
        using var dir = new TempDir();
        var path = dir.Write("report.json", "old");
        var (exit, stdout, error) = Cli.Run("report", "--sample", "--format", "json", "--out", path);
        Assert.True(exit == 0, error);
        Assert.StartsWith("{", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("Wrote the json report", stdout, StringComparison.Ordinal);
        Assert.Equal(["report.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unwritable_folder_or_a_folder_as_the_file_is_a_usage_error_before_any_work()
    {
        using var dir = new TempDir();
        var file = dir.Write("not-a-folder", "x");
        var (exit, _, error) = Cli.Run("report", "--sample", "--out", Path.Combine(file, "report.html"));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("cannot write to the folder", error, StringComparison.Ordinal);

        (exit, _, error) = Cli.Run("report", "--sample", "--out", dir.Path);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("is a folder", error, StringComparison.Ordinal);
    }
}
