namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Runs every sample: the quickstart program and the file-based scripts (the Python notebook is executed by
/// tests/LeadMetrics.Native.Tests). The file-based apps are
/// built in Release, the configuration the solution was just built in, so that the library project they reference is
/// already up to date and is not rebuilt at the same time as another test project's Debug build of it.
/// </summary>
[Collection("external processes")]
public sealed partial class SampleProgramTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void Quickstart_sample_runs()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LeadMetrics.Samples.Quickstart.dll");
        Assert.True(File.Exists(dll), dll + " was not built with the tests");
        var (exit, output, error) = Proc.Run("dotnet", ["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), dll], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, error);
        Assert.Contains("website", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_script_runs()
    {
        var scripts = Directory.GetFiles(Repo.Path("samples", "scripts"), "*.cs");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var (exit, output, error) = Proc.Run("dotnet", ["run", "-c", "Release", script], Repo.Root, BuildTimeout);
            Assert.True(exit == 0, $"{script} exited {exit}:\n{output}\n{error}");
            if (Path.GetFileName(script) == "weekly-review.cs")
            {
                Assert.Contains("Weekly review: week of 2024-12-23 against week of 2024-12-16", output, StringComparison.Ordinal);
                Assert.Contains("Off target this week:", output, StringComparison.Ordinal);
                Assert.Contains("Response time by rep", output, StringComparison.Ordinal);
                Assert.Contains("dana", output, StringComparison.Ordinal);
                Assert.Contains("Win rate by rep, adjusted for lead mix by source", output, StringComparison.Ordinal);
            }
        }
    }
}
