namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 15, item 9: a folder given as an input file is named as a folder, not as a file that does not exist.</summary>
public sealed class InputPathTests
{
    [Theory]
    [InlineData("--leads")]
    [InlineData("--scoring")]
    [InlineData("--targets")]
    [InlineData("--stages")]
    [InlineData("--touchpoints")]
    [InlineData("--costs")]
    [InlineData("--revenue")]
    [InlineData("--rates")]
    public void A_folder_as_an_input_file_is_a_usage_error_saying_so(string option)
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at\nL1,2024-03-04T09:00:00Z\n");
        string[] args = option == "--leads" ? ["report", "--leads", dir.Path] : ["report", "--leads", leads, option, dir.Path];
        var (exit, _, error) = Cli.Run(args);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains($"'{dir.Path}' is a folder, not a file.", error, StringComparison.Ordinal);

        var missing = System.IO.Path.Combine(dir.Path, "missing.csv");
        string[] missingArgs = option == "--leads" ? ["report", "--leads", missing] : ["report", "--leads", leads, option, missing];
        var (missingExit, _, missingError) = Cli.Run(missingArgs);
        Assert.Equal(CliApp.UsageError, missingExit);
        Assert.Contains($"'{missing}' does not exist.", missingError, StringComparison.Ordinal);
    }
}
