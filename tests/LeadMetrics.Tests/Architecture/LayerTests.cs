using System.Text.RegularExpressions;
using LeadMetrics.Calculators;
using LeadMetrics.Testing;
using NetArchTest.Rules;

namespace LeadMetrics.Tests.Architecture;

/// <summary>
/// The library's layers (docs/architecture.md): folders are namespaces, and each namespace uses only the namespaces
/// below it. A new <c>using</c> that points up a layer fails here, naming the type that made it.
/// </summary>
public sealed class LayerTests
{
    private const string Root = "LeadMetrics";

    /// <summary>
    /// Every namespace of the library with the library namespaces it may use (the root namespace, the model, is usable
    /// from everywhere and uses nothing). Lower layers first; a namespace may use only namespaces listed before it.
    /// </summary>
    public static readonly (string Namespace, string[] Uses)[] Layers =
    [
        ("LeadMetrics.Serialization", []),
        ("LeadMetrics.Encoding", []),
        ("LeadMetrics.Events", []),
        ("LeadMetrics.Statistics", ["LeadMetrics.Serialization"]),
        ("LeadMetrics.Records", ["LeadMetrics.Encoding", "LeadMetrics.Events"]),
        ("LeadMetrics.Grouping", ["LeadMetrics.Encoding", "LeadMetrics.Records"]),
        ("LeadMetrics.Engine", ["LeadMetrics.Statistics", "LeadMetrics.Records"]),
        ("LeadMetrics.Calculators", ["LeadMetrics.Serialization", "LeadMetrics.Encoding", "LeadMetrics.Events", "LeadMetrics.Statistics", "LeadMetrics.Records", "LeadMetrics.Grouping", "LeadMetrics.Engine"]),
        ("LeadMetrics.Finance", ["LeadMetrics.Serialization", "LeadMetrics.Encoding", "LeadMetrics.Events", "LeadMetrics.Records", "LeadMetrics.Grouping", "LeadMetrics.Calculators"]),
        ("LeadMetrics.Attribution", ["LeadMetrics.Serialization", "LeadMetrics.Encoding", "LeadMetrics.Events", "LeadMetrics.Records", "LeadMetrics.Grouping", "LeadMetrics.Calculators", "LeadMetrics.Finance"]),
        ("LeadMetrics.Capacity", ["LeadMetrics.Serialization", "LeadMetrics.Encoding", "LeadMetrics.Records", "LeadMetrics.Grouping", "LeadMetrics.Calculators"]),
        ("LeadMetrics.Performance", ["LeadMetrics.Serialization", "LeadMetrics.Encoding", "LeadMetrics.Records", "LeadMetrics.Grouping", "LeadMetrics.Calculators"]),
        ("LeadMetrics.Scoring", []),
        ("LeadMetrics.Scoring.Json", ["LeadMetrics.Scoring"]),
        ("LeadMetrics.Scoring.Quality", ["LeadMetrics.Serialization", "LeadMetrics.Scoring"]),
        ("LeadMetrics.Scoring.Learning", ["LeadMetrics.Scoring", "LeadMetrics.Scoring.Quality"]),
        ("LeadMetrics.Targets", ["LeadMetrics.Grouping", "LeadMetrics.Statistics"]),
        ("LeadMetrics.Configuration", ["LeadMetrics.Statistics", "LeadMetrics.Grouping", "LeadMetrics.Calculators", "LeadMetrics.Finance", "LeadMetrics.Attribution", "LeadMetrics.Capacity", "LeadMetrics.Scoring"]),
    ];

    public static TheoryData<string> Namespaces() => [.. Layers.Select(l => l.Namespace).Prepend(Root)];

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void A_namespace_uses_only_the_layers_below_it(string ns)
    {
        var allowed = ns == Root ? [] : Layers.Single(l => l.Namespace == ns).Uses;
        var forbidden = Layers.Select(l => l.Namespace)
            .Where(other => other != ns && !allowed.Contains(other) && !ns.StartsWith(other + ".", StringComparison.Ordinal))
            .Append("Microsoft.Extensions.DependencyInjection")
            .ToArray();

        var result = Types.InAssembly(typeof(LeadKpiCalculator).Assembly)
            .That().ResideInNamespaceMatching("^" + Regex.Escape(ns) + "$")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, $"{ns} may use only [{string.Join(", ", allowed)}]; these of its types use another library namespace: " +
            string.Join("; ", result.FailingTypes?.Select(t => t.FullName + " (" + t.Explanation + ")") ?? []));
    }

    [Fact]
    public void The_layer_list_is_a_partial_order_of_every_namespace_of_the_library()
    {
        var actual = typeof(LeadKpiCalculator).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Root, StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(Layers.Select(l => l.Namespace).Prepend(Root).Order(StringComparer.Ordinal), actual);

        // Each namespace uses only namespaces listed before it, so the list itself has no cycle.
        for (var i = 0; i < Layers.Length; i++)
        {
            var earlier = Layers.Take(i).Select(l => l.Namespace).ToHashSet();
            Assert.All(Layers[i].Uses, used => Assert.True(earlier.Contains(used), $"{Layers[i].Namespace} uses {used}, which is not listed before it."));
        }
    }

    [Fact]
    public void Folders_are_namespaces()
    {
        var source = Path.Combine(RepositoryPaths.Root(), "src", "LeadMetrics");
        var declaration = new Regex(@"^namespace ([\w.]+);", RegexOptions.Multiline);
        var misplaced = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, Path.GetDirectoryName(file)!);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "obj" or "bin")
            {
                continue;
            }

            // The model is the root namespace (as NodaTime's core types are); DI registration follows the
            // Microsoft.Extensions convention of extending IServiceCollection in its own namespace.
            var expected = relative switch
            {
                "." or "Model" => Root,
                "DependencyInjection" => "Microsoft.Extensions.DependencyInjection",
                _ => Root + "." + relative.Replace(Path.DirectorySeparatorChar, '.'),
            };
            var found = declaration.Match(File.ReadAllText(file));
            if (!found.Success || found.Groups[1].Value != expected)
            {
                misplaced.Add($"{Path.GetRelativePath(source, file)}: {(found.Success ? found.Groups[1].Value : "no namespace")}, expected {expected}");
            }
        }

        Assert.Empty(misplaced);
    }
}
