namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 14: the report's progress display shows on a terminal only. Redirected output carries no progress byte (no
/// escape sequence, nothing on standard error); --no-progress turns it off on a terminal too.
/// </summary>
public sealed class ProgressDisplayTests
{
    private const char Escape = '\u001b';

    [Fact]
    public void A_redirected_run_writes_no_progress_bytes()
    {
        // The tool as a user runs it, both streams redirected, every phase shown at once if it were shown at all.
        var dll = Path.Combine(AppContext.BaseDirectory, "LeadMetrics.Cli.dll");
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["LEADMETRICS_PROGRESS_DELAY_MS"] = "0" };
        var (exit, output, error) = Proc.Run(
            "dotnet", ["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), dll, "report", "--sample", "--by", "source"], dir.Path, TimeSpan.FromMinutes(2), env);
        Assert.True(exit == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.DoesNotContain(Escape, output);
        Assert.Contains("By source", output, StringComparison.Ordinal);

        var (exitOut, written, errorOut) = Proc.Run(
            "dotnet", ["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), dll, "report", "--sample", "--format", "json", "--out", Path.Combine(dir.Path, "r.json")], dir.Path, TimeSpan.FromMinutes(2), env);
        Assert.True(exitOut == 0, errorOut);
        Assert.Equal(string.Empty, errorOut);
        Assert.Equal($"Wrote the json report to {Path.Combine(dir.Path, "r.json")}.", written.Trim());
    }

    [Fact]
    public void On_a_terminal_the_phases_show_and_the_report_is_unchanged()
    {
        // interactive: what Program passes when both streams are a terminal; no delay, so that every phase shows.
        var (plainOut, plainErr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, CliApp.Run(["report", "--sample", "--by", "source", "--format", "json"], plainOut, plainErr));
        var (shownOut, shownErr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, CliApp.Run(["report", "--sample", "--by", "source", "--format", "json"], shownOut, shownErr, interactive: true, progressDelay: TimeSpan.Zero));
        Assert.Equal(string.Empty, plainErr.ToString());
        Assert.Contains(Escape, shownErr.ToString()); // the display drew (and cleared) itself on standard error ...
        Assert.Equal(plainOut.ToString(), shownOut.ToString()); // ... and the report is the same
    }

    [Fact]
    public void No_progress_turns_the_display_off_on_a_terminal()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, CliApp.Run(["report", "--sample", "--no-progress"], stdout, stderr, interactive: true, progressDelay: TimeSpan.Zero));
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.DoesNotContain(Escape, stdout.ToString());
    }
}
