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

    [Theory]
    [InlineData(100_000, "its schema nests groups more than 64 deep")]
    [InlineData(3, null)]
    public void A_schema_nested_deeper_than_parquet_net_can_recurse_is_refused(int depth, string? expected)
    {
        // A footer of `depth` schema elements, each a group of one child (a file of one column nested depth - 1 deep):
        // Parquet.Net builds its schema tree recursively, so a deep one would overflow the stack, which no catch stops.
        var footer = new List<byte> { 0x15, 0x02, 0x19, 0xFC }; // version 1; schema: a list of structs, size as a varint
        for (var n = (uint)depth; ; n >>= 7)
        {
            footer.Add((byte)(n < 0x80 ? n : (n & 0x7F) | 0x80));
            if (n < 0x80)
            {
                break;
            }
        }

        for (var i = 0; i < depth; i++)
        {
            footer.AddRange(i < depth - 1 ? [0x48, 0x01, (byte)'g', 0x15, 0x02, 0x00] : [0x15, 0x02, 0x38, 0x01, (byte)'c', 0x00]); // name g, num_children 1 / type INT32, name c
        }

        footer.AddRange([0x16, 0x00, 0x19, 0x0C, 0x00]); // num_rows 0, no row groups, stop
        byte[] file = [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Count), .. "PAR1"u8];
        using var dir = new TempDir();
        var path = dir.Path + "/deep.parquet";
        File.WriteAllBytes(path, file);
        var (exit, _, error) = Cli.Run("report", "--leads", path, "--format", "json");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        if (expected is not null)
        {
            Assert.Contains($"input file '{path}' is not a readable Parquet file: {expected}", error, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("nests groups", error, StringComparison.Ordinal); // refused later, for its columns
        }
    }
}
