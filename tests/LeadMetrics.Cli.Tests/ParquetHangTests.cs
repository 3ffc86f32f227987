namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, fuzzing: Parquet files whose footer Parquet.Net would decode forever (it reads the footer by field id,
/// whatever type a field declares, and takes the end of the footer for bytes 0xFF) are refused before Parquet.Net sees
/// them: a usage error naming the file, in well under a second, never a stalled report. The reproducers are the
/// files AFL found (fuzz/crashes/parquet); hang-7 and hang-8 have well-formed Thrift whose field types do not match
/// what Parquet.Net reads for their ids.
/// </summary>
public sealed class ParquetHangTests
{
    public static TheoryData<string> Reproducers() =>
        [.. Directory.EnumerateFiles(Repo.Path("fuzz", "crashes", "parquet"), "hang-*.parquet").Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Reproducers))]
    public async Task A_footer_parquet_net_would_loop_on_is_a_usage_error_in_time(string name)
    {
        using var dir = new TempDir();
        var file = dir.Path + "/" + name;
        File.Copy(Repo.Path("fuzz", "crashes", "parquet", name), file);
        var run = Task.Run(() => Cli.Run("report", "--leads", file, "--format", "json"));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == run, $"report of {name} still running after 20 s");
        var (exit, output, error) = await run;
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"input file '{file}' is not a readable Parquet file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
