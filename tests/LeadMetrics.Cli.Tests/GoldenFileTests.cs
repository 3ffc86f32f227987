using System.Text;
using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Golden files of the report's output formats for the bundled sample data (issue 15): the console tables, the JSON
/// document and the structure of the HTML page (its elements with their ids and classes, one per line, without text:
/// the numbers are pinned by the JSON). A change of the output fails here with the first differing line; when the
/// change is intended, rewrite the files with <c>LEADMETRICS_UPDATE_GOLDEN=1 dotnet test tests/LeadMetrics.Cli.Tests
/// --filter FullyQualifiedName~GoldenFileTests</c> and review the diff.
/// </summary>
public sealed partial class GoldenFileTests
{
    public static TheoryData<string, string[]> Cases() => new()
    {
        { "sample.table.txt", ["report", "--sample", "--by", "source"] },
        { "sample.json", ["report", "--sample", "--by", "source", "--format", "json"] },
        { "sample-month.json", ["report", "--sample", "--period", "month", "--format", "json"] },
        { "sample.html.outline.txt", ["report", "--sample", "--format", "html"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_output_matches_its_golden_file(string name, string[] args)
    {
        var (exit, output, error) = Cli.Run(args);
        Assert.True(exit == 0, error);
        var actual = Normalize(name.EndsWith(".outline.txt", StringComparison.Ordinal) ? Outline(output) : output);
        var path = Repo.Path("tests", "LeadMetrics.Cli.Tests", "golden", name);
        if (Environment.GetEnvironmentVariable("LEADMETRICS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing; write it with LEADMETRICS_UPDATE_GOLDEN=1.");
        var expected = Normalize(File.ReadAllText(path));
        if (expected == actual)
        {
            return;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        Assert.Fail($"{name} differs from its golden file at line {line + 1}:\n  golden: {(line < e.Length ? e[line] : "(end)")}\n  actual: {(line < a.Length ? a[line] : "(end)")}\n"
            + "If the change is intended, rewrite the golden files with LEADMETRICS_UPDATE_GOLDEN=1.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The page's elements, indented by depth, with their id and class: the structure without the text.</summary>
    private static string Outline(string html)
    {
        var sb = new StringBuilder();
        var depth = 0;
        string[] voids = ["meta", "br", "hr", "img", "input", "link", "line", "rect", "circle", "path", "polyline", "stop"];
        foreach (Match m in Tag().Matches(html))
        {
            var closing = m.Groups[1].Value == "/";
            var tag = m.Groups[2].Value.ToLowerInvariant();
            var attributes = m.Groups[3].Value;
            var selfClosing = attributes.EndsWith('/') || voids.Contains(tag);
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (tag is "tr" or "td" or "th" or "li" or "text" or "tspan" or "title" or "option" or "g")
            {
                // Rows, cells and chart marks vary with the data; their parents pin the structure.
                if (!selfClosing)
                {
                    depth++;
                }

                continue;
            }

            sb.Append(' ', depth * 2).Append(tag);
            foreach (var attribute in new[] { "id", "class" })
            {
                var value = Regex.Match(attributes, $@"\b{attribute}=""([^""]*)""");
                if (value.Success)
                {
                    sb.Append(attribute == "id" ? " #" : " .").Append(value.Groups[1].Value);
                }
            }

            sb.Append('\n');
            if (!selfClosing)
            {
                depth++;
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")]
    private static partial Regex Tag();
}
