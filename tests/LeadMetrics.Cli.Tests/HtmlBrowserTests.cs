using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Opens the HTML report in Debian's headless Chromium: no console message or uncaught error, every section in the
/// DOM, an SVG chart in each chart section; and laid out at 1,100 and 1,400 px, nothing wider than the main column,
/// no number wrapping and no chart labels colliding. See docs/cli.md, "How the HTML is tested".
/// </summary>
[Collection("external processes")]
public sealed partial class HtmlBrowserTests
{
    private const string Chromium = Browser.Chromium;

    [BrowserFact]
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

    [BrowserFact]
    public void The_console_check_sees_a_script_error()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (CI does it in .ci/setup).");
        using var dir = new TempDir();
        var page = dir.Write("broken.html", "<!DOCTYPE html><html><body><p>x</p><script>console.error('control-error'); notDefined();</script></body></html>");
        var (_, console) = Open(page, dir);
        Assert.Contains(console, line => line.Contains("control-error", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("Uncaught", StringComparison.Ordinal));
    }

    [BrowserTheory]
    [InlineData(8, 1100)]
    [InlineData(8, 1400)]
    [InlineData(22, 1100)]
    [InlineData(22, 1400)]
    public void Html_report_fits_the_window_and_no_chart_label_collides(int sourceCount, int width)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (CI does it in .ci/setup).");
        using var dir = new TempDir();
        var page = dir.File("report.html");
        string[] input = sourceCount == 8
            ? ["--sample"]
            : ["--leads", WithSources(dir, "leads.csv", sourceCount), "--stages", Path.Combine(CliApp.SampleDataDirectory, "stages.csv"),
                "--touchpoints", Path.Combine(CliApp.SampleDataDirectory, "touchpoints.csv"), "--costs", WithSources(dir, "costs.csv", sourceCount),
                "--revenue", Path.Combine(CliApp.SampleDataDirectory, "revenue.csv")];
        var (exit, _, error) = Cli.Run(["report", .. input, "--by", "source,owner", "--scoring", Repo.Path("samples", "scoring-model.json"), "--targets", Repo.Path("samples", "targets.json"), "--format", "html", "--out", page]);
        Assert.True(exit == 0, error);
        Assert.Equal(2 * sourceCount, Regex.Count(File.ReadAllText(page), "<tr><td>source: ")); // the counts and the money table

