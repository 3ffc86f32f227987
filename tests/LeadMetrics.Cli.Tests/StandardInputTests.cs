using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>An input file given as '-' reads standard input (issue 17: `--leads -`).</summary>
public sealed class StandardInputTests
{
    private static (int Exit, string Out, string Err) RunWithInput(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr, stdin: () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--leads")]
    [InlineData("--stages")]
    [InlineData("--costs")]
    public void A_piped_file_gives_the_report_of_the_same_file_on_disk(string option)
    {
        string[] files = ["leads", "stages", "touchpoints", "costs", "revenue"];
        var onDisk = files.SelectMany(f => new[] { "--" + f, Repo.Path("samples", "data", f + ".csv") }).ToList();
        var piped = onDisk.ToList();
        var index = piped.IndexOf(option) + 1;
        var content = File.ReadAllText(piped[index]);
        piped[index] = "-";

        var (exitDisk, jsonDisk, errDisk) = RunWithInput(string.Empty, ["report", .. onDisk, "--by", "source", "--format", "json"]);
        var (exitPiped, jsonPiped, errPiped) = RunWithInput(content, ["report", .. piped, "--by", "source", "--format", "json"]);

        Assert.True(exitDisk == 0, errDisk);
        Assert.True(exitPiped == 0, errPiped);
        using var disk = JsonDocument.Parse(jsonDisk);
        using var pipe = JsonDocument.Parse(jsonPiped);
        foreach (var section in new[] { "total", "groups" })
        {
            Assert.Equal(disk.RootElement.GetProperty(section).GetRawText(), pipe.RootElement.GetProperty(section).GetRawText());
        }
    }

    [Fact]
    public void A_bad_row_of_a_piped_file_is_named_as_stdin()
    {
        const string leads = "lead_id,created_at,source\nL1,2024-03-04T09:00:00Z,web\nL2,not-a-date,web\n";
        var (exit, _, err) = RunWithInput(leads, "report", "--leads", "-", "--format", "json");
        Assert.Equal(3, exit);
        Assert.Contains("stdin", err, StringComparison.Ordinal);
        Assert.Contains("line 3", err, StringComparison.Ordinal);
        Assert.DoesNotContain("leadmetrics-stdin-", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_inputs_cannot_both_read_standard_input()
    {
        var (exit, _, err) = RunWithInput("lead_id\n", "report", "--leads", "-", "--stages", "-");
        Assert.Equal(2, exit);
        Assert.Contains("--leads and --stages both do", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_temporary_copy_is_deleted_after_the_report()
    {
        const string leads = "lead_id,created_at,source\nL1,2024-03-04T09:00:00Z,web\n";
        var before = Directory.GetFiles(Path.GetTempPath(), "leadmetrics-stdin-*").Length;
        var (exit, _, err) = RunWithInput(leads, "report", "--leads", "-", "--format", "json");
        Assert.True(exit == 0, err);
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "leadmetrics-stdin-*").Length);
    }
}
