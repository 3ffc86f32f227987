using System.Text.RegularExpressions;
using LeadMetrics.Testing;

namespace LeadMetrics.Tests.Docs;

/// <summary>
/// Issue 15, item 9: two threads calling <c>Add</c> on one calculator lose leads silently. The calculators stay
/// single-writer (a lock per lead would cost the hot path), so the contract is stated where users look: the README and
/// the XML docs of every public calculator (and of the calculator set).
/// </summary>
public sealed class SingleWriterDocsTests
{
    public static TheoryData<string> Calculators()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(LeadMetrics.Calculators.LeadKpiCalculator).Assembly.GetExportedTypes()
                     .Where(t => t.IsClass && t.Name.Split('`')[0] is var n && (n.EndsWith("Calculator", StringComparison.Ordinal) || n == "CalculatorSet"))
                     .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type.Name.Split('`')[0]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Calculators))]
    public void Every_calculator_documents_that_it_is_single_writer(string name)
    {
        var root = RepositoryPaths.Root();
        var declaration = new Regex(@"((?:^[ \t]*///.*\r?\n)+)[ \t]*public sealed class " + Regex.Escape(name) + @"\b", RegexOptions.Multiline);
        var docs = Directory.EnumerateFiles(Path.Combine(root, "src", "LeadMetrics"), "*.cs", SearchOption.AllDirectories)
            .Select(f => declaration.Match(File.ReadAllText(f)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.True(docs.Count == 1, $"{name}: {docs.Count} documented declarations found");
        Assert.Contains("single-writer", docs[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Merge", docs[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_states_the_single_writer_contract()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md"));
        Assert.Contains("Calculators are single-writer", readme, StringComparison.Ordinal);
    }
}
