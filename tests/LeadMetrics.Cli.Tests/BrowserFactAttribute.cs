namespace LeadMetrics.Cli.Tests;

/// <summary>Where the HTML browser tests can run: Debian's headless Chromium, required in CI.</summary>
internal static class Browser
{
    /// <summary>The browser the tests open the report in.</summary>
    internal const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Why a browser test cannot run here, or null when it can. Outside CI a machine without Chromium skips these tests
    /// with this reason; in CI (<c>LEADMETRICS_CI=true</c>, set by .ci/run, or <c>CI=true</c>) they always run, so a
    /// missing browser fails them by name.
    /// </summary>
    internal static string? SkipReason =>
        File.Exists(Chromium) || IsCi
            ? null
            : $"{Chromium} is missing: install Debian's chromium (`sudo bash .ci/setup`, or `apt-get install chromium fonts-dejavu-core`); CI requires this test.";

    private static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("LEADMETRICS_CI"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A fact that needs the headless browser: skipped with the reason where there is none (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public BrowserFactAttribute() => Skip = Browser.SkipReason;
}

/// <summary>A theory that needs the headless browser: skipped with the reason where there is none (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public BrowserTheoryAttribute() => Skip = Browser.SkipReason;
}
