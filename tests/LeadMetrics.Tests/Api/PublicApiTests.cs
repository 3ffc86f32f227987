using LeadMetrics.Testing;
using PublicApiGenerator;

namespace LeadMetrics.Tests.Api;

/// <summary>
/// Approval test of the public surface. When the API changes on purpose, run the tests with
/// LEADMETRICS_APPROVE=1 to rewrite the approved file, review the diff and commit it.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var actual = typeof(Money).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var path = Path.Combine(RepositoryPaths.Root(), "tests", "LeadMetrics.Tests", "Api", "LeadMetrics.approved.txt");
        if (Environment.GetEnvironmentVariable("LEADMETRICS_APPROVE") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var approved = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (approved != actual)
        {
            Assert.Fail("The public API changed. If on purpose, run with LEADMETRICS_APPROVE=1 and commit the approved file.\n" + Diff(approved, actual));
        }
    }

    private static string Diff(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        var removed = a.Except(b).Select(l => "- " + l);
        var added = b.Except(a).Select(l => "+ " + l);
        return string.Join('\n', removed.Concat(added).Take(200));
    }
}
