namespace LeadMetrics.Cli.Tests;

/// <summary>Help names the installed command; a parse error goes to stderr with one line of usage, nothing to stdout.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[] { "--help" }, "leadmetrics <command> [options]")]
    [InlineData(new string[] { "-h" }, "leadmetrics <command> [options]")]
    [InlineData(new string[] { "report", "--help" }, "leadmetrics report [options]")]
    [InlineData(new string[] { "sample", "--help" }, "leadmetrics sample [options]")]
    public void Help_names_the_leadmetrics_command(string[] args, string usage)
    {
        var (exit, output, error) = Cli.Run(args);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(usage.Replace("<command>", "[command]", StringComparison.Ordinal), output, StringComparison.Ordinal);
        Assert.DoesNotContain("LeadMetrics.Cli", output, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Help_names_the_command_the_tool_package_installs()
    {
        var project = File.ReadAllText(Repo.Path("src", "LeadMetrics.Cli", "LeadMetrics.Cli.csproj"));
        Assert.Contains($"<ToolCommandName>{CliApp.CommandName}</ToolCommandName>", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (exit, output, error) = Cli.Run("--version");
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Theory]
    [InlineData(new string[] { "report", "--bogus" }, "'--bogus'", "Usage: leadmetrics report [options] ('leadmetrics report --help' for more).")]
    [InlineData(new string[] { "report", "--sample", "--format", "pdf" }, "pdf", "Usage: leadmetrics report [options] ('leadmetrics report --help' for more).")]
    [InlineData(new string[] { "report", "--ltv-months", "six" }, "six", "Usage: leadmetrics report [options] ('leadmetrics report --help' for more).")]
    [InlineData(new string[] { "sample" }, "--out", "Usage: leadmetrics sample [options] ('leadmetrics sample --help' for more).")]
    [InlineData(new string[] { "frobnicate" }, "frobnicate", "Usage: leadmetrics <command> [options] ('leadmetrics --help' for more).")]
    [InlineData(new string[0], "command", "Usage: leadmetrics <command> [options] ('leadmetrics --help' for more).")]
    public void A_parse_error_goes_to_stderr_with_one_line_of_usage(string[] args, string named, string usage)
    {
        var (exit, output, error) = Cli.Run(args);
        Assert.Equal(CliApp.ParseError, exit);
        Assert.Equal(string.Empty, output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length >= 2, error);
        Assert.All(lines[..^1], line => Assert.StartsWith("error: ", line, StringComparison.Ordinal));
        Assert.Contains(lines[..^1], line => line.Contains(named, StringComparison.Ordinal));
        Assert.Equal(usage, lines[^1]);
        Assert.DoesNotContain("Options:", error, StringComparison.Ordinal);
        Assert.True(error.Length < 400, $"{error.Length} characters on stderr:\n{error}");
    }

    [Fact]
    public void A_usage_error_after_parsing_keeps_its_exit_code_and_stays_off_stdout()
    {
        var (exit, output, error) = Cli.Run("report");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: report needs --leads", error, StringComparison.Ordinal);
    }
}
