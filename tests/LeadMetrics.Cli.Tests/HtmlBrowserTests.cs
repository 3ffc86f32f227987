using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Opens the HTML report in Debian's headless Chromium: no console message or uncaught error, every section in the
/// DOM, an SVG chart in each chart section. See docs/cli.md, "How the HTML is tested".
/// </summary>
[Collection("external processes")]
public sealed partial class HtmlBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void Html_report_loads_in_a_headless_browser_with_every_section()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (CI does it in .ci/setup).");
        using var dir = new TempDir();
        var page = dir.File("report.html");
        var (exit, _, error) = Cli.Run("report", "--sample", "--by", "source,owner", "--scoring", Repo.Path("samples", "scoring-model.json"), "--targets", Repo.Path("samples", "targets.json"), "--format", "html", "--out", page);
        Assert.True(exit == 0, error);

        var html = File.ReadAllText(page);
        Assert.DoesNotMatch(SrcAttribute(), html);
        Assert.DoesNotMatch(ExternalHref(), html);
        Assert.DoesNotContain("url(http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var (dom, console) = Open(page, dir);
        Assert.True(console.Count == 0, "console output: " + string.Join("\n", console));
        foreach (var id in new[] { "summary", "funnel", "response-time", "time-to-conversion", "sources", "trend", "score", "groups", "reps", "targets", "data-quality" })
        {
            Assert.Contains($"<section id=\"{id}\">", dom, StringComparison.Ordinal);
        }

        foreach (var id in new[] { "funnel", "response-time", "time-to-conversion", "sources", "trend", "score" })
        {
            var section = Regex.Match(dom, $"<section id=\"{id}\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains("<svg", section, StringComparison.Ordinal);
            Assert.Contains("<text", section, StringComparison.Ordinal);
        }

        Assert.Contains("off target", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_check_sees_a_script_error()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (CI does it in .ci/setup).");
        using var dir = new TempDir();
        var page = dir.Write("broken.html", "<!DOCTYPE html><html><body><p>x</p><script>console.error('control-error'); notDefined();</script></body></html>");
        var (_, console) = Open(page, dir);
        Assert.Contains(console, line => line.Contains("control-error", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("Uncaught", StringComparison.Ordinal));
    }

    private static (string Dom, List<string> Console) Open(string page, TempDir dir)
    {
        var profile = Path.Combine(dir.Path, "profile-" + Guid.NewGuid().ToString("N")[..8]);
        string[] args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
            "--dump-dom", new Uri(page).AbsoluteUri,
        ];
        var (exit, stdout, stderr) = Proc.Run(Chromium, args, dir.Path, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"chromium exited {exit}: {stderr}");
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        return (stdout, console);
    }

    [GeneratedRegex(@"\ssrc\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SrcAttribute();

    [GeneratedRegex(@"\shref\s*=\s*""(?!#)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalHref();
}
