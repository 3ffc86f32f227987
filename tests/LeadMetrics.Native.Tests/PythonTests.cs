using System.Xml.Linq;

namespace LeadMetrics.Native.Tests;

/// <summary>
/// Runs the Python package's pytest files (python/tests) against the published native library: one test per file,
/// failing with the names and messages of the failed pytest cases (read from pytest's JUnit XML). Run one with
/// <c>dotnet test tests/LeadMetrics.Native.Tests --filter "FullyQualifiedName~PythonTests"</c>, or pytest itself:
/// <c>LEADMETRICS_NATIVE=... python3 -m pytest python/tests</c>.
/// </summary>
[Collection("native")]
public sealed class PythonTests(NativeLibraryFixture native)
{
    public static TheoryData<string> PytestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(NativeLibraryFixture.Root, "python", "tests"), "test_*.py").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [PythonTheory]
    [MemberData(nameof(PytestFiles))]
    public void Pytest_file_passes(string file)
    {
        var python = Python.Executable ?? throw new InvalidOperationException(Python.SkipReason ?? "python3 with pandas, numpy and pytest was not found (CI requires it: .ci/setup installs it).");
        var xml = Path.Combine(Path.GetTempPath(), $"leadmetrics-pytest-{Guid.NewGuid():N}.xml");
        var env = new Dictionary<string, string> { ["LEADMETRICS_NATIVE"] = native.LibraryPath, ["PYTHONDONTWRITEBYTECODE"] = "1" };
        if (file == "test_native_variants.py")
        {
            // The builds for x86-64-v3 and v4 (two more NativeAOT publishes, for this file only), each compared with the baseline.
            env["LEADMETRICS_NATIVE_VARIANTS"] = native.VariantFolder;
        }

        try
        {
            var (exit, output) = NativeLibraryFixture.Run(
                python,
                ["-m", "pytest", Path.Combine("python", "tests", file), "-q", "-p", "no:cacheprovider", "--junitxml", xml],
                NativeLibraryFixture.Root,
                env,
                TimeSpan.FromMinutes(15));
            Assert.True(File.Exists(xml), $"pytest wrote no report (exit {exit}):\n{output}");
            var cases = XDocument.Load(xml).Descendants("testcase").ToList();
            var failed = cases
                .Where(c => c.Element("failure") is not null || c.Element("error") is not null)
                .Select(c => $"{c.Attribute("name")?.Value}: {(c.Element("failure") ?? c.Element("error"))!.Attribute("message")?.Value}")
                .ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} of {cases.Count} pytest cases failed in {file}:\n{string.Join("\n", failed)}\n\n{output}");
            Assert.True(exit == 0, $"pytest exit {exit}:\n{output}");
            var ran = cases.Count(c => c.Element("skipped") is null);
            Assert.True(ran > 0 || cases.Count > 0, $"no pytest case ran in {file}:\n{output}");
        }
        finally
        {
            File.Delete(xml);
        }
    }

    [NotebookFact]
    public void The_notebook_runs_without_error()
    {
        var python = Python.Executable ?? throw new InvalidOperationException(Python.NotebookSkipReason ?? "python3 was not found (CI requires it).");
        var notebook = Path.Combine(NativeLibraryFixture.Root, "samples", "notebooks", "lead-review.ipynb");
        var output = Path.Combine(Path.GetTempPath(), $"leadmetrics-notebook-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            var (exit, text) = NativeLibraryFixture.Run(
                python,
                ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", notebook, "--output-dir", output, "--ExecutePreprocessor.timeout=600"],
                Path.GetDirectoryName(notebook)!,
                new Dictionary<string, string>
                {
                    ["LEADMETRICS_NATIVE"] = native.LibraryPath,
                    ["PYTHONPATH"] = Path.Combine(NativeLibraryFixture.Root, "python"),
                },
                TimeSpan.FromMinutes(15));
            Assert.True(exit == 0, $"jupyter nbconvert --execute failed (exit {exit}):\n{text}");
            var executed = File.ReadAllText(Path.Combine(output, "lead-review.ipynb"));
            Assert.DoesNotContain("\"output_type\": \"error\"", executed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
