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

    [Fact]
    public void Docs_cli_md_documents_every_field_and_target_path()
    {
        var doc = File.ReadAllText(Repo.Path("docs", "cli.md"));

        // The KPIS block of the JSON contract names every field of a scope ("undefined" is documented with issue 15's keys).
        var start = doc.IndexOf("KPIS = {", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/cli.md has no KPIS block");
        var block = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var missing = ReportKpiTable.Scope.Select(f => f.Name)
            .Where(n => !block.Contains($"\"{n}\"", StringComparison.Ordinal) && !(n == "undefined" && doc.Contains("\"undefined\": {", StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, "fields of ReportKpiTable.Scope missing from docs/cli.md's KPIS block: " + string.Join(", ", missing));

        // The Targets section's "Known paths" are the table's targets (plus the response-time shares by target).
        var known = doc.IndexOf("Known paths:", StringComparison.Ordinal);
        var sentence = doc[known..doc.IndexOf("A bound must fit", known, StringComparison.Ordinal)];
        var documented = Regex.Matches(sentence, "`([^`]+)`").Select(m => m.Groups[1].Value)
            .Where(p => !p.StartsWith("--", StringComparison.Ordinal) && !p.Contains('<', StringComparison.Ordinal))
            .SelectMany(Expand)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(TargetFile.KnownPaths.Order(StringComparer.Ordinal), documented);
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
