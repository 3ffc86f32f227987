using LeadMetrics.Testing;
using System.Diagnostics;

namespace LeadMetrics.Tests.Docs;

/// <summary>The READMEs' code is code users paste: it must compile and run against the library as it is.</summary>
public class ReadmeQuickstartTests
{
    [Fact]
    public async Task Readme_quickstart_compiles_and_runs()
    {
        var output = await RunFirstCsharpBlock("README.md");
        Assert.Contains("2 leads, win rate 100", output, StringComparison.Ordinal);
        Assert.Contains("facebook: answered within 5 min 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_readme_example_compiles_and_runs()
    {
        var output = await RunFirstCsharpBlock(Path.Combine("src", "LeadMetrics", "README.md"));
        Assert.Contains("website: 1 lead(s), median response 4m 00s", output, StringComparison.Ordinal);
        Assert.Contains("facebook: 1 lead(s), median response 2.0h", output, StringComparison.Ordinal);
    }

    // Writes the file's first ```csharp block as a file-based app referencing the library, runs it and returns its output.
    private static async Task<string> RunFirstCsharpBlock(string relativePath)
    {
        var root = RepositoryPaths.Root();
        var readme = File.ReadAllText(Path.Combine(root, relativePath));
        var start = readme.IndexOf("```csharp", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{relativePath} has no ```csharp block.");
        start += "```csharp".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var code = readme[start..end];

        var dir = Directory.CreateTempSubdirectory("leadmetrics-readme-");
        try
        {
            var project = Path.Combine(root, "src", "LeadMetrics", "LeadMetrics.csproj");
            var file = Path.Combine(dir.FullName, "quickstart.cs");
            File.WriteAllText(file, $"#:project {project}\n#:property TreatWarningsAsErrors=false\n{code}");
            var psi = new ProcessStartInfo("dotnet", ["run", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = dir.FullName,
            };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var errors = await stderr;
            Assert.True(process.ExitCode == 0, $"{relativePath}'s code failed ({process.ExitCode}):\n{output}\n{errors}");
            return output;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
