using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Runs every sample: the quickstart program, the file-based scripts and the notebook's code. The file-based apps are
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

    /// <summary>
    /// The notebook cannot be executed here (no .NET Interactive kernel on the feed), so its C# code cells are run as a
    /// file-based app instead: #r lines become #:package / #:project directives, using directives are hoisted, and
    /// display() prints. That checks that the cells compile against the current API and run on the sample data.
    /// </summary>
    [Fact]
    public void Notebook_code_cells_compile_and_run_as_a_script()
    {
        var notebook = Repo.Path("samples", "notebooks", "lead-review.ipynb");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(notebook));
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())))
            .ToList();
        Assert.NotEmpty(cells);

        var directives = new List<string> { $"#:project {Repo.Path("src", "LeadMetrics", "LeadMetrics.csproj")}" };
        var usings = new List<string>();
        var body = new List<string>();
        foreach (var line in cells.SelectMany(c => c.Split('\n')))
        {
            var nuget = NugetReference().Match(line);
            if (nuget.Success)
            {
                if (nuget.Groups["name"].Value != "NodaTime")
                {
                    directives.Add($"#:package {nuget.Groups["name"].Value}@{nuget.Groups["version"].Value}");
                }
            }
            else if (line.StartsWith("#r ", StringComparison.Ordinal))
            {
                Assert.Contains("LeadMetrics.dll", line, StringComparison.Ordinal); // the library, replaced by #:project
            }
            else if (line.StartsWith("using ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(';') && !line.Contains('(', StringComparison.Ordinal))
            {
                usings.Add(line);
            }
            else
            {
                body.Add(line);
            }
        }

        using var dir = new TempDir();
        var script = dir.Write("lead-review.cs", string.Join('\n', [.. directives, .. usings, .. body, "static void display(object? value) { if (value is System.Collections.IEnumerable e && value is not string) { foreach (var item in e) { Console.WriteLine(item); } } else { Console.WriteLine(value); } }", string.Empty]));
        var (exit, output, error) = Proc.Run("dotnet", ["run", "-c", "Release", script], Repo.Path("samples", "notebooks"), BuildTimeout);
        Assert.True(exit == 0, $"notebook script exited {exit}:\n{output}\n{error}");
        Assert.Contains("4000 leads read", output, StringComparison.Ordinal);
        Assert.Contains("Source = partner", output, StringComparison.Ordinal);
        Assert.Contains("Rep = dana", output, StringComparison.Ordinal);
        Assert.Contains("PerformanceIndex = ", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^#r ""nuget:\s*(?<name>[^,\s]+),\s*(?<version>[^""\s]+)""")]
    private static partial Regex NugetReference();
}