        // The page has no script; a copy gets one that measures the layout and writes its findings into the DOM.
        var probe = dir.Write("probe.html", File.ReadAllText(page).Replace("</body>", LayoutProbe + "</body>", StringComparison.Ordinal));
        var (dom, console) = Open(probe, dir, width);
        Assert.True(console.Count == 0, "console output: " + string.Join("\n", console));
        var found = Regex.Match(dom, "<pre id=\"layout-probe\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(found.Success, "the layout probe did not run: " + dom[..Math.Min(dom.Length, 500)]);
        var lines = System.Net.WebUtility.HtmlDecode(found.Groups[1].Value).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"viewport {width}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("checked ", StringComparison.Ordinal) && !l.StartsWith("checked 0 ", StringComparison.Ordinal));
        var problems = lines.Where(l => !l.StartsWith("viewport ", StringComparison.Ordinal) && !l.StartsWith("checked ", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, $"at {width} px with {sourceCount} sources:\n" + string.Join("\n", problems));

        var grades = Regex.Match(dom, "<svg[^>]*id=\"score-chart\".*?</svg>", RegexOptions.Singleline).Value;
        var axis = Regex.Matches(grades, @">(\d+)%<").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(axis);
        Assert.Equal(100, axis.Max());
    }

    [BrowserFact]
    public void The_layout_probe_sees_overflow_wrapping_and_colliding_labels()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (CI does it in .ci/setup).");
        using var dir = new TempDir();
        var page = dir.Write(
            "bad.html",
            "<!DOCTYPE html><html><head><style>body{max-width:400px;margin:0 auto;padding:24px}</style></head><body>"
            + "<table><tr><td>x</td><td style=\"width:60px\">18,698.50 USD</td></tr></table><div style=\"width:900px\">wide</div>"
            + "<svg id=\"c\" viewBox=\"0 0 200 100\" width=\"200\" height=\"100\"><text x=\"10\" y=\"50\">overlapping</text><text x=\"20\" y=\"52\">labels</text></svg>"
            + LayoutProbe + "</body></html>");
        var (dom, _) = Open(page, dir, 1100);
        var report = System.Net.WebUtility.HtmlDecode(Regex.Match(dom, "<pre id=\"layout-probe\">(.*?)</pre>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Contains("wider than the main column", report, StringComparison.Ordinal);
        Assert.Contains("wraps: 18,698.50 USD", report, StringComparison.Ordinal);
        Assert.Contains("collide in #c", report, StringComparison.Ordinal);
    }

    /// <summary>A copy of the sample file with its source column spread over <paramref name="count"/> long source names.</summary>
    private static string WithSources(TempDir dir, string file, int count)
    {
        var lines = File.ReadAllLines(Path.Combine(CliApp.SampleDataDirectory, file));
        var column = Array.IndexOf(lines[0].Split(','), "source");
        Assert.True(column >= 0, $"{file} has no source column");
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            cells[column] = $"{(i % 2 == 0 ? "paid" : "organic")}-channel-{i % count:00}" + (i % count == 3 ? "-with-a-very-long-campaign-name" : string.Empty);
            lines[i] = string.Join(',', cells);
        }

        return dir.Write(file, string.Join('\n', lines) + "\n");
    }

    /// <summary>
    /// Measures the laid-out page and writes one line per problem into <c>pre#layout-probe</c>: the viewport width; an
    /// element wider than the main column (body's content box) or a page that scrolls sideways; a box whose content
    /// is cut (scrolls inside); a number cell whose text wraps; chart texts that overlap each other (rotated boxes,
    /// separating-axis test) or leave their chart.
    /// </summary>
    private const string LayoutProbe = """
        <script>
        (function () {
          const out = ['viewport ' + window.innerWidth];
          const body = document.body, bs = getComputedStyle(body), br = body.getBoundingClientRect();
          const right = br.right - parseFloat(bs.paddingRight) + 0.5;
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
          if (document.documentElement.scrollWidth > window.innerWidth) out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
          let checked = 0;
          for (const el of body.querySelectorAll('*')) {
            if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
            checked++;
            const r = el.getBoundingClientRect();
            const parentOver = el.parentElement && el.parentElement !== body && el.parentElement.getBoundingClientRect().right > right;
            if (r.width > 0 && r.right > right && !parentOver) out.push('wider than the main column: ' + name(el) + ' ends at ' + Math.round(r.right) + ' > ' + Math.round(right));
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push('content cut: ' + name(el));
          }
          for (const td of body.querySelectorAll('td')) {
            if (!td.previousElementSibling || td.classList.contains('l')) continue;
            const range = document.createRange(); range.selectNodeContents(td);
            const tops = new Set([...range.getClientRects()].map(x => Math.round(x.top)));
            if (tops.size > 1) out.push('wraps: ' + td.textContent.trim());
          }
          const quad = t => { const b = t.getBBox(), m = t.getScreenCTM();
            return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]].map(([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; }); };
          const overlap = (a, b) => { for (const q of [a, b]) for (let i = 0; i < 4; i++) {
              const [x1, y1] = q[i], [x2, y2] = q[(i + 1) % 4]; const len = Math.hypot(y1 - y2, x2 - x1) || 1; const nx = (y1 - y2) / len, ny = (x2 - x1) / len;
              const pa = a.map(([x, y]) => x * nx + y * ny), pb = b.map(([x, y]) => x * nx + y * ny);
              if (Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)) <= 1) return false; }
            return true; };
          for (const svg of body.querySelectorAll('svg')) {
            const s = svg.getBoundingClientRect();
            const texts = [...svg.querySelectorAll('text')].filter(t => t.getBBox().width > 0).map(t => ({ t, q: quad(t) }));
            for (let i = 0; i < texts.length; i++) {
              const q = texts[i].q;
              if (q.some(([x, y]) => x < s.left - 1 || x > s.right + 1 || y < s.top - 1 || y > s.bottom + 1)) out.push('leaves its chart: #' + svg.id + ' "' + texts[i].t.firstChild.textContent + '"');
              for (let j = i + 1; j < texts.length; j++)
                if (overlap(q, texts[j].q)) out.push('collide in #' + svg.id + ': "' + texts[i].t.firstChild.textContent + '" and "' + texts[j].t.firstChild.textContent + '"');
            }
          }
          out.splice(1, 0, 'checked ' + checked + ' elements');
          const pre = document.createElement('pre'); pre.id = 'layout-probe'; pre.textContent = out.join('\n'); body.appendChild(pre);
        })();
        </script>
        """;

    private static (string Dom, List<string> Console) Open(string page, TempDir dir, int width = 1280)
    {
        var profile = Path.Combine(dir.Path, "profile-" + Guid.NewGuid().ToString("N")[..8]);
        string[] args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
            "--hide-scrollbars", $"--window-size={width},900", "--dump-dom", new Uri(page).AbsoluteUri,
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
