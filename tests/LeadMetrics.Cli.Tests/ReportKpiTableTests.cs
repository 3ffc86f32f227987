using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// The registration table of the report's KPIs (<see cref="ReportKpiTable"/>) is the one list the JSON writer,
/// <c>--targets</c> and docs/cli.md agree with: a KPI registered there is written, can be a target where marked, and is
/// documented; a KPI forgotten in one of them fails here by name.
/// </summary>
public sealed class ReportKpiTableTests
{
    [Fact]
    public void Every_kpi_and_field_is_registered_once()
    {
        var paths = ReportKpiTable.All.Select(k => k.Path).ToList();
        Assert.Equal(paths.Distinct(StringComparer.Ordinal).Count(), paths.Count);
        var names = ReportKpiTable.Scope.Select(f => f.Name).ToList();
        Assert.Equal(names.Distinct(StringComparer.Ordinal).Count(), names.Count);

        // A KPI at the top of a scope is a field of the scope; every KPI field of the scope is in the table.
        var topLevel = ReportKpiTable.All.Where(k => !k.Path.Contains('.', StringComparison.Ordinal)).ToList();
        Assert.Empty(topLevel.Where(k => !ReportKpiTable.Scope.Contains(k)).Select(k => k.Path));
        Assert.Empty(ReportKpiTable.Scope.OfType<ReportKpi>().Where(k => !ReportKpiTable.All.Contains(k)).Select(k => k.Path));
        foreach (var kpi in ReportKpiTable.All)
        {
            Assert.Same(kpi, ReportKpiTable.Find(kpi.Path));
        }
    }

    [Fact]
    public void A_scope_in_json_has_the_fields_of_the_table_in_order()
    {
        using var doc = Cli.Json("--sample", "--by", "source");
        var expected = ReportKpiTable.Scope.SelectMany(f => f == ReportKpiTable.Survival ? ["converted_within", "conversion_curve"] : new[] { f.Name })
            .Where(n => n != "undefined") // only where a figure did not fit; the sample has none
            .ToList();
        Assert.Equal(expected, doc.RootElement.GetProperty("total").EnumerateObject().Select(p => p.Name).ToList());
        var group = doc.RootElement.GetProperty("groups")[0];
        Assert.Equal(["key", .. expected], group.EnumerateObject().Select(p => p.Name).ToList());
    }

    [Fact]
    public void Targets_name_the_kpis_the_table_marks()
    {
        Assert.Equal(ReportKpiTable.All.Where(k => k.Target).Select(k => k.Path), TargetFile.KnownPaths);
    }

    private const string Rewrite = "LEADMETRICS_UPDATE_GOLDEN=1 dotnet test tests/LeadMetrics.Cli.Tests -c Release --filter FullyQualifiedName~ReportKpiTable";

    [Fact]
    public void Every_field_of_a_scope_has_its_line_in_the_json_contract()
    {
        var names = ReportKpiTable.Scope.Select(f => f.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), ReportKpiTable.Contract.Keys.Order(StringComparer.Ordinal));
        var documented = string.Concat(ReportKpiTable.Contract.Values);
        foreach (var name in names)
        {
            var line = ReportKpiTable.Contract[name];
            Assert.True(line.Length == 0 || line.TrimStart().StartsWith($"\"{name}\":", StringComparison.Ordinal), $"the contract entry of {name} does not start with \"{name}\": {line}");
            Assert.True(documented.Contains($"\"{name}\":", StringComparison.Ordinal) || name == "undefined", $"{name} is documented in no entry of ReportKpiTable.Contract");
        }

        // "undefined" is documented with issue 15's keys, outside the block.
        Assert.Contains("\"undefined\": {", File.ReadAllText(Repo.Path("docs", "cli.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_cli_md_kpis_block_and_known_paths_are_written_from_the_table()
    {
        var path = Repo.Path("docs", "cli.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var kpis = "```json\nKPIS = {\n" + string.Concat(ReportKpiTable.Scope.Select(f => ReportKpiTable.Contract[f.Name]).Where(l => l.Length > 0).Select(l => l + "\n")) + "}\n```\n";
        var paths = KnownPathsText(TargetFile.KnownPaths);
        Assert.Equal(TargetFile.KnownPaths, Regex.Matches(paths, "`([^`]+)`").SelectMany(m => Expand(m.Groups[1].Value)));

        var written = Region(Region(doc, "<!-- KPIS block:", "<!-- end of KPIS block -->", kpis), "<!-- known paths:", "<!-- end of known paths -->", paths);
        if (Environment.GetEnvironmentVariable("LEADMETRICS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, written);
            return;
        }

        Assert.True(written == doc, $"docs/cli.md's KPIS block or known paths differ from ReportKpiTable: rewrite them with {Rewrite}.");
    }

    /// <summary><paramref name="doc"/> with the lines between the line of <paramref name="begin"/> and <paramref name="end"/> replaced by <paramref name="text"/>.</summary>
    private static string Region(string doc, string begin, string end, string text)
    {
        var b = doc.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(b >= 0, $"docs/cli.md has no marker {begin}");
        var from = doc.IndexOf('\n', b) + 1;
        var to = doc.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"docs/cli.md has no marker {end}");
        return doc[..from] + text + doc[to..];
    }

    /// <summary>The target paths in order, consecutive paths of one parent as <c>parent.{a,b}</c>, wrapped at 118 columns.</summary>
    private static string KnownPathsText(IReadOnlyList<string> paths)
    {
        var items = new List<string>();
        for (var i = 0; i < paths.Count;)
        {
            var parent = paths[i].Contains('.', StringComparison.Ordinal) ? paths[i][..paths[i].LastIndexOf('.')] : null;
            var j = i + 1;
            while (parent is not null && j < paths.Count && paths[j].StartsWith(parent + ".", StringComparison.Ordinal) && !paths[j][(parent.Length + 1)..].Contains('.', StringComparison.Ordinal))
            {
                j++;
            }

            items.Add(j - i == 1 ? $"`{paths[i]}`" : $"`{parent}.{{{string.Join(",", paths.Skip(i).Take(j - i).Select(p => p[(parent!.Length + 1)..]))}}}`");
            i = j;
        }

        var text = new System.Text.StringBuilder();
        var line = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] + (i < items.Count - 1 ? "," : ".");
            if (line > 0 && line + 1 + item.Length > 118)
            {
                text.Append('\n');
                line = 0;
            }
            else if (line > 0)
            {
                text.Append(' ');
                line++;
            }

            text.Append(item);
            line += item.Length;
        }

        return text.Append('\n').ToString();
    }

    /// <summary><c>a.{b,c}</c> as <c>a.b</c> and <c>a.c</c>.</summary>
    private static IEnumerable<string> Expand(string path)
    {
        var open = path.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return [path];
        }

        var close = path.IndexOf('}', open);
        return path[(open + 1)..close].Split(',').Select(part => path[..open] + part + path[(close + 1)..]);
    }
}
