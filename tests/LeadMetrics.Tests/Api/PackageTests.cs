using LeadMetrics.Testing;
using System.Diagnostics;
using System.IO.Compression;

namespace LeadMetrics.Tests.Api;

/// <summary>dotnet pack produces the LeadMetrics package with its README, XML docs and symbols.</summary>
public class PackageTests
{
    [Fact]
    public async Task Pack_produces_a_package_with_readme_xml_docs_and_symbols()
    {
        var root = RepositoryPaths.Root();
        var output = Directory.CreateTempSubdirectory("leadmetrics-pack-");
        try
        {
            // Pack what the test run already built (no second build racing other test projects).
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var psi = new ProcessStartInfo("dotnet", ["pack", Path.Combine(root, "src", "LeadMetrics", "LeadMetrics.csproj"), "-c", configuration, "--no-build", "-o", output.FullName])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"dotnet pack failed:\n{await stdout}\n{await stderr}");

            var nupkg = Assert.Single(Directory.GetFiles(output.FullName, "LeadMetrics.*.nupkg"));
            Assert.Single(Directory.GetFiles(output.FullName, "LeadMetrics.*.snupkg"));
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", names);
            using (var packaged = new StreamReader(zip.GetEntry("README.md")!.Open()))
            {
                // The package page cannot follow the repository's relative links: the package README links by absolute URL.
                var readme = await packaged.ReadToEndAsync();
                Assert.Contains("dotnet add package LeadMetrics", readme, StringComparison.Ordinal);
                Assert.DoesNotContain("](docs/", readme, StringComparison.Ordinal);
                Assert.DoesNotContain("dotnet run --project", readme, StringComparison.Ordinal);
            }

            Assert.Contains("lib/net10.0/LeadMetrics.dll", names);
            Assert.Contains("lib/net10.0/LeadMetrics.xml", names);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var text = await nuspec.ReadToEndAsync();
            Assert.Contains("<id>LeadMetrics</id>", text, StringComparison.Ordinal);
            Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
            Assert.Contains("NodaTime", text, StringComparison.Ordinal);
            Assert.Contains("Microsoft.Extensions.DependencyInjection.Abstractions", text, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
