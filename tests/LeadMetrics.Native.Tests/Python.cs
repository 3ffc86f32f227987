namespace LeadMetrics.Native.Tests;

/// <summary>
/// The Python the tests run: LEADMETRICS_PYTHON, else Debian's /usr/bin/python3, else python3 on the PATH, the first
/// that imports pandas, numpy and pytest (installed by .ci/setup from Debian's packages).
/// </summary>
internal static class Python
{
    private static readonly Lazy<string?> Found = new(Find);

    public static string? Executable => Found.Value;

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("LEADMETRICS_CI"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the pytest tests cannot run here, or null (never skipped in CI: there a missing package fails them).</summary>
    public static string? SkipReason => Executable is not null || IsCi
        ? null
        : "python3 with pandas, numpy and pytest is missing: `sudo bash .ci/setup` (apt-get install python3-pandas python3-numpy python3-pytest); CI requires these tests.";

    /// <summary>Why the notebook test cannot run here, or null (never skipped in CI).</summary>
    public static string? NotebookSkipReason => (Executable is not null && Imports(Executable, "nbconvert, ipykernel, matplotlib")) || IsCi
        ? null
        : "jupyter nbconvert, ipykernel or matplotlib is missing: `sudo bash .ci/setup` (apt-get install jupyter-nbconvert python3-ipykernel python3-matplotlib); CI requires this test.";

    private static string? Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("LEADMETRICS_PYTHON"), "/usr/bin/python3", "python3" };
        return candidates.Where(c => !string.IsNullOrEmpty(c)).FirstOrDefault(c => Imports(c!, "pandas, numpy, pytest"));
    }

    private static bool Imports(string python, string modules)
    {
        try
        {
            var (exit, _) = NativeLibraryFixture.Run(python, ["-c", "import " + modules], NativeLibraryFixture.Root, null, TimeSpan.FromMinutes(2));
            return exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A theory that runs Python: skipped with the reason where python3 and its packages are missing (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute() => Skip = Python.SkipReason;
}

/// <summary>A fact that executes the notebook: skipped with the reason where jupyter nbconvert is missing (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotebookFactAttribute : FactAttribute
{
    public NotebookFactAttribute() => Skip = Python.NotebookSkipReason;
}
